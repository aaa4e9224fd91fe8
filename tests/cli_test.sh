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

# ------------------------------------------------------------- project
# expected: `echo "41 63" | cs2cs EPSG:4326 EPSG:32641 -f %.4f`
#           -> 500000.0000 4538757.0619
printf '63 41\n' >"$WORK/pt.txt"
run "$DEMARC" project --to EPSG:32641 "$WORK/pt.txt"
check "project exits 0" rc_is 0
check "project 63 41 -> UTM 41N = cs2cs" grep -q '^500000\.0000 4538757\.0619' "$OUT"
printf '63 41\n63 95\n' >"$WORK/pt_bad.txt"
run "$DEMARC" project --to EPSG:32641 "$WORK/pt_bad.txt"
check "project: latitude 95 exits 2" rc_is 2
check "project: latitude 95 names line 2" err_has "line 2"
# each field one whole decimal number: '1.5.5' is not 1.5 and .5, '63-41'
# not 63 and -41 (the splitter of `locate -`; the old one read both)
for bad in '1.5.5 41' '63-41' '63,,41'; do
    printf '%s\n' "$bad" >"$WORK/pt_glued.txt"
    run "$DEMARC" project --to EPSG:32641 "$WORK/pt_glued.txt"
    check "project: '$bad' exits 2" rc_is 2
    check "project: '$bad' names line 1" err_has "line 1: '$bad' is not"
done
printf '"63","41"\n63, 41 ,100\n' >"$WORK/pt_q.txt"
run "$DEMARC" project --to EPSG:32641 "$WORK/pt_q.txt"
check "project: quoted and blank-padded comma fields read" \
    test "$(cut -c1-24 "$OUT" | tr '\n' ' ')" = "500000.0000,4538757.0619 500000.0000,4538757.0619 "
run "$DEMARC" project --to EPSG:999999 "$WORK/pt.txt"
check "project: unknown CRS exits 2" rc_is 2
check "project: unknown CRS is named" err_has "EPSG:999999"

# --------------------------------------------------------------- zones
# UTM zone = floor((lon + 180) / 6) + 1 = 41 at 63E (EPSG:32600 + zone in
# the north); 6-degree Gauss-Kruger zone = floor(lon / 6) + 1 = 11
# (SK-42 GK: EPSG:28400 + zone)
run "$DEMARC" zones 63.5 41 --json
check "zones --json exits 0" rc_is 0
check "zones --json is JSON" json_valid
check "zones: UTM EPSG:32641" out_has '"EPSG:32641"'
check "zones: GK EPSG:28411" out_has '"EPSG:28411"'

# -------------------------------------------------------------- locate
# Tashkent 69.2401E 41.2995N is in Uzbekistan, Almaty 76.8512E 43.2220N in
# Kazakhstan, Moscow 37.6173E 55.7558N in neither (published positions).
run "$DEMARC" locate 69.2401 41.2995 --json
check "locate Tashkent exits 0" rc_is 0
check "locate --json is JSON" json_valid
check "locate Tashkent: UZ" out_has '"party": "UZ"'
run "$DEMARC" locate 76.8512 43.2220 --json
check "locate Almaty: KZ" out_has '"party": "KZ"'
run "$DEMARC" locate 37.6173 55.7558 --json
check "locate Moscow: neither" out_has '"party": null'
# the western tripoint is the line's first vertex (data/kz-uz/border.geojson)
run "$DEMARC" locate 56.00179 41.32428 --json
check "locate tripoint: on the border" out_has '"on_border": true'
check "locate tripoint: distance 0" near "$(json_num distance_m)" 0 0.001
printf 'lon,lat\n69.2401,41.2995\n76.8512,43.2220\n1,2,3\n37.6,55.7\n' >"$WORK/pts.csv"
run "$DEMARC" locate - <"$WORK/pts.csv"
check "locate -: malformed line exits 2" rc_is 2
check "locate -: names line 4" err_has "line 4"
check "locate -: rows before it are written" test "$(grep -c ',UZ,\|,KZ,' "$OUT")" -eq 2
printf '69.2401,41.2995\n76.8512,43.2220\n' >"$WORK/pts_ok.csv"
run "$DEMARC" locate - <"$WORK/pts_ok.csv"
check "locate - exits 0" rc_is 0
check "locate -: CSV header" \
    grep -q '^lon,lat,party,on_border,distance_m,chainage_m,nearest_sign$' "$OUT"
