#!/bin/sh
# man_test.sh -- demarc(1) in step with --help: every long option a
# subcommand's `demarc CMD --help` prints appears in that subcommand's
# section of demarc.1 (its .SS "demarc CMD ..." sections; the options every
# border-reading command takes may instead be under COMMON OPTIONS), and
# every option a subcommand's section names is one its --help prints.
#
# usage: sh man_test.sh DEMARC MAN_PAGE
set -eu
DEMARC=$1
MAN=$2
fail=0 pass=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

# options FILE: the long options named in FILE (roff's \- read as -), one a line
options() { sed 's/\\-/-/g' "$1" | grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u; }

# The COMMON OPTIONS section.
awk '/^\.SH/ { on = ($0 ~ /^\.SH "?COMMON OPTIONS/) ; next } on' "$MAN" >"$WORK/common.man"
options "$WORK/common.man" >"$WORK/common"
[ -s "$WORK/common" ] || { echo "FAIL - demarc.1 has no COMMON OPTIONS"; exit 1; }

for cmd in report info length validate inspect locate project zones export render; do
    "$DEMARC" "$cmd" --help >"$WORK/help.txt"
    options "$WORK/help.txt" >"$WORK/help"
    # the .SS sections of cmd, up to the next .SS of another command or .SH
    awk -v c="$cmd" '
        /^\.SH/ { on = 0; next }
        /^\.SS/ { on = index($0, ".SS \"demarc " c " ") == 1 || $0 == ".SS \"demarc " c "\"" }
        on' "$MAN" >"$WORK/section.man"
    if [ ! -s "$WORK/section.man" ]; then
        echo "FAIL - demarc.1 has no section for $cmd"
        fail=$((fail + 1))
        continue
    fi
    options "$WORK/section.man" >"$WORK/section"
    sort -u "$WORK/section" "$WORK/common" >"$WORK/documented"
    missing=$(comm -23 "$WORK/help" "$WORK/documented" | tr '\n' ' ')
    extra=$(comm -13 "$WORK/help" "$WORK/section" | tr '\n' ' ')
    if [ -z "$missing" ]; then
        pass=$((pass + 1)); echo "ok   - demarc.1 documents every option of '$cmd --help'"
    else
        fail=$((fail + 1)); echo "FAIL - '$cmd --help' options not in demarc.1 ($cmd): $missing"
    fi
    if [ -z "$extra" ]; then
        pass=$((pass + 1)); echo "ok   - every option of demarc.1 ($cmd) is in '$cmd --help'"
    else
        fail=$((fail + 1)); echo "FAIL - demarc.1 ($cmd) names options '$cmd --help' lacks: $extra"
    fi
done
# and the other way for the common ones: each is an option of some command
for o in $(cat "$WORK/common"); do
    if "$DEMARC" info --help | grep -q -- "$o"; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "FAIL - COMMON OPTIONS names $o, 'info --help' does not"; fi
done
echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
