#!/bin/sh
# Debian 12 packages libdemarc needs to build, test and check itself.
# Sourced by .ci/run; the README's first command installs the same list.
DEMARC_BUILD_DEPS="build-essential cmake pkg-config libproj-dev libgeos-dev libgdal-dev check"
DEMARC_TEST_DEPS="geographiclib-tools proj-bin gdal-bin python3"