# what project reads: a BOM, '#' comments, blank lines, blanks or commas,
# quoted fields, a header naming the columns in any order; the id and the
# name are carried through, as written
printf '\357\273\277# points\n\nid,name,lat,lon\n7,"Tashkent, UZ",41.2995,69.2401\n' \
    >"$WORK/pts_id.csv"
printf '8,"Almaty ""KZ""",43.2220, 76.8512 \n' >>"$WORK/pts_id.csv"
run "$DEMARC" locate - <"$WORK/pts_id.csv"
check "locate - with BOM, comment, header, quotes exits 0" rc_is 0
check "locate -: input columns first in the header" \
    grep -q '^id,name,lat,lon,party,on_border,distance_m,chainage_m,nearest_sign$' "$OUT"
check "locate -: id and quoted name carried (Tashkent: UZ)" \
    grep -q '^7,"Tashkent, UZ",41.2995,69.2401,UZ,0,' "$OUT"
check "locate -: doubled quotes kept (Almaty: KZ)" \
    grep -q '^8,"Almaty ""KZ""",43.2220,76.8512,KZ,0,' "$OUT"
if command -v /usr/bin/python3 >/dev/null 2>&1; then
    check "locate - output reads back with pandas/csv: 2 rows, id 7 and 8" \
        /usr/bin/python3 -c 'import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))
assert [x["id"] for x in r] == ["7", "8"] and r[0]["name"] == "Tashkent, UZ", r
assert r[1]["name"] == "Almaty \"KZ\"" and r[0]["on_border"] == "0"' "$OUT"
fi
printf '69.2401 41.2995 Tashkent\n76.8512\t43.2220 Almaty\n' >"$WORK/pts_sp.txt"
run "$DEMARC" locate - <"$WORK/pts_sp.txt"
check "locate - with blank-separated fields exits 0" rc_is 0
check "locate -: extra column named field_3" grep -q '^lon,lat,field_3,party,' "$OUT"
check "locate -: Almaty carried (KZ)" grep -q '^76.8512,43.2220,Almaty,KZ,0,' "$OUT"
run "$DEMARC" locate - --format geojson <"$WORK/pts_id.csv"
check "locate - --format geojson with ids is JSON" json_valid
check "locate - --format geojson carries the id" out_has '"id":"7"'
printf 'lon,lat,name\n69.2401,41.2995,bad\377\n' >"$WORK/pts_bad.csv"
run "$DEMARC" locate - --format geojson <"$WORK/pts_bad.csv"
check "locate -: a field that is not UTF-8 exits 2" rc_is 2
check "locate -: names line 2 and field 3" err_has "line 2: field 3: invalid UTF-8"
# a quoted line break (RFC 4180, 2.6) is part of the field (CRLF or LF
# inside it read as LF), carried quoted in CSV and escaped in GeoJSON, as
# Python's csv module reads them; later lines keep their numbers
printf 'lon,lat,name\r\n69.2401,41.2995,"open\r\n""mid""\nclose"\r\n76.8512,43.2220,x\r\n' \
    >"$WORK/pts_q.csv"
