# What the benchmarks' run.sh scripts share (POSIX sh, sourced, not run). Before sourcing,
# a script sets HERE to its own folder (tests/bench/NAME); after it, ROOT is the source tree, and
# CARTEIRO_BUILD (default ROOT/build-release) and REFERENCE (the reference stack's
# reference.sh, ../shared/reference/README.md) are set unless the environment set them.
# The Python side is benchlib.py, next to this file.
ROOT=$(cd "$HERE/../../.." && pwd)
: "${CARTEIRO_BUILD:=$ROOT/build-release}"
: "${REFERENCE:=$ROOT/../shared/reference/reference.sh}"
export CARTEIRO_BUILD

bench_fail() {
  echo "run.sh: $*" >&2
  exit 2
}

# bench_require_command COMMAND PACKAGE: stops with a hint when COMMAND is not installed.
bench_require_command() {
  command -v "$1" >/dev/null || bench_fail "$1 missing (apt-get install $2)"
}

# bench_require_carteirod: the benchmarks run the binaries of CARTEIRO_BUILD, an optimised
# build made beforehand (they never build it themselves: a Debug build would be measured).
bench_require_carteirod() {
  [ -x "$CARTEIRO_BUILD/apps/carteirod/carteirod" ] ||
    bench_fail "no carteirod in $CARTEIRO_BUILD (build it, e.g. cmake -DCMAKE_BUILD_TYPE=Release)"
}

# bench_build_release DIR TARGET...: configures DIR as a Release build with the test
# targets and builds TARGETs there, quietly.
bench_build_release() {
  dir=$1
  shift
  cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCARTEIRO_TESTS=ON >/dev/null
  for target in "$@"; do
    cmake --build "$dir" --target "$target" >/dev/null
  done
}

# bench_start_reference: starts Postfix + Dovecot on loopback (as root it installs them
# if missing); says nothing and succeeds when they already run.
bench_start_reference() {
  "$REFERENCE" start >/dev/null
}

# bench_python SCRIPT ARG...: replaces the shell with the benchmark's Python side, given
# the path of the reference script as --reference.
bench_python() {
  script=$1
  shift
  exec /usr/bin/python3 "$HERE/$script" "$@" --reference "$REFERENCE"
}
