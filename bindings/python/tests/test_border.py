"""The border's figures and locate results against outside tools: GeodSolve
for every length and distance, the `demarc` command for party, chainage and
nearest sign, the data files read by pandas/json for metadata and signs."""
import json

import numpy as np
import pandas as pd
import pytest

import demarc
from conftest import DATA, geod_inverse, random_points, run_cli


def test_versions():
    assert demarc.library_version() == demarc.__version__


def test_info_from_border_json(border):
    meta = json.loads((DATA / "kz-uz" / "border.json").read_text())
    info = border.info
    assert info["id"] == "kz-uz"
    assert (info["left_party"], info["right_party"]) == ("KZ", "UZ")
    assert info["sign_count"] == 1301 == info["declared_signs"]
    assert info["edge_model"] == "geodesic"
    assert info["declared_length_m"] == pytest.approx(2356600.0)
    assert meta["name"] == info["name"]


def test_length_is_sum_of_geodsolve_edges(border, geodsolve):
    v = border.vertices
    s12 = geod_inverse(geodsolve, v[:-1, 0], v[:-1, 1], v[1:, 0], v[1:, 1])[2]
    assert border.length() == pytest.approx(s12.sum(), abs=1e-3)


def test_length_between_straight_runs_vs_geodsolve(border, geodsolve):
    s = border.signs
    # consecutive signs joined by one straight (geodesic) edge: the length
    # along the line is the geodesic distance between them (signs lie on the
    # line to well under a millimetre: line_offset_m)
    pairs = [i for i in range(len(s) - 1)
             if s.segment[i] == "straight" and s.line_offset_m[i] < 1e-3
             and s.line_offset_m[i + 1] < 1e-3][:40]
    assert len(pairs) >= 10
    a, b = s.iloc[pairs], s.iloc[[i + 1 for i in pairs]]
    s12 = geod_inverse(geodsolve, a.lon.to_numpy(), a.lat.to_numpy(), b.lon.to_numpy(),
                       b.lat.to_numpy())[2]
    got = [border.length_between(x, y) for x, y in zip(a.id, b.id)]
    np.testing.assert_allclose(got, s12, atol=2e-3)
    assert border.length_between(b.id.iloc[0], a.id.iloc[0]) == pytest.approx(-got[0])


def test_signs_frame_matches_signs_csv(border):
    csv = pd.read_csv(DATA / "kz-uz" / "signs.csv", dtype={"id": str})
    s = border.signs
    assert list(s.id) == list(csv.id)
    np.testing.assert_allclose(s.lon, csv.lon, atol=1e-9)
    np.testing.assert_allclose(s.lat, csv.lat, atol=1e-9)
    assert list(s.kind) == list(csv.kind)
    s.loc[0, "id"] = "changed"  # a fresh copy each time
    assert border.signs.id[0] == "1"


def test_locate_equals_cli_and_geodsolve(border, cli, geodsolve):
    lon, lat = random_points(2000, seed=7)
    lon = np.round(lon, 7)
    lat = np.round(lat, 7)
    r = border.locate(lon, lat)
    stdin = "lon,lat\n" + "".join(f"{a:.7f},{b:.7f}\n" for a, b in zip(lon, lat))
    p = run_cli(cli, "locate", "-", stdin=stdin)
    assert p.returncode == 0, p.stderr
    c = pd.read_csv(pd.io.common.StringIO(p.stdout), dtype={"nearest_sign": str},
                    keep_default_na=False)
    assert len(c) == len(lon)
    assert list(c.party.replace("", None)) == list(r["party"])
    np.testing.assert_allclose(r["distance_m"], c.distance_m, atol=6e-4)
    np.testing.assert_allclose(r["chainage_m"], c.chainage_m, atol=6e-4)
    assert list(c.nearest_sign) == list(r["nearest_sign"])
    # the distance is the geodesic from the point to its foot on the line,
    # nearest_sign_m the geodesic to that sign
    s12 = geod_inverse(geodsolve, lon, lat, r["foot_lon"], r["foot_lat"])[2]
    np.testing.assert_allclose(r["distance_m"], s12, atol=1e-3)
    signs = border.signs.set_index("id")
    sl = signs.loc[r["nearest_sign"]]
    s12 = geod_inverse(geodsolve, lon, lat, sl.lon.to_numpy(), sl.lat.to_numpy())[2]
    np.testing.assert_allclose(r["nearest_sign_m"], s12, atol=1e-3)


def test_party_equals_locate_party(border):
    lon, lat = random_points(20000, seed=3)
    assert list(border.party(lon, lat)) == list(border.locate(lon, lat)["party"])
    idx = border.party_index(lon, lat)
    assert idx.dtype == np.intc and set(np.unique(idx)) <= {-1, 0, 1}
    cat = border.party(lon, lat, categorical=True)
    assert list(cat.categories) == ["KZ", "UZ"]
    want = border.party(lon, lat)
    assert [None if pd.isna(c) else c for c in cat] == list(want)


def test_on_border_and_tolerance(border):
    s = border.signs.iloc[:5]
    r = border.locate(s.lon.to_numpy(), s.lat.to_numpy())
    assert r["on_border"].all()  # the signs lie on the line (line_offset_m < 0.01 m)
    far = border.locate(69.2401, 41.2995, tolerance_m=20000.0)
    assert bool(far["on_border"]) and far["distance_m"] < 20000.0


def test_edge_models_differ_and_are_cached():
    g, r = demarc.open(edge_model="geodesic"), demarc.open(edge_model="rhumb")
    assert g is demarc.open() and r is not g
    assert r.info["edge_model"] == "rhumb"
    assert abs(g.length() - r.length()) > 0.001
    with pytest.raises(demarc.ArgumentError, match="unknown edge model"):
        demarc.open(edge_model="great-circle")


def test_open_directory_equals_embedded(border):
    d = demarc.open(DATA / "kz-uz")
    assert d.path == str(DATA / "kz-uz")
    assert d.length() == pytest.approx(border.length(), abs=1e-3)
    assert d.info["sign_count"] == border.info["sign_count"]
