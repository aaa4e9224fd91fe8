"""Issue 18: every demarc_status the C library returns is an exception in
Python, never an abort: one test per status that the package's own API can
provoke, and for the rest (DEMARC_ERR_NOMEM, DEMARC_ERR_INTERNAL; and
DEMARC_ERR_CANCELLED, which the package's API has no progress callback to
ask for) the mapping itself, through the package's raise path, with the
C library's call where one can be made through cffi."""
import os

import pytest

import demarc
from demarc import _context
from demarc._demarc_cffi import ffi, lib
from demarc.exceptions import error_class
from conftest import TEST_DATA

BAD = TEST_DATA / "bad"

# status -> (exception class, the builtin a user catches)
EXPECTED = {
    1: (demarc.ArgumentError, ValueError),
    2: (demarc.DemarcMemoryError, MemoryError),
    3: (demarc.DemarcIOError, OSError),
    4: (demarc.FormatError, ValueError),
    5: (demarc.RangeError, ValueError),
    6: (demarc.NotFoundError, KeyError),
    7: (demarc.GeometryError, ValueError),
    8: (demarc.EmptyError, ValueError),
    9: (demarc.CRSError, ValueError),
    10: (demarc.InternalError, RuntimeError),
    11: (demarc.CancelledError, demarc.DemarcError),
}


def test_header_numbers_every_status():
    """The table above is the header's: DEMARC_ERR_ARG (1) to
    DEMARC_ERR_CANCELLED (11), each with its own text."""
    assert lib.DEMARC_ERR_ARG == 1 and lib.DEMARC_ERR_CANCELLED == 11
    texts = {ffi.string(lib.demarc_status_str(s)).decode() for s in range(0, 12)}
    assert len(texts) == 12


def _provoke(status, border, tmp_path):
    if status == 1:    # an unknown export format (demarc_border_export)
        border.export(tmp_path / "x.out", format="NOPE")
    elif status == 3:  # an export into a folder that does not exist
        border.export(tmp_path / "no" / "such" / "x.gpkg")
    elif status == 4:  # a border file GDAL cannot read as vectors
        demarc.open(str(BAD / "line_binary.geojson"))
    elif status == 5:  # a NaN longitude in a batch
        border.party([60.0, float("nan")], [41.0, 41.0])
    elif status == 6:  # an unknown sign id
        border.length_between("1", "no-such-sign")
    elif status == 7:  # a border line of two disjoint parts
        demarc.open(str(BAD / "disjoint.geojson"))
    elif status == 8:  # an empty border file
        demarc.open(str(BAD / "empty.geojson"))
    elif status == 9:  # an unknown output CRS
        border.export(tmp_path / "x.gpkg", crs="EPSG:999999")
    else:
        raise AssertionError(status)


@pytest.mark.parametrize("status", [1, 3, 4, 5, 6, 7, 8, 9])
def test_provoked_status_is_its_exception(status, border, tmp_path):
    cls, builtin = EXPECTED[status]
    with pytest.raises(demarc.DemarcError) as e:
        _provoke(status, border, tmp_path)
    assert e.value.status == status, e.value.message
    assert type(e.value) is cls and isinstance(e.value, builtin)
    assert e.value.message  # the library's message, not an empty string
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # nothing left behind
    assert border.length() > 2.3e6  # the border and the context still work


def test_cancelled_by_progress_callback(border, tmp_path):
    """DEMARC_ERR_CANCELLED: the C export asked to stop by its progress
    callback (through cffi: the package's API has no callback), raised by
    the package's own check()."""
    calls = []

    @ffi.callback("int(void *, double, const char *)")
    def stop(userdata, fraction, stage):
        calls.append(fraction)
        return 1

    ctx = _context.current()
    o = ffi.new("demarc_export_options *")
    o.version = lib.DEMARC_EXPORT_OPTIONS_VERSION
    o.progress = stop
    out = tmp_path / "c.gpkg"
    rc = lib.demarc_border_export(ctx.ptr, border._ptr, os.fsencode(out), o)
    assert rc == 11 and calls
    with pytest.raises(demarc.CancelledError) as e:
        _context.check(ctx, rc)
    assert e.value.status == 11 and "cancelled" in e.value.message
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("status", range(0, 14))
def test_mapping_is_total(status, border):
    """Every status, the unprovokable ones (NOMEM, INTERNAL) and numbers the
    header does not know included, raises a DemarcError subclass through the
    package's raise path (with the library's static text when the context
    has no message); 0 raises nothing."""
    border.length()  # a call that succeeds: the context holds no message
    ctx = _context.current()
    if status == 0:
        _context.check(ctx, 0)
        return
    with pytest.raises(demarc.DemarcError) as e:
        _context.raise_for(ctx, status)
    cls, builtin = EXPECTED.get(status, (demarc.DemarcError, Exception))
    assert type(e.value) is cls is error_class(status) and isinstance(e.value, builtin)
    assert e.value.status == status
    assert e.value.message == ffi.string(lib.demarc_status_str(status)).decode()
