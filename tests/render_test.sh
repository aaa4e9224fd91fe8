#!/bin/sh
# render_test.sh DEMARC -- tests of `demarc render`: a well-formed SVG
# (xmllint), converted to PNG by rsvg-convert, the parts a map needs, the
# projection checked against PROJ's cs2cs, findings drawn, bad input
# rejected with exit 2 and no file written or clobbered.
set -eu
demarc=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-render.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { n=$((n + 1)); echo "ok $n - $*"; }

# 1. The embedded border, default width.
"$demarc" render "$tmp/map.svg" >"$tmp/out.txt" || fail "render exited $?"
grep -q "^wrote $tmp/map.svg: 1200 x " "$tmp/out.txt" || fail "summary: $(cat "$tmp/out.txt")"
xmllint --noout "$tmp/map.svg" || fail "xmllint: not well-formed"
ok "render writes a well-formed SVG"
rsvg-convert -o "$tmp/map.png" "$tmp/map.svg" || fail "rsvg-convert"
[ "$(head -c 8 "$tmp/map.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] ||
  fail "rsvg-convert did not write a PNG"
ok "rsvg-convert turns it into a PNG"
for part in 'id="territory-KZ"' 'id="territory-UZ"' 'id="border"' 'id="legend"' \
            'id="scale"' 'id="north"' '>tripoint 1<' '>tripoint 981<' 'Kazakhstan (KZ)' \
            'Uzbekistan (UZ)' 'OpenStreetMap contributors' 'Lambert conformal conic'; do
  grep -q "$part" "$tmp/map.svg" || fail "no $part in the SVG"
done
ok "territories, line, legend, scale bar, north arrow, tripoints, attribution"
ls "$tmp" | grep -q '\.tmp\.' && fail "a temporary file is left behind"
ok "no temporary file left"

# 2. The projection, against PROJ: the bearing of tripoint 1 (56.00179E
# 41.32428N) -> tripoint 981 (70.9433E 42.26347N, data/kz-uz/signs.csv) in
# the picture must be that of the same two points projected by
#   printf '56.00179 41.32428\n70.9433 42.26347\n' | cs2cs -f %.3f \
#     +proj=longlat +datum=WGS84 +to +proj=lcc +lat_1=L1 +lat_2=L2 +lat_0=L1 \
#     +lon_0=L0 +ellps=WGS84
# with the parameters render reports (lat_0 only shifts the picture).
"$demarc" render "$tmp/p.svg" --json >"$tmp/p.json" || fail "render --json"
python3 - "$tmp/p.json" >"$tmp/params" <<'PY' || fail "render --json is not the schema"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1 and d["command"] == "render", d
assert list(d)[:2] == ["schema_version", "command"], list(d)
p = d["projection"]
print(p["lat_1"], p["lat_2"], p["lon_0"], d["width_px"], d["height_px"])
PY
ok "render --json: schema_version 1, command render"
read -r l1 l2 l0 w h <"$tmp/params"
printf '56.00179 41.32428\n70.9433 42.26347\n' |
  cs2cs -f %.3f +proj=longlat +datum=WGS84 +to +proj=lcc +lat_1="$l1" +lat_2="$l2" \
        +lat_0="$l1" +lon_0="$l0" +ellps=WGS84 >"$tmp/cs2cs.txt" || fail "cs2cs"
python3 - "$tmp/p.svg" "$tmp/cs2cs.txt" <<'PY' || fail "projection differs from cs2cs"
import math, re, sys
svg = open(sys.argv[1]).read()
# The tripoint triangles: M x y-6.9 l6 10.4 h-12 z, in catalogue order.
pts = [(float(x), float(y) + 6.9) for x, y in
       re.findall(r'class="tripoint" d="M([-\d.]+) ([-\d.]+)l6', svg)]
assert len(pts) == 2, pts
xy = [tuple(map(float, l.split()[:2])) for l in open(sys.argv[2])]
(ax, ay), (bx, by) = pts
(ex, ey), (fx, fy) = xy
ang_svg = math.degrees(math.atan2(bx - ax, -(by - ay)))   # y down in SVG
ang_proj = math.degrees(math.atan2(fx - ex, fy - ey))
print("bearing in the picture %.4f deg, by cs2cs %.4f deg" % (ang_svg, ang_proj))
# 0.1 px rounding over ~1000 px: 0.01 deg is ample.
assert abs(ang_svg - ang_proj) < 0.02, (ang_svg, ang_proj)
# The scale bar: four segments of height 6 and a label "N km".  Measured
# with it, tripoint to tripoint must be the geodesic distance
#   echo 41.32428 56.00179 42.26347 70.9433 | GeodSolve -i -p 3
#   -> 1244665.784 m
# to within the projection's scale error over the map (< 0.5 %).
bars = re.findall(r'<rect x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)" height="6"', svg)
assert len(bars) == 4, bars
bar_px = sum(float(w) for _, w in bars)
km = float(re.search(r'>([\d.]+) km</text>', svg).group(1))
d_px = math.hypot(bx - ax, by - ay)
d_m = d_px / bar_px * km * 1000
print("tripoint distance by the scale bar %.0f m, by GeodSolve 1244665.784 m" % d_m)
assert abs(d_m / 1244665.784 - 1) < 0.005, d_m
PY
ok "tripoint-to-tripoint bearing matches cs2cs (LCC); scale bar matches GeodSolve"

