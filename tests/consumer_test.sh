#!/bin/sh
# consumer_test.sh BUILD_DIR SOURCE_DIR
# Installs the build into a temporary prefix with `cmake --install` and builds
# examples/consumer against the INSTALLED tree twice -- with find_package
# (CMAKE_PREFIX_PATH) and with pkg-config (PKG_CONFIG_PATH) -- then runs both
# programs.  Expected output: the embedded line's length, 2,360,691.042 m,
# from GeographicLib (also the figure in data/kz-uz/PROVENANCE.md):
#   python3 -c "import json;c=json.load(open('data/kz-uz/border.geojson'))\
#     ['features'][0]['geometry']['coordinates'];[print(a[1],a[0],b[1],b[0])\
#     for a,b in zip(c,c[1:])]" | GeodSolve -i -p 6 | awk '{s+=$3} END{printf "%.3f\n",s}'
set -eu
build=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; fail "cmake --install"; }
[ -f "$prefix/include/demarc.h" ] || fail "no include/demarc.h installed"
pc=$(find "$prefix" -name demarc.pc | head -n 1)
[ -n "$pc" ] || fail "no demarc.pc installed"
grep -qx "prefix=$prefix" "$pc" || fail "demarc.pc: prefix is not $prefix: $(grep ^prefix= "$pc")"
cfg=$(find "$prefix" -name demarcConfig.cmake | head -n 1)
[ -n "$cfg" ] || fail "no demarcConfig.cmake installed"
[ -f "$(dirname "$cfg")/demarcConfigVersion.cmake" ] || fail "no demarcConfigVersion.cmake"
echo "installed into $prefix"

expect="2360691.042 m"
check_output() { # label program
  out=$("$2") || fail "$1: the consumer exited $?"
  echo "$1: $out"
  case $out in
    *"kz-uz, 2014 vertices, $expect"*) ;;
    *) fail "$1: expected 'kz-uz, 2014 vertices, $expect'" ;;
  esac
}

# Build the consumer from a copy of its sources, so nothing from the source
# tree (include/, lib/) can leak in.
cp -r "$src/examples/consumer" "$tmp/consumer"

# 1. find_package(demarc) through CMAKE_PREFIX_PATH, shared and static.
for kind in shared static; do
  st=OFF; [ $kind = static ] && st=ON
  cmake -S "$tmp/consumer" -B "$tmp/cmake-$kind" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCONSUMER_STATIC=$st >"$tmp/cmake-$kind.log" 2>&1 ||
    { cat "$tmp/cmake-$kind.log"; fail "find_package ($kind): configure"; }
  cmake --build "$tmp/cmake-$kind" >>"$tmp/cmake-$kind.log" 2>&1 ||
    { cat "$tmp/cmake-$kind.log"; fail "find_package ($kind): build"; }
  check_output "find_package ($kind)" "$tmp/cmake-$kind/consumer"
done
# The shared consumer must use the installed library, not the build tree's.
if command -v ldd >/dev/null 2>&1; then
  ldd "$tmp/cmake-shared/consumer" | grep -q "$prefix/lib.*libdemarc.so" ||
    fail "find_package: consumer does not load libdemarc from $prefix: $(ldd "$tmp/cmake-shared/consumer" | grep demarc)"
fi

# 2. pkg-config through PKG_CONFIG_PATH.
PKG_CONFIG_PATH=$(dirname "$pc") make -C "$tmp/consumer" >"$tmp/make.log" 2>&1 ||
  { cat "$tmp/make.log"; fail "pkg-config: make"; }
check_output "pkg-config" "$tmp/consumer/consumer"
if command -v ldd >/dev/null 2>&1; then
  ldd "$tmp/consumer/consumer" | grep -q "$prefix/lib.*libdemarc.so" ||
    fail "pkg-config: consumer does not load libdemarc from $prefix"
fi

# 3. The installed command runs from the prefix.
"$prefix/bin/demarc" --version | grep -q "^demarc " || fail "installed demarc --version"
echo "PASS"
