#!/bin/bash
# run_regress.sh TESTDIR OUTDIR -- the pg_regress suite of the demarc and
# demarc_postgis extensions, against a cluster this script creates and
# removes (see pgcluster.sh).  Exit status: pg_regress's.
set -eu
TESTDIR=$1
OUTDIR=$2
. "$TESTDIR/pgcluster.sh"

pgt_stage
PORT=$(pgt_free_port)
# The module preloaded: the postmaster opens the border once and every
# backend inherits it (the multi-node test runs without, each backend opening
# its own): both paths are exercised.
pgt_start regress "$PORT" "shared_preload_libraries = '${DEMARC_PG_MODULE:-demarc-0}'"

rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
PG_REGRESS=$PG_PKGLIBDIR/pgxs/src/test/regress/pg_regress
# demarc_postgis needs PostGIS (postgresql-15-postgis-3): without it, say so
# and run the rest.
SCHEDULE=$OUTDIR/schedule
if [ -f "$PG_SHAREDIR/extension/postgis.control" ]; then
    cp "$TESTDIR/schedule" "$SCHEDULE"
else
    echo "NOTE: PostGIS is not installed: demarc_postgis and the upgrade are not tested"
    grep -v -e demarc_postgis -e demarc_upgrade "$TESTDIR/schedule" >"$SCHEDULE"
fi
set +e
timeout 180 "$PG_REGRESS" --inputdir="$TESTDIR" --outputdir="$OUTDIR" \
    --bindir="$PGT_BIN" --host="$PGT_TMP/sock" --port="$PORT" --user=postgres \
    --dbname=demarc_regress --schedule="$SCHEDULE"
rc=$?
set -e
if [ $rc -ne 0 ] && [ -f "$OUTDIR/regression.diffs" ]; then
    head -c 20000 "$OUTDIR/regression.diffs"
fi
exit $rc
