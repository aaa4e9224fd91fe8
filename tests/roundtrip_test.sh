#!/bin/sh
# Issue 14 through the command line: every `demarc export` output reopens
# with `--border` as the same border, GDAL's ogrinfo reads it, the export
# refuses what it must, and the densified line stays within its tolerance
# of the true geodesic edges in the output CRS.
#
# Expected values come from outside the code:
#   length 2360691.042 m, 2013 edges: tests/data/reference_geodesic.txt
#     (GeodSolve over data/kz-uz/border.geojson); 1301 signs, 2 territories.
#   densification: every edge sampled at 32 points along the geodesic by
#     GeodSolve (-i for the azimuth, then direct; rhumb edges: RhumbSolve,
#     total 2360692.751 m in tests/data/reference_rhumb.txt), projected by cs2cs
#     (UTM 41N, no datum shift) or by cct with the pipeline projinfo gives
#     for the border area (GK zone 11: EPSG:15865 + the zone); WGS 84:
#     degrees to metres by the meridian and prime-vertical radii of WGS 84
#     (Snyder 1987, eqs. 4-18, 4-20).  The distance of each sample from the
#     exported polyline, in the output CRS, must stay within --densify.
# usage: roundtrip_test.sh DEMARC TEST_DATA_DIR DATA_DIR
set -u
demarc=$1
ref=$2/reference_geodesic.txt
datadir=$3
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] || trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # name expected actual
  if [ "$2" = "$3" ]; then ok; else bad "$1: expected '$2', got '$3'"; fi
}
# json_num KEY: the number after "KEY": -- the --json numbers are full
# precision; a fraction is compared to the millimetre (%.3f, as written
# before the JSON went through json-c)
json_num() {
  sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" | head -1 |
    awk '{ if (index($1, ".")) printf "%.3f\n", $1; else print $1 }'
}
within() { awk -v w="$1" -v t="$2" 'BEGIN { exit !(w != "" && w + 0 >= 0 && w + 0 <= t) }'; }

# ---- the matrix: format x CRS --------------------------------------------
for fmt in GPKG:b.gpkg KML:b.kml GeoJSON:b-geojson SHP:b-shp FGB:b-fgb CSV:b-csv; do
  f=${fmt%%:*}
  for crs in EPSG:4326 EPSG:32641 EPSG:4284 EPSG:28411; do
    out=$tmp/${crs#EPSG:}-${fmt##*:}
    if ! "$demarc" export "$out" --format "$f" --to "$crs" >"$tmp/out" 2>"$tmp/err"; then
      case "$f:$crs" in
        KML:EPSG:4326 | GeoJSON:EPSG:4326) bad "$f $crs: export: $(cat "$tmp/err")" ;;
        KML:* | GeoJSON:*) # WGS 84 by definition (OGC KML 2.2, RFC 7946)
          if grep -q "by definition" "$tmp/err"; then ok; else bad "$f $crs: $(cat "$tmp/err")"; fi
          [ -e "$out" ] && bad "$f $crs: refused, yet $out exists" ;;
        *) bad "$f $crs: export: $(cat "$tmp/err")" ;;
      esac
      continue
    fi
    info=$("$demarc" info --border "$out" --json 2>"$tmp/err") || {
      bad "$f $crs: info --border: $(cat "$tmp/err")"; continue; }
    check "$f $crs vertices" 2014 "$(echo "$info" | json_num vertices)"
    check "$f $crs signs" 1301 "$(echo "$info" | json_num signs)"
    check "$f $crs territories" 2 "$(echo "$info" | json_num territories)"
    len=$("$demarc" length --border "$out" --json | json_num length_m)
    check "$f $crs length" 2360691.042 "$len"
    "$demarc" report --border "$out" >"$tmp/report" 2>&1 || bad "$f $crs: report exit $?"
    grep -q "^Kazakhstan.*(kz-uz), KZ | UZ" "$tmp/report" || bad "$f $crs: report header"
    grep -q "1301 signs" "$tmp/report" || bad "$f $crs: report signs"
    # GDAL's own reader: the layers, and the CRS where the format keeps one.
    first=$out
    [ -d "$out" ] && first=$(ls "$out"/border_line.* |
      grep -v -e '\.csvt$' -e '\.prj$' -e '\.cpg$' -e '\.dbf$' -e '\.shx$' | head -1)
    ogrinfo -ro -so "$first" >"$tmp/ogr" 2>&1 || bad "$f $crs: ogrinfo: $(head -3 "$tmp/ogr")"
    grep -q "border_line" "$tmp/ogr" || bad "$f $crs: ogrinfo sees no border_line"
  done
