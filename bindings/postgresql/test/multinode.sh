#!/bin/bash
# multinode.sh TESTDIR OUTDIR -- a coordinator and two shards on loopback
# (three clusters, see pgcluster.sh), the demarc extension on all three, a
# points table hash-partitioned over the shards through postgres_fdw
# (extensions 'demarc', async_capable 'true').  Checks from EXPLAIN (VERBOSE)
# that the filter and the UPDATE enrichment run on the shards (the Remote SQL
# names demarc_party), that per-shard aggregates run as Async Foreign Scans,
# and that every answer equals the single-node one.  Exit 0 when all pass.
set -eu
TESTDIR=$1
OUTDIR=$2
. "$TESTDIR/pgcluster.sh"
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
LOG=$OUTDIR/multinode.log

pgt_stage
C=$(pgt_free_port)
S1=$(pgt_free_port)
S2=$(pgt_free_port)
pgt_start coord "$C"
pgt_start shard1 "$S1"
pgt_start shard2 "$S2"

N=${DEMARC_MULTINODE_ROWS:-20000}
# The points: a low-discrepancy spread over the border region (55-73 E, 37-46 N).
POINTS="SELECT i::bigint AS id, 55 + (i * 0.6180339887498949 % 1) * 18 AS lon,
               37 + (i * 0.4142135623730950 % 1) * 9 AS lat
          FROM generate_series(1, $N) i"

for p in "$S1" "$S2"; do
    pgt_psql "$p" -d postgres -c "CREATE DATABASE demarc" >/dev/null
    pgt_psql "$p" -d demarc -c "CREATE EXTENSION demarc" >/dev/null
done
pgt_psql "$S1" -d demarc -c "CREATE TABLE pts_p0 (id bigint, lon float8, lat float8, party text)"
pgt_psql "$S2" -d demarc -c "CREATE TABLE pts_p1 (id bigint, lon float8, lat float8, party text)"

pgt_psql "$C" -d postgres -c "CREATE DATABASE demarc" >/dev/null
pgt_psql "$C" -d demarc >>"$LOG" 2>&1 <<SQL
CREATE EXTENSION demarc;
CREATE EXTENSION postgres_fdw;
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '127.0.0.1', port '$S1', dbname 'demarc', extensions 'demarc',
             async_capable 'true', batch_size '1000', fetch_size '10000',
             fdw_tuple_cost '0.1');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '127.0.0.1', port '$S2', dbname 'demarc', extensions 'demarc',
             async_capable 'true', batch_size '1000', fetch_size '10000',
             fdw_tuple_cost '0.1');
CREATE USER MAPPING FOR postgres SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR postgres SERVER shard2 OPTIONS (user 'postgres');
CREATE TABLE pts (id bigint, lon float8, lat float8, party text) PARTITION BY HASH (id);
CREATE FOREIGN TABLE pts_p0 PARTITION OF pts FOR VALUES WITH (MODULUS 2, REMAINDER 0)
    SERVER shard1 OPTIONS (table_name 'pts_p0');
CREATE FOREIGN TABLE pts_p1 PARTITION OF pts FOR VALUES WITH (MODULUS 2, REMAINDER 1)
    SERVER shard2 OPTIONS (table_name 'pts_p1');
INSERT INTO pts $POINTS;
-- The single-node reference: the same rows in one local table.
CREATE TABLE pts_local AS $POINTS;
ALTER TABLE pts_local ADD COLUMN party text;
SQL
for p in "$S1" "$S2"; do pgt_psql "$p" -d demarc -c "ANALYZE" >/dev/null; done
pgt_psql "$C" -d demarc -c "ANALYZE pts_local; ANALYZE pts" >/dev/null

fails=0
# count_is N PATTERN: t when PATTERN matches exactly N lines of $plan.
count_is() { [ "$(grep -c "$2" <<<"$plan")" = "$1" ] && echo t || echo f; }
check() { # check NAME CONDITION-RESULT(t/f)
    if [ "$2" = t ]; then echo "PASS $1"; else echo "FAIL $1 ($2)"; fails=$((fails + 1)); fi
}
q() { pgt_psql "$C" -d demarc -At -c "$1"; }
explain() { q "EXPLAIN (VERBOSE, COSTS OFF) $1" | tee -a "$LOG"; }

check "rows on shard 1 and 2 add up to $N" \
    "$(q "SELECT (SELECT count(*) FROM pts_p0) + (SELECT count(*) FROM pts_p1) = $N
          AND (SELECT count(*) FROM pts_p0) > 0 AND (SELECT count(*) FROM pts_p1) > 0")"

# 1. The filter runs on the shards, both at once.
F="SELECT id FROM pts WHERE demarc_party(lon, lat) = 'UZ'"
plan=$(explain "$F")
check "filter: Remote SQL names demarc_party on both shards" \
    "$(count_is 2 'Remote SQL: .*WHERE .*demarc_party(lon, lat)')"
