"""numpy arrays as (pointer, byte stride) pairs for the C batch calls.

The batch calls read point k at base + k * stride, as PROJ's
proj_trans_generic does.  An array whose elements lie at one positive,
8-byte-aligned stride in C order (contiguous, a slice a[::3], a column of a
2-D array, a non-contiguous view whose dims nest) is passed as it is.  Only
input the C side cannot read through one stride is copied: a broadcast
dimension (stride 0, which means "packed" to C), a negative stride, an
unaligned or byte-swapped array, or another dtype than float64.
"""
from __future__ import annotations

from typing import Optional, Tuple

import numpy as np

from ._demarc_cffi import ffi

_F8 = np.dtype(np.float64)


def _single_stride(a: np.ndarray) -> Optional[int]:
    """The one byte stride reaching every element of a in C order, or None."""
    if a.size <= 1:
        return a.itemsize
    dims = [(n, s) for n, s in zip(a.shape, a.strides) if n != 1]
    inner_n, stride = dims[-1]
    for (n, s), (n_in, s_in) in zip(dims[:-1], dims[1:]):
        if s != s_in * n_in:
            return None
    if stride <= 0 or stride % a.itemsize:
        return None
    return stride


def strided_input(a: np.ndarray) -> Tuple[np.ndarray, object, int, bool]:
    """(array kept alive, const double * into it, byte stride, copied?)."""
    copied = False
    if a.dtype != _F8:  # other dtype or non-native byte order
        a = a.astype(_F8)
        copied = True
    stride = _single_stride(a)
    addr = a.__array_interface__["data"][0]
    if stride is None or addr % _F8.alignment:
        a = np.array(a, dtype=_F8, order="C", copy=True)  # fresh memory: aligned, packed
        stride, copied = _F8.itemsize, True
        addr = a.__array_interface__["data"][0]
    return a, ffi.cast("const double *", addr), stride, copied


def flat_view(a: np.ndarray) -> np.ndarray:
    """A 1-D view of every element of a in C order (a must have one stride):
    unlike reshape(-1), never a copy, so writes through it reach a."""
    stride = _single_stride(a)
    if stride is None:
        raise ValueError("array has no single stride")
    return np.lib.stride_tricks.as_strided(a, shape=(a.size,), strides=(stride,))


def output_stride(a: np.ndarray) -> Optional[int]:
    """Byte stride at which C may write every element of a, or None."""
    stride = _single_stride(a)
    if stride is None or not a.flags.writeable or \
            a.__array_interface__["data"][0] % a.dtype.alignment:
        return None
    return stride


def location_dtype() -> np.dtype:
    """numpy dtype with the compiler's layout of demarc_location."""
    t = "demarc_location"
    size_t = np.dtype(f"u{ffi.sizeof('size_t')}")
    fields = {
        "party": (np.dtype(np.intc), ffi.offsetof(t, "party")),
        "party_code": (np.dtype(np.uintp), ffi.offsetof(t, "party_code")),
        "on_border": (np.dtype(np.intc), ffi.offsetof(t, "on_border")),
        "distance_m": (_F8, ffi.offsetof(t, "distance_m")),
        "foot_lon": (_F8, ffi.offsetof(t, "foot_lon")),
        "foot_lat": (_F8, ffi.offsetof(t, "foot_lat")),
        "chainage_m": (_F8, ffi.offsetof(t, "chainage_m")),
        "edge": (size_t, ffi.offsetof(t, "edge")),
        "nearest_sign": (size_t, ffi.offsetof(t, "nearest_sign")),
        "nearest_sign_m": (_F8, ffi.offsetof(t, "nearest_sign_m")),
    }
    return np.dtype({"names": list(fields), "formats": [f[0] for f in fields.values()],
                     "offsets": [f[1] for f in fields.values()],
                     "itemsize": ffi.sizeof(t)}, align=True)
