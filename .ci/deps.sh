#!/bin/sh
# Debian 12 packages libdemarc needs to build and test itself: the list in
# the README's command 1 (.ci/run checks that the two agree).
DEMARC_BUILD_DEPS="build-essential cmake pkg-config libproj-dev libgeos-dev libgdal-dev libjson-c-dev libcairo2-dev check"
DEMARC_TEST_DEPS="geographiclib-tools proj-bin gdal-bin python3 python3-jsonschema librsvg2-bin libxml2-utils poppler-utils file fonts-dejavu-core"
# bindings/postgresql: the server, PGXS headers and PostGIS (demarc_postgis, benchmarks)
DEMARC_PG_DEPS="postgresql-15 postgresql-server-dev-15 postgresql-15-postgis-3"
# bindings/python: Debian's Python stack (no PyPI: venv --system-site-packages)
DEMARC_PY_DEPS="python3-dev python3-venv python3-setuptools python3-wheel python3-cffi python3-numpy python3-pandas python3-geopandas python3-dask python3-distributed python3-pytest"