printf '76.8512,43.2220,"bad\001"\n' >>"$WORK/pts_q.csv"
run "$DEMARC" locate - <"$WORK/pts_q.csv"
check "locate -: a control character after a quoted line break exits 2" rc_is 2
check "locate -: names line 6, counting the lines inside quotes" err_has "line 6: field 3: control character U+0001"
if command -v /usr/bin/python3 >/dev/null 2>&1; then
    check "locate -: a quoted line break reads back with Python's csv: 2 rows" \
        /usr/bin/python3 -c 'import csv, sys
r = list(csv.DictReader(open(sys.argv[1], newline="")))
assert [x["name"] for x in r] == ["open\n\"mid\"\nclose", "x"], r
assert [x["party"] for x in r] == ["UZ", "KZ"], r' "$OUT"
    sed -i '$d' "$WORK/pts_q.csv"
    run "$DEMARC" locate - --format geojson <"$WORK/pts_q.csv"
    check "locate - --format geojson: the line breaks escaped, read by json" \
        /usr/bin/python3 -c 'import json, sys
f = json.load(open(sys.argv[1]))["features"]
assert [x["properties"]["name"] for x in f] == ["open\n\"mid\"\nclose", "x"], f' "$OUT"
fi
printf 'lon,lat,name\n69.2401,41.2995,"open\n76.8512,43.2220,x\n' >"$WORK/pts_q1.csv"
run "$DEMARC" locate - <"$WORK/pts_q1.csv"
check "locate -: a quote left open to the end of the input exits 2" rc_is 2
check "locate -: names line 2" err_has "line 2: a quote not closed by the end of the input"
{ printf 'lon,lat,name\n69.2401,41.2995,x\n69.2401,41.2995,"open\n'
  i=0; while [ $i -lt 300 ]; do echo "a line of twenty chars"; i=$((i + 1)); done; } \
    >"$WORK/pts_q3.csv"
run "$DEMARC" locate - <"$WORK/pts_q3.csv"
check "locate -: a quote left open over 4096 characters exits 2" rc_is 2
check "locate -: names line 3, the record too long" err_has "line 3: a record longer than 4096"
check "locate -: the row before it is written" out_has '^69.2401,41.2995,x,UZ,'
printf 'lon,lat,name\n69.2401,41.2995,"a"b\n' >"$WORK/pts_q2.csv"
run "$DEMARC" locate - <"$WORK/pts_q2.csv"
check "locate -: text after a closing quote exits 2, named" err_has "line 2: a quote not closed, or text after one"
printf 'lon,lat,name\n69.2401,41.2995,"C:\\"\n' >"$WORK/pts_bs.csv"
run "$DEMARC" locate - <"$WORK/pts_bs.csv"
check "locate -: a backslash before a quote is no escape (RFC 4180)" out_has ',C:[\],UZ,'

# the party rule on the line: both tripoints (the line's first and last
# vertices, data/kz-uz/border.geojson) and vertex 501 go to the left party
printf '56.00179,41.32428\n68.72651,40.96994\n70.9433,42.26347\n' >"$WORK/on_line.csv"
run "$DEMARC" locate - <"$WORK/on_line.csv"
check "locate -: the 3 points on the line are KZ, on_border 1" \
    test "$(grep -c ',KZ,1,0.000,' "$OUT")" -eq 3
run "$DEMARC" locate - --format geojson <"$WORK/on_line.csv"
check "locate - geojson: the 3 points on the line are KZ" \
    test "$(grep -o '"party":"KZ","on_border":true' "$OUT" | wc -l)" -eq 3
for p in "56.00179 41.32428" "68.72651 40.96994" "70.9433 42.26347"; do
    # shellcheck disable=SC2086
    run "$DEMARC" locate $p --json
    check "locate $p --json: KZ on the border" out_has '"party": "KZ"'
done
run "$DEMARC" locate - --format geojson <"$WORK/pts_ok.csv"
check "locate - --format geojson is JSON" json_valid
check "locate - --format geojson has 2 features" test "$(grep -o '"Feature"' "$OUT" | wc -l)" -eq 2

