#!/bin/bash
# readme_sql.sh TESTDIR README -- the SQL tour of the project's README runs as
# written: every ```sql block of its "In PostgreSQL" section, on a cluster this
# script creates and removes (pgcluster.sh), after the tables the tour names
# (points, survey.signs) are made.  Exit 0 when every statement succeeds.
set -eu
TESTDIR=$1
README=$2
. "$TESTDIR/pgcluster.sh"

SQL=$PGT_TMP/readme.sql
awk '/^## In PostgreSQL/ { s = 1; next } s && /^## / { s = 0 }
     s && /^```sql/ { b = 1; next } b && /^```/ { b = 0; next } b' "$README" >"$SQL"
[ -s "$SQL" ] || { echo "readme_sql: no sql block under '## In PostgreSQL' in $README"; exit 1; }
chmod a+r "$SQL"

pgt_stage
PORT=$(pgt_free_port)
pgt_start readme "$PORT"
pgt_psql "$PORT" -d postgres -c "CREATE DATABASE tour" >/dev/null
# The tables the tour reads: two points (Tashkent, in UZ; a point in KZ) and
# the shipped catalogue as a table, as a survey team would load it.
pgt_psql "$PORT" -d tour >/dev/null <<'SETUP'
CREATE TABLE points (id int, lon float8, lat float8, party text);
INSERT INTO points VALUES (1, 69.2401, 41.2995, NULL), (2, 68.0, 42.0, NULL);
CREATE SCHEMA survey;
SETUP
# COPY FROM a file is the server's: hand it through psql's \copy instead.
signs=$(cd "$TESTDIR/../../../data/kz-uz" && pwd)/signs.csv
pgt_psql "$PORT" -d tour -c "CREATE TABLE survey.signs (id text, seq int, kind text,
    lon float8, lat float8, h_m float8, chainage_m float8, next_dist_m float8,
    next_azimuth_deg float8, segment text, provenance text)" >/dev/null
pgt_psql "$PORT" -d tour -c "\\copy survey.signs FROM '$signs' CSV HEADER" >/dev/null
out=$PGT_TMP/readme.out
if ! pgt_psql "$PORT" -d tour -f "$SQL" >"$out" 2>&1; then
    echo "readme_sql: the README's SQL failed:"; cat "$out"; exit 1
fi
cat "$out"
# Tashkent is in UZ (the README says so; so does every map).
grep -q ' UZ$' "$out" || { echo "readme_sql: no 'UZ' answer for Tashkent"; exit 1; }
echo "readme_sql: $(grep -c ';' "$SQL") statements of the README ran"
