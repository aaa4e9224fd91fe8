"""Border: an opened border (line, signs, territories), immutable, shared
by every thread of a process and opened once per process."""
from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

import numpy as np

from . import _context
from ._arrays import flat_view, location_dtype, output_stride, strided_input
from ._context import _str, check, raise_for
from ._demarc_cffi import ffi, lib
from .exceptions import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from ._catalogue import Catalogue, Report

PathLike = Union[str, "os.PathLike[str]"]
ArrayLike = Any

EDGE_MODELS = {"geodesic": lib.DEMARC_EDGE_GEODESIC, "rhumb": lib.DEMARC_EDGE_RHUMB,
               "planar": lib.DEMARC_EDGE_PLANAR}
SIGN_KINDS, SEGMENT_KINDS = _context.kind_names()
_SIZE_MAX = (1 << (8 * ffi.sizeof("size_t"))) - 1
_LOCATION = location_dtype()
_UNWRITTEN = -2  # party value no batch call writes: marks where a failed call stopped

# ---- the per-process cache: each (path, edge model) opened once per process ----
_cache_lock = threading.Lock()
_cache: Dict[Tuple[Optional[str], str], "Border"] = {}
_opens = [os.getpid(), 0]  # pid, number of C opens made in that process


def _after_fork_in_child() -> None:
    global _cache_lock
    _cache_lock = threading.Lock()  # another thread may have held it at fork()
    _opens[0], _opens[1] = os.getpid(), 0


os.register_at_fork(after_in_child=_after_fork_in_child)


def open_count() -> int:
    """How many times this process has opened a border from the C library.

    ``demarc.open`` (and unpickling a Border) opens each (path, edge model)
    once per process; a test on a Dask cluster checks this is 1 per worker.
    A forked child starts at 0 and reuses the borders its parent had open.
    """
    return _opens[1] if _opens[0] == os.getpid() else 0


def _normalise_path(path: Optional[PathLike]) -> Optional[str]:
    if path is None:
        return None
    p = os.fspath(path)
    if not isinstance(p, str):
        p = os.fsdecode(p)
    # a local path is made absolute so that a pickle means the same file in
    # another process; GDAL virtual paths (/vsizip/...) are kept as written
    return p if p.startswith("/vsi") or os.path.isabs(p) else os.path.abspath(p)


def open(path: Optional[PathLike] = None, edge_model: str = "geodesic") -> "Border":
    """Open a border, once per process.

    path: None for the embedded Kazakhstan-Uzbekistan border, else a folder
    (border.geojson, signs.csv, territories.geojson, border.json, or the
    same stems in any format GDAL reads) or a line file; GDAL virtual paths
    (/vsizip/...) too.  edge_model: "geodesic" (WGS 84 geodesics, Karney
    2013; the default), "rhumb" or "planar" (straight in lon/lat).

    The same (path, edge_model) returns the same Border object in a process:
    a Border is immutable and safe to query from many threads.  Raises a
    DemarcError subclass with the library's message (DemarcIOError, also an
    OSError, for a file that cannot be read; FormatError for bad content).
    """
    if edge_model not in EDGE_MODELS:
        raise ArgumentError(lib.DEMARC_ERR_ARG,
                            f"unknown edge model {edge_model!r} "
                            f"(expected one of {', '.join(EDGE_MODELS)})")
    key = (_normalise_path(path), edge_model)
    b = _cache.get(key)
    if b is not None:
        return b
    with _cache_lock:
        b = _cache.get(key)
        if b is None:
            b = Border._open(*key)
            _cache[key] = b
    return b