check "filter: two Async Foreign Scans" \
    "$([ "$(grep -c 'Async Foreign Scan' <<<"$plan")" = 2 ] && echo t || echo f)"
check "filter: same ids as the single-node run" \
    "$(q "SELECT (SELECT array_agg(id ORDER BY id) FROM ($F) d) =
                 (SELECT array_agg(id ORDER BY id) FROM pts_local
                   WHERE demarc_party(lon, lat) = 'UZ')")"

# 2. The enrichment UPDATE runs on the shards (direct modification).
U="UPDATE pts SET party = demarc_party(lon, lat)"
plan=$(explain "$U")
check "update: Remote SQL is UPDATE ... SET party = demarc_party on both shards" \
    "$(count_is 2 'Remote SQL: UPDATE .* SET party = public.demarc_party(lon, lat)')"
q "$U" >/dev/null
q "UPDATE pts_local SET party = demarc_party(lon, lat)" >/dev/null
check "update: same parties as the single-node run" \
    "$(q "SELECT count(*) = 0 FROM pts d JOIN pts_local l USING (id)
           WHERE d.party IS DISTINCT FROM l.party")"

# 3. Per-shard aggregates.  PostgreSQL 15 does not push partial aggregates
#    of a plain GROUP BY to foreign partitions: this plan pulls every row
#    (with enable_partitionwise_aggregate on as well: Partial Aggregate
#    above each Foreign Scan, still on the coordinator).
G="SELECT party, count(*) AS n, sum(demarc_distance(lon, lat)) AS d FROM pts GROUP BY party"
plan=$(explain "$G")
check "plain GROUP BY: not pushed down (Remote SQL has no GROUP BY)" \
    "$([ "$(grep -c 'Remote SQL: .*GROUP BY' <<<"$plan")" = 0 ] && echo t || echo f)"
plan=$(q "SET enable_partitionwise_aggregate = on; EXPLAIN (VERBOSE, COSTS OFF) $G" |
       tee -a "$LOG")
check "plain GROUP BY, partitionwise on: Partial Aggregate on the coordinator" \
    "$([ "$(grep -c 'Remote SQL: .*GROUP BY' <<<"$plan")" = 0 ] &&
       [ "$(grep -c 'Partial .*Aggregate' <<<"$plan")" -ge 2 ] && echo t || echo f)"
#    The query shape that is: one grouped subquery per partition under
#    UNION ALL (each a whole aggregate over one foreign table, so shipped
#    whole), re-aggregated on the coordinator; count and sum combine by sum.
P="SELECT party, sum(n) AS n, sum(d) AS d FROM (
     SELECT party, count(*) AS n, sum(demarc_distance(lon, lat)) AS d FROM pts_p0 GROUP BY party
     UNION ALL
     SELECT party, count(*) AS n, sum(demarc_distance(lon, lat)) AS d FROM pts_p1 GROUP BY party
   ) per_shard GROUP BY party"
plan=$(explain "$P")
check "per-shard aggregate: Remote SQL has GROUP BY and demarc_distance on both shards" \
    "$(count_is 2 \
        'Remote SQL: SELECT party, count(\*), sum(public.demarc_distance(lon, lat)) .*GROUP BY')"
check "per-shard aggregate: two Async Foreign Scans" \
    "$([ "$(grep -c 'Async Foreign Scan' <<<"$plan")" = 2 ] && echo t || echo f)"
#    The helper that writes that query for any hash-partitioned table.
pgt_psql "$C" -d demarc -f "$TESTDIR/per_shard_helper.sql" >>"$LOG"
H=$(q "SELECT demarc_per_shard_sql('pts', 'party',
                'count(*) AS n, sum(demarc_distance(lon, lat)) AS d', 'sum(n), sum(d)')")
plan=$(explain "$H")
check "helper: its query has two Async Foreign Scans with GROUP BY" \
    "$([ "$(grep -c 'Async Foreign Scan' <<<"$plan")" = 2 ] &&
       [ "$(grep -c 'Remote SQL: .*GROUP BY' <<<"$plan")" = 2 ] && echo t || echo f)"
L="SELECT party, count(*) AS n, sum(demarc_distance(lon, lat)) AS d FROM pts_local GROUP BY party"
for shape in "$G" "$P" "$H"; do
    check "aggregate equals the single-node run: ${shape:0:40}..." \
        "$(q "SELECT count(*) = 3 AND bool_and(a.n = b.n AND abs(a.d - b.d) <= 1e-9 * b.d)
                FROM ($shape) a(party, n, d) JOIN ($L) b ON a.party IS NOT DISTINCT FROM b.party")"
done

echo "$fails check(s) failed; plans in $LOG"
[ "$fails" = 0 ]
