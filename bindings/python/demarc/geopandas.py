"""geopandas interop: locate or classify a GeoDataFrame's points, and the
border's line, signs and territories as GeoDataFrames (EPSG:4326).

Points in any CRS are brought to WGS 84 with the library's one operation
for the whole border area (demarc.Transform), never a per-point choice.
Works with shapely 1.8 (Debian 12) and shapely 2.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from ._border import Border
from ._border import open as _open
from ._transform import Transform

import geopandas as gpd  # noqa: E402  (the module is only for geopandas users)
from shapely.geometry import LineString, MultiPolygon, Point, Polygon  # noqa: E402

__all__ = ["locate", "party", "lonlat", "line", "signs", "territories"]


def _is_wgs84(crs) -> bool:
    return crs is None or crs.to_epsg() == 4326


def lonlat(gdf: "gpd.GeoDataFrame", operation: Optional[str] = None):
    """WGS 84 longitude and latitude (degrees) of a GeoDataFrame's point
    geometries, as two float64 arrays.  A frame without a CRS is taken as
    WGS 84; any other CRS is transformed with demarc.Transform (one
    operation for the border area; operation forces one)."""
    geom = gdf.geometry
    if len(geom) and not (geom.geom_type == "Point").all():
        bad = int(np.flatnonzero((geom.geom_type != "Point").to_numpy())[0])
        raise TypeError(f"row {bad}: only Point geometries can be located, "
                        f"not {geom.iloc[bad].geom_type}")
    x = np.asarray(geom.x, dtype=np.float64)
    y = np.asarray(geom.y, dtype=np.float64)
    if _is_wgs84(gdf.crs) and operation is None:
        return x, y
    if gdf.crs is None:
        src = "EPSG:4326"
    else:
        src = gdf.crs.to_string() if gdf.crs.to_epsg() else gdf.crs.to_wkt()
    return Transform(src, "EPSG:4326", operation)(x, y)


def locate(gdf: "gpd.GeoDataFrame", border: Optional[Border] = None, errors: str = "raise",
           prefix: str = "", operation: Optional[str] = None) -> "gpd.GeoDataFrame":
    """A copy of gdf with the columns of Border.locate added (party,
    distance_m, chainage_m, foot_lon, foot_lat, nearest_sign,
    nearest_sign_m, on_border; each name after prefix).  border: None for
    the embedded border."""
    b = border if border is not None else _open()
    lon, lat = lonlat(gdf, operation)
    out = gdf.copy()
    for k, v in b.locate(lon, lat, errors=errors).items():
        out[prefix + k] = v
    return out


def party(gdf: "gpd.GeoDataFrame", border: Optional[Border] = None, column: str = "party",
          errors: str = "raise", operation: Optional[str] = None) -> "gpd.GeoDataFrame":
    """A copy of gdf with a column of party codes ('KZ', 'UZ', None)."""
    b = border if border is not None else _open()
    lon, lat = lonlat(gdf, operation)
    out = gdf.copy()
    out[column] = b.party(lon, lat, errors=errors)
    return out


def line(border: Optional[Border] = None) -> "gpd.GeoDataFrame":
    """The border line as a one-row GeoDataFrame (EPSG:4326) with the
    border's id, name, parties, edge model and length_m (metres, computed
    by the library under the edge model; the drawn LineString joins the
    defining vertices straight)."""
    b = border if border is not None else _open()
    i = b.info
    return gpd.GeoDataFrame(
        {"id": [i["id"]], "name": [i["name"]], "left_party": [i["left_party"]],
         "right_party": [i["right_party"]], "edge_model": [i["edge_model"]],
         "length_m": [b.length()]},
        geometry=[LineString(b.vertices)], crs="EPSG:4326")


def signs(border: Optional[Border] = None) -> "gpd.GeoDataFrame":
    """The sign catalogue (Border.signs) as points, EPSG:4326."""
    b = border if border is not None else _open()
    df = b.signs
    return gpd.GeoDataFrame(df, geometry=[Point(x, y) for x, y in zip(df.lon, df.lat)],
                            crs="EPSG:4326")


def territories(border: Optional[Border] = None) -> "gpd.GeoDataFrame":
    """Both territories as MultiPolygons (EPSG:4326), columns party, name."""
    b = border if border is not None else _open()
    rows = b.territories()
    geoms = [MultiPolygon([Polygon(p[0], p[1:]) for p in t["polygons"]]) for t in rows]
    return gpd.GeoDataFrame({"party": [t["party"] for t in rows],
                             "name": [t["name"] for t in rows]},
                            geometry=geoms, crs="EPSG:4326")
