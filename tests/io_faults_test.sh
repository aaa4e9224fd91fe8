#!/usr/bin/env bash
# io_faults_test.sh -- issue 18: every file the library and the demarc
# command write, failed by the file system, the way SQLite tests I/O errors.
#
# Outputs: demarc_border_export in every format (GPKG and KML: one file;
# GeoJSON, SHP, FGB, CSV: a folder), through the API (tests/io_faults_api.c,
# which prints the status) and `demarc export`; demarc_locate_file and
# `demarc locate FILE -o OUT` in every output format; `demarc render` SVG,
# PNG and PDF; the standard output of every command that prints (text and
# --json, the streams of `locate -` and `project`).  Faults:
#   (a) a full file system: a tmpfs stepped from 4 KiB up until the write
#       succeeds, so that the failure lands at a different point each time;
#       once empty, once holding an earlier output at the same path;
#   (b) a folder that has become read-only (the tmpfs remounted ro: chmod
#       does not stop root), holding an earlier output;
#   (c) a write failing halfway: a file-size limit (ulimit -f) of 1/8, 1/3
#       and 2/3 of the output;
#   (d) standard output to /dev/full, and to a file on a full tmpfs.
# Each must end in DEMARC_ERR_IO (API: "status 3") or exit 2 (CLI), with a
# message naming the path and the reason (No space left on device,
# Read-only file system, File too large), nothing left behind, and the
# earlier output byte for byte as it was (md5sum of every file).  A
# regression case of the issue: `demarc export k.geojson --format GeoJSON`
# onto a nearly full file system exited 0 with the files cut off.
# Prints the number of fault points exercised.
#
# Needs root (mount); exits 77 (ctest SKIP_RETURN_CODE) otherwise.  The
# tmpfs is unmounted and the work folder removed at exit, even on failure.
# usage: [IOFAULT_STEPS=N] io_faults_test.sh DEMARC IO_FAULTS_API
set -u
demarc=$1
api=$2
if [ "$(id -u)" != 0 ]; then echo "SKIP: needs root to mount a tmpfs"; exit 77; fi
work=$(mktemp -d)
mnt=$work/mnt
mkdir "$mnt"
cleanup() {
  local k=0
  while mountpoint -q "$mnt" && [ $k -lt 10 ]; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null
    k=$((k + 1))
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
if ! mount -t tmpfs -o size=64k tmpfs "$mnt" 2>/dev/null; then
  echo "SKIP: cannot mount a tmpfs here"; exit 77
fi
umount "$mnt"

# IOFAULT_STEPS: tmpfs sizes tried below an output's size (default 6)
steps=${IOFAULT_STEPS:-6}
fail=0 points=0 full_points=0 ro_points=0 fsize_points=0 stdout_points=0
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# Input points: 1500 in and around the border area (lon 55-74, lat 37-46),
# as a GeoJSON point layer (locate FILE) and as lon,lat lines (locate -,
# project).
awk 'BEGIN {
  print "{\"type\":\"FeatureCollection\",\"features\":[";
  for (i = 0; i < 1500; i++) {
    lon = 55 + (i * 7919 % 1900) / 100; lat = 37 + (i * 104729 % 900) / 100;
    printf "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"p%d\"},", i ? "," : "", i;
    printf "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.2f,%.2f]}}\n", lon, lat;
    printf "%.2f,%.2f\n", lon, lat >"/dev/stderr";
  }
  print "]}" }' >"$work/pts.geojson" 2>"$work/pts.csv"

mount_tmpfs() { # SIZE_KIB: a fresh, empty tmpfs on $mnt
  while mountpoint -q "$mnt"; do umount "$mnt"; done
  mount -t tmpfs -o "size=${1}k,mode=0755" tmpfs "$mnt"
}
used_kib() { df -k --output=used "$mnt" | tail -1 | tr -d ' '; }
# every name under DIR (empty folders too), then every file's md5sum
tree_sum() { (cd "$1" && find . | sort && find . -type f -print0 | sort -z | xargs -0 -r md5sum); }

