"""libdemarc for Python: border-demarcation geodata (the Kazakhstan-Uzbekistan
border) with numpy, pandas, geopandas and Dask.

Every number comes from the C library; this package converts arrays and
errors.  Coordinates are WGS 84 longitude, latitude in degrees, longitude
first; lengths and distances are metres on the WGS 84 ellipsoid.

    >>> import demarc
    >>> b = demarc.open()                      # the embedded KZ-UZ border
    >>> b.party([69.2401], [41.2995])          # Tashkent
    array(['UZ'], dtype=object)
"""
from __future__ import annotations

from ._border import Border, open, open_count
from ._catalogue import Catalogue, Displacement, Finding, Report
from ._demarc_cffi import ffi as _ffi
from ._demarc_cffi import lib as _lib
from ._transform import Transform
from .exceptions import (ArgumentError, CancelledError, CRSError, DemarcError,
                         DemarcIOError, DemarcMemoryError, EmptyError, FormatError,
                         GeometryError, InternalError, NotFoundError, RangeError)

__version__ = "0.1.0"


def library_version() -> str:
    """Run-time version of the linked libdemarc, e.g. '0.1.0'."""
    return _ffi.string(_lib.demarc_version()).decode()


__all__ = [
    "Border", "open", "open_count", "Catalogue", "Report", "Finding", "Displacement",
    "Transform", "library_version", "DemarcError", "ArgumentError", "DemarcMemoryError",
    "DemarcIOError", "FormatError", "RangeError", "NotFoundError", "GeometryError",
    "EmptyError", "CRSError", "InternalError", "CancelledError",
]
