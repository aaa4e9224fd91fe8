#!/bin/sh
# readme_test.sh SOURCE_DIR LIBDIR -- the README's C tour compiles as
# written (C99, -Wall -Wextra -Werror) against the built library and runs:
# the first ```c block is the program, the second a fragment placed before
# its demarc_border_free().  Expected figures: the GeodSolve total of
# tests/data/reference_geodesic.txt and Tashkent in UZ (published position).
set -eu
src=$1
libdir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$src/README.md" "$tmp/tour.c" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```c\n(.*?)```", s, re.S)
assert len(blocks) >= 2, "README: expected two ```c blocks"
main, frag = blocks[0], blocks[1]
anchor = "    demarc_border_free(border);"
assert anchor in main, "README: the tour no longer frees the border"
prog = main.replace(anchor, "    " + frag.replace("\n", "\n    ") + "\n" + anchor)
open(sys.argv[2], "w").write(prog)
PY
cc -std=c99 -Wall -Wextra -Werror -I "$src/include" "$tmp/tour.c" -L "$libdir" -ldemarc \
   -Wl,-rpath,"$libdir" -o "$tmp/tour"
"$tmp/tour" >"$tmp/out"
cat "$tmp/out"
grep -q '^2360.691 km' "$tmp/out" || { echo "FAIL: length line"; exit 1; }
grep -q '^UZ, ' "$tmp/out" || { echo "FAIL: Tashkent is not in UZ"; exit 1; }
echo "readme: 1 passed, 0 failed"
