#!/usr/bin/env bash
# package.sh -- build the Debian package with CPack, install it with apt,
# run the installed command and look for its man page, build the consumer
# example against the installed package, then remove the package again.
# Run by .ci/run as root on Debian 12 (packages: .ci/package.deps); the
# `docs` target (Doxygen, warnings are errors) is built here too.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${DEMARC_PKG_BUILD:-build-deb}

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
      -DDEMARC_BUILD_TESTS=OFF -DDEMARC_BUILD_BINDINGS=OFF -DDEMARC_WERROR=ON
cmake --build "$build" -j"$(nproc)"
(cd "$build" && cpack -G DEB)
deb=$(realpath "$(ls "$build"/demarc_*.deb | head -n 1)")
echo "== $deb"
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"
dpkg-deb --field "$deb" Depends | grep -q libproj || { echo "no libproj dependency" >&2; exit 1; }

if dpkg-query -W -f='${Status}' demarc 2>/dev/null | grep -q " installed$"; then
  echo "demarc is already installed: not touching it" >&2
  exit 1
fi
cleanup() { apt-get purge -y -qq demarc >/dev/null 2>&1 || true; }
trap cleanup EXIT
apt-get install -y -qq "$deb"

echo "== /usr/bin/demarc report"
/usr/bin/demarc --version
rc=0; /usr/bin/demarc report || rc=$?
[ $rc -le 1 ] || { echo "demarc report exited $rc" >&2; exit 1; }
if command -v man >/dev/null 2>&1 && man -w demarc >/dev/null 2>&1; then
  echo "man page: $(man -w demarc)"
else
  ls /usr/share/man/man1/demarc.1* >/dev/null || { echo "no man page installed" >&2; exit 1; }
  echo "man page: $(ls /usr/share/man/man1/demarc.1*)"
fi
pkg-config --modversion demarc
[ "$(pkg-config --variable=prefix demarc)" = /usr ] || { echo "demarc.pc prefix is not /usr" >&2; exit 1; }

echo "== consumer example against the package"
tmp=$(mktemp -d)
cp -r examples/consumer "$tmp/"
cmake -S "$tmp/consumer" -B "$tmp/consumer/build" >/dev/null
cmake --build "$tmp/consumer/build" >/dev/null
"$tmp/consumer/build/consumer"
make -C "$tmp/consumer" >/dev/null
"$tmp/consumer/consumer"
rm -rf "$tmp"

echo "== remove"
apt-get purge -y -qq demarc
trap - EXIT
[ ! -e /usr/bin/demarc ] || { echo "/usr/bin/demarc still there" >&2; exit 1; }
! dpkg-query -W demarc >/dev/null 2>&1 || { echo "demarc still known to dpkg" >&2; exit 1; }

if command -v doxygen >/dev/null 2>&1; then
  echo "== docs (Doxygen, warnings are errors)"
  cmake --build "$build" --target docs
fi
echo "package.sh: OK"