# locate FILE: any GDAL point layer, written back as a copy with the fields
if command -v ogr2ogr >/dev/null 2>&1; then
    printf 'id,lon,lat\nTashkent,69.2401,41.2995\nAlmaty,76.8512,43.2220\n' >"$WORK/cities.csv"
    # in UTM 42N (the layer's CRS is reprojected by ogr2ogr, i.e. PROJ)
    ogr2ogr -f GeoJSON "$WORK/cities.geojson" "$WORK/cities.csv" -oo X_POSSIBLE_NAMES=lon \
        -oo Y_POSSIBLE_NAMES=lat -s_srs EPSG:4326 -t_srs EPSG:32642 2>/dev/null
    run "$DEMARC" locate "$WORK/cities.geojson" -o "$WORK/located.gpkg"
    check "locate FILE -o OUT.gpkg exits 0" rc_is 0
    run ogrinfo -al -q "$WORK/located.gpkg"
    check "locate FILE: ogrinfo reads 2 features" test "$(grep -c 'OGRFeature' "$OUT")" -eq 2
    check "locate FILE: the id is carried (Tashkent)" out_has "id (String) = Tashkent"
    check "locate FILE: Tashkent in UZ, Almaty in KZ" \
        sh -c "grep -q 'party (String) = UZ' '$OUT' && grep -q 'party (String) = KZ' '$OUT'"
    check "locate FILE: on_border field" out_has "on_border (Integer) = 0"
    run "$DEMARC" locate "$WORK/cities.geojson" -o "$WORK/located.gpkg"
    check "locate FILE: an existing OUT is refused (exit 2)" rc_is 2
    check "locate FILE: says --force" err_has "\-\-force"
    run "$DEMARC" locate "$WORK/cities.geojson" -o "$WORK/located.gpkg" --force
    check "locate FILE --force replaces it" rc_is 0
    run "$DEMARC" locate "$WORK/cities.geojson" -o "$WORK/cities.geojson"
    check "locate FILE -o FILE (itself) exits 2" rc_is 2
    run "$DEMARC" locate "$WORK/cities.geojson"
    check "locate FILE without -o exits 2" rc_is 2
else
    nok "ogr2ogr (gdal-bin) is needed for the locate FILE test"
fi

# ------------------------------------------------------------ validate
run "$DEMARC" validate --json
check "validate: the embedded catalogue is clean (exit 0)" rc_is 0
check "validate --json is JSON" json_valid
check "validate --json has findings and summary" grep -q '"summary"' "$OUT"
# sign 185 (seq 500) moved 0.001 deg north, about 111 m off the line
awk -F, -v OFS=, '$2 == 500 { $5 = sprintf("%.9f", $5 + 0.001) } { print }' \
    "$DATA/kz-uz/signs.csv" >"$WORK/moved.csv"
run "$DEMARC" validate "$WORK/moved.csv" --json
check "validate: a moved sign exits 1" rc_is 1
check "validate: reports sign.off_line" out_has '"sign.off_line"'
check "validate: names sign 185" out_has '"sign": "185"'
printf 'id,seq,lon\n1,1,56\n' >"$WORK/nolat.csv"
run "$DEMARC" validate "$WORK/nolat.csv"
check "validate: a catalogue without lat exits 2" rc_is 2
check "validate: names the file" err_has "nolat.csv"

# ------------------------------------------------- validate: inputs
# projected CRS for lon/lat columns (the README's old example)
run "$DEMARC" validate "$DATA/kz-uz/signs.csv" --crs EPSG:28411
check "validate --crs EPSG:28411 on lon/lat columns exits 2" rc_is 2
check "validate --crs EPSG:28411: says the CRS is projected" err_has "projected"
check "validate --crs EPSG:28411: prints no findings" out_empty
# a folder is a catalogue only as a border folder (border.* and signs.*)
run "$DEMARC" validate "$DATA/kz-uz"
check "validate BORDER-DIR validates its signs.csv (exit 0, 1301 rows)" \
    sh -c "[ $rc -eq 0 ] && grep -q 'signs.csv (1301 rows)' '$OUT'"
