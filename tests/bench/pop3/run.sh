#!/bin/sh
# Benchmark, not a test: POP3 download-and-delete of 2,000 messages of mixed sizes, Carteiro
# and the reference Dovecot side by side in the same run (../shared/reference/README.md).
#   CARTEIRO_BUILD=/work/main/build-release tests/bench/pop3/run.sh
# COUNT and SIZE (average bytes) may be set in the environment. Run as root (the reference
# stack installs and starts Postfix and Dovecot on loopback ports).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
: "${COUNT:=2000}"
: "${SIZE:=4096}"
bench_require_carteirod
bench_start_reference
bench_python pop3_bench.py --count "$COUNT" --size "$SIZE"
