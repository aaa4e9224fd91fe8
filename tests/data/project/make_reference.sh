#!/bin/sh
# make_reference.sh -- reference values for tests/check_project.c, from
# PROJ's own command-line tools (PROJ 9.1.1, proj-bin on Debian 12), not
# from libdemarc.  Run from this directory: sh make_reference.sh
#
# points.txt: lon lat (WGS 84 degrees), the two tripoints of the KZ-UZ line
# and points spread over the border's extent (55.9-71.0 E, 37.1-45.6 N).
set -eu
cd "$(dirname "$0")"
cat > points.txt <<'PTS'
56.00179 41.32428
70.9433 42.26347
58.5 43.7
60.25 41.75
61.9 44.4
63.0 41.0
64.75 43.2
66.1 38.2
67.9 40.9
69.3 41.4
PTS

# 1. WGS 84 -> WGS 84 / UTM zone 41N: easting northing, m.
#    cs2cs takes EPSG:4326 in its official order (lat lon).
awk '{print $2, $1}' points.txt | cs2cs -d 6 EPSG:4326 EPSG:32641 |
    awk '{print $1, $2}' > utm41.txt

# 2. SK-42 geographic (EPSG:4284) <-> WGS 84 with EPSG:15865 (Pulkovo 1942
#    to WGS 84 (16), 4.5 m), the one operation PROJ lists as valid over the
#    whole border extent:
#      projinfo -s EPSG:4284 -t EPSG:4326 --bbox 55.9,37.1,71.0,45.6 --summary
#    It is forced here as the pipeline projinfo prints for it, run by PROJ's
#    `cct` (input lat lon h t, as the pipeline's first step is an axisswap).
#    Plain `cs2cs EPSG:4284 EPSG:4326`, even with --bbox, chooses per point:
#    at the western tripoint it takes EPSG:5044 (Russia, 3 m; the point lies
#    in Russia's bounding box) and lands 2.5 m away -- the per-point switching
#    libdemarc avoids by using one operation for the whole border.
PIPE=$(projinfo -s EPSG:4284 -t EPSG:4326 --bbox 55.9,37.1,71.0,45.6 \
       --spatial-test contains -o PROJ -q | tr '\n' ' ')
awk '{print $2, $1, 0, 0}' points.txt | cct -d 10 $PIPE |
    awk '{print $2, $1}' > sk42_to_wgs84.txt
# and back (cct -I: the inverse pipeline): points.txt as WGS 84 -> SK-42.
awk '{print $2, $1, 0, 0}' points.txt | cct -I -d 10 $PIPE |
    awk '{print $2, $1}' > wgs84_to_sk42.txt

# 3. SK-42 geographic -> Pulkovo 1942 / Gauss-Kruger zone 11 (EPSG:28411).
#    EPSG:28411's official axis order is northing, easting: swapped here to
#    easting northing, m (false easting 11 500 000 m).
awk '{print $2, $1}' points.txt | cs2cs -d 6 EPSG:4284 EPSG:28411 |
    awk '{print $2, $1}' > gk11.txt

# 4. Grid factors from `proj -V`: convergence (degrees), h, k for
#    UTM 41N (WGS 84) and GK zone 11 (Krassowsky, lon_0 63).
factors() {
    while read -r lon lat; do
        echo "$lon $lat" | proj -V "$@" |
            awk -v lon="$lon" -v lat="$lat" '
                /Meridian scale/ {h = $5}
                /Parallel scale/ {k = $5}
                /Convergence/ {c = $0; sub(/.*\[ */, "", c); sub(/ *\].*/, "", c)}
                END {print lon, lat, c, h, k}'
    done < points.txt
}
factors +proj=utm +zone=41 +ellps=WGS84 > factors_utm41.txt
factors +proj=tmerc +lat_0=0 +lon_0=63 +k=1 +x_0=11500000 +y_0=0 +ellps=krass > factors_gk11.txt

# 5. A bound CRS (Krassowsky with three geocentric translations, EPSG
#    method 9603) for the PROJ-abort guard of tests/check_project.c, and
#    its reference point (WGS 84 -> it).
projinfo "+proj=longlat +ellps=krass +towgs84=25,-141,-78.5 +type=crs" \
    -o WKT2_2019 --single-line -q > bound_krass.wkt
echo "60 40" | cs2cs -f %.9f +proj=longlat +datum=WGS84 +type=crs \
    +to +proj=longlat +ellps=krass +towgs84=25,-141,-78.5 +type=crs > bound_krass_point.txt

# 6. concat_krass.wkt, written by hand for the guard's walk through a
#    concatenated operation (tests/check_proj_guard.c): EPSG:4284 and
#    EPSG:4326 as `projinfo -o WKT2_2019 --single-line -q` prints them, two
#    geocentric translations (10, -100, -50) and (15, -41, -28.5) m through
#    an intermediate CRS on the Krassowsky ellipsoid.  cart o cart^-1 on one
#    ellipsoid is the identity, so they add up to step 5's (25, -141, -78.5):
#    WGS 84 -> EPSG:4284 through it is bound_krass_point.txt.  Check:
#      echo "40 60 0 0" | cct -I -d 9 $(projinfo -o PROJ -q "$(cat concat_krass.wkt)")
#    prints 39.999883070 60.001079101 (lat, lon).