# The outputs: id | output name | command (@OUT@ is the path; run by bash)
outputs=()
for f in gpkg:GPKG kml:KML geojson:GeoJSON shp:SHP fgb:FGB csv:CSV; do
  ext=${f%%:*} fmt=${f#*:}
  outputs+=("export-$ext|k.$ext|\"\$demarc\" export @OUT@")
  outputs+=("api-export-$ext|k.$ext|\"\$api\" export @OUT@ $fmt")
done
# the issue's case, the format named; a folder format into a name of its own
outputs+=("export-geojson-format|k.geojson|\"\$demarc\" export @OUT@ --format GeoJSON")
outputs+=("export-shp-folder|kz_shapes|\"\$demarc\" export @OUT@ --format SHP --json")
outputs+=("export-gpkg-validate|v.gpkg|\"\$demarc\" export @OUT@ --validate")
for ext in gpkg geojson fgb kml csv shp; do
  outputs+=("locate-$ext|o.$ext|\"\$demarc\" locate \"\$work/pts.geojson\" -o @OUT@ --force")
  outputs+=("api-locate-$ext|o.$ext|\"\$api\" locate \"\$work/pts.geojson\" @OUT@")
done
for ext in svg png pdf; do
  outputs+=("render-$ext|map.$ext|\"\$demarc\" render @OUT@")
done

run_out() { # CMD OUT: run it; rc in $rc, stderr+stdout in $work/err
  local cmd=${1//@OUT@/\"\$out\"}
  out=$2
  rc=0
  (eval "$cmd") >"$work/err" 2>&1 || rc=$?
}

# The failure is clean: status 3 (API) or exit 2 (CLI), the path's name and
# the reason in the message.
check_fault() { # ID WHAT REASON
  local id=$1 what=$2 reason=$3 name
  name=$(basename "$out")
  points=$((points + 1))
  case $id in
    api-*) grep -q '^status 3: ' "$work/err" ||
             bad "$id $what: not DEMARC_ERR_IO: $(head -c 400 "$work/err")" ;;
    *) [ "$rc" = 2 ] || bad "$id $what: exit $rc, want 2: $(head -c 400 "$work/err")" ;;
  esac
  grep -qF "$name" "$work/err" || bad "$id $what: the message does not name $name: $(head -c 400 "$work/err")"
  grep -qF "$reason" "$work/err" ||
    bad "$id $what: the message does not say '$reason': $(head -c 400 "$work/err")"
}

# (a) a full file system, stepped, empty and then holding an earlier output
full_fs() { # ID NAME CMD
  local id=$1 name=$2 cmd=$3 size total step k before n=0
  mount_tmpfs 32768
  run_out "$cmd" "$mnt/$name"
  [ "$rc" = 0 ] || { bad "$id: fails on a roomy tmpfs: $(head -c 400 "$work/err")"; return; }
  total=$(used_kib)
  step=$(( (total / steps + 3) / 4 * 4 )); [ "$step" -ge 4 ] || step=4
  for ((size = 4; ; size += step)); do
    mount_tmpfs "$size"
    run_out "$cmd" "$mnt/$name"
    if [ "$rc" = 0 ] && ! grep -q '^status [1-9]' "$work/err"; then
      [ -e "$mnt/$name" ] || bad "$id: success at $size KiB but no $name"
      break
    fi
    check_fault "$id" "on a full $size KiB tmpfs" "No space left on device"
    [ -z "$(ls -A "$mnt")" ] || bad "$id: $size KiB: left behind: $(ls -A "$mnt")"
    n=$((n + 1))
    [ "$size" -le $((total * 3)) ] || { bad "$id: no success up to $size KiB"; break; }
  done
  # an earlier output at the path, and less room than it takes once more
  mount_tmpfs 32768
  run_out "$cmd" "$mnt/$name"
  before=$(tree_sum "$mnt")
  total=$(used_kib)
  for ((k = 0; ; k++)); do
    size=$((total + 4 + k * step))
    mount -o "remount,size=${size}k" "$mnt" || { bad "$id: remount at $size KiB"; break; }
    run_out "$cmd" "$mnt/$name"
    if [ "$rc" = 0 ] && ! grep -q '^status [1-9]' "$work/err"; then break; fi
    check_fault "$id" "replacing, on a full $size KiB tmpfs" "No space left on device"
    [ "$(tree_sum "$mnt")" = "$before" ] ||
      bad "$id: $size KiB: the earlier output changed or something was left: $(ls -A "$mnt")"
    n=$((n + 1))
    [ "$k" -le 40 ] || { bad "$id: replacing never succeeds"; break; }
  done
  full_points=$((full_points + n))
  printf '  %-24s full disk: %2d failure points (output %d KiB, step %d KiB)\n' \
    "$id" "$n" "$total" "$step"
}