class Border:
    """An opened border.  Make one with :func:`demarc.open`.

    Immutable; share it between threads.  It pickles as what it was opened
    from (path, edge model), and unpickling opens it once per process.
    Coordinates are WGS 84 degrees, longitude first; lengths are metres.
    """

    __slots__ = ("_ptr", "_path", "_edge_model", "_ids", "_codes", "_signs")
    _ptr: Any                   # demarc_border *, freed with the object
    _path: Optional[str]
    _edge_model: str
    _ids: np.ndarray            # sign ids by index, then None (object)
    _codes: np.ndarray          # party codes by territory index, then None (object)
    _signs: Optional[Dict[str, list]]

    def __init__(self) -> None:
        raise TypeError("use demarc.open(path=None, edge_model='geodesic')")

    @classmethod
    def _open(cls, path: Optional[str], edge_model: str) -> "Border":
        ctx = _context.current()
        out = ffi.new("demarc_border **")
        opts = ffi.new("demarc_open_options *")
        opts.version = lib.DEMARC_OPEN_OPTIONS_VERSION
        opts.edge_model = EDGE_MODELS[edge_model]
        if path is None:
            rc = lib.demarc_border_open_default(ctx.ptr, out, opts)
        else:
            rc = lib.demarc_border_open(ctx.ptr, out, path.encode(), opts)
        check(ctx, rc)
        if _opens[0] != os.getpid():
            _opens[0], _opens[1] = os.getpid(), 0
        _opens[1] += 1
        self = object.__new__(cls)
        self._ptr = ffi.gc(out[0], lib.demarc_border_free)
        self._path = path
        self._edge_model = edge_model
        n = lib.demarc_border_info_get(self._ptr).sign_count
        # sign ids by index, and a trailing None for "no sign" (SIZE_MAX)
        self._ids = np.array([_str(lib.demarc_border_sign(self._ptr, i).id)
                              for i in range(n)] + [None], dtype=object)
        info = lib.demarc_border_info_get(self._ptr)
        # party codes by territory index 0, 1, and None for -1 (outside both)
        self._codes = np.array([_str(info.left_party), _str(info.right_party), None],
                               dtype=object)
        self._signs = None
        return self

    def __reduce__(self):
        return (open, (self._path, self._edge_model))

    def __dask_tokenize__(self):
        return ("demarc.Border", self._path, self._edge_model)

    def __repr__(self) -> str:
        src = "embedded" if self._path is None else repr(self._path)
        return f"<demarc.Border {self.info['id']!r} ({src}, {self._edge_model} edges)>"

    @property
    def path(self) -> Optional[str]:
        """What the border was opened from (None: the embedded border)."""
        return self._path

    @property
    def edge_model(self) -> str:
        """'geodesic', 'rhumb' or 'planar'."""
        return self._edge_model

    # ---- metadata, lengths, signs ----------------------------------------
    @property
    def info(self) -> Dict[str, Any]:
        """What the border says about itself (demarc_border_info) as a dict:
        id, name, parties, declared_length_m (m, NaN if unknown), counts..."""
        i = lib.demarc_border_info_get(self._ptr)
        return {
            "id": _str(i.id), "name": _str(i.name),
            "left_party": _str(i.left_party), "right_party": _str(i.right_party),
            "left_name": _str(i.left_name), "right_name": _str(i.right_name),
            "declared_length_m": i.declared_length_m,
            "declared_signs": None if i.declared_signs < 0 else i.declared_signs,
            "demarcation_finalised": _str(i.demarcation_finalised),
            "agreement_signed": _str(i.agreement_signed),
            "agreement_place": _str(i.agreement_place),
            "inspection_interval_years": i.inspection_interval_years,
            "signs_modelled": bool(i.signs_modelled),
            "source": _str(i.source), "licence": _str(i.licence),
            "attribution": _str(i.attribution),
            "edge_model": _str(lib.demarc_edge_model_name(i.edge_model)),
            "vertex_count": i.vertex_count, "sign_count": i.sign_count,
            "physical_sign_count": i.physical_sign_count,
            "territory_count": i.territory_count,
        }

    def length(self) -> float:
        """Length of the whole line, metres, under the border's edge model."""
        ctx = _context.current()
        out = ffi.new("double *")
        check(ctx, lib.demarc_border_length(ctx.ptr, self._ptr, out))
        return out[0]

    def length_between(self, a: str, b: str) -> float:
        """Length along the line from sign a to sign b (ids), metres; negative
        when b lies before a.  Unknown id: NotFoundError (a KeyError)."""
        ctx = _context.current()
        out = ffi.new("double *")
        check(ctx, lib.demarc_length_between(ctx.ptr, self._ptr, str(a).encode(),
                                             str(b).encode(), out))
        return out[0]

    @property
    def vertices(self) -> np.ndarray:
        """The line's vertices, an (n, 2) float64 array of lon, lat degrees (a copy)."""
        n = ffi.new("size_t *")
        p = lib.demarc_border_vertices(self._ptr, n)
        buf = ffi.buffer(p, 2 * n[0] * ffi.sizeof("double"))
        return np.frombuffer(buf, dtype=np.float64).reshape(n[0], 2).copy()

    @property
    def signs(self) -> "pandas.DataFrame":
        """The sign catalogue as a pandas DataFrame, one row per sign in
        catalogue order: id, seq, kind, lon, lat (degrees), h_m, chainage_m,
        next_dist_m (m), next_azimuth_deg, segment, provenance, and the
        computed line_chainage_m and line_offset_m (m).  A fresh copy."""
        if self._signs is None:
            cols: Dict[str, list] = {k: [] for k in (
                "id", "seq", "kind", "lon", "lat", "h_m", "chainage_m", "next_dist_m",
                "next_azimuth_deg", "segment", "provenance", "line_chainage_m",
                "line_offset_m")}
            for i in range(len(self._ids) - 1):
                s = lib.demarc_border_sign(self._ptr, i)
                for k in cols:
                    v = getattr(s, k)
                    if k in ("id", "provenance"):
                        v = _str(v)
                    elif k == "kind":
                        v = SIGN_KINDS.get(v, str(v))
                    elif k == "segment":
                        v = SEGMENT_KINDS.get(v, str(v))
                    cols[k].append(v)
            self._signs = cols
        import pandas as pd
        return pd.DataFrame({k: list(v) for k, v in self._signs.items()})

    def territories(self) -> List[Dict[str, Any]]:
        """Both territories: a list of dicts with party, name and polygons,
        each polygon a list of rings (shell first, then holes), each ring an
        (n, 2) float64 array of lon, lat degrees, closed (last == first)."""
        out = []
        for t_i in range(lib.demarc_border_info_get(self._ptr).territory_count):
            t = lib.demarc_border_territory(self._ptr, t_i)
            pts = np.frombuffer(ffi.buffer(t.points, 2 * t.point_count * 8),
                                dtype=np.float64).reshape(-1, 2)
            polys: List[List[np.ndarray]] = [[] for _ in range(t.polygon_count)]
            for r in range(t.ring_count):
                a, b = t.ring_start[r], t.ring_start[r + 1]
                polys[t.ring_polygon[r]].append(pts[a:b].copy())
            out.append({"party": _str(t.party), "name": _str(t.name), "polygons": polys})
        return out

    # ---- catalogues, inspection, export ---------------------------------
    def validate(self, catalogue: "Union[Catalogue, PathLike]", **tolerances: Any) -> "Report":
        """Validate a sign catalogue (a Catalogue or a path) against this
        border: a Report of findings (codes as in demarc/validate.h).
        Tolerances (0: the library's default): off_line_m (0.10 m),
        coincident_m (0.5 m), max_gap_m (5000 m), next_dist_tolerance_m
        (1.0 m), azimuth_tolerance_deg (0.01 degrees), expected_signs."""
        from ._catalogue import validate
        return validate(self, catalogue if not isinstance(catalogue, os.PathLike)
                        else os.fspath(catalogue), **tolerances)

    def inspect(self, resurvey: "Union[Catalogue, PathLike]", tolerance: float = 0.0,
                crs: Optional[str] = None) -> "Report":
        """Compare a re-survey (a Catalogue, or a path read with crs) with this
        border's catalogue: a Report with one Displacement per measured sign
        (geodesic distance, m, and azimuth, degrees) and findings
        inspect.moved (> tolerance metres; 0: 0.10 m), .missing, .unknown..."""
        from ._catalogue import inspect
        return inspect(self, resurvey if not isinstance(resurvey, os.PathLike)
                       else os.fspath(resurvey), tolerance, crs)

    def export(self, path: PathLike, format: Optional[str] = None, crs: Optional[str] = None,
               operation: Optional[str] = None, report: "Optional[Report]" = None) -> None:
        """Write the border through GDAL (demarc_border_export): layers
        border_line, signs, territories (and findings from report).
        format: "GPKG", "GeoJSON", "KML", "SHP", "FGB", "CSV" (None: from the
        extension); crs: the output CRS (None: WGS 84); operation forces the
        WGS 84 -> crs operation.  Nothing is left behind on failure."""
        from ._transform import transform_options
        ctx = _context.current()
        keep: list = []
        o = ffi.new("demarc_export_options *")
        o.version = lib.DEMARC_EXPORT_OPTIONS_VERSION
        for field, val in (("format", format), ("crs", crs)):
            if val is not None:
                c = ffi.new("char[]", str(val).encode())
                keep.append(c)
                setattr(o, field, c)
        o.transform = transform_options(operation, keep)
        if report is not None:
            o.report = report._ptr
        check(ctx, lib.demarc_border_export(ctx.ptr, self._ptr, os.fsencode(path), o))

    # ---- points ----------------------------------------------------------
    def _prepare(self, lon: ArrayLike, lat: ArrayLike):
        lon_a = np.asarray(lon, dtype=np.float64)
        lat_a = np.asarray(lat, dtype=np.float64)
        lon_b, lat_b = np.broadcast_arrays(lon_a, lat_a)
        return lon_b, lat_b

    def party_index(self, lon: ArrayLike, lat: ArrayLike, errors: str = "raise",
                    out: Optional[np.ndarray] = None) -> np.ndarray:
        """Territory index of each point: 0 (left party, info['left_party']),
        1 (right party) or -1 (outside both), as an int array of the
        broadcast shape of lon and lat (WGS 84 degrees, longitude first).
        errors="raise": a point that is not finite or out of range raises
        RangeError (a ValueError) whose .index is its flat index;
        errors="nan": such a point gets -1.  Scalar input gives an int.
        The int array is what the C call wrote (no conversion pass).
        out: an existing writeable numpy.intc array of the broadcast shape,
        written in place through its stride (e.g. a column of a 2-D array)
        and returned."""
        lon_b, lat_b = self._prepare(lon, lat)
        if out is None:
            res = np.empty(lon_b.shape, dtype=np.intc)
        else:
            if not isinstance(out, np.ndarray) or out.dtype != np.intc or \
                    out.shape != lon_b.shape or output_stride(out) is None:
                raise ArgumentError(lib.DEMARC_ERR_ARG,
                                    f"out must be a writeable, aligned numpy.intc array of "
                                    f"shape {lon_b.shape} with one stride")
            res = out
        self._batch(lon_b, lat_b, res, res, errors, party_only=True)
        return res if res.ndim or out is not None else res[()]

    def party(self, lon: ArrayLike, lat: ArrayLike, errors: str = "raise",
              categorical: bool = False):
        """Party code of each point: 'KZ', 'UZ' (the border's party codes) or
        None outside both territories, as an object array of the broadcast
        shape of lon and lat (WGS 84 degrees, longitude first), or a
        pandas.Categorical when categorical=True (1-D input).

        errors="raise" (default): a point that is not finite or out of range
        raises RangeError (a ValueError) with the library's message and
        .index, the flat index of that point.  errors="nan": None for it.
        A point on the line follows the library's rule (demarc_locate).
        """
        idx = self.party_index(lon, lat, errors)
        if categorical:
            import pandas as pd
            codes = np.where(idx < 0, -1, idx).reshape(-1)
            return pd.Categorical.from_codes(codes, categories=list(self._codes[:2]))
        return self._codes[idx]

    def locate(self, lon: ArrayLike, lat: ArrayLike, errors: str = "raise",
               tolerance_m: float = 0.0) -> Dict[str, np.ndarray]:
        """Locate points against the border: a dict of arrays, each of the
        broadcast shape of lon and lat (WGS 84 degrees, longitude first):

        - party: 'KZ'/'UZ'/None (object)
        - distance_m: geodesic distance to the line, metres
        - chainage_m: chainage of the nearest point of the line, metres
        - foot_lon, foot_lat: that nearest point, degrees
        - nearest_sign: id of the nearest sign (object; None when none)
        - nearest_sign_m: geodesic distance to it, metres
        - on_border: bool, distance_m <= tolerance_m (0: the library's 0.01 m)

        The float columns are views into the C results (no copy); scalar
        lon and lat give scalars.
        ``pandas.DataFrame(border.locate(lon, lat))`` makes a frame of 1-D
        input.  errors="raise": RangeError with .index for a point that is
        not finite or out of range; errors="nan": NaN / None / False there.
        """
        lon_b, lat_b = self._prepare(lon, lat)
        res = np.empty(lon_b.shape, dtype=_LOCATION)
        opts = ffi.new("demarc_locate_options *")
        opts.version = lib.DEMARC_LOCATE_OPTIONS_VERSION
        opts.on_border_tolerance_m = float(tolerance_m)
        self._batch(lon_b, lat_b, res, res["party"], errors, party_only=False, opts=opts)
        party = res["party"]
        ns = res["nearest_sign"]
        sign_idx = np.where(ns == _SIZE_MAX, len(self._ids) - 1, ns).astype(np.intp)
        cols = {
            "party": self._codes[party],
            "distance_m": res["distance_m"],
            "chainage_m": res["chainage_m"],
            "foot_lon": res["foot_lon"],
            "foot_lat": res["foot_lat"],
            "nearest_sign": self._ids[sign_idx],
            "nearest_sign_m": res["nearest_sign_m"],
            "on_border": res["on_border"] != 0,
        }
        if res.ndim == 0:  # scalar in, scalars out (as numpy's ufuncs)
            cols = {k: v[()] if isinstance(v, np.ndarray) else v for k, v in cols.items()}
        return cols

    def _batch(self, lon_b: np.ndarray, lat_b: np.ndarray, out: np.ndarray,
               party: np.ndarray, errors: str, party_only: bool, opts=None) -> None:
        """Run the C batch over every point, writing out (C order, packed)."""
        if errors not in ("raise", "nan"):
            raise ArgumentError(lib.DEMARC_ERR_ARG,
                                f"errors must be 'raise' or 'nan', not {errors!r}")
        n = lon_b.size
        if n == 0:
            return
        ctx = _context.current()
        if errors == "nan":
            # only a speed-up: NaN and infinite coordinates (never valid) skip the
            # C call; the library decides every other point, and those it refuses
            # (out of range) are marked invalid one by one in _run
            bad = ~(np.isfinite(lon_b) & np.isfinite(lat_b))
            if bad.any():
                good = np.flatnonzero(~bad.reshape(-1))
                sub = np.empty(good.size, dtype=out.dtype)
                sub_party = sub["party"] if out.dtype.names else sub
                self._run(ctx, lon_b.reshape(-1)[good], lat_b.reshape(-1)[good], sub,
                          sub_party, "nan", party_only, opts)
                flat = flat_view(out)
                _fill_invalid(flat, party_only)
                flat[good] = sub
                return
        self._run(ctx, lon_b, lat_b, out, party, errors, party_only, opts)

    def _run(self, ctx, lon_b, lat_b, out, party, errors, party_only, opts) -> None:
        lon_a, lon_p, lon_s, _ = strided_input(lon_b)
        lat_a, lat_p, lat_s, _ = strided_input(lat_b)
        n = lon_a.size
        party.fill(_UNWRITTEN)
        flat_party = flat_view(party)
        item = output_stride(out)  # out is packed or the caller's checked out=
        assert item is not None
        start = 0
        while start < n:
            m = n - start
            lp = ffi.cast("const double *", ffi.cast("char *", lon_p) + start * lon_s)
            ap = ffi.cast("const double *", ffi.cast("char *", lat_p) + start * lat_s)
            base = out.__array_interface__["data"][0] + start * item
            if party_only:
                rc = lib.demarc_party_batch(ctx.ptr, self._ptr, m, lp, lon_s, ap, lat_s,
                                            ffi.cast("int *", base), item)
            else:
                rc = lib.demarc_locate_batch(ctx.ptr, self._ptr, m, lp, lon_s, ap, lat_s,
                                             opts, ffi.cast("demarc_location *", base), item)
            if rc == 0:
                return
            # the call stopped at the first point it did not write
            left = np.flatnonzero(flat_party[start:] == _UNWRITTEN)
            k = start + int(left[0]) if left.size else None
            if rc != lib.DEMARC_ERR_RANGE or errors == "raise" or k is None:
                raise_for(ctx, rc, index=k if rc == lib.DEMARC_ERR_RANGE else None)
            _fill_invalid(flat_view(out)[k:k + 1], party_only)
            start = k + 1


def _fill_invalid(a: np.ndarray, party_only: bool) -> None:
    """What errors="nan" leaves for an invalid point."""
    if party_only:
        a.fill(-1)
        return
    a["party"] = -1
    a["party_code"] = 0
    a["on_border"] = 0
    for f in ("distance_m", "foot_lon", "foot_lat", "chainage_m", "nearest_sign_m"):
        a[f] = np.nan
    a["edge"] = _SIZE_MAX
    a["nearest_sign"] = _SIZE_MAX
