"""Dask: locate or classify the points of a dask DataFrame partition by
partition.  The border travels to the workers as what it was opened from
(path, edge model) and is opened once per worker process (demarc.open's
per-process cache; demarc.open_count() tells how many times)."""
from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from ._border import Border
from ._border import open as _open

__all__ = ["locate", "party", "LOCATE_COLUMNS"]

#: The columns demarc.dask.locate adds, with their dtypes.
LOCATE_COLUMNS = {
    "party": object, "distance_m": np.float64, "chainage_m": np.float64,
    "foot_lon": np.float64, "foot_lat": np.float64, "nearest_sign": object,
    "nearest_sign_m": np.float64, "on_border": bool,
}


def _border(path, edge_model, border: Optional[Border]) -> Border:
    return border if border is not None else _open(path, edge_model)


def _meta(ddf, cols):
    meta = ddf._meta.copy()
    for k, dt in cols.items():
        meta[k] = pd.Series([], dtype=dt)
    return meta


def _locate_part(df: pd.DataFrame, border: Border, lon: str, lat: str, errors: str,
                 tolerance_m: float, prefix: str) -> pd.DataFrame:
    r = border.locate(df[lon].to_numpy(np.float64), df[lat].to_numpy(np.float64),
                      errors=errors, tolerance_m=tolerance_m)
    out = df.copy()
    for k, v in r.items():
        out[prefix + k] = v
    return out


def _party_part(df: pd.DataFrame, border: Border, lon: str, lat: str, errors: str,
                column: str) -> pd.DataFrame:
    out = df.copy()
    out[column] = border.party(df[lon].to_numpy(np.float64), df[lat].to_numpy(np.float64),
                               errors=errors)
    return out


def locate(ddf, lon: str = "lon", lat: str = "lat", path=None, edge_model: str = "geodesic",
           border: Optional[Border] = None, errors: str = "raise", tolerance_m: float = 0.0,
           prefix: str = ""):
    """ddf with the columns of Border.locate added (LOCATE_COLUMNS, each
    after prefix), computed per partition with the right meta.  lon, lat:
    column names (WGS 84 degrees).  path/edge_model as for demarc.open, or
    border: an open Border."""
    b = _border(path, edge_model, border)
    meta = _meta(ddf, {prefix + k: v for k, v in LOCATE_COLUMNS.items()})
    return ddf.map_partitions(_locate_part, b, lon, lat, errors, float(tolerance_m), prefix,
                              meta=meta)


def party(ddf, lon: str = "lon", lat: str = "lat", path=None, edge_model: str = "geodesic",
          border: Optional[Border] = None, errors: str = "raise", column: str = "party"):
    """ddf with a column of party codes ('KZ', 'UZ', None) added."""
    b = _border(path, edge_model, border)
    meta = _meta(ddf, {column: object})
    return ddf.map_partitions(_party_part, b, lon, lat, errors, column, meta=meta)