mkdir -p "$WORK/notaborder"
cp "$DATA/kz-uz/signs.csv" "$WORK/notaborder/"
run "$DEMARC" validate "$WORK/notaborder"
check "validate DIR (not a border) exits 2" rc_is 2
check "validate DIR (not a border) says so" err_has "not a border folder"
# h_m of sign 1B (line 4) written 12.5m: one finding, not an abort
awk -F, -v OFS=, 'NR == 4 { $6 = "12.5m" } { print }' "$DATA/kz-uz/signs.csv" >"$WORK/hm.csv"
run "$DEMARC" validate "$WORK/hm.csv"
check "validate h_m=12.5m exits 1" rc_is 1
check "validate h_m=12.5m: sign.field at line 4" grep -q 'sign.field \[sign 1B\].*line 4' "$OUT"
# an id with a byte that is not UTF-8 (0xff): an error naming the line
awk -F, -v OFS=, 'NR == 4 { $1 = $1 "\377" } { print }' "$DATA/kz-uz/signs.csv" \
    >"$WORK/badid.csv"
run "$DEMARC" validate "$WORK/badid.csv" --json
check "validate id with byte 0xff exits 2" rc_is 2
check "validate id with byte 0xff names line 4 and the field" err_has "line 4: field 'id'"
check "validate id with byte 0xff writes no JSON" out_empty
# two position pairs: --position decides
printf 'id,lon,lat,x,y\nA,63,41,500000,4538757.0619\n' >"$WORK/pairs.csv"
run "$DEMARC" validate "$WORK/pairs.csv"
check "validate with lon/lat and x/y columns exits 2" rc_is 2
check "validate with two pairs names --position" err_has "--position"
run "$DEMARC" validate "$WORK/pairs.csv" --position x,y --crs EPSG:32641 --json
check "validate --position x,y runs (exit 1: one sign, not 1301)" rc_is 1
check "validate --position x,y: catalogue.count" out_has '"catalogue.count"'
# the operation and its accuracy: EPSG:15865 (4.5 m) for SK-42, coarser than
# 0.10 m (`projinfo -s EPSG:4284 -t EPSG:4326 --bbox 55.9,37.1,71.0,45.6`)
run "$DEMARC" validate "$DATA/kz-uz/signs.csv" --crs EPSG:4284
check "validate --crs EPSG:4284: names EPSG:15865, 4.5 m" \
    out_has "transformation: EPSG:15865.*4.5 m"
check "validate --crs EPSG:4284: accuracy coarser than the tolerance" \
    out_has "catalogue.accuracy.*coarser than the tolerance 0.100 m"
# forced: EPSG:1291, Pulkovo 1942 to WGS 84 (7), 44.0 m (same projinfo list)
run "$DEMARC" validate "$DATA/kz-uz/signs.csv" --crs EPSG:4284 --operation EPSG:1291 --json
check "validate --operation EPSG:1291 exits 1" rc_is 1
check "validate --operation EPSG:1291: the report names it" out_has '"transformation": "EPSG:1291'
check "validate --operation EPSG:1291: accuracy 44 m stated" out_has 'accurate to 44 m'
# the signs layer of a GeoPackage the tool wrote, and --layer
run "$DEMARC" export "$WORK/v.gpkg" --format GPKG
run "$DEMARC" validate "$WORK/v.gpkg"
check "validate export.gpkg reads the signs layer (exit 0)" rc_is 0
check "validate export.gpkg: 1301 rows" out_has "(1301 rows)"
run "$DEMARC" export "$WORK/v.kml" --format KML
run "$DEMARC" validate "$WORK/v.kml"
check "validate export.kml reads the signs layer (exit 0, 1301 rows)" \
    sh -c "[ $rc -eq 0 ] && grep -q '(1301 rows)' '$OUT'"
