"""Sign catalogues, validation and joint-inspection reports."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

from . import _context
from ._context import _str, check
from ._demarc_cffi import ffi, lib

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from ._border import Border

_KINDS, _SEGMENTS = _context.kind_names()


class Catalogue:
    """A sign catalogue read leniently (duplicates, missing or bad positions
    are kept and flagged, for :meth:`Border.validate` to report).

    Open with :meth:`Catalogue.open`.  Positions are brought to WGS 84 with
    ONE operation for the whole border area (e.g. EPSG:15865 for SK-42).
    Immutable; pickles as (path, crs).
    """

    __slots__ = ("_ptr", "_path", "_crs")
    _ptr: Any                   # demarc_catalogue *, freed with the object
    _path: Optional[str]
    _crs: Optional[str]

    def __init__(self) -> None:
        raise TypeError("use demarc.Catalogue.open(path, crs=None)")

    @classmethod
    def open(cls, path: Union[str, "os.PathLike[str]"], crs: Optional[str] = None
             ) -> "Catalogue":
        """Read a catalogue file through GDAL (CSV, GeoJSON, GeoPackage, ...).
        crs: CRS of the positions ("EPSG:4284", WKT, PROJ string); None: the
        layer's own, else WGS 84.  Errors name the file, row and field
        (DemarcIOError, FormatError, CRSError, EmptyError)."""
        p = os.fspath(path)
        ctx = _context.current()
        out = ffi.new("demarc_catalogue **")
        opts = ffi.new("demarc_catalogue_options *")
        opts.version = lib.DEMARC_CATALOGUE_OPTIONS_VERSION
        crs_c = ffi.new("char[]", crs.encode()) if crs is not None else ffi.NULL
        opts.crs = crs_c
        check(ctx, lib.demarc_catalogue_open(ctx.ptr, out, p.encode(), opts))
        return cls._wrap(out[0], p, crs)

    @classmethod
    def _wrap(cls, ptr, path: Optional[str], crs: Optional[str]) -> "Catalogue":
        self = object.__new__(cls)
        self._ptr = ffi.gc(ptr, lib.demarc_catalogue_free)
        self._path, self._crs = path, crs
        return self

    @classmethod
    def from_border(cls, border: "Border") -> "Catalogue":
        """A catalogue holding a copy of the border's own signs."""
        ctx = _context.current()
        out = ffi.new("demarc_catalogue **")
        check(ctx, lib.demarc_catalogue_from_border(ctx.ptr, out, border._ptr))
        return cls._wrap(out[0], None, None)

    def __reduce__(self):
        if self._path is None:
            raise TypeError("a catalogue made from a border pickles through that border")
        return (Catalogue.open, (self._path, self._crs))

    def __len__(self) -> int:
        return lib.demarc_catalogue_count(self._ptr)

    @property
    def source(self) -> str:
        """Path it was read from, or 'embedded'."""
        return _str(lib.demarc_catalogue_source(self._ptr))

    @property
    def transformation(self) -> str:
        """The operation used to reach WGS 84 ('' when none was needed)."""
        return _str(lib.demarc_catalogue_transformation(self._ptr))

    def to_frame(self) -> "pandas.DataFrame":
        """Rows as a DataFrame: id, seq, row, kind, kind_text, x, y (as read),
        lon, lat (WGS 84 degrees), h_m, chainage_m, next_dist_m (m),
        next_azimuth_deg, segment, provenance, side, flags."""
        import pandas as pd
        rows = []
        for i in range(len(self)):
            e = lib.demarc_catalogue_entry_get(self._ptr, i)
            rows.append({
                "id": _str(e.id), "seq": e.seq, "row": e.row, "kind": _KINDS.get(e.kind),
                "kind_text": _str(e.kind_text), "x": e.x, "y": e.y, "lon": e.lon,
                "lat": e.lat, "h_m": e.h_m, "chainage_m": e.chainage_m,
                "next_dist_m": e.next_dist_m, "next_azimuth_deg": e.next_azimuth_deg,
                "segment": _SEGMENTS.get(e.segment), "provenance": _str(e.provenance),
                "side": _str(e.side), "flags": e.flags})
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class Finding:
    """One finding: rule code (e.g. 'sign.off_line'), severity ('info',
    'warning', 'error'), sign id ('' for the whole catalogue), place
    (lon, lat WGS 84 degrees, NaN when none), measured value and limit
    (unit in the message) and the library's message."""
    code: str
    severity: str
    sign: str
    lon: float
    lat: float
    value: float
    limit: float
    message: str


@dataclass(frozen=True)
class Displacement:
    """A re-surveyed sign: catalogue and new positions (WGS 84 degrees),
    geodesic distance (m) and azimuth (degrees) between them, moved flag."""
    sign: str
    lon: float
    lat: float
    new_lon: float
    new_lat: float
    distance_m: float
    azimuth_deg: float
    moved: bool


