#!/usr/bin/env bash
# hardening.sh -- issue 6: sanitizers, thread stress, coverage, valgrind,
# fuzzing and the ABI guard.  Run by .ci/run after the normal build (it
# reuses ./build for valgrind and abidiff).  Packages: .ci/hardening.deps.
# Build dirs: build-asan, build-tsan, build-cov, build-fuzz (-Werror stays
# with the normal build: gcc warns spuriously under -fsanitize/-O0).  Budget: about
# 20 minutes on 2 cores.  Knobs (environment):
#   FUZZ_SECONDS      seconds per fuzz target (default 60)
#   STRESS_QUERIES    queries per thread for the TSan stress run (default 1000000)
#   HARDENING_ONLY    space-separated subset of: asan faults iofaults tsan cov valgrind fuzz abi
#   FAULT_MAX         allocation points tried per operation by the faults step
#                     (default 200; 0: every one of ~37,500, ~4 min CPU without ASan)
#   IOFAULT_STEPS     tmpfs sizes per output of the I/O-fault loop (default 2;
#                     ctest runs 6; 4 took 823 s under ASan on a busy 2-core box)
#   HARDENING_BUILD   the normal build that valgrind and abidiff use (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc)
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
STRESS_QUERIES=${STRESS_QUERIES:-1000000}
FAULT_MAX=${FAULT_MAX:-200}
only=${HARDENING_ONLY:-asan faults iofaults tsan cov valgrind fuzz abi}
nb=${HARDENING_BUILD:-build}
t0=$(date +%s)
step() { printf '\n--- hardening: %s (%ds)\n' "$*" "$(( $(date +%s) - t0 ))"; }
want() { [[ " $only " == *" $1 "* ]]; }
summary=()
supp=$(mktemp -d)
trap 'rm -rf "$supp"' EXIT

# Suppressions, for one-time allocations of third-party libraries only.
# GDAL keeps its driver registry, config options and per-thread error
# contexts for the life of the process (freed only by GDALDestroy, which a
# library must not call for its host); PROJ keeps its database handle cache
# likewise (its SQLite connections to proj.db come through libproj frames,
# so SQLite needs no line of its own).  Nothing of libdemarc and nothing of
# GEOS is suppressed: GEOS keeps no process-lifetime cache, so a GEOS leak
# is a leak of ours (or of a test).  fontconfig (under cairo's text in
# `demarc render`, the command only) keeps the configuration it parses
# once per process: 288 bytes that no API of cairo's frees.
cat >"$supp/lsan.supp" <<'SUPP'
leak:libgdal.so
leak:libproj.so
leak:libfontconfig.so
SUPP
# TSan: GDAL's CPL mutexes report a lock-order inversion inside GDAL itself,
# on one thread (driver registry vs. dataset mutex); not libdemarc's locks.
cat >"$supp/tsan.supp" <<'SUPP'
deadlock:libgdal.so
SUPP
cat >"$supp/valgrind.supp" <<'SUPP'
{
   gdal-global-registry-and-caches
   Memcheck:Leak
   match-leak-kinds: possible
   ...
   obj:*/libgdal.so*
}
{
   fontconfig-config-parse (cairo's text: fontconfig's own configuration, parsed once)
   Memcheck:Leak
   match-leak-kinds: definite,indirect
   ...
   obj:*/libfontconfig.so*
}
SUPP

if want asan; then
  # A decimal-comma locale for tests/check_locale.c (numbers read and
  # written with '.' whatever LC_NUMERIC the host application set).
  if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' >>/etc/locale.gen
    locale-gen >/dev/null
  fi
  export DEMARC_TEST_REQUIRE_LOCALE=1
  step "ASan+UBSan: build and the whole ctest suite"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDEMARC_WERROR=OFF \
        -DDEMARC_SANITIZE=address,undefined -DDEMARC_BUILD_BINDINGS=OFF >/dev/null
  cmake --build build-asan -j"$jobs" >/dev/null
  ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0" \
  LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE install \
      -E '^(static\..*|formats|faults|io_faults)$'
  summary+=("asan+ubsan: ctest suite passed (shared-library runners and CLI tests; not the static twins, the install test or the 4-minute formats test; the fault loops and io_faults have their steps)")
