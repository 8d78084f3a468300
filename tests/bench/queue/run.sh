#!/bin/sh
# Benchmark, not a test: the outbound queue delivering COUNT queued messages to a loopback
# receiver over 10 connections, Carteiro and the reference Postfix side by side in the same
# run (../shared/reference/README.md), with the same injector (smtp-source) and the same
# receiver (smtp-sink), both from the postfix package.
#   CARTEIRO_BUILD=/work/main/build-release tests/bench/queue/run.sh
# COUNT (10000) and SIZE (bytes, 4096) may be set in the environment. Run as root (the
# reference stack installs and starts Postfix and Dovecot on loopback ports).
# A run on the 2-core development VM (Release build, machine shared with other work):
#   carteiro     11.67 s      857 msg/s
#   postfix      21.59 s      463 msg/s
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
: "${CARTEIRO_BUILD:=$ROOT/build-release}"
: "${REFERENCE:=$ROOT/../shared/reference/reference.sh}"
: "${COUNT:=10000}"
: "${SIZE:=4096}"
export CARTEIRO_BUILD
[ -x "$CARTEIRO_BUILD/apps/carteirod/carteirod" ] || {
  echo "run.sh: no carteirod in $CARTEIRO_BUILD (build it, e.g. cmake -DCMAKE_BUILD_TYPE=Release)" >&2
  exit 2
}
"$REFERENCE" start >/dev/null
exec /usr/bin/python3 "$HERE/queue_bench.py" --count "$COUNT" --size "$SIZE" --reference "$REFERENCE"
