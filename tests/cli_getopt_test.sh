#!/bin/sh
# cli_getopt_test.sh -- the demarc command's options as getopt_long reads
# them (issue 19): --opt=VALUE is --opt VALUE, "--" ends the options, -h
# and --help on every subcommand, negative numbers as arguments, numbers
# decimal only and whole, usage errors that name the option (exit 2).
#
# usage: sh cli_getopt_test.sh DEMARC DATA_DIR
set -eu

DEMARC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=$(cd "$2" && pwd)
pass=0
fail=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
OUT=$WORK/out
ERR=$WORK/err
cd "$WORK"

run() {
    set +e
    "$@" >"$OUT" 2>"$ERR"
    rc=$?
    set -e
    last="$*"
}
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
nok() {
    fail=$((fail + 1))
    echo "FAIL - $1"
    echo "       command: $last (exit $rc)"
    sed -n '1,8s/^/       stdout: /p' "$OUT"
    sed -n '1,8s/^/       stderr: /p' "$ERR"
}
check() {
    desc=$1
    shift
    if "$@"; then ok "$desc"; else nok "$desc"; fi
}
rc_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -q -- "$1" "$OUT"; }
# json_is FILE KEY.PATH VALUE: the JSON member equals VALUE (numbers compared
# as numbers), whatever the layout of the text.
json_is() {
  /usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d[k]
v = sys.argv[3]
sys.exit(0 if (float(v) == d if isinstance(d, (int, float)) else v == str(d)) else 1)' "$@"
}
err_has() { grep -qF -- "$1" "$ERR"; }
# same A B: the outputs of two runs saved as $WORK/A and $WORK/B are equal
same() { cmp -s "$WORK/$1" "$WORK/$2"; }

COMMANDS="report info length validate inspect locate project zones export render"

# ------------------------------------------------------------ -h, --help
for cmd in $COMMANDS; do
    for h in -h --help; do
        run "$DEMARC" "$cmd" "$h"
        check "$cmd $h exits 0" rc_is 0
        check "$cmd $h prints the usage of $cmd" out_has "^usage: demarc $cmd"
    done
    run "$DEMARC" help "$cmd"
    check "help $cmd exits 0, prints its usage" \
        sh -c "[ $rc -eq 0 ] && grep -q '^usage: demarc $cmd' '$OUT'"
    # -h is an option wherever it stands, and the output of -h and --help agree
    "$DEMARC" "$cmd" -h >"$WORK/h1" 2>&1 || true
    "$DEMARC" "$cmd" --help >"$WORK/h2" 2>&1 || true
    check "$cmd: -h prints what --help prints" same h1 h2
done
for h in -h --help help; do
    run "$DEMARC" $h
    check "demarc $h exits 0 with the command list" \
        sh -c "[ $rc -eq 0 ] && grep -q 'commands:' '$OUT'"
done

# ------------------------------------------------- --opt=VALUE, --opt VALUE
# run2 NAME ARGS...: run, keep stdout as $WORK/NAME, and record its status.
run2() {
    name=$1
    shift
    run "$DEMARC" "$@"
    cp "$OUT" "$WORK/$name"
    eval "rc_$name=$rc"
}
run2 a info --json --border "$DATA/kz-uz"
run2 b info --json --border="$DATA/kz-uz"
check "info --border DIR exits 0" test "$rc_a" -eq 0
check "info --border=DIR exits 0" test "$rc_b" -eq 0
check "info --border=DIR prints what --border DIR prints" same a b
check "info --border=DIR reads DIR (signs 1301)" grep -q '"signs": 1301' "$WORK/b"

run2 a length --from 1 --to 25C --edges rhumb
run2 b length --from=1 --to=25C --edges=rhumb
check "length --from=1 --to=25C --edges=rhumb exits 0" test "$rc_b" -eq 0
check "length --opt=VALUE prints what --opt VALUE prints" same a b
check "length --edges=rhumb: rhumb edges" grep -q "rhumb" "$WORK/b"

run2 a locate 64 42 --tolerance 5 --json
run2 b locate 64 42 --tolerance=5 --json
run2 c locate 64 42 --tol=5 --json
check "locate --tolerance=5 exits 0" test "$rc_b" -eq 0
check "locate --tolerance=5 prints what --tolerance 5 prints" same a b
check "locate --tol=5 (an abbreviation) is --tolerance 5" same a c

