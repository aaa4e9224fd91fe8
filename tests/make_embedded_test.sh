#!/bin/sh
# make_embedded_test.sh MAKE_EMBEDDED TEST_DATA_DIR -- the build-time
# generator (lib/embed/make_embedded.c) fails cleanly: exit 2 on a wrong
# command line, exit 1 with the reader's message for a border it cannot
# open, exit 1 naming the path when OUT.c cannot be written (a missing
# folder; a file size limit, with SIGXFSZ ignored as make(1) would not
# do but a shell can), and never leaves OUT.c or OUT.c.tmp behind.
set -eu
gen=$1
data=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-embed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { n=$((n + 1)); echo "ok $n - $*"; }
run() { rc=0; "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?; }
nothing_left() { [ -z "$(ls -A "$tmp/o")" ] || fail "left behind: $(ls -A "$tmp/o")"; }
mkdir "$tmp/o"

run "$gen" "$data/small" "$tmp/o/x.c"
[ $rc = 2 ] && grep -q "usage: .* DATA_DIR OUT.c SYMBOL" "$tmp/err" || fail "usage: rc $rc"
nothing_left
ok "two arguments: exit 2, usage"

run "$gen" "$tmp/nosuch" "$tmp/o/x.c" sym
[ $rc = 1 ] && grep -q "make_embedded: .*nosuch" "$tmp/err" || fail "no dir: rc $rc, $(cat "$tmp/err")"
nothing_left
ok "a missing border directory: exit 1, named"

run "$gen" "$data/bad" "$tmp/o/x.c" sym
[ $rc = 1 ] && grep -q "^make_embedded: " "$tmp/err" || fail "bad dir: rc $rc, $(cat "$tmp/err")"
nothing_left
ok "a border the reader refuses (tests/data/bad): exit 1, the reader's message"

run "$gen" "$data/small" "$tmp/o/no/x.c" sym
[ $rc = 1 ] && grep -q "o/no/x.c.tmp" "$tmp/err" || fail "no folder: rc $rc, $(cat "$tmp/err")"
nothing_left
ok "an output folder that does not exist: exit 1, the temporary named"

# 4 KiB: the small border's source is larger (its index alone is ~10 KiB)
rc=0
(trap '' XFSZ; ulimit -f 8; exec "$gen" "$data/small" "$tmp/o/x.c" sym) \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc = 1 ] && grep -q "o/x.c: File too large" "$tmp/err" || fail "ulimit: rc $rc, $(cat "$tmp/err")"
nothing_left
ok "a file size limit: exit 1, 'File too large', no OUT.c or OUT.c.tmp"

echo "feed" >"$tmp/o/keep.c"
rc=0
(trap '' XFSZ; ulimit -f 8; exec "$gen" "$data/small" "$tmp/o/keep.c" sym) \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc = 1 ] && [ "$(cat "$tmp/o/keep.c")" = feed ] || fail "earlier OUT.c replaced: rc $rc"
[ "$(ls -A "$tmp/o")" = keep.c ] || fail "left behind: $(ls -A "$tmp/o")"
rm "$tmp/o/keep.c"
ok "an earlier OUT.c is kept when the write fails"

run "$gen" "$data/small" "$tmp/o/x.c" sym
[ $rc = 0 ] && grep -q "^const demarc_embedded sym = {" "$tmp/o/x.c" || fail "small: rc $rc"
[ "$(ls -A "$tmp/o")" = x.c ] || fail "left behind: $(ls -A "$tmp/o")"
ok "the small border: exit 0, OUT.c only"
echo "make_embedded: $n passed"