run "$DEMARC" inspect "$WORK/v.gpkg" --json
check "inspect export.gpkg: the signs layer, 1301 measured" near "$(json_num measured)" 1301 0
run "$DEMARC" validate "$WORK/v.gpkg" --layer nope
check "validate --layer nope exits 2" rc_is 2
check "validate --layer nope lists the layers" err_has "'signs'"
run "$DEMARC" validate "$WORK/v.gpkg" --layer border_line
check "validate --layer border_line exits 2 (not points)" rc_is 2
check "validate --layer border_line: says it holds lines" err_has "Line String geometries"
check "validate export.gpkg: no transformation from WGS 84 to itself" \
    sh -c "! '$DEMARC' validate '$WORK/v.gpkg' | grep -q transformation:"

# ------------------------------------------------------------- inspect
# a re-survey that finds every sign where the catalogue has it, but sign
# 185 0.00001 deg (about 1.1 m) further north
awk -F, -v OFS=, 'NR == 1 { print "id,lon,lat"; next }
    { lat = $5; if ($2 == 500) lat = sprintf("%.9f", $5 + 0.00001); print $1, $4, lat }' \
    "$DATA/kz-uz/signs.csv" >"$WORK/resurvey.csv"
run "$DEMARC" inspect "$WORK/resurvey.csv" --json
check "inspect: a moved sign exits 1" rc_is 1
check "inspect --json is JSON" json_valid
check "inspect: reports inspect.moved" out_has '"inspect.moved"'
check "inspect: names sign 185" out_has '"sign": "185"'

# a re-survey of the section 1..1J (the first 11 rows of signs.csv, declared
# chainage 0 .. 49,966.944 m; 1K at 54,963.639 m), with 1J 1.1 m north
awk -F, -v OFS=, 'NR == 1 { print "id,lon,lat"; next } NR <= 12 {
    lat = $5; if ($1 == "1J") lat = sprintf("%.9f", $5 + 0.00001); print $1, $4, lat }' \
    "$DATA/kz-uz/signs.csv" >"$WORK/section.csv"
run "$DEMARC" inspect "$WORK/section.csv" --section 1..1J --json
check "inspect --section 1..1J exits 1 (1J moved)" rc_is 1
check "inspect --section 1..1J: no sign missing" sh -c "! grep -q inspect.missing '$OUT'"
check "inspect --section 1..1J: 11 signs in the section" near "$(json_num signs)" 11 0
check "inspect --section 1..1J: 1J moved" out_has '"sign": "1J"'
run "$DEMARC" inspect "$WORK/section.csv" --section 0m..50km --json
check "inspect --section 0m..50km: the same 11 signs" near "$(json_num signs)" 11 0
check "inspect --section 0m..50km: none missing" near "$(json_num missing)" 0 0
run "$DEMARC" inspect "$WORK/section.csv" --section 1J..1
check "inspect --section backwards exits 2" rc_is 2
check "inspect --section backwards says so" err_has "backwards"
run "$DEMARC" inspect "$WORK/section.csv" --section 1..50km
check "inspect --section mixing an id and a chainage exits 2" rc_is 2
run "$DEMARC" validate --section 1..2
check "validate --section exits 2" rc_is 2
# the accuracy of the operation, stated plainly
awk -F, -v OFS=, 'NR == 1 { print "id,lon,lat"; next } NR == 2 { print $1, $4, $5 }' \
    "$DATA/kz-uz/signs.csv" >"$WORK/one.csv"
run "$DEMARC" inspect "$WORK/one.csv" --crs EPSG:4284 --section 1..1
check "inspect --crs EPSG:4284: inspect.accuracy (4.5 m) coarser than 0.100 m" \
    out_has "inspect.accuracy.*accurate to 4.5 m: coarser than the tolerance 0.100 m"