# 3. Findings: with a place, at a sign only, and unknown sign.
cat >"$tmp/findings.json" <<'JSON'
{"schema_version": 1, "command": "validate", "summary": {"errors": 2},
 "findings": [
  {"code": "sign.off_line", "severity": "error", "sign": "25C", "message": "far \"off\""},
  {"code": "sign.spacing", "severity": "warning", "sign": "300", "lon": 62.5, "lat": 43.2},
  {"code": "catalogue.note", "severity": "info", "sign": "", "lon": 68.0, "lat": 40.7,
   "extra": [1, 2.5e0, {"a": null, "b": true}]},
  {"code": "sign.unknown", "severity": "error", "sign": "NOPE"}
 ]}
JSON
"$demarc" render "$tmp/f.svg" --findings "$tmp/findings.json" --width 900 >"$tmp/out.txt" ||
  fail "render --findings exited $?"
grep -q "3 findings drawn, 1 without a place or known sign" "$tmp/out.txt" ||
  fail "findings summary: $(cat "$tmp/out.txt")"
xmllint --noout "$tmp/f.svg" || fail "xmllint (findings)"
grep -q 'finding: error (1)' "$tmp/f.svg" || fail "legend does not count the error"
grep -q 'width="900"' "$tmp/f.svg" || fail "--width 900 not honoured"
[ "$(grep -c '<circle[^>]*r="8"' "$tmp/f.svg")" = 3 ] || fail "not 3 finding rings"
ok "findings from a validate-like JSON file are drawn (by place or by sign id)"
# The real thing, when `demarc validate --json` exists: its output is read.
rc=0; "$demarc" validate --json >"$tmp/v.json" 2>/dev/null || rc=$?
if [ $rc -le 1 ] && grep -q '"findings"' "$tmp/v.json"; then
  "$demarc" render "$tmp/v.svg" --findings "$tmp/v.json" >/dev/null || fail "render of validate output"
  ok "render reads the output of demarc validate --json"
fi

# 4. Bad input: exit 2, a message naming the file or argument, and the
# existing output untouched.
echo keep >"$tmp/keep.svg"
expect_usage() { # message-pattern args...
  pat=$1; shift
  rc=0; "$demarc" render "$@" 2>"$tmp/err.txt" >/dev/null || rc=$?
  [ $rc = 2 ] || fail "render $*: exit $rc, want 2"
  grep -q -- "$pat" "$tmp/err.txt" || fail "render $*: message '$(cat "$tmp/err.txt")' lacks '$pat'"
  [ "$(cat "$tmp/keep.svg")" = keep ] || fail "render $*: clobbered the output"
}
printf '{"findings": [ {"sign": "1",\n "severity": "fatal"} ]}' >"$tmp/badsev.json"
printf '{"findings": [ {"sign": "1" ' >"$tmp/trunc.json"
printf '{"results": []}' >"$tmp/nofind.json"
printf '{"findings": [{"lon": 200, "lat": 0}]}' >"$tmp/range.json"
expect_usage "no output file"
expect_usage "--width: 'abc'" "$tmp/keep.svg" --width abc
expect_usage "--width: '100'" "$tmp/keep.svg" --width 100
expect_usage "unknown option '--bogus'" "$tmp/keep.svg" --bogus
expect_usage "$tmp/missing.json: No such file" "$tmp/keep.svg" --findings "$tmp/missing.json"
expect_usage "badsev.json: line 2: findings\[0\].severity: 'fatal'" "$tmp/keep.svg" --findings "$tmp/badsev.json"
expect_usage "trunc.json: line 1:" "$tmp/keep.svg" --findings "$tmp/trunc.json"
expect_usage "nofind.json: line 1: no \"findings\" array" "$tmp/keep.svg" --findings "$tmp/nofind.json"
expect_usage "range.json: line 1: findings\[0\].lon: 200 is out of range" "$tmp/keep.svg" --findings "$tmp/range.json"
expect_usage "$tmp/nodir/x.svg" "$tmp/nodir/x.svg"
[ ! -e "$tmp/nodir" ] || fail "a directory appeared"
ls "$tmp" | grep -q '\.tmp\.' && fail "a temporary file is left behind after errors"
ok "bad arguments and bad findings files: exit 2, named, nothing written"
echo "PASS: $n checks"
