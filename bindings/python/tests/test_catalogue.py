"""Catalogues, validation and inspection reports, transformations and
export, against the `demarc` command, cs2cs/cct figures (tests/data/validate/
README.md), GeodSolve and GDAL (through geopandas) reading the exports."""
import json
import subprocess

import numpy as np
import pytest

import demarc
from conftest import DATA, TEST_DATA, run_cli

VALIDATE = TEST_DATA / "validate"


def test_catalogue_in_utm_as_cs2cs():
    # echo "41.5 63.5" | cs2cs -d 4 EPSG:4326 EPSG:32641 -> 541731.4508 4594384.8790
    c = demarc.Catalogue.open(VALIDATE / "utm41n.csv", crs="EPSG:32641")
    f = c.to_frame()
    assert len(c) == 1 and f.id[0] == "P"
    assert f.lon[0] == pytest.approx(63.5, abs=1e-8)
    assert f.lat[0] == pytest.approx(41.5, abs=1e-8)
    assert (f.x[0], f.y[0]) == (541731.4508, 4594384.8790)


def test_catalogue_in_gk11_through_epsg15865_as_cct():
    # echo "41.5 63.5 0 0" | cct -d 9 EPSG:15865 -> 41.500137664 63.499106527
    c = demarc.Catalogue.open(VALIDATE / "gk11.csv", crs="EPSG:28411")
    f = c.to_frame()
    assert f.lon[0] == pytest.approx(63.499106527, abs=2e-9)
    assert f.lat[0] == pytest.approx(41.500137664, abs=2e-9)
    assert "Pulkovo 1942 to WGS 84 (16)" in c.transformation  # EPSG:15865


@pytest.mark.parametrize("args", [
    (str(DATA / "kz-uz" / "signs.csv"),),
    (str(VALIDATE / "utm41n.csv"), "--crs", "EPSG:32641"),
])
def test_validate_as_the_cli(border, cli, args):
    p = run_cli(cli, "validate", *args, "--json")
    assert p.returncode in (0, 1), p.stderr
    want = json.loads(p.stdout)
    crs = args[2] if len(args) > 1 else None
    rep = border.validate(demarc.Catalogue.open(args[0], crs=crs))
    assert rep.kind == "validation" and rep.transformation == want["transformation"]
    got = [(f.code, f.severity, f.sign, f.message) for f in rep.findings]
    assert got == [(f["code"], f["severity"], f["sign"], f["message"])
                   for f in want["findings"]]
    for k, v in want["summary"].items():
        if k in rep.stats:
            assert rep.stats[k] == pytest.approx(v, abs=1e-6), k
    assert json.loads(rep.json)["findings"] == want["findings"]
    frame = rep.to_frame()
    assert list(frame.code) == [f["code"] for f in want["findings"]]
    assert rep.count("error") == want["summary"]["errors"]


def test_validate_path_and_tolerances(border):
    rep = border.validate(DATA / "kz-uz" / "signs.csv", off_line_m=1e-9)
    assert rep.count("error") >= 1 and all(f.code == "sign.off_line" for f in rep.findings
                                           if f.severity == "error")
    with pytest.raises(TypeError):
        border.validate(DATA / "kz-uz" / "signs.csv", off_line=1.0)
    with pytest.raises(demarc.ArgumentError):
        border.validate(DATA / "kz-uz" / "signs.csv", off_line_m=-1.0)


def test_inspect_a_sign_moved_half_a_metre_east(border, geodsolve, tmp_path):
    s = border.signs[["id", "lon", "lat"]].copy()
    i = int(np.flatnonzero(s.id == "17")[0])
    # GeodSolve -d: from (lat, lon) along azimuth 90 for 0.5 m -> lat2 lon2 azi2
    out = subprocess.run([geodsolve, "-p", "12"], input=f"{s.lat[i]:.12f} {s.lon[i]:.12f} 90 0.5\n",
                         capture_output=True, text=True, check=True).stdout.split()
    s.loc[i, "lat"], s.loc[i, "lon"] = float(out[0]), float(out[1])
    path = tmp_path / "resurvey.csv"
    s.to_csv(path, index=False, float_format="%.12f")
    rep = border.inspect(path, tolerance=0.10)
    assert rep.kind == "inspection"
    moved = [f for f in rep.findings if f.code == "inspect.moved"]
    assert [f.sign for f in moved] == ["17"]
    d = {x.sign: x for x in rep.displacements}["17"]
    assert d.moved and d.distance_m == pytest.approx(0.5, abs=1e-6)
    assert d.azimuth_deg == pytest.approx(90.0, abs=1e-5)
    assert rep.stats["moved"] == 1 and rep.stats["max_m"] == pytest.approx(0.5, abs=1e-6)
    assert len(rep.displacements_frame()) == len(s)


def test_transform_as_cs2cs_and_cct():
    t = demarc.Transform("EPSG:4326", "EPSG:32641")
    x, y = t(63.5, 41.5)
    assert (float(x), float(y)) == (pytest.approx(541731.4508, abs=1e-4),
                                    pytest.approx(4594384.8790, abs=1e-4))
    sk = demarc.Transform("EPSG:4284", "EPSG:4326")
    lon, lat = sk([63.5, 63.5], [41.5, 41.5])
    np.testing.assert_allclose(lon, 63.499106527, atol=2e-9)
    np.testing.assert_allclose(lat, 41.500137664, atol=2e-9)
    assert sk.operation_code == "EPSG:15865" and sk.accuracy_m == pytest.approx(4.5)
    import pickle
    t2 = pickle.loads(pickle.dumps(sk))
    assert t2.operation_code == "EPSG:15865"


def test_transform_errors():
    t = demarc.Transform("EPSG:4326", "EPSG:32641")
    with pytest.raises(demarc.CRSError) as e:
        t([63.0, 63.0, 63.0], [41.0, 95.0, 41.0])
    assert e.value.index == 1 and isinstance(e.value, ValueError)
    with pytest.raises(demarc.CRSError) as e:
        demarc.Transform("EPSG:999999", "EPSG:4326")
    assert "999999" in str(e.value)


def test_export_reads_back_through_gdal(border, tmp_path):
    gpd = pytest.importorskip("geopandas")
    out = tmp_path / "k.gpkg"
    border.export(out)
    signs = gpd.read_file(out, layer="signs")
    assert list(signs["id"]) == list(border.signs.id)
    line = gpd.read_file(out, layer="border_line")
    coords = {(round(x, 9), round(y, 9)) for x, y in line.geometry[0].coords}
    assert {(round(x, 9), round(y, 9)) for x, y in border.vertices} <= coords
    terr = gpd.read_file(out, layer="territories")
    assert sorted(terr.party) == ["KZ", "UZ"]


def test_export_failures_leave_nothing(border, tmp_path):
    with pytest.raises(demarc.DemarcIOError) as e:
        border.export(tmp_path / "no" / "such" / "k.gpkg")
    assert "k.gpkg" in str(e.value)
    with pytest.raises(demarc.DemarcError):
        border.export(tmp_path / "k.geojson", crs="EPSG:32641")  # RFC 7946 is WGS 84
    assert list(tmp_path.iterdir()) == []


def test_export_with_findings_layer(border, tmp_path):
    gpd = pytest.importorskip("geopandas")
    rep = border.validate(demarc.Catalogue.open(VALIDATE / "utm41n.csv", crs="EPSG:32641"))
    out = tmp_path / "f.gpkg"
    border.export(out, format="GPKG", report=rep)
    f = gpd.read_file(out, layer="findings")
    assert list(f.code) == [x.code for x in rep.findings]