# -------------------------------------------------------------- export
if command -v ogrinfo >/dev/null 2>&1; then
    run "$DEMARC" export "$WORK/kzuz.gpkg" --format GPKG
    check "export GPKG exits 0" rc_is 0
    run ogrinfo -so -al "$WORK/kzuz.gpkg"
    check "export GPKG: ogrinfo sees 1301 signs" out_has "Feature Count: 1301"
else
    nok "ogrinfo (gdal-bin) is needed for the export test"
fi
run "$DEMARC" export "$WORK/nodir/deeper/x.gpkg" --format GPKG
check "export to a missing directory exits 2" rc_is 2
check "export: nothing left behind" test ! -e "$WORK/nodir"

# ------------------------------------------------- write errors (/dev/full)
# Every subcommand that writes to stdout exits 2 and names the reason when
# the write fails (ENOSPC: "No space left on device", strerror(3)).
if [ -w /dev/full ]; then
    printf '63 41\n' >"$WORK/pt1.txt"
    seq 1 20000 | awk '{ printf "%.4f,41.3\n", 56 + $1 / 2000 }' >"$WORK/many.csv"
    # rm'd before each run, so that render/export do not refuse or keep files
    for args in "report" "report --json" "info" "info --json" "length" \
        "length --from 1 --to 2 --json" "validate" "validate --json" \
        "validate $WORK/moved.csv" "inspect $WORK/resurvey.csv" \
        "inspect $WORK/resurvey.csv --json" "zones 63.5 41" "zones 63.5 41 --json" \
        "locate 69.2401 41.2995" "locate 69.2401 41.2995 --json" \
        "project --to EPSG:32641 $WORK/pt1.txt" "render $WORK/full.svg" \
        "export $WORK/full.gpkg --format GPKG --json" "--help" "--version" "info --help"; do
        rm -f "$WORK/full.svg" "$WORK/full.gpkg"
        set +e
        # shellcheck disable=SC2086 # the arguments are split on purpose
        "$DEMARC" $args >/dev/full 2>"$ERR"
        rc=$?
        set -e
        last="demarc $args >/dev/full"
        : >"$OUT"
        check "$args >/dev/full exits 2" rc_is 2
        check "$args >/dev/full names the reason" err_has "No space left on device"
    done
    for fmt in csv geojson; do
        set +e
        "$DEMARC" locate - --format $fmt <"$WORK/many.csv" >/dev/full 2>"$ERR"
        rc=$?
        set -e
        last="demarc locate - --format $fmt <many.csv >/dev/full"
        check "locate - --format $fmt >/dev/full exits 2" rc_is 2
        check "locate - --format $fmt >/dev/full names the reason" \
            err_has "No space left on device"
    done
else
    nok "/dev/full is needed for the write-error tests"
fi

# ------------------------------------ render: the format is the extension
# (SVG, PNG and PDF themselves: tests/render_test.sh)
run "$DEMARC" render "$WORK/map.tiff"
check "render m.tiff exits 2" rc_is 2
check "render m.tiff names the formats" err_has "must be an .svg, .png or .pdf file"
check "render m.tiff writes nothing" test ! -e "$WORK/map.tiff"
run "$DEMARC" render "$WORK/map.SVG"
check "render m.SVG exits 0" rc_is 0
check "render m.SVG is an SVG" grep -q '<svg' "$WORK/map.SVG"

# ------------------------------------------------------------ man page
# every subcommand `demarc --help` lists has a section in demarc(1)
MAN="$DATA/../examples/demarc/demarc.1"
run "$DEMARC" --help
for cmd in $(awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' "$OUT"); do
    check "demarc(1) documents '$cmd'" grep -q "^\.SS \"demarc $cmd" "$MAN"
done

# ----------------------------------------------------------------- data
# the data directory given to ctest exists (the CLI reads the embedded copy)
check "data dir has kz-uz/border.json" test -r "$DATA/kz-uz/border.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
