#!/bin/sh
# Benchmark, not a test: IMAP on a 10,000-message mailbox (SELECT, UID FETCH of FLAGS,
# ENVELOPE and BODYSTRUCTURE, FETCH of every body, SEARCH TEXT) and the memory of 1,000
# logged-in IDLE sessions; Carteiro and the reference Dovecot side by side in the same run
# (../shared/reference/README.md).
#   CARTEIRO_BUILD=/work/main/build-release tests/bench/imap/run.sh
# COUNT, SIZE (average bytes) and SESSIONS may be set in the environment. Run as root (the
# reference stack installs and starts Postfix and Dovecot on loopback ports).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
: "${CARTEIRO_BUILD:=$ROOT/build-release}"
: "${REFERENCE:=$ROOT/../shared/reference/reference.sh}"
: "${COUNT:=10000}"
: "${SIZE:=4096}"
: "${SESSIONS:=1000}"
export CARTEIRO_BUILD
[ -x "$CARTEIRO_BUILD/apps/carteirod/carteirod" ] || {
  echo "run.sh: no carteirod in $CARTEIRO_BUILD (build it, e.g. cmake -DCMAKE_BUILD_TYPE=Release)" >&2
  exit 2
}
"$REFERENCE" start >/dev/null
exec /usr/bin/python3 "$HERE/imap_bench.py" --count "$COUNT" --size "$SIZE" --sessions "$SESSIONS" \
  --reference "$REFERENCE"
