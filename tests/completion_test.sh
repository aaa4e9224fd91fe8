#!/bin/bash
# completion_test.sh -- the bash completion of demarc: sourced in bash, the
# function it registers (complete -F) is called as bash calls it (COMP_WORDS,
# COMP_CWORD) and its COMPREPLY checked: subcommands, each subcommand's long
# options -- the same set its `demarc CMD --help` prints --, option values,
# --opt=VALUE, file and directory names, "--".
#
# usage: bash completion_test.sh DEMARC COMPLETION_FILE
set -u
DEMARC=$1
COMPLETION=$2
pass=0 fail=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

# shellcheck source=/dev/null
source "$COMPLETION" || { echo "FAIL - cannot source $COMPLETION"; exit 1; }
spec=$(complete -p demarc 2>/dev/null)
if [[ $spec != "complete -F "*" demarc" ]]; then
    echo "FAIL - no 'complete -F FN demarc': $spec"
    exit 1
fi
fn=${spec#complete -F }
fn=${fn%% *}

# comp WORD...: complete the last word of "demarc WORD..." (as bash splits
# it: --opt=VALUE is --opt = VALUE); the sorted replies on one line in $got.
comp() {
    COMP_WORDS=(demarc "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    "$fn" demarc "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ')
    got=${got% }
}
expect() { # expect DESC WANT: $got is WANT
    if [[ $got == "$2" ]]; then pass=$((pass + 1)); echo "ok   - $1"
    else fail=$((fail + 1)); echo "FAIL - $1"; echo "       want: $2"; echo "       got:  $got"; fi
}

comp ""
expect "subcommands" "export help info inspect length locate project render report validate zones"
comp lo
expect "'lo' -> locate" "locate"
comp -
expect "top-level options" "--help --version"
for cmd in report info length validate inspect locate project zones export render; do
    want=$("$DEMARC" "$cmd" --help | grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u | tr '\n' ' ')
    comp "$cmd" --
    expect "$cmd --<TAB>: the long options of '$cmd --help'" "${want% }"
done
comp info --edges ""
expect "--edges <TAB>" "geodesic planar rhumb"
comp info --edges = r
expect "--edges=r<TAB> (split at =)" "rhumb"
comp info --edges =
expect "--edges=<TAB>" "geodesic planar rhumb"
comp locate --format g
expect "locate --format g<TAB>" "geojson"
comp export x.gpkg --format G
expect "export --format G<TAB>" "GPKG GeoJSON"
comp validate --position x
expect "--position x<TAB>" "x,y"
comp info --json = ""
expect "--json=<TAB>: a flag takes no value" ""
comp help v
expect "help v<TAB>" "validate"

mkdir "$WORK/dir" && : >"$WORK/signs.csv" && : >"$WORK/sections.txt"
cd "$WORK" || exit 1
comp validate si
expect "validate si<TAB>: files" "signs.csv"
comp info --border d
expect "--border d<TAB>: a directory" "dir"
comp render m.svg --findings s
expect "--findings s<TAB>: files" "sections.txt signs.csv"
comp validate -- --
expect "validate -- --<TAB>: after --, no options" ""
comp locate --tolerance ""
expect "--tolerance <TAB>: a number, no completion" ""
comp locate -o si
expect "locate -o si<TAB>: files" "signs.csv"
comp zones 64 --j
expect "zones 64 --j<TAB>" "--json"

echo "completion: $pass passed, $fail failed"
((fail == 0))
