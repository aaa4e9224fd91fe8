#!/bin/sh
# check_symbols.sh LIBDEMARC.so SYMBOLS.txt -- the shared library exports
# only demarc_* functions and data, and every name listed in SYMBOLS.txt is
# still exported.  New demarc_* symbols are accepted (printed as additions:
# add them to SYMBOLS.txt, see tests/abi/README.md).
set -eu
lib=$1 list=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Defined dynamic symbols, less the linker's own markers.
nm -D --defined-only "$lib" | awk '{print $NF}' |
    grep -v -E '^(_init|_fini|__bss_start|_edata|_end)$' | sort -u >"$tmp/now"
grep -v -E '^(#|$)' "$list" | sort -u >"$tmp/base"
rc=0
foreign=$(grep -v '^demarc_' "$tmp/now" || true)
if [ -n "$foreign" ]; then
    echo "abi.symbols: exported symbols not named demarc_*:"; echo "$foreign"; rc=1
fi
removed=$(comm -23 "$tmp/base" "$tmp/now")
if [ -n "$removed" ]; then
    echo "abi.symbols: symbols of $list no longer exported (ABI break):"; echo "$removed"; rc=1
fi
added=$(comm -13 "$tmp/base" "$tmp/now")
[ -n "$added" ] && { echo "abi.symbols: new symbols (fine; list them in $list):"; echo "$added"; }
echo "abi.symbols: $(wc -l <"$tmp/now") exported, $(wc -l <"$tmp/base") in the baseline"
exit $rc
