#!/bin/sh
# Benchmark, not a test: POP3 download-and-delete of 2,000 messages of mixed sizes, Carteiro
# and the reference Dovecot side by side in the same run (../shared/reference/README.md).
#   CARTEIRO_BUILD=/work/main/build-release tests/bench/pop3/run.sh
# COUNT and SIZE (average bytes) may be set in the environment. Run as root (the reference
# stack installs and starts Postfix and Dovecot on loopback ports).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
: "${CARTEIRO_BUILD:=$ROOT/build-release}"
: "${REFERENCE:=$ROOT/../shared/reference/reference.sh}"
: "${COUNT:=2000}"
: "${SIZE:=4096}"
export CARTEIRO_BUILD
[ -x "$CARTEIRO_BUILD/apps/carteirod/carteirod" ] || {
  echo "run.sh: no carteirod in $CARTEIRO_BUILD (build it, e.g. cmake -DCMAKE_BUILD_TYPE=Release)" >&2
  exit 2
}
"$REFERENCE" start >/dev/null
exec /usr/bin/python3 "$HERE/pop3_bench.py" --count "$COUNT" --size "$SIZE" --reference "$REFERENCE"
