"""The cffi extension (API mode) is built by demarc/_build_ffi.py; all
other metadata is in pyproject.toml."""
from setuptools import setup

setup(cffi_modules=["demarc/_build_ffi.py:ffibuilder"])
