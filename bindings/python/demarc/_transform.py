"""Transform: one PROJ operation chosen for the whole border area."""
from __future__ import annotations

import os
import threading
from typing import Any, Optional, Tuple

import numpy as np

from . import _context
from ._context import _str, check, raise_for
from ._demarc_cffi import ffi, lib


def transform_options(operation: Optional[str], keep: list):
    """A demarc_transform_options (NULL when all defaults); keep holds the C strings."""
    if operation is None:
        return ffi.NULL
    o = ffi.new("demarc_transform_options *")
    o.version = lib.DEMARC_TRANSFORM_OPTIONS_VERSION
    s = ffi.new("char[]", operation.encode())
    keep.append(s)
    o.operation = s
    keep.append(o)
    return o


class Transform:
    """A transformation between two CRSs (EPSG code, WKT, PROJJSON or PROJ
    string), using ONE operation for every point, chosen for the border area
    (demarc_transform_new): SK-42 -> WGS 84 is EPSG:15865 (4.5 m).

    Geographic CRSs take and give longitude first, degrees; projected ones
    easting first, in their units (metres).  operation forces one
    ("EPSG:15865" or a PROJ pipeline).  Thread-safe from the Python side:
    each thread uses its own C transformation on its own context.  Pickles
    as (from_crs, to_crs, operation).
    """

    def __init__(self, from_crs: str, to_crs: str, operation: Optional[str] = None):
        self.from_crs, self.to_crs, self.operation = str(from_crs), str(to_crs), operation
        self._local = threading.local()
        self._get()  # fail now, with PROJ's reason, for a CRS that does not resolve

    def __reduce__(self):
        return (Transform, (self.from_crs, self.to_crs, self.operation))

    def __repr__(self) -> str:
        return f"<demarc.Transform {self.from_crs} -> {self.to_crs}: {self.operation_name}>"

    def _get(self) -> Tuple[Any, Any]:
        ctx = _context.current()
        held = getattr(self._local, "held", None)
        if held is None or held[0] is not ctx or held[2] != os.getpid():
            out = ffi.new("demarc_transform **")
            keep: list = []
            opts = transform_options(self.operation, keep)
            check(ctx, lib.demarc_transform_new(ctx.ptr, out, self.from_crs.encode(),
                                                self.to_crs.encode(), opts))
            # the transform holds ctx's PROJ objects: free it while ctx lives
            ptr = ffi.gc(out[0], lib.demarc_transform_free)
            held = (ctx, ptr, os.getpid())
            self._local.held = held
        return held[0], held[1]

    @property
    def operation_name(self) -> str:
        """Name of the operation used, e.g. 'Pulkovo 1942 to WGS 84 (16)'."""
        return self._op()[0]

    @property
    def operation_code(self) -> str:
        """Its code ('EPSG:15865'), '' when it has none."""
        return self._op()[1]

    @property
    def accuracy_m(self) -> Optional[float]:
        """Its accuracy in metres, None when unknown."""
        a = self._op()[2]
        return None if a < 0 else a

    def _op(self):
        _, t = self._get()
        name, code, acc = ffi.new("const char **"), ffi.new("const char **"), ffi.new("double *")
        lib.demarc_transform_operation(t, name, code, acc)
        return _str(name[0]), _str(code[0]), acc[0]

    def __call__(self, x: Any, y: Any, z: Any = None):
        """Transform points: returns new float64 arrays (x, y) or (x, y, z)
        of the broadcast shape.  A point that fails raises CRSError (a
        ValueError) with the library's message and .index (flat index)."""
        arrs = [np.asarray(v, dtype=np.float64) for v in ((x, y) if z is None else (x, y, z))]
        outs = [np.array(a, dtype=np.float64, order="C", copy=True)
                for a in np.broadcast_arrays(*arrs)]
        ctx, t = self._get()
        n = outs[0].size
        if n == 0:
            return tuple(outs)
        ptrs = [ffi.cast("double *", a.__array_interface__["data"][0]) for a in outs]
        zp = ptrs[2] if z is not None else ffi.NULL
        rc = lib.demarc_transform_apply(ctx.ptr, t, n, ptrs[0], 8, ptrs[1], 8, zp, 8)
        if rc:
            bad = np.flatnonzero(outs[0].reshape(-1) == np.inf)  # HUGE_VAL from k on
            raise_for(ctx, rc, index=int(bad[0]) if bad.size else None)
        return tuple(outs)
