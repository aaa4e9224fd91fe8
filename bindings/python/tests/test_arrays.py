"""numpy in and out: strides without copies, copies only where the C side
cannot read one stride, broadcasting, NaN handling, the bad point's index."""
import numpy as np
import pytest

import demarc
from demarc._arrays import strided_input
from conftest import random_points

LON, LAT = random_points(3000, seed=11)
COLS = ("distance_m", "chainage_m", "foot_lon", "foot_lat", "nearest_sign_m")


def same(a, b):
    for k in a:
        if a[k].dtype == object:
            assert list(a[k].reshape(-1)) == list(b[k].reshape(-1)), k
        else:
            np.testing.assert_array_equal(a[k].reshape(-1), b[k].reshape(-1), err_msg=k)


@pytest.fixture(scope="module")
def ref(border):
    return border.locate(LON, LAT), border.party(LON, LAT)


def test_column_of_2d_array_is_not_copied(border, ref):
    pts = np.column_stack([LON, LAT])  # lon at stride 16 bytes
    arr, _, stride, copied = strided_input(pts[:, 0])
    assert (stride, copied) == (16, False) and np.shares_memory(arr, pts)
    same(border.locate(pts[:, 0], pts[:, 1]), ref[0])
    assert list(border.party(pts[:, 0], pts[:, 1])) == list(ref[1])


def test_slices_and_nested_views_are_not_copied(border, ref):
    big = np.repeat(LON, 3)
    assert strided_input(big[::3])[2:] == (24, False)
    grid = np.column_stack([LON, LAT]).reshape(100, 30, 2)[:, :, 0]  # nests: one stride
    assert strided_input(grid)[2:] == (16, False)
    r = border.locate(grid, np.column_stack([LON, LAT]).reshape(100, 30, 2)[:, :, 1])
    assert r["distance_m"].shape == (100, 30)
    same(r, ref[0])


@pytest.mark.parametrize("make", [
    lambda a: a[::-1][::-1][::-1],                         # negative stride
    lambda a: np.broadcast_to(a[:1], a.shape),             # stride 0
    lambda a: np.frombuffer(b"\0" + a.tobytes(), offset=1, dtype=np.float64),  # unaligned
    lambda a: a.astype(">f8"),                             # byte-swapped
    lambda a: a.reshape(60, 50).T,                         # 2-D transpose: no single stride
], ids=["negative", "broadcast", "unaligned", "big-endian", "transposed"])
def test_copied_inputs_give_the_same_answer(border, make):
    lon = make(LON.copy())
    _, _, stride, copied = strided_input(lon)
    assert copied and stride == 8
    lat = np.broadcast_to(np.float64(41.0), lon.shape)
    got = border.locate(lon, lat)
    want = border.locate(np.ascontiguousarray(lon, dtype=np.float64).copy(),
                         np.full(lon.shape, 41.0))
    same(got, want)


def test_other_dtypes_and_lists(border):
    assert list(border.party([69, 68], [41, 43])) == \
        list(border.party(np.array([69, 68], np.int32), np.array([41, 43], np.float32)))


def test_broadcasting_like_numpy(border):
    lon = np.linspace(60, 70, 7)[:, None]
    lat = np.linspace(39, 44, 5)
    p = border.party(lon, lat)
    assert p.shape == (7, 5)
    for i in range(7):
        for j in range(5):
            assert p[i, j] == border.party(lon[i, 0], lat[j])
    r = border.locate(lon, lat)
    assert all(v.shape == (7, 5) for v in r.values())
    s = border.locate(69.2401, 41.2995)
    assert isinstance(s["distance_m"], float) and s["party"] == "UZ"
    assert border.party(69.2401, 41.2995) == "UZ" and border.party_index(69.2401, 41.2995) == 1
    assert border.party([], []).shape == (0,)
    with pytest.raises(ValueError):
        border.party(np.zeros(3), np.zeros(4))


@pytest.mark.parametrize("where", [0, 1234, 2999])
@pytest.mark.parametrize("bad", [np.nan, np.inf, 95.0], ids=["nan", "inf", "lat95"])
def test_bad_point_index_in_error(border, where, bad):
    lat = LAT.copy()
    lat[where] = bad
    for call in (border.party, border.locate, border.party_index):
        with pytest.raises(demarc.RangeError) as e:
            call(LON, lat)
        assert isinstance(e.value, ValueError)
        assert e.value.index == where and e.value.status == 5
        assert f"point {where}" in str(e.value)


def test_error_index_is_flat_index_of_broadcast_shape(border):
    lat = LAT.copy().reshape(60, 50)
    lat[7, 3] = np.nan
    with pytest.raises(demarc.RangeError) as e:
        border.party(LON.reshape(60, 50), lat)
    assert e.value.index == 7 * 50 + 3
    assert np.unravel_index(e.value.index, (60, 50)) == (7, 3)


def test_errors_nan(border, ref):
    lon, lat = LON.copy(), LAT.copy()
    bad = [0, 5, 6, 2999]
    lon[0], lat[5], lon[6], lat[2999] = np.nan, 91.0, -np.inf, np.nan
    r = border.locate(lon, lat, errors="nan")
    p = border.party(lon, lat, errors="nan")
    good = np.setdiff1d(np.arange(len(lon)), bad)
    for k in COLS:
        assert np.isnan(r[k][bad]).all()
        np.testing.assert_array_equal(r[k][good], ref[0][k][good])
    assert all(v is None for v in r["party"][bad]) and not r["on_border"][bad].any()
    assert all(v is None for v in r["nearest_sign"][bad])
    assert list(r["party"][good]) == list(ref[0]["party"][good])
    assert list(p[good]) == list(ref[1][good]) and all(v is None for v in p[bad])
    with pytest.raises(demarc.ArgumentError):
        border.party(lon, lat, errors="ignore")


def test_outputs_are_views_of_one_result(border):
    r = border.locate(LON, LAT)
    size = demarc._ffi.sizeof("demarc_location")
    assert r["distance_m"].strides == (size,)  # a field of the C structs, not a copy
    assert np.may_share_memory(r["distance_m"], r["chainage_m"])


def test_errors_nan_many_out_of_range(border, ref):
    lat = LAT.copy()
    lat[::3] = 95.0  # the library refuses each; the package resumes after it
    p = border.party(LON, lat, errors="nan")
    r = border.locate(LON, lat, errors="nan")
    assert all(v is None for v in p[::3]) and np.isnan(r["distance_m"][::3]).all()
    keep = np.arange(len(LON)) % 3 != 0
    assert list(p[keep]) == list(ref[1][keep])
    np.testing.assert_array_equal(r["chainage_m"][keep], ref[0]["chainage_m"][keep])


def test_party_index_out_in_place(border, ref):
    table = np.zeros((len(LON), 3), dtype=np.intc)
    col = table[:, 1]  # stride 12 bytes
    got = border.party_index(LON, LAT, out=col)
    assert got is col and (table[:, 0] == 0).all() and (table[:, 2] == 0).all()
    codes = np.array(["KZ", "UZ", None], dtype=object)
    assert list(codes[col]) == list(ref[1])
    lat = LAT.copy()
    lat[10] = np.nan
    border.party_index(LON, lat, errors="nan", out=col)
    assert col[10] == -1 and list(codes[np.delete(col, 10)]) == list(np.delete(ref[1], 10))
    for bad in (np.zeros(len(LON), dtype=np.int64), np.zeros(5, dtype=np.intc),
                np.zeros(len(LON), dtype=np.intc)[::-1]):
        with pytest.raises(demarc.ArgumentError, match="out must be"):
            border.party_index(LON, LAT, out=bad)