done

# ---- ogrinfo: counts and the metadata table of a GeoPackage -----------------
"$demarc" export "$tmp/k.gpkg" >/dev/null
for l in border_line:1 border_vertices:2014 signs:1301 territories:2 metadata:30; do
  n=$(ogrinfo -ro -so "$tmp/k.gpkg" "${l%%:*}" | sed -n 's/^Feature Count: //p')
  check "ogrinfo k.gpkg ${l%%:*}" "${l##*:}" "$n"
done
m=$(ogrinfo -ro -q "$tmp/k.gpkg" metadata -where "key = 'declared_length_m'" |
  sed -n 's/.*value (String) = //p')
check "metadata declared_length_m" 2356600 "$m"
m=$(ogrinfo -ro -q "$tmp/k.gpkg" metadata -where "key = 'edge_model'" |
  sed -n 's/.*value (String) = //p')
check "metadata edge_model" geodesic "$m"
"$demarc" export "$tmp/sk.gpkg" --to EPSG:4284 >/dev/null
m=$(ogrinfo -ro -q "$tmp/sk.gpkg" metadata -where "key = 'operation'" |
  sed -n 's/.*value (String) = //p')
check "metadata operation (SK-42)" EPSG:15865 "$m"

# ---- another tool's conversion of an export reads back too --------------------
# ogr2ogr copies every layer by name into GML (keeping GK zone 11) and into
# LIBKML (without reprojection: WGS 84 already).
"$demarc" export "$tmp/gk.gpkg" --to EPSG:28411 >/dev/null
"$demarc" export "$tmp/wgs.gpkg" >/dev/null
ogr2ogr -f GML "$tmp/gk.gml" "$tmp/gk.gpkg" 2>/dev/null || bad "ogr2ogr GML"
ogr2ogr -f LIBKML "$tmp/wgs.kml" "$tmp/wgs.gpkg" 2>/dev/null || bad "ogr2ogr LIBKML"
for f in gk.gml wgs.kml; do
  info=$("$demarc" info --border "$tmp/$f" --json 2>"$tmp/err") || {
    bad "$f: info --border: $(cat "$tmp/err")"; continue; }
  check "ogr2ogr $f vertices" 2014 "$(echo "$info" | json_num vertices)"
  check "ogr2ogr $f signs" 1301 "$(echo "$info" | json_num signs)"
  check "ogr2ogr $f territories" 2 "$(echo "$info" | json_num territories)"
done
check "ogr2ogr gk.gml length" 2360691.042 "$("$demarc" length --border "$tmp/gk.gml" --json |
  json_num length_m)"
# Reprojected by ogr2ogr (OGR picks the datum shift per point): the sign
# geometries move metres away from their WGS 84 fields, and the reader
# says so instead of taking either.
ogr2ogr -f LIBKML "$tmp/gk.kml" "$tmp/gk.gpkg" -t_srs EPSG:4326 2>/dev/null || bad "ogr2ogr LIBKML"
"$demarc" info --border "$tmp/gk.kml" >/dev/null 2>"$tmp/err"
check "ogr2ogr -t_srs EPSG:4326 of GK 11 exits 2" 2 $?
grep -q "m apart" "$tmp/err" || bad "reprojected KML: $(cat "$tmp/err")"
sed -n 's/.*are \([0-9.]*\) m apart.*/\1/p' "$tmp/err" |
  sed 's/^/ogr2ogr -t_srs EPSG:4326 of the GK 11 export: sign 1 moved by OGR (m): /'

