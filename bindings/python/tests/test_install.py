"""The installed package: the extension was built against the libdemarc
pkg-config found and loads that very library through its RPATH."""
import os
import pickle
import subprocess
from pathlib import Path

import pytest

import demarc
from conftest import DATA, TEST_DATA


def _loaded_libdemarc():
    for line in Path("/proc/self/maps").read_text().splitlines():
        if "libdemarc.so" in line:
            return line.split()[-1]
    return None


def test_extension_loads_libdemarc_from_its_rpath():
    lib = _loaded_libdemarc()
    assert lib, "libdemarc.so is not mapped"
    assert "LD_LIBRARY_PATH" not in os.environ or \
        os.path.dirname(lib) not in os.environ["LD_LIBRARY_PATH"]
    ext = next(Path(demarc.__file__).parent.glob("_demarc_cffi*.so"))
    dyn = subprocess.run(["readelf", "-d", str(ext)], capture_output=True, text=True)
    if dyn.returncode != 0:
        pytest.skip("readelf not available")
    assert os.path.dirname(os.path.realpath(lib)) in dyn.stdout  # RUNPATH = pkg-config libdir


def test_typed_package():
    assert (Path(demarc.__file__).parent / "py.typed").exists()


def test_catalogue_pickles_as_its_source():
    c = demarc.Catalogue.open(TEST_DATA / "validate" / "utm41n.csv", crs="EPSG:32641")
    c2 = pickle.loads(pickle.dumps(c))
    assert c2.to_frame().equals(c.to_frame()) and c2.transformation == c.transformation
    with pytest.raises(TypeError):
        pickle.dumps(demarc.Catalogue.from_border(demarc.open()))
    assert len(demarc.Catalogue.open(DATA / "kz-uz" / "signs.csv")) == 1301