# (b) the folder has become read-only; an earlier output stays
read_only() { # ID NAME CMD
  local id=$1 name=$2 cmd=$3 before
  mount_tmpfs 32768
  run_out "$cmd" "$mnt/$name"
  before=$(tree_sum "$mnt")
  mount -o remount,ro "$mnt"
  run_out "$cmd" "$mnt/$name"
  check_fault "$id" "into a read-only folder" "Read-only file system"
  [ "$(tree_sum "$mnt")" = "$before" ] || bad "$id: read-only: the earlier output changed"
  ro_points=$((ro_points + 1))
}

# (c) a write failing halfway: a file-size limit below the output's size
fsize_limit() { # ID NAME CMD
  local id=$1 name=$2 cmd=$3 before total limit
  mount_tmpfs 32768
  run_out "$cmd" "$mnt/$name"
  before=$(tree_sum "$mnt")
  # the largest single file, KiB: the limit applies per file
  total=$(find "$mnt" -type f -printf '%s\n' | sort -n | tail -1)
  total=$((total / 1024))
  for limit in $((total / 8)) $((total / 3)) $((total * 2 / 3)); do
    [ "$limit" -ge 1 ] || continue
    # bash's ulimit -f counts 1024-byte blocks
    run_out "ulimit -f $limit; $cmd" "$mnt/$name"
    check_fault "$id" "under ulimit -f $limit (KiB)" "File too large"
    [ "$(tree_sum "$mnt")" = "$before" ] ||
      bad "$id: ulimit -f $limit: the earlier output changed or something was left"
    fsize_points=$((fsize_points + 1))
  done
}

echo "(a) full file system, (b) read-only folder, (c) file-size limit:"
for o in "${outputs[@]}"; do
  IFS='|' read -r id name cmd <<<"$o"
  full_fs "$id" "$name" "$cmd"
  read_only "$id" "$name" "$cmd"
  fsize_limit "$id" "$name" "$cmd"
done

# (d) standard output: /dev/full, a file on a full tmpfs, a file-size limit.
# The shell creates the file: only the exit status and the message are
# demarc's.
streams=("report" "report --json" "info" "info --json" "length" "length --json"
         "validate" "validate --json" "zones 64.5 41.7" "zones 64.5 41.7 --json"
         "locate 64.5 41.7" "locate 64.5 41.7 --json"
         "locate - <\"\$work/pts.csv\"" "locate - --format geojson <\"\$work/pts.csv\""
         "project --to EPSG:3857 \"\$work/pts.csv\"" "--help" "--version"
         "export \"\$work/s.gpkg\" --force --json" "render \"\$work/s.svg\" --json")
stream_fault() { # ARGS WHAT REASON REDIRECT
  local args=$1 what=$2 reason=$3 redir=$4
  # stderr through a pipe: a file-size limit does not apply to it
  (eval "$redir \"\$demarc\" $args"; echo "exit $?" >&2) 2>&1 | cat >"$work/err"
  rc=$(sed -n 's/^exit //p' "$work/err")
  stdout_points=$((stdout_points + 1)) points=$((points + 1))
  [ "$rc" = 2 ] || bad "demarc $args $what: exit $rc, want 2"
  grep -q "standard output: .*$reason" "$work/err" ||
    bad "demarc $args $what: '$(head -c 300 "$work/err")', want '... standard output: $reason'"
}
mount_tmpfs 64
dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null # until the tmpfs is full
for s in "${streams[@]}"; do
  stream_fault "$s" ">/dev/full" "No space left on device" "exec >/dev/full;"
  rm -f "$mnt/out.txt"
  stream_fault "$s" "> a full tmpfs" "No space left on device" "exec >\"\$mnt/out.txt\";"
  case $s in export*|render*) continue ;; esac # their own file would fail first
  stream_fault "$s" "under ulimit -f 0" "File too large" "ulimit -f 0; exec >\"\$work/out.txt\";"
done
while mountpoint -q "$mnt"; do umount "$mnt"; done

echo "fault points: $points ($full_points full disk, $ro_points read-only," \
  "$fsize_points file-size limit, $stdout_points standard output); $fail failed"
[ "$fail" -eq 0 ]
