#!/bin/sh
# render_test.sh DEMARC -- tests of `demarc render`, read back with tools
# nobody here wrote: the SVG (xmllint, rsvg-convert, its paths parsed by
# ElementTree), the PNG (file(1), its IHDR, pixel colours by GDAL's
# gdallocationinfo), the PDF (pdfinfo, pdffonts, pdftotext); the projection
# checked against PROJ's cs2cs and GeographicLib's GeodSolve; findings
# drawn; write errors (/dev/full, a read-only folder) and bad input
# rejected with exit 2 and no file written or clobbered.
set -eu
demarc=$1
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-render.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
n=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { n=$((n + 1)); echo "ok $n - $*"; }
no_tmp_left() { ! ls -a "$1" | grep -q '\.tmp\.' || fail "a temporary file is left in $1"; }

# The paths of a cairo SVG outside <defs> (glyph outlines live there), as
# lines "STYLE<TAB>x,y x,y ...<TAB>..." -- one field per subpath, points in
# px after the element's transform.  Curves keep their end points.
cat >"$tmp/paths.py" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
def walk(e, skip=False):
    tag = e.tag.replace(NS, "")
    if tag in ("defs", "symbol", "clipPath", "mask", "pattern"):
        return
    if tag == "path":
        yield e
    for c in e:
        yield from walk(c)
def matrix(t):
    m = re.match(r"matrix\(([^)]*)\)", t or "")
    return [float(v) for v in re.split(r"[ ,]+", m.group(1).strip())] if m else [1, 0, 0, 1, 0, 0]
root = ET.parse(sys.argv[1]).getroot()
for p in walk(root):
    a, b, c, d, e, f = matrix(p.get("transform"))
    toks = re.findall(r"[MLCZmlcz]|-?[\d.]+(?:e-?\d+)?", p.get("d", ""))
    subs, cur, cmd, nums = [], None, None, []
    def flush():
        global cur
        if cur:
            subs.append(cur)
    for t in toks + ["M"]:
        if t in "MLCZmlcz":
            if cmd in ("M", "L") and nums:
                for i in range(0, len(nums) - 1, 2):
                    if cmd == "M" and i == 0:
                        flush(); cur = []
                    cur.append((nums[i], nums[i + 1]))
            elif cmd == "C" and nums:
                for i in range(4, len(nums) - 1, 6):
                    cur.append((nums[i], nums[i + 1]))
            cmd, nums = t.upper(), []
        else:
            nums.append(float(t))
    flush()
    subs = [[(a * x + c * y + e, b * x + d * y + f) for x, y in s] for s in subs if len(s) > 1]
    if subs:
        print(p.get("style", "").replace("\t", " ") + "\t" +
              "\t".join(" ".join("%.4f,%.4f" % q for q in s) for s in subs))
PY

# 1. The embedded border, default width, in each format.
"$demarc" render "$tmp/map.svg" >"$tmp/out.txt" || fail "render exited $?"
grep -q "^wrote $tmp/map.svg: 1200 x " "$tmp/out.txt" || fail "summary: $(cat "$tmp/out.txt")"
xmllint --noout "$tmp/map.svg" || fail "xmllint: not well-formed"
grep -q '<svg[^>]* width="1200px"' "$tmp/map.svg" || fail "the SVG is not 1200 px wide"
ok "render writes a well-formed SVG, 1200 px wide"
rsvg-convert -o "$tmp/rsvg.png" "$tmp/map.svg" || fail "rsvg-convert"
[ "$(head -c 8 "$tmp/rsvg.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] ||
  fail "rsvg-convert did not write a PNG"
ok "rsvg-convert turns it into a PNG"
no_tmp_left "$tmp"
ok "no temporary file left"

"$demarc" render "$tmp/p.svg" --json >"$tmp/p.json" || fail "render --json"
$py - "$tmp/p.json" >"$tmp/params" <<'PY' || fail "render --json is not the schema"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1 and d["command"] == "render", d
assert list(d)[:2] == ["schema_version", "command"], list(d)
p = d["projection"]
print(p["lat_1"], p["lat_2"], p["lon_0"], d["width_px"], d["height_px"])
PY
ok "render --json: schema_version 1, command render"
read -r l1 l2 l0 w h <"$tmp/params"