# ---- export safety ----------------------------------------------------------
"$demarc" export "$tmp/k.gpkg" --border "$tmp/k.gpkg" 2>"$tmp/err"
check "output = input exits 2" 2 $?
grep -q "read from" "$tmp/err" || bad "output = input: $(cat "$tmp/err")"
echo "keep me" >"$tmp/theirs.gpkg"
"$demarc" export "$tmp/theirs.gpkg" 2>"$tmp/err"
check "foreign file exits 2" 2 $?
check "foreign file kept" "keep me" "$(cat "$tmp/theirs.gpkg")"
"$demarc" export "$tmp/theirs.gpkg" --force >/dev/null 2>&1
check "--force replaces" 0 $?
"$demarc" export "$tmp/k.gpkg" >/dev/null 2>&1
check "an export of ours is replaced" 0 $?
"$demarc" export "$tmp/x.xyz" 2>"$tmp/err"
check "unknown extension exits 2" 2 $?
grep -q "unknown extension '.xyz'" "$tmp/err" || bad "unknown extension: $(cat "$tmp/err")"
[ -e "$tmp/x.xyz" ] && bad "unknown extension wrote x.xyz"
"$demarc" export "$tmp/k2.gpkg" --to foo 2>"$tmp/err"
check "--to foo exits 2" 2 $?
[ -e "$tmp/k2.gpkg" ] && bad "--to foo wrote a file"
"$demarc" export "$tmp/nl.gpkg" --to EPSG:4289 2>"$tmp/err"
check "ballpark CRS exits 2" 2 $?
grep -q ballpark "$tmp/err" || bad "ballpark: $(cat "$tmp/err")"
"$demarc" export "$tmp/sk2.gpkg" --to EPSG:4284 --operation EPSG:15865 >/dev/null 2>"$tmp/err"
check "--operation EPSG:15865 to SK-42" 0 $?
"$demarc" export "$tmp/d.gpkg" --densify -1 2>/dev/null
check "--densify -1 exits 2" 2 $?
# A full disk, as a file-size limit of 64 KiB: exit 2, the reason, nothing left.
for f in full.gpkg full.kml; do
  (ulimit -f 64; "$demarc" export "$tmp/$f") 2>"$tmp/err" >/dev/null
  check "$f on a full disk exits 2" 2 $?
  [ -e "$tmp/$f" ] && bad "$f on a full disk was left"
done
(ulimit -f 64; "$demarc" export "$tmp/k.gpkg" --to EPSG:32641) 2>/dev/null >/dev/null
check "full disk: the old k.gpkg is still the WGS 84 one" EPSG:4326 \
  "$(ogrinfo -ro -q "$tmp/k.gpkg" metadata -where "key = 'crs'" |
    sed -n 's/.*value (String) = //p')"
left=$(ls -A "$tmp" | grep -c '^\.')
check "no temporary left" 0 "$left"

# ---- project: range and area --------------------------------------------------
echo "63 41" | "$demarc" project --to EPSG:32641 >"$tmp/p" 2>&1
check "project 63 41 (cs2cs: 500000.0000 4538757.0619)" "500000.0000 4538757.0619" "$(cat "$tmp/p")"
echo "500 41" | "$demarc" project --to EPSG:32641 >/dev/null 2>&1
check "project lon 500 exits 2" 2 $?
echo "10 41" | "$demarc" project --to EPSG:32641 >/dev/null 2>"$tmp/err"
check "project outside UTM 41N's area exits 2" 2 $?
grep -q "area of use" "$tmp/err" || bad "area: $(cat "$tmp/err")"
echo "63 41" | "$demarc" project --to foo >/dev/null 2>&1
check "project --to foo exits 2" 2 $?
# The help's own example, WGS 84 -> SK-42 with EPSG:15865, against cs2cs
# (`echo 41 63 | cs2cs -d 9 EPSG:4326 EPSG:4284`, lat/lon order).
want=$(echo "41 63" | cs2cs -d 9 EPSG:4326 EPSG:4284 | awk '{print $2, $1}')
got=$(echo "63 41" | "$demarc" project --to EPSG:4284 --operation EPSG:15865)
check "project --operation EPSG:15865 WGS 84 -> SK-42 = cs2cs" "$want" "$got"

