#!/bin/sh
# ctest fixture: install libdemarc into a staging prefix inside the build
# tree, make a venv that sees Debian's packages, and pip-install the
# bindings there offline, exactly as bindings/python/README.md tells a user.
#   ctest_setup.sh CMAKE BUILD_DIR PY_SOURCE_DIR WORK_DIR PYTHON3
set -eu
cmake=$1 build=$2 src=$3 work=$4 python3=$5
stage=$work/stage
rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$stage" > "$work/install.log" 2>&1 ||
    { cat "$work/install.log"; echo "ctest_setup: cmake --install failed" >&2; exit 1; }
pcdir=$(dirname "$(find "$stage" -name demarc.pc | head -n 1)")
[ -f "$pcdir/demarc.pc" ] || { echo "ctest_setup: no demarc.pc under $stage" >&2; exit 1; }
# pip builds in the source folder (build/, *.egg-info): build from a copy so
# that the source tree stays clean
mkdir -p "$work/src"
(cd "$src" && tar cf - --exclude=build --exclude='*.egg-info' --exclude=__pycache__ .) |
    (cd "$work/src" && tar xf -)
# With python3-pip installed, the venv sees Debian's pip through
# --system-site-packages (--without-pip: faster); else ensurepip puts pip in
# from the wheel python3-venv ships (python3-pip-whl).
if "$python3" -c 'import pip' 2>/dev/null; then
    "$python3" -m venv --system-site-packages --without-pip "$work/venv"
else
    "$python3" -m venv --system-site-packages "$work/venv"
fi
PKG_CONFIG_PATH=$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH} \
    "$work/venv/bin/python" -m pip install --no-build-isolation --no-index --no-cache-dir \
    --disable-pip-version-check --quiet "$work/src" > "$work/pip.log" 2>&1 ||
    { cat "$work/pip.log"; echo "ctest_setup: pip install failed" >&2; exit 1; }
cd "$work"
"$work/venv/bin/python" -c 'import demarc, sys; print("demarc", demarc.library_version(),
    "from", demarc.__file__)'
