#!/bin/sh
# cli_test.sh -- tests of the `demarc` command (run by ctest as "cli").
#
# usage: sh cli_test.sh DEMARC DATA_DIR [TEST_DATA_DIR [VERSION]]
#   DEMARC         path to the demarc executable
#   DATA_DIR       the repository's data/ (data/kz-uz/border.json etc.)
#   TEST_DATA_DIR  tests/data (GeodSolve references from make_reference.sh)
#   VERSION        DEMARC_VERSION_STRING of include/demarc.h
#
# Exit codes under test: 0 success, 1 a check/report that fails, 2 usage
# error (unknown subcommand, unknown option, unknown sign id).
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 DEMARC DATA_DIR [TEST_DATA_DIR [VERSION]]" >&2
    exit 2
fi
DEMARC=$1
DATA=$2
TDATA=${3:-}
VERSION=${4:-}

pass=0
fail=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
OUT=$WORK/out
ERR=$WORK/err

# run CMD...: stdout to $OUT, stderr to $ERR, status to $rc, never exits.
run() {
    set +e
    "$@" >"$OUT" 2>"$ERR"
    rc=$?
    set -e
    last="$*"
}

ok() {
    pass=$((pass + 1))
    echo "ok   - $1"
}

nok() {
    fail=$((fail + 1))
    echo "FAIL - $1"
    echo "       command: $last (exit $rc)"
    sed -n '1,15s/^/       stdout: /p' "$OUT"
    sed -n '1,15s/^/       stderr: /p' "$ERR"
}

# check DESC TEST...: record TEST's outcome under DESC.
check() {
    desc=$1
    shift
    if "$@"; then ok "$desc"; else nok "$desc"; fi
}

rc_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -q -- "$1" "$OUT"; }
err_has() { grep -q -- "$1" "$ERR"; }
any_has() { grep -q -- "$1" "$OUT" "$ERR"; }
out_empty() { [ ! -s "$OUT" ]; }

# json_num KEY: the number after "KEY": in $OUT (first match), or nothing.
json_num() {
    tr -d '\n' <"$OUT" |
        sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\(-\{0,1\}[0-9][0-9.eE+-]*\).*/\1/p"
}

# near A B TOL: |A - B| <= TOL.
near() {
    [ -n "$1" ] && [ -n "$2" ] &&
        awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'
}

json_valid() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$OUT" 2>/dev/null
    else
        out_has '{'
    fi
}

# ---------------------------------------------------------------- version
run "$DEMARC" --version
check "--version exits 0" rc_is 0
if [ -n "$VERSION" ]; then
    check "--version prints $VERSION" out_has "$VERSION"
else
    check "--version prints a version" grep -Eq '[0-9]+\.[0-9]+\.[0-9]+' "$OUT"
fi

# ---------------------------------------------------------- usage errors
run "$DEMARC" frobnicate
check "unknown subcommand exits 2" rc_is 2
check "unknown subcommand is named on stderr" err_has frobnicate
check "unknown subcommand prints nothing on stdout" out_empty

run "$DEMARC" info --no-such-option
check "unknown option exits 2" rc_is 2
check "unknown option is named on stderr" err_has "no-such-option"

run "$DEMARC" length --no-such-option
check "unknown option of length exits 2" rc_is 2
check "unknown option of length is named on stderr" err_has "no-such-option"

# ------------------------------------------------------------------ info
run "$DEMARC" info
check "info exits 0" rc_is 0
check "info prints something" test -s "$OUT"

run "$DEMARC" info --json
check "info --json exits 0" rc_is 0
check "info --json is JSON" json_valid
for key in signs vertices declared_length_m; do
    check "info --json has \"$key\"" out_has "\"$key\""
done
# data/kz-uz: 1,301 signs (signs.csv), 2,014 vertices (border.geojson),
# declared 2,356,600 m (border.json)
check "info --json: signs = 1301" near "$(json_num signs)" 1301 0
check "info --json: vertices = 2014" near "$(json_num vertices)" 2014 0
check "info --json: declared_length_m = 2356600" near "$(json_num declared_length_m)" 2356600 0

# ---------------------------------------------------------------- length
REF_TOTAL=
if [ -n "$TDATA" ] && [ -r "$TDATA/reference_geodesic.txt" ]; then
    REF_TOTAL=$(awk '$1 == "total" { print $2 }' "$TDATA/reference_geodesic.txt")
fi

run "$DEMARC" length --json
check "length --json exits 0" rc_is 0
check "length --json is JSON" json_valid
check "length --json has \"length_m\"" out_has '"length_m"'
check "length --json has \"declared_length_m\"" out_has '"declared_length_m"'
check "length --json: declared_length_m = 2356600" near "$(json_num declared_length_m)" 2356600 0
if [ -n "$REF_TOTAL" ]; then
    # GeodSolve over all edges (tests/data/reference_geodesic.txt); 1 cm
    # allows for the printed precision
    check "length --json: length_m = GeodSolve total $REF_TOTAL" \
        near "$(json_num length_m)" "$REF_TOTAL" 0.01
fi

run "$DEMARC" length --from 1 --to 2 --json
check "length --from 1 --to 2 --json exits 0" rc_is 0
check "length --from 1 --to 2 --json has \"length_m\"" out_has '"length_m"'
if [ -n "$TDATA" ] && [ -r "$TDATA/reference_signs.txt" ]; then
    # 1 -> 1A -> ... -> 2: every run is straight (one geodesic), so the
    # length is the sum of the GeodSolve runs (reference_signs.txt)
    REF_12=$(awk '/^#/ { next } { if (!on && $2 == "1") on = 1
                 if (on) { if ($4 != "straight") { bad = 1 } s += $6 }
                 if (on && $3 == "2") { done = 1; exit } }
                 END { if (done && !bad) printf "%.6f\n", s }' "$TDATA/reference_signs.txt")
    if [ -n "$REF_12" ]; then
        check "length --from 1 --to 2: length_m = GeodSolve $REF_12" \
            near "$(json_num length_m)" "$REF_12" 0.01
    fi
fi

run "$DEMARC" length --from 1 --to NOPE-9 --json
check "unknown sign id exits 2" rc_is 2
check "unknown sign id is named on stderr" err_has "NOPE-9"

run "$DEMARC" length --from NOPE-8 --to 2
check "unknown --from id exits 2" rc_is 2
check "unknown --from id is named on stderr" err_has "NOPE-8"

# ---------------------------------------------------------------- report
run "$DEMARC" report
check "report exits 0 or 1" test "$rc" -eq 0 -o "$rc" -eq 1
check "report prints a verdict" grep -Eiq 'pass|fail|ok' "$OUT"

# ----------------------------------------------------------------- data
# the data directory given to ctest exists (the CLI reads the embedded copy)
check "data dir has kz-uz/border.json" test -r "$DATA/kz-uz/border.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
