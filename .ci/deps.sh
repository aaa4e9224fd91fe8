#!/bin/sh
# Debian 12 packages libdemarc needs to build and test itself: the list in
# the README's command 1 (.ci/run checks that the two agree).
DEMARC_BUILD_DEPS="build-essential cmake pkg-config libproj-dev libgeos-dev libgdal-dev check"
DEMARC_TEST_DEPS="geographiclib-tools proj-bin gdal-bin python3 librsvg2-bin libxml2-utils"
