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
. "$HERE/../lib.sh"
: "${COUNT:=10000}"
: "${SIZE:=4096}"
: "${SESSIONS:=1000}"
bench_require_carteirod
bench_start_reference
bench_python imap_bench.py --count "$COUNT" --size "$SIZE" --sessions "$SESSIONS"