fi

if want faults; then
  # Issue 18: tests/check_faults.c against demarc_faulty under ASan+UBSan
  # with LeakSanitizer: every public operation with its Nth allocation
  # failing (once, then from the Nth on) and cancelled at every progress
  # call.  Leaks show at exit (one process, CK_FORK=no).
  step "fault loops: allocation failures and cancellation under ASan+UBSan+LSan"
  # (built already when the asan step ran: then both are no-ops)
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDEMARC_WERROR=OFF \
        -DDEMARC_SANITIZE=address,undefined -DDEMARC_BUILD_BINDINGS=OFF >/dev/null
  cmake --build build-asan -j"$jobs" --target check_faults >/dev/null
  for mode in 0 1; do
    s=$(date +%s)
    ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0" \
    LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    CK_RUN_SUITE=faults CK_FORK=no CK_VERBOSITY=normal DEMARC_FAULT_MAX=$FAULT_MAX \
    DEMARC_FAULT_PERSISTENT=$mode DEMARC_TEST_DATA_DIR="$root/tests/data" \
    DEMARC_DATA_DIR="$root/data" build-asan/tests/check_faults | tee "$supp/faults-$mode.log"
    total=$(sed -n 's/^faults: total: //p' "$supp/faults-$mode.log")
    summary+=("faults: $total, no leak ($(( $(date +%s) - s )) s)")
  done
  # the points of each operation, once (they do not depend on the mode)
  per_op=$(sed -n 's/^faults: \(.*\): \([0-9]*\) fault points.*/\1 \2/p' "$supp/faults-0.log" |
           paste -sd ';' | sed 's/;/; /g')
  per_cancel=$(sed -n 's/^cancel: \(.*\): \([0-9]*\) cancellation points/\1 \2/p' \
               "$supp/faults-0.log" | paste -sd ';' | sed 's/;/; /g')
  summary+=("faults per operation: $per_op")
  summary+=("cancellation points per operation: $per_cancel")
fi

if want iofaults; then
  # Issue 18: every export, locate -o, render and stdout failed by a full
  # tmpfs (stepped in size), a read-only folder, a file-size limit and
  # /dev/full, under ASan+UBSan+LSan: each a clean DEMARC_ERR_IO / exit 2
  # naming path and reason, nothing left, the earlier output intact, no leak.
  step "I/O faults under ASan+UBSan: full tmpfs, read-only folder, ulimit -f, /dev/full"
  if [ "$(id -u)" != 0 ]; then
    summary+=("iofaults: skipped (mounting a tmpfs needs root)")
  else
    # the ASan step's build (configured again when it did not run: cheap)
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDEMARC_WERROR=OFF \
          -DDEMARC_SANITIZE=address,undefined -DDEMARC_BUILD_BINDINGS=OFF >/dev/null
    cmake --build build-asan -j"$jobs" >/dev/null
    s=$(date +%s) rc=0
    ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0" \
    LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" IOFAULT_STEPS=${IOFAULT_STEPS:-2} \
      bash tests/io_faults_test.sh build-asan/examples/demarc build-asan/tests/io_faults_api \
      | tee "$supp/iofaults.log" || rc=$?
    summary+=("iofaults: $(sed -n 's/^fault points: //p' "$supp/iofaults.log") ($(( $(date +%s) - s )) s)")
    [ "$rc" -eq 0 ]
  fi
fi

if want tsan; then
  step "TSan: the thread stress suite, $STRESS_QUERIES queries x 4 threads"
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEMARC_WERROR=OFF \
        -DDEMARC_SANITIZE=thread -DDEMARC_BUILD_BINDINGS=OFF >/dev/null
  # the build runs the TSan-instrumented embedding tool, hence the options
  TSAN_OPTIONS="suppressions=$supp/tsan.supp" \
    cmake --build build-tsan -j"$jobs" --target check_demarc_shared >/dev/null
  s=$(date +%s)
  # setarch -R: TSan of gcc 12 cannot map its shadow under a high mmap
  # randomisation (vm.mmap_rnd_bits > 28).
  TSAN_OPTIONS="suppressions=$supp/tsan.supp:halt_on_error=1:second_deadlock_stack=1" CK_RUN_SUITE=stress CK_FORK=no \
  DEMARC_STRESS_QUERIES=$STRESS_QUERIES DEMARC_TEST_DATA_DIR="$root/tests/data" \
  DEMARC_DATA_DIR="$root/data" setarch "$(uname -m)" -R build-tsan/tests/check_demarc_shared
  summary+=("tsan: stress 4 threads x $STRESS_QUERIES queries, no race, results equal ($(( $(date +%s) - s )) s)")