run2 a report --tolerance 0.01 --json
run2 b report --tolerance=0.01 --json
check "report --tolerance=0.01 prints what --tolerance 0.01 prints" same a b
check "report --tolerance=0.01: tolerance_rel 0.01" json_is "$WORK/b" tolerance_rel 0.01

printf '64 42\n' >"$WORK/p.txt"
run2 a project --to EPSG:32641 --from EPSG:4326 p.txt
run2 b project --to=EPSG:32641 --from=EPSG:4326 p.txt
check "project --to=CRS exits 0" test "$rc_b" -eq 0
check "project --to=CRS prints what --to CRS prints" same a b

run2 a export a.gpkg --densify 1 --json
run2 b export b.gpkg --densify=1 --json
check "export --densify=1 exits 0" test "$rc_b" -eq 0
check "export --densify=1 writes b.gpkg" test -s "$WORK/b.gpkg"
sed 's/[ab]\.gpkg//' "$WORK/a" >"$WORK/a2"
sed 's/[ab]\.gpkg//' "$WORK/b" >"$WORK/b2"
check "export --densify=1 prints what --densify 1 prints" same a2 b2

run "$DEMARC" locate 64 42 -o
check "locate -o without a value exits 2" rc_is 2
check "locate -o without a value names -o" err_has "-o needs a value"

# ------------------------------------------------------------------- --
run2 a locate --json -- 64 42
run2 b locate --json 64 42
check "locate --json -- 64 42 exits 0" test "$rc_a" -eq 0
check "locate -- LON LAT prints what LON LAT prints" same a b
run "$DEMARC" info -- --json
check "info -- --json: after --, --json is an argument (exit 2)" rc_is 2
check "info -- --json: names the argument" err_has "unexpected argument '--json'"
run "$DEMARC" zones -- 64 42 --json
check "zones -- 64 42 --json: --json after -- is an argument (exit 2)" rc_is 2
echo "64,42" >"$WORK/stdin.csv"
run "$DEMARC" locate -- - <"$WORK/stdin.csv"
check "locate -- -: '-' after -- is still standard input" rc_is 0
check "locate -- -: a CSV row" out_has "^64,42,"

# ----------------------------------------------------- negative numbers
# A longitude west of Greenwich, a latitude south of the equator: arguments,
# not options.  UTM zone = floor((lon + 180) / 6) + 1: -69.2 -> 19, 64 -> 41.
run "$DEMARC" zones -69.2 41.3 --json
check "zones -69.2 41.3 exits 0" rc_is 0
check "zones -69.2 41.3: lon -69.2" json_is "$OUT" lon -69.2
check "zones -69.2 41.3: UTM zone 19" json_is "$OUT" utm.zone 19
run "$DEMARC" zones 64 -42 --json
check "zones 64 -42 exits 0" rc_is 0
check "zones 64 -42: UTM zone 41" json_is "$OUT" utm.zone 41
check "zones 64 -42: south" json_is "$OUT" utm.hemisphere S
run "$DEMARC" zones --json -.5 -0.25
check "zones --json -.5 -0.25 exits 0" rc_is 0
check "zones -.5 -0.25: UTM zone 30" json_is "$OUT" utm.zone 30
run "$DEMARC" locate -69.2 41.3
check "locate -69.2 41.3 exits 0" rc_is 0
check "locate -69.2 41.3: the point as given" out_has "^-69.2 41.3: in neither"
run "$DEMARC" locate --tolerance -1 64 42
check "locate --tolerance -1: a value, refused (exit 2)" rc_is 2
check "locate --tolerance -1: names --tolerance" err_has "--tolerance: '-1'"
POSIXLY_CORRECT=1 "$DEMARC" zones 64 42 --json >"$WORK/a" 2>&1
check "POSIXLY_CORRECT: options after arguments still read" grep -q '"utm"' "$WORK/a"

