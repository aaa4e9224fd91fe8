"""demarc.geopandas: points in any CRS located with the library's one
operation; line, signs and territories as GeoDataFrames that shapely and
pyproj (not the code under test) agree with."""
import numpy as np
import pytest

from conftest import random_points

gpd = pytest.importorskip("geopandas")
dgpd = pytest.importorskip("demarc.geopandas")
from shapely.geometry import Point  # noqa: E402

LON, LAT = random_points(400, seed=21)


def points(crs="EPSG:4326"):
    g = gpd.GeoDataFrame({"n": np.arange(len(LON))},
                         geometry=[Point(x, y) for x, y in zip(LON, LAT)], crs="EPSG:4326")
    return g if crs == "EPSG:4326" else g.to_crs(crs)  # pyproj's projection


def test_locate_wgs84_adds_columns(border):
    g = dgpd.locate(points(), border)
    r = border.locate(LON, LAT)
    assert list(g.columns[:2]) == ["n", "geometry"]
    np.testing.assert_array_equal(g.distance_m.to_numpy(), r["distance_m"])
    assert list(g.party) == list(r["party"]) and list(g.nearest_sign) == list(r["nearest_sign"])


def test_locate_utm_points(border):
    # WGS 84 -> UTM 41N is a projection, no datum change: pyproj's forward
    # and the library's inverse agree to far below a millimetre
    g = dgpd.locate(points("EPSG:32641"), border, prefix="d_")
    r = border.locate(LON, LAT)
    np.testing.assert_allclose(g.d_distance_m, r["distance_m"], atol=1e-3)
    assert list(g.d_party) == list(r["party"])
    assert g.crs.to_epsg() == 32641


def test_party_column(border):
    g = dgpd.party(points(), border, column="state")
    assert list(g.state) == list(border.party(LON, LAT))


def test_non_points_refused(border):
    g = gpd.GeoDataFrame(geometry=[Point(69, 41).buffer(0.1)], crs="EPSG:4326")
    with pytest.raises(TypeError, match="row 0"):
        dgpd.locate(g, border)


def test_layers(border):
    line = dgpd.line(border)
    assert len(line) == 1 and line.crs.to_epsg() == 4326
    assert line.length_m[0] == pytest.approx(border.length())
    signs = dgpd.signs(border)
    assert len(signs) == 1301 and signs.geometry.x.iloc[0] == border.signs.lon[0]
    terr = dgpd.territories(border)
    assert list(terr.party) == ["KZ", "UZ"] and terr.is_valid.all()


def test_territories_agree_with_shapely_far_from_line(border):
    terr = dgpd.territories(border).set_index("party")
    lon, lat = random_points(3000, seed=4)
    r = border.locate(lon, lat)
    far = r["distance_m"] > 2000.0  # near the line the library's edge model decides
    from shapely.prepared import prep
    kz, uz = prep(terr.geometry["KZ"]), prep(terr.geometry["UZ"])
    for x, y, p in zip(lon[far], lat[far], r["party"][far]):
        pt = Point(x, y)
        want = "KZ" if kz.contains(pt) else "UZ" if uz.contains(pt) else None
        assert p == want, (x, y)


def test_gauss_krueger_points_through_epsg15865():
    # tests/data/validate/README.md: 63.5E 41.5N Pulkovo 1942 is GK zone 11
    # (EPSG:28411) E 11541748.8481 N 4596304.5867 (cs2cs), and WGS 84
    # 63.499106527E 41.500137664N through EPSG:15865 (cct)
    g = gpd.GeoDataFrame(geometry=[Point(11541748.8481, 4596304.5867)], crs="EPSG:28411")
    lon, lat = dgpd.lonlat(g)
    assert lon[0] == pytest.approx(63.499106527, abs=2e-9)
    assert lat[0] == pytest.approx(41.500137664, abs=2e-9)