fi

if want cov; then
  step "coverage: gcc --coverage, the whole ctest suite, lcov of lib/"
  rm -rf build-cov
  cmake -S . -B build-cov -DCMAKE_BUILD_TYPE=Debug -DDEMARC_WERROR=OFF -DDEMARC_COVERAGE=ON -DDEMARC_BUILD_BINDINGS=OFF >/dev/null
  cmake --build build-cov -j"$jobs" >/dev/null
  # pass/fail is the ASan step's verdict; here only the coverage counts
  ctest --test-dir build-cov -j"$jobs" -LE install >build-cov/ctest.log 2>&1 ||
    echo "coverage: some tests failed in the coverage build (see build-cov/ctest.log)"
  lcov -q --capture --directory build-cov --rc lcov_branch_coverage=1 -o build-cov/all.info 2>/dev/null
  lcov -q --extract build-cov/all.info "$root/lib/*" --rc lcov_branch_coverage=1 -o build-cov/lib.info 2>/dev/null
  lcov --summary build-cov/lib.info --rc lcov_branch_coverage=1 2>&1 | tee build-cov/summary.txt
  echo "least-covered files of lib/ (line coverage):"
  lcov --list build-cov/lib.info --rc lcov_branch_coverage=1 2>/dev/null |
    awk -F'|' '/\.c/ {split($2, a, " "); print a[1], $1}' | sort -n | head -8
  lines=$(awk '/lines/ {print $2}' build-cov/summary.txt)
  branches=$(awk '/branches/ {print $2}' build-cov/summary.txt)
  summary+=("coverage of lib/: lines $lines, branches $branches")
fi

if want valgrind; then
  step "valgrind --leak-check=full on the demarc command"
  [ -x "$nb/examples/demarc" ] || { cmake -S . -B "$nb" -DDEMARC_WERROR=ON >/dev/null; cmake --build "$nb" -j"$jobs" >/dev/null; }
  vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect
      --show-leak-kinds=definite,indirect --error-exitcode=99 --suppressions="$supp/valgrind.supp")
  bad=tests/data/bad
  n=0 failed=0
  printf '60.0 41.0\n64.5,41.7\n71 42.2\nnot a point\n' >"$supp/vg.in" # stdin of `-`
  run_vg() { # "expected exit codes" args...
    local want_rc=$1; shift
    local rc=0
    "${vg[@]}" "$nb/examples/demarc" "$@" <"$supp/vg.in" >/dev/null 2>"$supp/vg.err" || rc=$?
    n=$((n + 1))
    if [[ " $want_rc " != *" $rc "* ]]; then
      echo "valgrind FAIL: demarc $* exited $rc (expected $want_rc)"; cat "$supp/vg.err"
      failed=$((failed + 1))
    fi
  }
  # Every subcommand that works; new ones are tried with their --help and,
  # once implemented, their plain run below.
  run_vg 0 report
  run_vg 0 report --json
  run_vg 0 info
  run_vg 0 info --json --edges rhumb
  run_vg 0 length
  run_vg 0 length --from 1 --to 10 --json
  run_vg 0 info --border data/kz-uz
  run_vg 0 length --border "$bad/line.geojson"
  for c in validate locate project zones export render inspect; do
    run_vg 0 "$c" --help
  done
  run_vg "0 1" validate
  run_vg "0 1" validate --json --border data/kz-uz
  run_vg 0 locate 64.5 41.7 --json
  run_vg "0 1 2" locate -
  run_vg "0 1 2" project --to EPSG:32641 -
  run_vg 0 zones 64.5 41.7
  run_vg 0 export "$supp/vg-out.gpkg"
  run_vg 0 render "$supp/vg-out.svg"
  # input errors: every entry point of the bad corpus once
  run_vg 2 info --border "$bad/line_self_intersecting.geojson"
  run_vg 2 info --border "$bad/line_binary.geojson"
  run_vg 2 length --border "$bad/nan.geojson"
  run_vg 2 length --from 1 --to no-such-sign
  run_vg 2 report --edges curvy
  run_vg 2 frobnicate
  summary+=("valgrind: $n demarc runs, $failed with errors or definite/indirect leaks")
  [ "$failed" -eq 0 ]
