# pgcluster.sh -- sourced by the PostgreSQL tests: a private installation and
# throw-away clusters, all under one temporary directory removed at exit.
#
# The installation is staged as pg_regress's tmp_install is: a copy of
# PostgreSQL's bin/ (the server finds share/ and lib/ relative to its own
# executable), symbolic links to the system's share/ and lib/ files (PostGIS,
# postgres_fdw, plpgsql) and copies of this build's module, control and SQL
# files.  Nothing is written to the system's directories.  Clusters run as
# the `postgres` user (initdb refuses root), listen on 127.0.0.1 and a
# socket in the temporary directory only, with fsync off; each is stopped
# (immediate mode) and removed by the EXIT trap, whatever the outcome.
#
# Needs: PG_BINDIR, PG_PKGLIBDIR, PG_SHAREDIR, DEMARC_PG_STAGE (from ctest).
set -eu

: "${PG_BINDIR:?}" "${PG_PKGLIBDIR:?}" "${PG_SHAREDIR:?}" "${DEMARC_PG_STAGE:?}"
PGT_USER=postgres
# The clusters run as `postgres`, started from root through runuser: without
# both, skip (ctest's SKIP_RETURN_CODE 77) rather than fail.
if [ "$(id -u)" != 0 ] || ! id "$PGT_USER" >/dev/null 2>&1 || ! command -v runuser >/dev/null; then
    echo "SKIP: the PostgreSQL tests need root and a '$PGT_USER' user (runuser)"
    exit 77
fi
PGT_TMP=$(mktemp -d /tmp/demarc-pgtest.XXXXXX)
chmod 755 "$PGT_TMP"
PGT_CLUSTERS=""

pgt_cleanup() {
    rc=$?
    if [ -n "${PGT_WATCHDOG:-}" ]; then kill -- "-$PGT_WATCHDOG" 2>/dev/null || true; fi
    for d in $PGT_CLUSTERS; do
        if [ -f "$d/postmaster.pid" ]; then
            runuser -u "$PGT_USER" -- timeout 30 "$PGT_BIN/pg_ctl" -D "$d" -m immediate \
                -w stop >/dev/null 2>&1 || true
        fi
    done
    [ -n "${PGT_KEEP:-}" ] || rm -rf "$PGT_TMP"
    exit $rc
}
trap pgt_cleanup EXIT
trap 'exit 130' INT TERM HUP

# Should this script be killed outright (SIGKILL: no trap runs), a watchdog
# in its own session stops the clusters and removes the directory after
# PGT_LIFETIME seconds (default 600) all the same.
pgt_watchdog() {
    setsid bash -c 'sleep "$1"
        for d in "$2"/*/; do
            [ -f "$d/postmaster.pid" ] &&
                runuser -u postgres -- "$3/pg_ctl" -D "$d" -m immediate -w stop
        done
        rm -rf "$2"' _ "${PGT_LIFETIME:-600}" "$PGT_TMP" "$PGT_BIN" >/dev/null 2>&1 &
    PGT_WATCHDOG=$!
}

# Run as the postgres user, bounded in time.
pgt_as() { runuser -u "$PGT_USER" -- timeout "${PGT_TIMEOUT:-120}" "$@"; }

pgt_stage() {
    local root="$PGT_TMP/inst" f
    PGT_BIN="$root$PG_BINDIR"
    mkdir -p "$PGT_BIN" "$root$PG_PKGLIBDIR" "$root$PG_SHAREDIR/extension"
    cp -p "$PG_BINDIR"/postgres "$PG_BINDIR"/initdb "$PG_BINDIR"/pg_ctl "$PG_BINDIR"/psql \
        "$PGT_BIN"/
    for f in "$PG_PKGLIBDIR"/*; do ln -s "$f" "$root$PG_PKGLIBDIR/"; done
    for f in "$PG_SHAREDIR"/*; do
        [ "$(basename "$f")" = extension ] || ln -s "$f" "$root$PG_SHAREDIR/"
    done
    for f in "$PG_SHAREDIR"/extension/*; do ln -s "$f" "$root$PG_SHAREDIR/extension/"; done
    # This build's files, copied (the build tree need not be readable by postgres).
    # rm first: where the system has an installed demarc-0.so, the loop
    # above linked it, and cp would write through the link into it.
    for f in "$DEMARC_PG_STAGE"/lib/*.so; do
        rm -f "$root$PG_PKGLIBDIR/$(basename "$f")"
        cp "$f" "$root$PG_PKGLIBDIR/"
    done
    for f in "$DEMARC_PG_STAGE"/extension/*; do
        rm -f "$root$PG_SHAREDIR/extension/$(basename "$f")"
        cp "$f" "$root$PG_SHAREDIR/extension/"
    done
    chmod -R a+rX "$root"
    pgt_watchdog
    mkdir -p "$PGT_TMP/sock" "$PGT_TMP/log"
    chown "$PGT_USER" "$PGT_TMP/sock" "$PGT_TMP/log"
}

# pgt_start NAME PORT [extra postgres -c options...]: initdb + start.
pgt_start() {
    local name=$1 port=$2 d="$PGT_TMP/$1"
    shift 2
    mkdir -p "$d"
    chown "$PGT_USER" "$d"
    chmod 700 "$d"
    PGT_CLUSTERS="$PGT_CLUSTERS $d"
    pgt_as "$PGT_BIN/initdb" -D "$d" -U postgres -A trust --no-sync -E UTF8 \
        --locale=C >"$PGT_TMP/$name.initdb.log" 2>&1 ||
        { cat "$PGT_TMP/$name.initdb.log"; return 1; }
    cat >>"$d/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PGT_TMP/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_worker_processes = 8
max_parallel_workers = 2
max_parallel_workers_per_gather = 2
statement_timeout = '120s'
CONF
    local o
    for o in "$@"; do echo "$o" >>"$d/postgresql.conf"; done
    pgt_as "$PGT_BIN/pg_ctl" -D "$d" -l "$PGT_TMP/log/$name.log" -w -t 60 start >/dev/null ||
        { cat "$PGT_TMP/log/$name.log"; return 1; }
}

# pgt_psql PORT [psql args]: psql as postgres over the private socket.
pgt_psql() {
    local port=$1
    shift
    timeout "${PGT_TIMEOUT:-120}" "$PGT_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$PGT_TMP/sock" -p "$port" -U postgres "$@"
}

# A free TCP port on 127.0.0.1 (asked of the kernel).
pgt_free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}