# ------------------------------------------------------- strict numbers
# num_refused DESC NAME ARGS...: exit 2, the name on stderr, nothing written.
num_refused() {
    desc=$1 name=$2
    shift 2
    run "$DEMARC" "$@"
    check "$desc exits 2" rc_is 2
    check "$desc names $name" err_has "$name"
}
for v in 0x45 1e 12abc "" inf nan " 5" 1,5 0x1p-3; do
    num_refused "report --tolerance '$v'" "--tolerance: '$v'" report --tolerance "$v"
    num_refused "report --tolerance='$v'" "--tolerance: '$v'" report "--tolerance=$v"
    num_refused "validate --tolerance '$v'" "--tolerance: '$v'" validate --tolerance "$v"
    num_refused "inspect --tolerance '$v'" "--tolerance: '$v'" inspect x.csv --tolerance "$v"
    num_refused "locate --tolerance '$v'" "--tolerance: '$v'" locate 64 42 --tolerance "$v"
    num_refused "export --densify '$v'" "--densify '$v'" export n.gpkg --densify "$v"
    num_refused "render --width '$v'" "--width: '$v'" render n.svg --width "$v"
    num_refused "zones LON '$v'" "'$v' is not a number" zones "$v" 42
    num_refused "locate LON LAT with LAT '$v'" "latitude '$v'" locate 64 "$v"
done
check "no file written by a refused number" test ! -e n.gpkg -a ! -e n.svg
num_refused "render --width 1200.5" "--width: '1200.5'" render n.svg --width 1200.5
# 0x45 is not 69: in the data read on stdin and by project either
printf 'lon,lat\n0x45,41\n' >"$WORK/hex.csv"
run "$DEMARC" locate - <"$WORK/hex.csv"
check "locate -: a row 0x45,41 exits 2" rc_is 2
check "locate -: names line 2" err_has "line 2"
printf '0x45 41\n' >"$WORK/hex.txt"
run "$DEMARC" project --to EPSG:32641 hex.txt
check "project: a line '0x45 41' exits 2" rc_is 2
check "project: names line 1" err_has "line 1"
run "$DEMARC" project --to EPSG:32641 - <"$WORK/p.txt"
check "project: decimal input still read" sh -c "[ $rc -eq 0 ] && grep -q '^[0-9]' '$OUT'"
run "$DEMARC" inspect x.csv --section 0x10m..20km
check "inspect --section 0x10m..20km: not a chainage, refused (exit 2)" rc_is 2
# still accepted: a sign, an exponent, a leading +
run2 a zones +64 4.2e1 --json
run2 b zones 64 42 --json
check "zones +64 4.2e1 is zones 64 42" same a b

# --------------------------------------------------------- usage errors
run "$DEMARC" info --border
check "info --border (no value) exits 2" rc_is 2
check "info --border: says it needs a value" err_has "--border needs a value"
run "$DEMARC" info --json=yes
check "info --json=yes exits 2" rc_is 2
check "info --json=yes: says --json takes no value" err_has "--json takes no value"
run "$DEMARC" locate 64 42 --fo
check "locate --fo (--format or --force) exits 2" rc_is 2
check "locate --fo: says it is ambiguous" err_has "option '--fo' is ambiguous"
run "$DEMARC" info --no-such-option=3
check "info --no-such-option=3 exits 2" rc_is 2
check "info --no-such-option=3: names it" err_has "unknown option '--no-such-option'"
run "$DEMARC" info -x
check "info -x exits 2, names -x" sh -c "[ $rc -eq 2 ] && grep -qF \"unknown option '-x'\" '$ERR'"
run "$DEMARC" length -hx
check "length -hx: -h first, help (exit 0)" rc_is 0
run "$DEMARC" length -xh
check "length -xh: -x first, exit 2 naming -x" sh -c "[ $rc -eq 2 ] && grep -qF \"'-x'\" '$ERR'"
run "$DEMARC" --no-such
check "demarc --no-such exits 2, names it" sh -c "[ $rc -eq 2 ] && grep -qF \"'--no-such'\" '$ERR'"
run "$DEMARC" --version
check "demarc --version exits 0" rc_is 0
run "$DEMARC" info --edges=curvy
check "info --edges=curvy exits 2, names --edges" \
    sh -c "[ $rc -eq 2 ] && grep -qF -- \"--edges: 'curvy'\" '$ERR'"

echo "cli_getopt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