fi

if want fuzz; then
  step "libFuzzer: build (clang) and ${FUZZ_SECONDS}s per target"
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEMARC_WERROR=OFF \
        -DDEMARC_FUZZ=ON -DDEMARC_BUILD_TESTS=ON -DDEMARC_BUILD_BINDINGS=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzz >/dev/null
  targets=$(cd build-fuzz/tests/fuzz && ls fuzz_* | grep -v '\.' || true)
  fuzz_one() {
    local t=$1 name=${1#fuzz_}
    local work="$supp/corpus-$name"
    mkdir -p "$work"
    ASAN_OPTIONS="halt_on_error=1:detect_leaks=1" \
    LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
      "$root/build-fuzz/tests/fuzz/$t" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
        -artifact_prefix="$supp/$name-" -rss_limit_mb=2048 \
        "$work" "$root/tests/fuzz/corpus/$name" >"$supp/fuzz-$name.log" 2>&1
  }
  set +e
  pids=() names=()
  for t in $targets; do
    fuzz_one "$t" & pids+=($!) names+=("$t")
    if [ ${#pids[@]} -ge "$jobs" ]; then
      wait "${pids[0]}"; echo "$? ${names[0]}" >>"$supp/fuzz.rc"; pids=("${pids[@]:1}"); names=("${names[@]:1}")
    fi
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}"; echo "$? ${names[$i]}" >>"$supp/fuzz.rc"; done
  set -e
  fuzz_failed=0
  while read -r rc t; do
    execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$supp/fuzz-${t#fuzz_}.log")
    echo "fuzz: $t: ${execs:-?} executions in ${FUZZ_SECONDS}s, exit $rc"
    summary+=("fuzz $t: ${execs:-?} executions / ${FUZZ_SECONDS}s, exit $rc")
    if [ "$rc" -ne 0 ]; then
      fuzz_failed=1
      tail -60 "$supp/fuzz-${t#fuzz_}.log"
      for a in "$supp/${t#fuzz_}"-*; do [ -f "$a" ] && { echo "reproducer $a:"; od -c "$a" | head -20; }; done
    fi
  done <"$supp/fuzz.rc"
  [ "$fuzz_failed" -eq 0 ]
fi

if want abi; then
  step "ABI: exported symbols and abidiff against tests/abi/libdemarc.abi"
  [ -f "$nb/lib/libdemarc.so" ] || { cmake -S . -B "$nb" -DDEMARC_WERROR=ON >/dev/null; cmake --build "$nb" -j"$jobs" >/dev/null; }
  sh tests/abi/check_symbols.sh "$nb/lib/libdemarc.so" tests/abi/symbols.txt
  rc=0
  abidiff --suppressions tests/abi/opaque.suppr tests/abi/libdemarc.abi "$nb/lib/libdemarc.so" \
    >"$supp/abidiff.txt" || rc=$?
  head -40 "$supp/abidiff.txt"
  # abidiff exit status bits: 1 error, 2 usage error, 4 ABI change,
  # 8 incompatible ABI change.  Additions (4 alone) are fine.
  if (( rc & 1 || rc & 2 || rc & 8 )); then
    echo "abidiff: exit $rc: an incompatible ABI change (or abidiff failed)"; exit 1
  fi
  summary+=("abi: symbols checked, abidiff exit $rc (0 none, 4 compatible additions)")
fi

step "summary"
printf '  %s\n' "${summary[@]}"
