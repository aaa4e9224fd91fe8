"""Exceptions carrying libdemarc's status code and message.

Every failed C call raises a :class:`DemarcError` subclass chosen by the
status; each is also the builtin exception a Python user expects to catch
(``ValueError`` for bad values, ``OSError`` for files, ``KeyError`` for an
unknown sign id).  ``status`` is the C ``demarc_status`` (an int), ``message``
the library's own text (file, row and field where it names them) and
``index`` the 0-based flat index of the offending point for batch calls
(None otherwise).  All of them pickle (they cross Dask and multiprocessing
boundaries intact).
"""
from __future__ import annotations

from typing import Optional

__all__ = [
    "DemarcError", "ArgumentError", "DemarcMemoryError", "DemarcIOError", "FormatError",
    "RangeError", "NotFoundError", "GeometryError", "EmptyError", "CRSError",
    "InternalError", "CancelledError", "error_class",
]


class DemarcError(Exception):
    """Base of every libdemarc error.

    Attributes: ``status`` (int, a ``demarc_status``), ``message`` (str, the
    library's message), ``index`` (int or None: the flat index of the point
    a batch call stopped at).
    """

    status: int = -1

    def __init__(self, status: int, message: str, index: Optional[int] = None):
        self.status = int(status)
        self.message = str(message)
        self.index = None if index is None else int(index)
        Exception.__init__(self, self.message)

    def __str__(self) -> str:  # KeyError would quote the text; OSError would add errno
        return self.message

    def __reduce__(self):
        return (type(self), (self.status, self.message, self.index))


class ArgumentError(DemarcError, ValueError):
    """DEMARC_ERR_ARG: an invalid argument or option value."""


class DemarcMemoryError(DemarcError, MemoryError):
    """DEMARC_ERR_NOMEM: the library ran out of memory."""


class DemarcIOError(DemarcError, OSError):
    """DEMARC_ERR_IO: a file cannot be opened, read or written."""

    def __init__(self, status: int, message: str, index: Optional[int] = None):
        DemarcError.__init__(self, status, message, index)


class FormatError(DemarcError, ValueError):
    """DEMARC_ERR_FORMAT: malformed content (missing column, bad number)."""


class RangeError(DemarcError, ValueError):
    """DEMARC_ERR_RANGE: a value out of range (NaN, latitude > 90)."""


class NotFoundError(DemarcError, KeyError):
    """DEMARC_ERR_NOT_FOUND: unknown sign id, layer or field."""


class GeometryError(DemarcError, ValueError):
    """DEMARC_ERR_GEOMETRY: invalid geometry (disconnected, self-intersecting)."""


class EmptyError(DemarcError, ValueError):
    """DEMARC_ERR_EMPTY: an empty file, layer or geometry."""


class CRSError(DemarcError, ValueError):
    """DEMARC_ERR_CRS: unknown CRS or a failed transformation."""


class InternalError(DemarcError, RuntimeError):
    """DEMARC_ERR_INTERNAL: a dependency (PROJ, GEOS, GDAL) failed unexpectedly."""


class CancelledError(DemarcError):
    """DEMARC_ERR_CANCELLED: an operation was asked to stop."""


_BY_STATUS = {
    1: ArgumentError, 2: DemarcMemoryError, 3: DemarcIOError, 4: FormatError,
    5: RangeError, 6: NotFoundError, 7: GeometryError, 8: EmptyError, 9: CRSError,
    10: InternalError, 11: CancelledError,
}


def error_class(status: int) -> type:
    """The exception class raised for a ``demarc_status`` value."""
    return _BY_STATUS.get(int(status), DemarcError)
