"""One demarc_ctx per thread and per process, created on first use.

A context holds PROJ and GEOS handles that must not be shared between
threads, and must not be used in a child after fork(): each entry is keyed
by the process id, so a forked child makes fresh contexts and never touches
(nor frees) the ones it inherited.
"""
from __future__ import annotations

import os
import threading
from typing import NoReturn, Optional

from ._demarc_cffi import ffi, lib
from .exceptions import error_class

_local = threading.local()


class _Ctx:
    """Owns one demarc_ctx; frees it only in the process that made it."""

    __slots__ = ("ptr", "pid", "__weakref__")

    def __init__(self) -> None:
        out = ffi.new("demarc_ctx **")
        rc = lib.demarc_ctx_new(out)
        if rc:
            raise error_class(rc)(rc, "cannot create a demarc context: "
                                  + ffi.string(lib.demarc_status_str(rc)).decode())
        self.ptr = out[0]
        self.pid = os.getpid()

    def __del__(self) -> None:
        if self.ptr is not None and self.pid == os.getpid():
            lib.demarc_ctx_free(self.ptr)
        self.ptr = None


def current() -> _Ctx:
    """This thread's context in this process (made on first use)."""
    c: Optional[_Ctx] = getattr(_local, "ctx", None)
    if c is None or c.pid != os.getpid():
        if c is not None:
            c.ptr = None  # inherited across fork: never used nor freed here
        c = _Ctx()
        _local.ctx = c
    return c


def kind_names() -> "tuple[dict, dict]":
    """The library's names of the sign kinds and the segment kinds."""
    return ({k: _str(lib.demarc_sign_kind_name(k)) for k in range(4)},
            {k: _str(lib.demarc_segment_kind_name(k)) for k in range(3)})


def _str(p) -> str:
    return ffi.string(p).decode("utf-8", "replace") if p != ffi.NULL else ""


def raise_for(ctx: _Ctx, rc: int, index: Optional[int] = None, prefix: str = "") -> NoReturn:
    """Raise the exception for status rc with ctx's message."""
    msg = _str(lib.demarc_ctx_errmsg(ctx.ptr)) or _str(lib.demarc_status_str(rc))
    raise error_class(rc)(rc, prefix + msg, index)


def check(ctx: _Ctx, rc: int) -> None:
    """Raise for a non-zero status."""
    if rc:
        raise_for(ctx, rc)