class Report:
    """Findings of a validation or an inspection, copied out of the C report.

    ``findings`` (list of Finding), ``stats`` (dict of summary figures),
    ``transformation``, ``displacements`` (inspection), ``to_frame()``,
    ``text`` and ``json`` (the library's renderings).
    """

    def __init__(self, ptr, kind: str) -> None:
        self._ptr = ffi.gc(ptr, lib.demarc_report_free)
        self.kind = kind
        self.findings: List[Finding] = []
        for i in range(lib.demarc_report_count(ptr)):
            f = lib.demarc_report_finding(ptr, i)
            self.findings.append(Finding(
                _str(f.code), _str(lib.demarc_severity_name(f.severity)), _str(f.sign_id),
                f.lon, f.lat, f.value, f.limit, _str(f.message)))
        self.stats: Dict[str, float] = {}
        name, value = ffi.new("const char **"), ffi.new("double *")
        for i in range(lib.demarc_report_stat_count(ptr)):
            if lib.demarc_report_stat(ptr, i, name, value):
                self.stats[_str(name[0])] = value[0]
        self.transformation = _str(lib.demarc_report_transformation(ptr))
        self.displacements: List[Displacement] = []
        for i in range(lib.demarc_report_displacement_count(ptr)):
            d = lib.demarc_report_displacement(ptr, i)
            self.displacements.append(Displacement(
                _str(d.sign_id), d.lon, d.lat, d.new_lon, d.new_lat, d.distance_m,
                d.azimuth_deg, bool(d.moved)))

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self):
        return iter(self.findings)

    def __repr__(self) -> str:
        return f"<demarc.Report {self.kind}: {len(self.findings)} findings>"

    def count(self, severity: str) -> int:
        """Number of findings of severity 'info', 'warning' or 'error'."""
        return sum(1 for f in self.findings if f.severity == severity)

    def to_frame(self) -> "pandas.DataFrame":
        """The findings as a DataFrame (one column per Finding field)."""
        import pandas as pd
        cols = list(Finding.__dataclass_fields__)
        return pd.DataFrame([f.__dict__ for f in self.findings], columns=cols)

    def displacements_frame(self) -> "pandas.DataFrame":
        """The per-sign displacements of an inspection as a DataFrame."""
        import pandas as pd
        cols = list(Displacement.__dataclass_fields__)
        return pd.DataFrame([d.__dict__ for d in self.displacements], columns=cols)

    def _render(self, json: bool) -> str:
        ctx = _context.current()
        out, n = ffi.new("char **"), ffi.new("size_t *")
        check(ctx, lib.demarc_report_render(ctx.ptr, self._ptr, 1 if json else 0, 0, out, n))
        try:
            return ffi.unpack(out[0], n[0]).decode("utf-8", "replace")
        finally:
            lib.free(out[0])

    @property
    def text(self) -> str:
        """The library's human rendering (one line per finding, then the summary)."""
        return self._render(False)

    @property
    def json(self) -> str:
        """The library's JSON rendering."""
        return self._render(True)


def validate(border: "Border", catalogue: Union[Catalogue, str], **tol: Any) -> Report:
    ctx = _context.current()
    cat = catalogue if isinstance(catalogue, Catalogue) else Catalogue.open(catalogue)
    opts = ffi.new("demarc_validate_options *")
    opts.version = lib.DEMARC_VALIDATE_OPTIONS_VERSION
    for k, v in tol.items():
        if k not in ("off_line_m", "coincident_m", "max_gap_m", "next_dist_tolerance_m",
                     "azimuth_tolerance_deg", "expected_signs"):
            raise TypeError(f"validate() got an unexpected keyword argument {k!r}")
        setattr(opts, k, v)
    out = ffi.new("demarc_report **")
    check(ctx, lib.demarc_catalogue_validate(ctx.ptr, out, border._ptr, cat._ptr, opts))
    return Report(out[0], "validation")


def inspect(border: "Border", resurvey: Union[Catalogue, str], tolerance: float = 0.0,
            crs: Optional[str] = None) -> Report:
    ctx = _context.current()
    cat = Catalogue.from_border(border)
    rs = resurvey if isinstance(resurvey, Catalogue) else Catalogue.open(resurvey, crs)
    opts = ffi.new("demarc_inspect_options *")
    opts.version = lib.DEMARC_INSPECT_OPTIONS_VERSION
    opts.tolerance_m = float(tolerance)
    out = ffi.new("demarc_report **")
    check(ctx, lib.demarc_inspect(ctx.ptr, out, cat._ptr, rs._ptr, opts))
    return Report(out[0], "inspection")
