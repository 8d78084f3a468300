#!/bin/sh
# Benchmark, not a test: CLIENTS IMAP clients of one account for DURATION seconds on shared
# mailboxes (SELECT, FETCH, STORE, EXPUNGE, APPEND, COPY), every response checked for
# consistency (tests/integration/imap_stress.py); exits 1 on any error.
#   CARTEIRO_BUILD=/work/main/build-release tests/bench/imap_stress/run.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
: "${CLIENTS:=10}"
: "${DURATION:=25}"
exec python3 "$HERE/imap_stress_bench.py" --clients "$CLIENTS" --seconds "$DURATION"
