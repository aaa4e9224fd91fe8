#!/bin/sh
# Opens the reference border converted into every vector format GDAL
# writes that the library promises to read (GeoPackage, FlatGeobuf,
# Shapefile, KML, GML), with ogr2ogr as the independent converter, and
# checks that `demarc info` and `demarc length` give the same counts and
# length as the GeoJSON/CSV original.
# usage: formats_test.sh DEMARC DATA_DIR
set -eu
demarc=$1
src=$2/kz-uz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { # name expected actual
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL $1: expected '$2', got '$3'"; fi
}
want_len=$("$demarc" length --border "$src" --json | sed -n 's/.*"length_m": \([0-9.]*\).*/\1/p')
for fmt in GPKG:gpkg FlatGeobuf:fgb "ESRI Shapefile:shp" LIBKML:kml GML:gml; do
  drv=${fmt%%:*}
  ext=${fmt##*:}
  d=$tmp/$ext
  mkdir -p "$d"
  cp "$src/border.json" "$d/"
  ogr2ogr -f "$drv" "$d/border.$ext" "$src/border.geojson" 2>>"$tmp/ogr2ogr.log"
  ogr2ogr -f "$drv" "$d/territories.$ext" "$src/territories.geojson" 2>>"$tmp/ogr2ogr.log"
  ogr2ogr -f "$drv" "$d/signs.$ext" "$src/signs.csv" \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO \
    -oo AUTODETECT_TYPE=YES -a_srs EPSG:4326 2>>"$tmp/ogr2ogr.log"
  info=$("$demarc" info --border "$d" --json) || { fail=$((fail + 1)); echo "FAIL $ext: info"; continue; }
  check "$ext signs" 1301 "$(echo "$info" | sed -n 's/.*"signs": \([0-9]*\).*/\1/p')"
  check "$ext vertices" 2014 "$(echo "$info" | sed -n 's/.*"vertices": \([0-9]*\).*/\1/p')"
  check "$ext territories" 2 "$(echo "$info" | sed -n 's/.*"territories": \([0-9]*\).*/\1/p')"
  len=$("$demarc" length --border "$d" --json | sed -n 's/.*"length_m": \([0-9.]*\).*/\1/p')
  check "$ext length" "$want_len" "$len"
  "$demarc" report --border "$d" >/dev/null || { fail=$((fail + 1)); echo "FAIL $ext: report"; }
done
echo "formats: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