# ---- densification against GeodSolve ------------------------------------------
# Samples: edge e, lat, lon at k/32 of the geodesic, k = 1..31.
awk '!/^#/ && $1 != "total" {print $3, $2, $5, $4}' "$ref" | GeodSolve -i -p 12 |
  awk '{print $1}' >"$tmp/azi"
awk '!/^#/ && $1 != "total"' "$ref" | paste -d' ' - "$tmp/azi" |
  awk '{for (k = 1; k < 32; k++) print $3, $2, $7, $6 * k / 32}' | GeodSolve -p 12 |
  awk '{print $1, $2}' >"$tmp/samples-geodesic.latlon"
# Rhumb edges the same way with RhumbSolve (-i: azimuth and length).
awk '!/^#/ && $1 != "total" {print $3, $2, $5, $4}' "$ref" | RhumbSolve -i -p 12 |
  awk '{print $1, $2}' >"$tmp/rhumb"
awk '!/^#/ && $1 != "total"' "$ref" | paste -d' ' - "$tmp/rhumb" |
  awk '{for (k = 1; k < 32; k++) print $3, $2, $7, $8 * k / 32}' | RhumbSolve -p 12 |
  awk '{print $1, $2}' >"$tmp/samples-rhumb.latlon"
awk '!/^#/ && $1 != "total" {for (k = 1; k < 32; k++) print $1}' "$ref" >"$tmp/samples.edge"
# Defining vertices, lat lon.
awk '!/^#/ && $1 != "total" {print $3, $2; last = $5 " " $4} END {print last}' "$ref" \
  >"$tmp/vertices.latlon"
gk11=$(projinfo -s EPSG:4326 -t EPSG:28411 --bbox 55.9,37.1,71.0,45.6 --spatial-test contains \
  -o PROJ -q --single-line)
