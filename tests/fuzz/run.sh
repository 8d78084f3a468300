#!/bin/sh
# Builds the libFuzzer targets with clang in build-fuzz-clang and runs each one for SECONDS
# (default 60) from its seed corpus tests/fuzz/corpus/<name>/.
#
#   tests/fuzz/run.sh [SECONDS] [NAME...]      e.g. tests/fuzz/run.sh 300 imap_command
#   tests/fuzz/run.sh build [NAME...]          only configure and build (campaign.sh does)
#
# tests/fuzz/campaign.sh runs every target in turn and grows the seed corpus.
#
# Inputs libFuzzer finds go to build-fuzz-clang/tests/fuzz/found/<name>/ (the seed corpus in
# the tree is left alone); a crash is saved under build-fuzz-clang/tests/fuzz/artifacts/<name>/
# and reproduced with the replay binary: build-fuzz/tests/fuzz/replay_<name> CRASH_FILE.
# Once fixed, copy the (minimised: fuzz_<name> -minimize_crash=1 -runs=10000 CRASH_FILE)
# input into tests/fuzz/corpus/<name>/ so that the fuzz.<name> test keeps checking it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${CARTEIRO_FUZZ_BUILD:-$root/build-fuzz-clang}
seconds=${1:-60}
[ $# -gt 0 ] && shift
build_only=false
[ "$seconds" = build ] && build_only=true

# The whole project is compiled with ASan, UBSan and coverage instrumentation
# (fuzzer-no-link) so that libFuzzer sees the parsers' branches; the fuzz binaries add
# -fsanitize=fuzzer. The sanitizers are given here rather than by CARTEIRO_SANITIZE because
# clang 14 must leave out -fsanitize=function: with coroutines it emits code the assembler
# rejects ("Cannot represent a difference across sections"). Asio 1.22 only looks for
# clang's old coroutines TS, not C++20's: it is told they are there.
# Line tables only (-gline-tables-only): stacks with file and line, at a fraction of full
# debug information's compile time.
flags="-O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function"
flags="$flags -fno-sanitize-recover=undefined -DASIO_HAS_CO_AWAIT=1"
launcher=""
command -v ccache >/dev/null && launcher=ccache
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only \
  -DCARTEIRO_SANITIZE=OFF -DCARTEIRO_FUZZ=ON >/dev/null

if [ $# -gt 0 ]; then
  names="$*"
else
  names=$(cd "$here" && ls fuzz_*.cpp | sed 's/^fuzz_//; s/\.cpp$//')
fi
targets=""
for name in $names; do targets="$targets fuzz_$name"; done
# shellcheck disable=SC2086
nice ninja -C "$build" -j2 $targets
$build_only && exit 0

failed=""
for name in $names; do
  found="$build/tests/fuzz/found/$name"
  artifacts="$build/tests/fuzz/artifacts/$name"
  log="$build/tests/fuzz/fuzz_$name.log"
  mkdir -p "$found" "$artifacts"
  printf '%s: fuzzing for %s s... ' "$name" "$seconds"
  if "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 "$found" "$here/corpus/$name" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "ok ($runs runs, $cov)"
  else
    echo "FAILED: see $log and $artifacts/"
    failed="$failed $name"
  fi
done

if [ -n "$failed" ]; then
  echo "crashes in:$failed"
  exit 1
fi
