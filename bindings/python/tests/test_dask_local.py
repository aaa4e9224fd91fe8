"""demarc.dask on dask's in-process scheduler: meta, columns, partitions."""
import numpy as np
import pandas as pd
import pytest

import demarc
from conftest import random_points

dd = pytest.importorskip("dask.dataframe")
ddask = pytest.importorskip("demarc.dask")


@pytest.fixture(scope="module")
def frame():
    lon, lat = random_points(5000, seed=8)
    return pd.DataFrame({"id": np.arange(5000), "x": lon, "y": lat})


def test_locate_meta_and_values(border, frame):
    ddf = dd.from_pandas(frame, npartitions=5)
    out = ddask.locate(ddf, lon="x", lat="y")
    assert list(out.columns) == ["id", "x", "y", *ddask.LOCATE_COLUMNS]
    assert dict(out.dtypes)["on_border"] == bool
    got = out.compute(scheduler="synchronous")
    r = border.locate(frame.x.to_numpy(), frame.y.to_numpy())
    for k, v in r.items():
        if v.dtype == object:
            assert list(got[k]) == list(v), k
        else:
            np.testing.assert_array_equal(got[k].to_numpy(), v, err_msg=k)


def test_party_and_errors(border, frame):
    f = frame.copy()
    f.loc[17, "y"] = np.nan
    ddf = dd.from_pandas(f, npartitions=3)
    got = ddask.party(ddf, lon="x", lat="y", errors="nan").compute(scheduler="threads")
    assert got.party[17] is None
    assert list(got.party.drop(17)) == list(border.party(f.x.drop(17), f.y.drop(17)))
    with pytest.raises(demarc.RangeError) as e:
        ddask.party(ddf, lon="x", lat="y").compute(scheduler="synchronous")
    assert e.value.index == 17  # first partition: the index within it


def test_tokenize_is_deterministic(border):
    from dask.base import tokenize
    assert tokenize(border) == tokenize(demarc.open())
