#!/bin/bash
# bench_sql.sh -- SQL benchmark of the PostgreSQL extensions (issue 15).
# Not a test: prints figures.  Run through the build:
#     cmake --build build --target bench_sql
# or directly with the environment the target sets (PG_BINDIR, PG_PKGLIBDIR,
# PG_SHAREDIR, DEMARC_PG_STAGE) and:
#     tests/bench/bench_sql.sh bindings/postgresql/test
#
# One throw-away cluster (bindings/postgresql/test/pgcluster.sh), one table
# of BENCH_ROWS (default 1,000,000) points spread over the border region
# (55-73 E, 37-46 N, a low-discrepancy sequence), and in the same run:
#   - demarc_party(lon, lat) vs PostGIS ST_Covers with the two territories
#     as geometry and as geography (the party decided by ST_Covers, the
#     polygons constant so PostGIS caches their prepared form / tree);
#   - demarc_locate(lon, lat) vs ST_Distance(geography) to the border line
#     (the line constant: PostGIS caches its tree), and the worst
#     disagreement between the two distances;
#   - the parallel speed-up of demarc_party and demarc_locate (2 workers
#     + the leader on this 2-core machine).
# Each query runs BENCH_REPS times (default 3); the median is printed.  A
# peer slower than BENCH_PEER_MAX_S (default 20) seconds per run on the full
# table is timed on the first rows of the same table, and the line says how many.
set -eu
TESTDIR=${1:?usage: bench_sql.sh bindings/postgresql/test}
. "$TESTDIR/pgcluster.sh"
ROWS=${BENCH_ROWS:-1000000}
REPS=${BENCH_REPS:-3}

PGT_LIFETIME=7200
pgt_stage
PORT=$(pgt_free_port)
PGT_TIMEOUT=3600
# BENCH_PRELOAD=1 (default): shared_preload_libraries = 'demarc-0', the
# postmaster opens the border once and every backend and parallel worker
# inherits it; 0: each backend (and each worker of each parallel query) opens
# its own on its first call.
PRELOAD=""
if [ "${BENCH_PRELOAD:-1}" = 1 ]; then
    PRELOAD="shared_preload_libraries = '${DEMARC_PG_MODULE:-demarc-0}'"
fi
pgt_start bench "$PORT" "shared_buffers = '512MB'" "work_mem = '64MB'" \
    "statement_timeout = 0" "max_parallel_workers_per_gather = 2" "jit = off" "$PRELOAD"
q() { pgt_psql "$PORT" -d postgres -At "$@"; }

q >/dev/null <<SQL
CREATE EXTENSION postgis;
CREATE EXTENSION demarc_postgis CASCADE;
CREATE TABLE pts AS
SELECT i AS id, (55 + (i * 0.6180339887498949 % 1) * 18)::float8 AS lon,
       (37 + (i * 0.4142135623730950 % 1) * 9)::float8 AS lat
  FROM generate_series(1, $ROWS) i;
ALTER TABLE pts ADD COLUMN geom geometry(Point, 4326), ADD COLUMN geog geography(Point, 4326);
UPDATE pts SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326),
               geog = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography;
VACUUM ANALYZE pts;
CREATE TABLE terr AS SELECT party, demarc_territory(party) AS geom,
       demarc_territory(party)::geography AS geog FROM (VALUES ('KZ'), ('UZ')) p(party);
CREATE TABLE line AS SELECT demarc_border_line()::geography AS geog;
-- bench(q, reps): median wall time of q in ms.
CREATE FUNCTION bench(q text, reps int) RETURNS float8 LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; ms float8[] := '{}';
BEGIN
    FOR r IN 1..reps LOOP
        t0 := clock_timestamp();
        EXECUTE q;
        ms := ms || (extract(epoch FROM clock_timestamp() - t0) * 1000)::float8;
    END LOOP;
    RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m) FROM unnest(ms) m);
END \$\$;
SQL

serial="SET max_parallel_workers_per_gather = 0;"
parallel="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0;
          SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
# ms QUERY [SETTINGS] [REPS]: median milliseconds.
# The backend opens the border (and builds its territory index) on its first
# call: done before timing, and measured once on its own below.  Parallel
# workers are new processes for each query: they pay it inside the timing.
WARM="SELECT demarc_locate(60, 42)"
ms() { q -c "${2:-$serial}" -c "$WARM" \
        -c "SELECT round(bench(\$q\$$1\$q\$, ${3:-$REPS})::numeric, 1)" | tail -1; }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n / (ms / 1000) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo "bench_sql: $ROWS rows, median of $REPS runs, $(nproc) cores;" \
     "$(q -c 'SELECT version()' | cut -d, -f1); preload: ${PRELOAD:-none}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

