"""Errors: the library's status and message, in exceptions that are also the
builtins a Python user catches, that pickle; bad files give the same message
as the `demarc` command."""
import pickle
import re

import pytest

import demarc
from demarc.exceptions import error_class
from conftest import TEST_DATA, run_cli

BAD = TEST_DATA / "bad"
STATUS = {"DEMARC_ERR_ARG": 1, "DEMARC_ERR_NOMEM": 2, "DEMARC_ERR_IO": 3,
          "DEMARC_ERR_FORMAT": 4, "DEMARC_ERR_RANGE": 5, "DEMARC_ERR_NOT_FOUND": 6,
          "DEMARC_ERR_GEOMETRY": 7, "DEMARC_ERR_EMPTY": 8, "DEMARC_ERR_CRS": 9,
          "DEMARC_ERR_INTERNAL": 10, "DEMARC_ERR_CANCELLED": 11}


def manifest(entry):
    rows = []
    for line in (BAD / "MANIFEST").read_text().splitlines():
        f = line.split()
        if len(f) >= 3 and not line.startswith("#") and f[1] == entry:
            if "xfail" not in line:
                rows.append((f[0], f[2]))
    return rows


def cli_message(cli, *args):
    p = run_cli(cli, *args)
    assert p.returncode == 2, (args, p.stdout, p.stderr)
    # "demarc CMD: <status text>: <the library's message>"
    m = re.match(r"demarc \w+: [^:]+: (.*)", p.stderr.strip().splitlines()[-1])
    assert m, p.stderr
    return m.group(1)


@pytest.mark.parametrize("name,status", manifest("line"))
def test_bad_border_files_as_the_cli(cli, name, status):
    path = str(BAD / name)
    with pytest.raises(demarc.DemarcError) as e:
        demarc.open(path)
    assert e.value.status == STATUS[status]
    assert type(e.value) is error_class(STATUS[status])
    assert str(e.value) == e.value.message == cli_message(cli, "length", "--border", path)
    assert name in str(e.value)


@pytest.mark.parametrize("name,status", manifest("signs"))
def test_catalogues_as_the_cli(cli, name, status):
    """Catalogue.open is lenient: it refuses what `demarc validate` refuses,
    with the same message, and reads what the command reads."""
    path = str(BAD / name)
    p = run_cli(cli, "validate", path)
    if p.returncode == 2:
        with pytest.raises(demarc.DemarcError) as e:
            demarc.Catalogue.open(path)
        assert str(e.value) == cli_message(cli, "validate", path)
    else:
        assert len(demarc.Catalogue.open(path)) > 0


def test_missing_file_is_oserror(cli):
    with pytest.raises(OSError) as e:
        demarc.open("/nonexistent/kz-uz")
    assert isinstance(e.value, demarc.DemarcIOError) and e.value.status == 3
    assert "/nonexistent/kz-uz" in str(e.value)
    assert str(e.value) == cli_message(cli, "length", "--border", "/nonexistent/kz-uz")


def test_unknown_sign_is_keyerror(border):
    with pytest.raises(KeyError) as e:
        border.length_between("17", "no-such-sign")
    assert isinstance(e.value, demarc.NotFoundError) and e.value.status == 6
    assert "no-such-sign" in str(e.value) and not str(e.value).startswith("'")


@pytest.mark.parametrize("status", range(1, 12))
def test_every_status_pickles(status):
    cls = error_class(status)
    e = cls(status, f"file x.csv: row {status}: field 'lon'", index=status * 10)
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is cls and isinstance(e2, demarc.DemarcError)
    assert (e2.status, e2.message, e2.index, str(e2)) == (status, e.message, status * 10,
                                                          e.message)


def test_builtin_bases():
    assert issubclass(demarc.DemarcIOError, OSError)
    assert issubclass(demarc.NotFoundError, KeyError)
    for c in (demarc.ArgumentError, demarc.FormatError, demarc.RangeError, demarc.CRSError,
              demarc.GeometryError, demarc.EmptyError):
        assert issubclass(c, ValueError)


def test_raised_error_pickles_with_its_index(border):
    with pytest.raises(demarc.RangeError) as e:
        border.party([69.0, 69.0, 69.0], [41.0, 41.0, float("nan")])
    e2 = pickle.loads(pickle.dumps(e.value))
    assert (e2.index, e2.message, e2.status) == (2, e.value.message, 5)