# PNG: file(1) and the IHDR (bytes 16..23: width, height, big-endian;
# PNG spec, 11.2.2) say width_px x height_px.
"$demarc" render "$tmp/map.png" >/dev/null || fail "render map.png exited $?"
file -b "$tmp/map.png" | grep -q "^PNG image data, $w x $h," ||
  fail "file(1): $(file -b "$tmp/map.png"), want PNG $w x $h"
set -- $(od -An -tu1 -j16 -N8 "$tmp/map.png")
[ $(($1 << 24 | $2 << 16 | $3 << 8 | $4)) = "$w" ] &&
  [ $(($5 << 24 | $6 << 16 | $7 << 8 | $8)) = "$h" ] ||
  fail "IHDR: $*, want $w x $h"
"$demarc" render "$tmp/UP.PNG" >/dev/null || fail "render UP.PNG exited $?"
file -b "$tmp/UP.PNG" | grep -q "^PNG image data" || fail "UP.PNG is not a PNG"
ok "PNG: file(1) and IHDR say $w x $h; the extension in any case"

# PDF: one page, 0.75 pt per px (96 px per inch), fonts embedded, text.
"$demarc" render "$tmp/map.pdf" >/dev/null || fail "render map.pdf exited $?"
pdfinfo "$tmp/map.pdf" >"$tmp/pdfinfo.txt" || fail "pdfinfo"
grep -q '^Pages: *1$' "$tmp/pdfinfo.txt" || fail "pdfinfo: $(grep Pages "$tmp/pdfinfo.txt")"
grep -q '^Title: *Kazakhstan' "$tmp/pdfinfo.txt" || fail "pdfinfo: no title"
size=$(sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p' "$tmp/pdfinfo.txt")
$py -c "import sys; a, b = map(float, sys.argv[1:3]); w, h = int(sys.argv[3]), int(sys.argv[4]);
assert abs(a - .75 * w) < .01 and abs(b - .75 * h) < .01, (a, b, w, h)" $size "$w" "$h" ||
  fail "PDF page '$size' pt is not 0.75 x $w x $h px"
pdffonts "$tmp/map.pdf" | awk 'NR > 2 && $(NF - 4) != "yes" { bad = 1 } NR > 2 { n++ }
  END { exit !(n > 0 && !bad) }' || fail "pdffonts: a font not embedded: $(pdffonts "$tmp/map.pdf")"
ok "PDF: one page of $size pt (0.75 pt/px), title, every font embedded"
pdftotext -raw "$tmp/map.pdf" "$tmp/map.txt" || fail "pdftotext"
for part in 'tripoint 1' 'tripoint 981' 'Kazakhstan (KZ)' 'Uzbekistan (UZ)' 'other states' \
            'state border' 'every 100th sign' 'OpenStreetMap contributors' \
            'Lambert conformal conic' 'scale true at' '44°N' '66°E'; do
  grep -qF -- "$part" "$tmp/map.txt" || fail "no '$part' in the PDF's text"
done
ok "PDF text: names, legend, tripoints, graticule degrees, attribution, projection"

# 2. The projection, against PROJ: the bearing of tripoint 1 (56.00179E
# 41.32428N) -> tripoint 981 (70.9433E 42.26347N, data/kz-uz/signs.csv) in
# the picture must be that of the same two points projected by
#   printf '56.00179 41.32428\n70.9433 42.26347\n' | cs2cs -f %.3f \
#     +proj=longlat +datum=WGS84 +to +proj=lcc +lat_1=L1 +lat_2=L2 +lat_0=L1 \
#     +lon_0=L0 +ellps=WGS84
# with the parameters render reports (lat_0 only shifts the picture).
lcc="+proj=lcc +lat_1=$l1 +lat_2=$l2 +lat_0=$l1 +lon_0=$l0 +ellps=WGS84"
printf '56.00179 41.32428\n70.9433 42.26347\n' |
  cs2cs -f %.3f +proj=longlat +datum=WGS84 +to $lcc >"$tmp/cs2cs.txt" || fail "cs2cs"
$py "$tmp/paths.py" "$tmp/p.svg" >"$tmp/paths.txt" || fail "the SVG's paths do not parse"
pdftotext -raw "$tmp/map.pdf" - >"$tmp/p.txt" # the same width: the same scale bar
$py - "$tmp/paths.txt" "$tmp/cs2cs.txt" "$tmp/p.txt" >"$tmp/affine" <<'PY' ||
import math, re, sys
paths = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
def pts(s): return [tuple(map(float, q.split(","))) for q in s.split()]
def near(a, b, e=0.02): return abs(a - b) < e
# The tripoints: triangles apex, +(6, 10.4), +(-12, 0), stroked white
# (the legend's is not stroked), in catalogue order.
tri = []
for style, *subs in paths:
    if "stroke:rgb(100%,100%,100%)" not in style or len(subs) != 1: continue
    p = pts(subs[0])
    if len(p) > 3 and near(p[-1][0], p[0][0]) and near(p[-1][1], p[0][1]): p = p[:-1]
    if len(p) == 3 and near(p[1][0] - p[0][0], 6) and near(p[1][1] - p[0][1], 10.4) \
            and near(p[2][0] - p[1][0], -12) and near(p[2][1], p[1][1]):
        q = (round(p[0][0], 3), round(p[0][1] + 6.9, 3))
        if q not in tri: tri.append(q)
assert len(tri) == 2, tri
xy = [tuple(map(float, l.split()[:2])) for l in open(sys.argv[2])]
(ax, ay), (bx, by) = tri
(ex, ey), (fx, fy) = xy
ang_svg = math.degrees(math.atan2(bx - ax, -(by - ay)))   # y down in SVG
ang_proj = math.degrees(math.atan2(fx - ex, fy - ey))
print("bearing in the picture %.4f deg, by cs2cs %.4f deg" % (ang_svg, ang_proj), file=sys.stderr)
# cairo keeps 1/256 px over ~1000 px: 0.02 deg is ample.
assert abs(ang_svg - ang_proj) < 0.02, (ang_svg, ang_proj)
# The scale bar: four rectangles 6 px high.  Measured with it, tripoint to
# tripoint must be the geodesic distance
#   echo 41.32428 56.00179 42.26347 70.9433 | GeodSolve -i -p 3
#   -> 1244665.784 m
# to within the projection's scale error over the map (< 0.5 %).
rects = {}
for style, *subs in paths:
    if len(subs) != 1 or "stroke-width:0.8" not in style: continue
    p = pts(subs[0])
    if len(p) >= 4 and near(p[1][1], p[0][1]) and near(p[2][1] - p[1][1], 6) \
            and near(p[3][0], p[0][0]):
        rects[round(p[0][0], 1)] = (p[0][0], p[1][0])
assert len(rects) == 4, rects
bar_px = max(r for _, r in rects.values()) - min(l for l, _ in rects.values())
kms = re.findall(r"(?<![\d.,])(\d+(?:\.\d+)?) km\b(?! of)", open(sys.argv[3]).read())
assert len(kms) == 1, kms
km = float(kms[0])
d_px = math.hypot(bx - ax, by - ay)
d_m = d_px / bar_px * km * 1000
print("tripoint distance by the scale bar (%g km = %.2f px) %.0f m, by GeodSolve 1244665.784 m"
      % (km, bar_px, d_m), file=sys.stderr)
assert abs(d_m / 1244665.784 - 1) < 0.005, d_m
# The picture's affine map from the LCC plane (rotation 0, checked above):
# px = ax + s (X - ex), py = ay - s (Y - ey).
print(ax, ay, ex, ey, d_px / math.hypot(fx - ex, fy - ey))
PY
  fail "projection differs from cs2cs"
ok "tripoint-to-tripoint bearing matches cs2cs (LCC); scale bar matches GeodSolve"

# The north arrow (two triangles: apex 20 px up the meridian from the
# centre) points along the meridian through its centre, by cs2cs: the
# centre's pixel taken back to lon/lat (cs2cs -I), a point 0.05 deg north
# of it projected forward.
read -r ax ay ex ey s <"$tmp/affine"
$py - "$tmp/paths.txt" "$ax" "$ay" "$ex" "$ey" "$s" >"$tmp/north.txt" <<'PY' ||
import math, sys
ax, ay, ex, ey, s = map(float, sys.argv[2:])
for line in open(sys.argv[1]):
    style, *subs = line.rstrip("\n").split("\t")
    if len(subs) != 1: continue
    p = [tuple(map(float, q.split(","))) for q in subs[0].split()]
    if len(p) >= 3 and abs(math.dist(p[0], p[2]) - 20) < 0.02 and \
            abs(math.dist(p[0], p[1]) - math.hypot(32, 8)) < 0.02:
        (tx, ty), (cx, cy) = p[0], p[2]
        print(ex + (cx - ax) / s, ey - (cy - ay) / s, math.degrees(math.atan2(tx - cx, cy - ty)))
        break
else:
    sys.exit("no arrow triangle")
PY
  fail "no north arrow"
read -r nx ny nbear <"$tmp/north.txt"
lonlat=$(echo "$nx $ny" | cs2cs -I -f %.9f +proj=longlat +datum=WGS84 +to $lcc |
  awk '{print $1, $2}')
set -- $lonlat
printf '%s %s\n%s %s\n' "$1" "$2" "$1" "$(awk -v a="$2" 'BEGIN { printf "%.9f", a + 0.05 }')" |
  cs2cs -f %.4f +proj=longlat +datum=WGS84 +to $lcc >"$tmp/meridian.txt" || fail "cs2cs (north)"
$py - "$tmp/meridian.txt" "$nbear" <<'PY' || fail "north arrow off the meridian"
import math, sys
(x0, y0), (x1, y1) = [tuple(map(float, l.split()[:2])) for l in open(sys.argv[1])]
want = math.degrees(math.atan2(x1 - x0, y1 - y0))
got = float(sys.argv[2])
print("north arrow %.3f deg from grid north, meridian by cs2cs %.3f deg" % (got, want))
assert abs(got - want) < 0.05 and abs(want) > 1, (got, want)
PY
ok "the north arrow follows the meridian (cs2cs), tilted by the convergence"

# PNG pixels: Kyzylorda (65.51E 44.85N) lies in Kazakhstan, Uchquduq
# (63.55E 42.16N) in Uzbekistan; at their pixels (the affine above, the
# points projected by cs2cs) the PNG has the territories' fills, #f6e7b4
# (KZ, left of the line) and #cfe6bd (UZ, the right party; border.json),
# read by gdallocationinfo.
printf '65.51 44.85\n63.55 42.16\n' |
  cs2cs -f %.3f +proj=longlat +datum=WGS84 +to $lcc >"$tmp/towns.txt" || fail "cs2cs (towns)"
for want in "246 231 180" "207 230 189"; do
  read -r X Y _ <&3
  set -- $($py -c "import sys; ax, ay, ex, ey, s, X, Y = map(float, sys.argv[1:]);
print(int(ax + s * (X - ex)), int(ay - s * (Y - ey)))" $ax $ay $ex $ey $s $X $Y)
  got=$(gdallocationinfo -valonly "$tmp/map.png" "$1" "$2" | head -n 3 | tr '\n' ' ')
  [ "$got" = "$want " ] || fail "PNG pixel $1,$2 (LCC $X $Y): $got, want $want"
done 3<"$tmp/towns.txt"
ok "PNG: Kyzylorda's pixel in KZ's fill, Uchquduq's in UZ's (cs2cs, gdallocationinfo)"

# 3. Findings: with a place, at a sign only, and unknown sign; a sign id
# with a byte that is not UTF-8 (0xFF) must not reach the picture as such.
printf '%s\n' '{"schema_version": 1, "command": "validate", "summary": {"errors": 2},' \
  ' "findings": [' \
  '  {"code": "sign.off_line", "severity": "error", "sign": "25C", "message": "far \"off\""},' \
  '  {"code": "sign.spacing", "severity": "warning", "sign": "300", "lon": 62.5, "lat": 43.2},' \
  '  {"code": "catalogue.note", "severity": "info", "sign": "", "lon": 68.0, "lat": 40.7,' \
  '   "extra": [1, 2.5e0, {"a": null, "b": true}]},' \
  '  {"code": "sign.unknown", "severity": "error", "sign": "NOPE"}' \
  ' ]}' >"$tmp/findings.json"
"$demarc" render "$tmp/f.svg" --findings "$tmp/findings.json" --width 900 >"$tmp/out.txt" ||
  fail "render --findings exited $?"
grep -q "3 findings drawn, 1 without a place or known sign" "$tmp/out.txt" ||
  fail "findings summary: $(cat "$tmp/out.txt")"
xmllint --noout "$tmp/f.svg" || fail "xmllint (findings)"
grep -q '<svg[^>]* width="900px"' "$tmp/f.svg" || fail "--width 900 not honoured"
$py "$tmp/paths.py" "$tmp/f.svg" | $py -c '
import sys
rings = 0
for line in sys.stdin:
    style, *subs = line.rstrip("\n").split("\t")
    if "stroke-width:2.5" not in style or len(subs) != 1: continue
    xs = [float(q.split(",")[0]) for q in subs[0].split()]
    rings += abs(max(xs) - min(xs) - 16) < 0.1     # r = 8 px; the legend has r = 6
sys.exit(rings != 3)' || fail "not 3 finding rings of 8 px in the SVG"
"$demarc" render "$tmp/f.pdf" --findings "$tmp/findings.json" --width 900 >/dev/null ||
  fail "render f.pdf --findings exited $?"
pdftotext -raw "$tmp/f.pdf" - | grep -q 'finding: error (1)' ||
  fail "legend does not count the error"
ok "findings from a validate-like JSON file are drawn (by place or by sign id)"
printf '{"findings": [{"code": "x", "severity": "error", "sign": "B\377D", "lon": 63, %s' \
  '"lat": 42}]}' \
  >"$tmp/badutf8.json"
for ext in svg pdf; do
  rc=0
  "$demarc" render "$tmp/u.$ext" --findings "$tmp/badutf8.json" >/dev/null 2>"$tmp/err.txt" ||
    rc=$?
  [ $rc = 2 ] || fail "render with an invalid UTF-8 sign id exited $rc, want 2"
  grep -q "badutf8.json: line 1, byte offset 59: invalid JSON: invalid utf-8 string" \
    "$tmp/err.txt" || fail "invalid UTF-8: '$(cat "$tmp/err.txt")'"
  [ ! -e "$tmp/u.$ext" ] || fail "invalid UTF-8 refused, yet u.$ext written"
done
ok "a findings file that is not UTF-8 is refused (named, byte offset), nothing written"
# The real thing, when `demarc validate --json` exists: its output is read.
rc=0; "$demarc" validate --json >"$tmp/v.json" 2>/dev/null || rc=$?
if [ $rc -le 1 ] && grep -q '"findings"' "$tmp/v.json"; then
  "$demarc" render "$tmp/v.png" --findings "$tmp/v.json" >/dev/null ||
    fail "render of validate output"
  ok "render reads the output of demarc validate --json"
fi

# 4. Write errors: each format into /dev/full (through a link named by the
# format: a device is written straight into, not renamed over) exits 2,
# names the reason, leaves the link and nothing else; a read-only folder
# likewise (skipped as root, whom permissions do not stop).
if [ -w /dev/full ]; then
  for ext in svg png pdf; do
    ln -s /dev/full "$tmp/full.$ext"
    rc=0; "$demarc" render "$tmp/full.$ext" >/dev/null 2>"$tmp/err.txt" || rc=$?
    [ $rc = 2 ] || fail "render full.$ext (/dev/full): exit $rc, want 2"
    grep -q "full.$ext: write failed: No space left on device" "$tmp/err.txt" ||
      fail "render full.$ext: '$(cat "$tmp/err.txt")'"
    [ -L "$tmp/full.$ext" ] && [ -c "$tmp/full.$ext" ] || fail "full.$ext: the link is gone"
    rm "$tmp/full.$ext"
  done
  no_tmp_left "$tmp"
  ok "SVG, PNG and PDF into /dev/full: exit 2, 'No space left on device', nothing left"
fi
# The file gets the user's umask (mode 0666 & ~umask), as the exports' files
# do, whether new or replacing an earlier map.
for mask in 022 027 077; do
  want=$(printf '%o' $((0666 & ~0$mask)))
  rm -f "$tmp/mode.svg"
  (umask $mask && "$demarc" render "$tmp/mode.svg" >/dev/null) || fail "render mode.svg (umask $mask)"
  got=$(stat -c %a "$tmp/mode.svg")
  [ "$got" = "$want" ] || fail "umask $mask: mode.svg is $got, want $want"
  (umask $mask && "$demarc" render "$tmp/mode.svg" >/dev/null) || fail "render mode.svg again"
  got=$(stat -c %a "$tmp/mode.svg")
  [ "$got" = "$want" ] || fail "umask $mask, replacing: mode.svg is $got, want $want"
done
no_tmp_left "$tmp"
ok "the map's mode follows the umask (022, 027, 077), new or replacing"
mkdir "$tmp/ro" && chmod a-w "$tmp/ro"
if ! touch "$tmp/ro/probe" 2>/dev/null; then
  for ext in svg png pdf; do
    rc=0; "$demarc" render "$tmp/ro/m.$ext" >/dev/null 2>"$tmp/err.txt" || rc=$?
    [ $rc = 2 ] || fail "render ro/m.$ext: exit $rc, want 2"
    grep -q "ro/m.$ext: cannot create a temporary file: Permission denied" "$tmp/err.txt" ||
      fail "render ro/m.$ext: '$(cat "$tmp/err.txt")'"
  done
  [ -z "$(ls -A "$tmp/ro")" ] || fail "something was written into the read-only folder"
  ok "a read-only folder: exit 2, named, nothing written"
else
  echo "skip - a read-only folder (permissions do not stop $(id -un))"
fi

# 5. Bad input: exit 2, a message naming the file or argument, and the
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
printf '{"findings": [\n  {"sign": "1"},\n]}' >"$tmp/comma.json"
printf '{"findings": []} {}' >"$tmp/after.json"
printf '{"fi\000ndings": []}' >"$tmp/nul.json"
printf '{"findings": [{"lon": "63", "lat": 42}]}' >"$tmp/lontext.json"
printf '{"findings": [{}, 7]}' >"$tmp/notobj.json"
printf '{"findings": [{"sign": "it\047s"}], \047x\047: 1}' >"$tmp/squote.json"
printf '{"findings": [{"sign": "a\\ud800"}]}' >"$tmp/surrogate.json"
expect_usage "no output file"
expect_usage "--width: 'abc'" "$tmp/keep.svg" --width abc
expect_usage "--width: '100'" "$tmp/keep.svg" --width 100
expect_usage "unknown option '--bogus'" "$tmp/keep.svg" --bogus
expect_usage "$tmp/missing.json: No such file" "$tmp/keep.svg" --findings "$tmp/missing.json"
# json-c reads the file: syntax errors name the line and the byte offset
# (from 0), errors of content the member (a tree has no positions).
expect_usage "badsev.json: findings\[0\].severity: 'fatal' is not info" "$tmp/keep.svg" --findings "$tmp/badsev.json"
expect_usage "trunc.json: line 1, byte offset 28: unexpected end of file" "$tmp/keep.svg" --findings "$tmp/trunc.json"
expect_usage "nofind.json: no \"findings\" array" "$tmp/keep.svg" --findings "$tmp/nofind.json"
expect_usage "range.json: findings\[0\].lon: 200 is out of range" "$tmp/keep.svg" --findings "$tmp/range.json"
expect_usage "comma.json: line 3, byte offset 32: invalid JSON: unexpected character" "$tmp/keep.svg" --findings "$tmp/comma.json"
expect_usage "after.json: line 1, byte offset 17: text after the JSON object" "$tmp/keep.svg" --findings "$tmp/after.json"
expect_usage "nul.json: line 1, byte offset 4: a NUL byte" "$tmp/keep.svg" --findings "$tmp/nul.json"
expect_usage "lontext.json: findings\[0\].lon: expected a number, not string" "$tmp/keep.svg" --findings "$tmp/lontext.json"
expect_usage "notobj.json: findings\[1\] is not an object" "$tmp/keep.svg" --findings "$tmp/notobj.json"
expect_usage "squote.json: line 1, byte offset 33: invalid JSON: a string in single quotes" "$tmp/keep.svg" --findings "$tmp/squote.json"
# json-c would make an unpaired surrogate U+FFFD silently
expect_usage "surrogate.json: line 1, byte offset 25: invalid JSON: a \\\\u escape of an unpaired surrogate" "$tmp/keep.svg" --findings "$tmp/surrogate.json"
expect_usage "must be an .svg, .png or .pdf file" "$tmp/keep.gif"
expect_usage "must be an .svg, .png or .pdf file" "$tmp/.png"
expect_usage "$tmp/nodir/x.svg" "$tmp/nodir/x.svg"
expect_usage "$tmp/nodir/x.png" "$tmp/nodir/x.png"
[ ! -e "$tmp/nodir" ] && [ ! -e "$tmp/keep.gif" ] || fail "a file or directory appeared"
no_tmp_left "$tmp"
ok "bad arguments and bad findings files: exit 2, named, nothing written"
echo "PASS: $n checks"
