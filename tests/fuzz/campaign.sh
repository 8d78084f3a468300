#!/bin/sh
# A fuzzing campaign: builds the libFuzzer targets with clang (tests/fuzz/run.sh's build,
# installing clang first when it is missing), runs each target for SECONDS (default 60)
# with a per-input timeout (a slow input is a failure like a crash) and a memory limit,
# then merges what it found into the seed corpus tests/fuzz/corpus/<name>/, which CTest
# replays (fuzz.<name>). Prints, per target: seconds run, executions, corpus files added,
# crashes and timeouts.
#
#   tests/fuzz/campaign.sh [SECONDS] [NAME...]    e.g. tests/fuzz/campaign.sh 300 imap_session
#
# Environment: FUZZ_TIMEOUT (seconds per input, 2), FUZZ_RSS_MB (2048), FUZZ_MAX_LEN (largest
# input libFuzzer makes, 4096), FUZZ_MAX_FILES (corpus files kept per target, 300; 40 for
# the *_session targets),
# CARTEIRO_FUZZ_BUILD (the build folder, build-fuzz-clang), FUZZ_NO_BUILD (set: use the
# binaries already built).
#
# The merge (-merge=1) keeps only inputs that add coverage to the corpus already there,
# so the corpus stays small; inputs larger than FUZZ_MAX_LEN are never kept, and a target
# whose corpus already holds FUZZ_MAX_FILES files gets nothing more. Crashing and slow
# inputs are left in build-fuzz-clang/tests/fuzz/artifacts/<name>/ and never merged: a
# fixed one goes in the corpus by hand, an open one under tests/fuzz/crashes/<name>/.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${CARTEIRO_FUZZ_BUILD:-$root/build-fuzz-clang}
seconds=${1:-60}
[ $# -gt 0 ] && shift
timeout=${FUZZ_TIMEOUT:-2}
rss_mb=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-4096}
max_files=${FUZZ_MAX_FILES:-300}
# A session input costs ~0.1 s to replay under ASan: their corpora stay small.
session_max_files=${FUZZ_MAX_FILES:-40}

# clang, its libFuzzer runtime and llvm-symbolizer (readable stacks) from Debian.
if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing clang"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev llvm >/dev/null ||
    { $sudo apt-get update -q >/dev/null &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev llvm >/dev/null; }
fi

if [ $# -gt 0 ]; then
  names="$*"
else
  names=$(cd "$here" && ls fuzz_*.cpp | sed 's/^fuzz_//; s/\.cpp$//')
fi
[ -n "${FUZZ_NO_BUILD:-}" ] || "$here/run.sh" build $names

# Asio 1.22 decides between aligned_alloc and operator new by whether libstdc++'s config
# was included before it when the compiler is clang, so with clang 14 its inline
# aligned_new and aligned_delete may come from different translation units: ASan would
# report free() of operator new memory (harmless with glibc) in every session target.
export ASAN_OPTIONS="alloc_dealloc_mismatch=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

# The session targets' stores and libFuzzer's merge files go here, removed at the end.
TMPDIR=$(mktemp -d /dev/shm/carteiro-campaign.XXXXXX 2>/dev/null || mktemp -d)
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

count_files() { find "$1" -type f | wc -l | tr -d ' '; }

failed=""
summary="$build/tests/fuzz/campaign-summary.txt"
printf '%-20s %8s %12s %8s %8s %8s\n' target seconds executions corpus added failures >"$summary"
for name in $names; do
  corpus="$here/corpus/$name"
  found="$build/tests/fuzz/found/$name"
  artifacts="$build/tests/fuzz/artifacts/$name"
  log="$build/tests/fuzz/campaign_$name.log"
  rm -rf "$found"
  mkdir -p "$corpus" "$found" "$artifacts"
  before_artifacts=$(count_files "$artifacts")
  printf '%s: %s s... ' "$name" "$seconds"
  started=$(date +%s)
  # New inputs go to FOUND only (the first folder); the corpus in the tree is read. A
  # failure stops the run: its input is in ARTIFACTS. One process, one core (no -jobs).
  status=0
  nice "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" \
    -max_len="$max_len" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$found" "$corpus" >"$log" 2>&1 || status=$?
  ran=$(( $(date +%s) - started ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  failures=$(( $(count_files "$artifacts") - before_artifacts ))

  # Merge what is new into the tree's corpus, smallest inputs first, up to MAX_FILES.
  cap=$max_files
  case $name in *_session) cap=$session_max_files ;; esac
  have=$(count_files "$corpus")
  added=0
  if [ "$have" -lt "$cap" ] && [ "$(count_files "$found")" -gt 0 ]; then
    merged="$build/tests/fuzz/merged/$name"
    rm -rf "$merged"
    mkdir -p "$merged"
    # Corpus first: -merge=1 keeps what the corpus covers and adds only inputs with new
    # coverage, into the first folder.
    cp "$corpus"/* "$merged"/ 2>/dev/null || true
    nice "$build/tests/fuzz/fuzz_$name" -merge=1 -timeout="$timeout" -rss_limit_mb="$rss_mb" -max_len="$max_len" \
      "$merged" "$found" >>"$log" 2>&1 || true
    for file in $(cd "$merged" && ls -S -r); do
      [ -e "$corpus/$file" ] && continue
      [ "$have" -ge "$cap" ] && break
      [ "$(wc -c <"$merged/$file")" -le "$max_len" ] || continue
      cp "$merged/$file" "$corpus/$file"
      have=$((have + 1))
      added=$((added + 1))
    done
  fi

  if [ "$status" -eq 0 ] && [ "$failures" -eq 0 ]; then
    echo "ok: ${runs:-0} executions, $added new corpus files ($have in all)"
  else
    echo "FAILED: $failures crash/timeout input(s) in $artifacts/, log $log"
    failed="$failed $name"
  fi
  row=$(printf '%-20s %8s %12s %8s %8s %8s' "$name" "$ran" "${runs:-0}" "$have" "$added" "$failures")
  echo "$row" >>"$summary"
  echo "$(date -u +%FT%TZ) $row" >>"$build/tests/fuzz/campaign-history.txt"  # across runs
done

echo
cat "$summary"
if [ -n "$failed" ]; then
  echo "failures in:$failed"
  exit 1
fi
