#!/bin/sh
# badcorpus_cli.sh DEMARC BADDIR -- every row of BADDIR/MANIFEST through the
# demarc command.  Rows of entry line/signs/territories/metadata become a
# border (the file itself, or a directory holding BADDIR/line.geojson plus
# the bad component under its standard name) opened with --border by every
# subcommand that reads one; rows of entry args are the command's arguments.
# Each run must exit 2 (usage or input error; never >= 128, a signal), say
# something on stderr, name the bad file (report/info/length), and leave no
# output file behind.  Runs under valgrind when DEMARC_BADCORPUS_WRAPPER is
# set (e.g. "valgrind -q --error-exitcode=99").
set -u
demarc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") bad=$(cd "$2" && pwd)
wrap=${DEMARC_BADCORPUS_WRAPPER:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Subcommands that take --border: every row goes through `info`;
# the first row of each entry type through all of them (the ones not
# implemented yet exit 2 all the same and are covered once they land).
few="info"
all="report info length validate locate project zones export render inspect"
seen=" "
fails=0 runs=0

check() { # check LABEL NAME_TO_FIND -- after a run into $tmp/out, $tmp/err
    rc=$1 label=$2 needle=$3
    runs=$((runs + 1))
    msg=""
    if [ "$rc" -ge 128 ]; then msg="killed by a signal (exit $rc)"
    elif [ "$rc" -ne 2 ]; then msg="exit $rc, expected 2"
    elif [ ! -s "$tmp/err" ]; then msg="nothing on stderr"
    elif [ -n "$needle" ] && ! grep -qF "$needle" "$tmp/err"; then
        msg="stderr does not name $needle: $(head -c 300 "$tmp/err")"
    elif [ -n "$(ls -A "$tmp/work")" ]; then msg="left output behind: $(ls -A "$tmp/work")"
    fi
    if [ -n "$msg" ]; then
        echo "FAIL $label: $msg"
        fails=$((fails + 1))
    fi
    rm -rf "$tmp/work"; mkdir "$tmp/work"
}

mkdir "$tmp/work"
while read -r file entry status note; do
    case "$file" in ''|'#'*) continue ;; esac
    if [ "$note" = xfail ]; then echo "XFAIL $file: known library bug, skipped"; continue; fi
    if [ "$entry" = args ]; then
        # one argument a line; run from the scratch directory
        set --
        while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done <"$bad/$file"
        (cd "$tmp/work" && $wrap "$demarc" "$@" >"$tmp/out" 2>"$tmp/err")
        rc=$?
        [ "$status" = 2 ] || { echo "FAIL $file: MANIFEST expects $status"; fails=$((fails + 1)); }
        check $rc "$file (args: $*)" ""
        continue
    fi
    case "$entry" in
        line) border="$bad/$file" ;;
        signs|territories|metadata)
            border="$tmp/dir-$file"
            rm -rf "$border"; mkdir "$border"
            cp "$bad/line.geojson" "$border/border.geojson"
            case "$entry" in
                signs) cp "$bad/$file" "$border/signs.csv"; needle=signs.csv ;;
                territories) cp "$bad/$file" "$border/territories.geojson"; needle=territories.geojson ;;
                metadata) cp "$bad/$file" "$border/border.json"; needle=border.json ;;
            esac ;;
        *) echo "FAIL $file: unknown entry $entry"; fails=$((fails + 1)); continue ;;
    esac
    [ "$entry" = line ] && needle=$file
    cmds=$few
    case "$seen" in *" $entry "*) ;; *) cmds=$all; seen="$seen$entry " ;; esac
    for c in $cmds; do
        extra=""
        [ "$c" = export ] && extra="$tmp/work/out.gpkg"
        [ "$c" = render ] && extra="$tmp/work/out.svg"
        [ "$c" = locate ] && extra="64.5 41.7"
        [ "$c" = zones ] && extra="64.5 41.7"
        # shellcheck disable=SC2086
        (cd "$tmp/work" && $wrap "$demarc" $c --border "$border" $extra >"$tmp/out" 2>"$tmp/err")
        rc=$?
        case "$c" in report|info|length) n=$needle ;; *) n="" ;; esac
        check $rc "$c --border $file" "$n"
    done
done <"$bad/MANIFEST"
echo "badcorpus_cli: $runs runs, $fails failed"
[ "$fails" -eq 0 ]