FIRST=$(q -c "SELECT round(bench('SELECT demarc_party(60, 42)', 1)::numeric, 1)")
echo "first demarc_party call in a new backend:     $FIRST ms (opens the border unless preloaded)"
SCAN=$(ms "SELECT count(lon + lat) FROM pts")
echo "scan baseline (count(lon + lat)):            $SCAN ms  $(rate $ROWS $SCAN) rows/s"

P=$(ms "SELECT count(demarc_party(lon, lat)) FROM pts")
echo "demarc_party(lon, lat) serial:                $P ms  $(rate $ROWS $P) rows/s"
PG=$(ms "SELECT count(demarc_party(geom)) FROM pts")
echo "demarc_party(geometry) serial:                $PG ms  $(rate $ROWS $PG) rows/s"

COVERS_GEOM="SELECT count(CASE WHEN ST_Covers(k.geom, p.geom) THEN 'KZ'
                              WHEN ST_Covers(u.geom, p.geom) THEN 'UZ' END)
               FROM pts p, terr k, terr u WHERE k.party = 'KZ' AND u.party = 'UZ'"
CG=$(ms "$COVERS_GEOM")
echo "ST_Covers(territory geometry, point) serial:  $CG ms  $(rate $ROWS $CG) rows/s"
echo "  ratio demarc_party / ST_Covers(geometry):   $(ratio $CG $P)x"

COVERS_GEOG="SELECT count(CASE WHEN ST_Covers(k.geog, p.geog) THEN 'KZ'
                              WHEN ST_Covers(u.geog, p.geog) THEN 'UZ' END)
               FROM pts p, terr k, terr u WHERE k.party = 'KZ' AND u.party = 'UZ'"
peer() { # peer QUERY -> "ms rows": on the whole table, or on as many of its
    # first rows as fit BENCH_PEER_MAX_S seconds per run (1, 2 or 5 x 10^k),
    # judged from a probe on the first 1,000 rows.
    local probe n
    probe=$(ms "$1 AND p.id <= 1000" "$serial" 1)
    n=$(awk -v p="$probe" -v N="$ROWS" -v max="${BENCH_PEER_MAX_S:-20}" 'BEGIN {
        n = max * 1000 / (p / 1000); if (n >= N) { print N; exit }
        k = 10 ^ int(log(n) / log(10)); m = n / k
        print (m >= 5 ? 5 : (m >= 2 ? 2 : 1)) * k }')
    [ "$n" -lt 1000 ] && n=1000
    echo "$(ms "$1 AND p.id <= $n") $n"
}
read CGG CGG_N <<<"$(peer "$COVERS_GEOG")"
R=$(rate $CGG_N $CGG)
echo "ST_Covers(territory geography, point) serial: $CGG ms for $CGG_N rows  $R rows/s"
echo "  ratio demarc_party / ST_Covers(geography):  $(ratio "$(rate $ROWS $P)" "$R")x"

L=$(ms "SELECT count((demarc_locate(lon, lat)).distance_m) FROM pts")
echo "demarc_locate(lon, lat) serial:               $L ms  $(rate $ROWS $L) rows/s"
DIST="SELECT count(ST_Distance(p.geog, l.geog)) FROM pts p, line l WHERE true"
read SD SD_N <<<"$(peer "$DIST")"
echo "ST_Distance(geography, border line) serial:   $SD ms for $SD_N rows  $(rate $SD_N $SD) rows/s"
R=$(rate $SD_N $SD)
echo "  ratio demarc_locate / ST_Distance(geog):    $(ratio "$(rate $ROWS $L)" "$R")x"
echo "worst |demarc_distance - ST_Distance(geography)| over those $SD_N rows (m, and relative):"
q -c "$parallel" -c "SELECT round(max(abs(d - s))::numeric, 3) AS worst_m,
             round(max(abs(d - s) / nullif(d, 0))::numeric, 6) AS worst_rel,
             round(percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(d - s))::numeric, 3) AS median_m
        FROM (SELECT demarc_distance(p.lon, p.lat) AS d, ST_Distance(p.geog, l.geog) AS s
                FROM pts p, line l WHERE p.id <= $SD_N) x" | sed 's/^/  /'

PP=$(ms "SELECT count(demarc_party(lon, lat)) FROM pts" "$parallel")
echo "demarc_party parallel (2 workers + leader):   $PP ms  $(rate $ROWS $PP) rows/s " \
     " speed-up $(ratio $P $PP)x"
LP=$(ms "SELECT count((demarc_locate(lon, lat)).distance_m) FROM pts" "$parallel")
echo "demarc_locate parallel (2 workers + leader):  $LP ms  $(rate $ROWS $LP) rows/s " \
     " speed-up $(ratio $L $LP)x"
echo "plan of the parallel party count:"
q -c "$parallel" -c "EXPLAIN (COSTS OFF) SELECT count(demarc_party(lon, lat)) FROM pts" |
    sed 's/^/  /'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