project_to() { # CRS: lat lon on stdin -> x y (the CRS's easting, northing / lon, lat)
  case $1 in
    EPSG:32641) cs2cs -d 6 EPSG:4326 EPSG:32641 | awk '{print $1, $2}' ;;
    EPSG:28411) cct -d 6 -z 0 -t 0 $gk11 | awk '{print $2, $1}' ;; # out: northing easting
    EPSG:4326) awk '{printf "%.12f %.12f\n", $2, $1}' ;;
  esac
}
measure() { # CRS DENSIFY [EDGES]: prints "worst edge samples points"
  crs=$1
  edges=${3:-geodesic}
  out=$tmp/dens-${crs#EPSG:}-$2-$edges.gpkg
  "$demarc" export "$out" --to "$crs" --densify "$2" --edges "$edges" >/dev/null ||
    { echo "export failed"; return; }
  ogr2ogr -f CSV /vsistdout/ "$out" border_line -select '' -lco GEOMETRY=AS_WKT 2>/dev/null |
    tail -n +2 | sed 's/^"LINESTRING (//; s/)".*$//' | tr ',' '\n' >"$tmp/line.xy"
  project_to "$crs" <"$tmp/vertices.latlon" >"$tmp/vertices.xy"
  project_to "$crs" <"$tmp/samples-$edges.latlon" | paste -d' ' "$tmp/samples.edge" - \
    >"$tmp/samples.xy"
  geo=0
  [ "$crs" = EPSG:4326 ] && geo=1
  awk -v geo="$geo" '
    function scale(lat,   phi, w) { # metres per degree: x (prime vertical), y (meridian)
      phi = lat * 3.141592653589793 / 180; w = sqrt(1 - E2 * sin(phi)^2)
      SX = A / w * cos(phi) * 3.141592653589793 / 180
      SY = A * (1 - E2) / w^3 * 3.141592653589793 / 180
    }
    function segd(px, py, ax, ay, bx, by,   dx, dy, qx, qy, u, l2) {
      dx = (bx - ax) * SX; dy = (by - ay) * SY; qx = (px - ax) * SX; qy = (py - ay) * SY
      l2 = dx * dx + dy * dy; u = l2 > 0 ? (qx * dx + qy * dy) / l2 : 0
      if (u < 0) u = 0; if (u > 1) u = 1
      return sqrt((qx - u * dx)^2 + (qy - u * dy)^2)
    }
    BEGIN { A = 6378137; F = 1 / 298.257223563; E2 = F * (2 - F); SX = SY = 1; nv = nl = n = 0 }
    FILENAME == ARGV[1] { vx[nv] = $1; vy[nv] = $2; nv++; next }
    FILENAME == ARGV[2] { lx[nl] = $1; ly[nl] = $2; nl++; next }
    FILENAME == ARGV[3] {
      if (!started) { # where each defining vertex sits in the exported line (1 mm)
        j = 0
        for (e = 0; e < nv; e++) {
          if (geo) scale(vy[e])
          while (j < nl && sqrt(((lx[j] - vx[e]) * SX)^2 + ((ly[j] - vy[e]) * SY)^2) > 0.001) j++
          if (j == nl) { print "vertex " e " not in the line"; exit 1 }
          at[e] = j
        }
        started = 1
      }
      e = $1; if (geo) scale($3)
      best = 1e30
      for (k = at[e]; k < at[e + 1]; k++) {
        d = segd($2, $3, lx[k], ly[k], lx[k + 1], ly[k + 1]); if (d < best) best = d
      }
      if (best > worst) { worst = best; we = e }
      n++
    }
    END { printf "%.4f %d %d %d\n", worst, we, n, nl }
  ' "$tmp/vertices.xy" "$tmp/line.xy" "$tmp/samples.xy"
}
for crs in EPSG:32641 EPSG:28411 EPSG:4326; do
  set -- $(measure "$crs" 0.1)
  echo "densify $crs --densify 0.1: worst deviation $1 m (edge $2) over $3 GeodSolve samples;" \
    "line of $4 points"
  within "$1" 0.1 || bad "densify $crs: worst $1 m > 0.1 m"
done
set -- $(measure EPSG:32641 0.1 rhumb)
echo "densify EPSG:32641 --densify 0.1 --edges rhumb: worst deviation $1 m (edge $2) over $3" \
  "RhumbSolve samples; line of $4 points"
within "$1" 0.1 || bad "densify rhumb: worst $1 m > 0.1 m"
n=$("$demarc" length --border "$tmp/dens-32641-0.1-rhumb.gpkg" --edges rhumb --json |
  json_num length_m)
check "rhumb export reopened --edges rhumb: RhumbSolve total" 2360692.751 "$n"
# Without --edges the file's declared edge model (rhumb, in its metadata) applies.
n=$("$demarc" length --border "$tmp/dens-32641-0.1-rhumb.gpkg" --json | json_num length_m)
check "rhumb export reopened without --edges: RhumbSolve total" 2360692.751 "$n"
e=$("$demarc" info --border "$tmp/dens-32641-0.1-rhumb.gpkg" --json |
  sed -n 's/.*"edge_model": *"\([a-z]*\)".*/\1/p')
check "rhumb export reopened without --edges: info edge_model" rhumb "$e"
n=$("$demarc" length --border "$tmp/dens-32641-0.1-rhumb.gpkg" --edges geodesic --json |
  json_num length_m)
check "rhumb export reopened --edges geodesic: GeodSolve total" 2360691.042 "$n"
m=$(ogrinfo -ro -q "$tmp/dens-32641-0.1-rhumb.gpkg" metadata -where "key = 'edge_model'" |
  sed -n 's/.*value (String) = //p')
check "metadata edge_model (rhumb)" rhumb "$m"
# The territories follow the densified line: every point of border_line is a
# point of both territories' rings (same coordinates as ogr2ogr prints them),
# so the layers coincide in a GIS; reopened, the rings are the defining ones
# (check_roundtrip compares them to 0.1 mm).
wkt_points() { # FILE LAYER WHERE: the layer's points, one "x y" a line
  ogr2ogr -f CSV /vsistdout/ "$1" "$2" -where "$3" -lco GEOMETRY=AS_WKT 2>/dev/null |
    sed -n '2,$p' | sed 's/^"[A-Z]* *(*//; s/)*".*//' | tr ',' '\n' | sed 's/[()]//g; s/^ *//' |
    grep -v '^$' | sort -u
}
dg=$tmp/dens-32641-0.1-geodesic.gpkg
[ -f "$dg" ] || bad "no $dg"
wkt_points "$dg" border_line "1 = 1" >"$tmp/line.pts"
for party in KZ UZ; do
  wkt_points "$dg" territories "party = '$party'" >"$tmp/terr-$party.pts"
  missing=$(comm -23 "$tmp/line.pts" "$tmp/terr-$party.pts" | wc -l)
  echo "territory $party along the densified line: $(wc -l <"$tmp/line.pts") line points," \
    "$missing not in the ring"
  [ "$missing" -eq 0 ] || bad "territory $party: $missing densified line points not in its ring"
done
# The measurement can fail: without densification (issue 14: 157 m, edge 27).
set -- $(measure EPSG:32641 0)
echo "densify EPSG:32641 --densify 0: worst deviation $1 m (edge $2)"
awk -v w="$1" 'BEGIN { exit !(w + 0 > 100) }' || bad "undensified worst $1 m, expected > 100 m"
# Every sign (cs2cs of its WGS 84 lon/lat in data/kz-uz/signs.csv, whose
# line_offset is 0) lies on the densified UTM 41N line within 0.1 m.
awk -F, 'NR > 1 {print $5, $4}' "$datadir/kz-uz/signs.csv" | cs2cs -d 6 EPSG:4326 EPSG:32641 |
  awk '{print $1, $2}' >"$tmp/signs.xy"
ogr2ogr -f CSV /vsistdout/ "$tmp/dens-32641-0.1-geodesic.gpkg" border_line -select '' \
  -lco GEOMETRY=AS_WKT 2>/dev/null | tail -n +2 | sed 's/^"LINESTRING (//; s/)".*$//' |
  tr ',' '\n' >"$tmp/line.xy"
w=$(awk 'BEGIN { nl = 0; worst = 0 }
  FILENAME == ARGV[1] { lx[nl] = $1; ly[nl] = $2; nl++; next }
  { best = 1e30
    for (k = 0; k + 1 < nl; k++) {
      # a piece (< 200 km) with both ends over 100 km away is not within 0.1 m
      if ((lx[k] - $1)^2 + (ly[k] - $2)^2 > 1e10 &&
          (lx[k + 1] - $1)^2 + (ly[k + 1] - $2)^2 > 1e10) continue
      dx = lx[k + 1] - lx[k]; dy = ly[k + 1] - ly[k]; qx = $1 - lx[k]; qy = $2 - ly[k]
      l2 = dx * dx + dy * dy; u = l2 > 0 ? (qx * dx + qy * dy) / l2 : 0
      if (u < 0) u = 0; if (u > 1) u = 1
      d = sqrt((qx - u * dx)^2 + (qy - u * dy)^2); if (d < best) best = d
    }
    if (best > worst) worst = best }
  END { printf "%.4f\n", worst }' "$tmp/line.xy" "$tmp/signs.xy")
echo "signs: worst distance from the densified UTM 41N line $w m"
within "$w" 0.1 || bad "a sign is $w m from the exported line"

out=$tmp/nodens.gpkg
"$demarc" export "$out" --to EPSG:32641 --densify 0 >/dev/null
n=$(ogrinfo -ro -q "$out" -dialect SQLite -sql 'SELECT ST_NPoints(geom) AS n FROM border_line' |
  sed -n 's/.*n (Integer) = //p')
check "--densify 0: the 2014 vertices only" 2014 "$n"

echo "roundtrip: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
