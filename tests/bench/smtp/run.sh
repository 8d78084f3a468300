#!/bin/sh
# Benchmark, not a test: postfix's smtp-source sends COUNT messages of SIZE bytes over 10
# SMTP sessions to one local account, against Carteiro and against the reference stack
# (Postfix delivering over LMTP to Dovecot, ../shared/reference/README.md) in the same
# run; prints accepted msg/s and end-to-end msg/s (until the INBOX holds them all).
#   CARTEIRO_BUILD=/work/main/build-release tests/bench/smtp/run.sh
# COUNT (10000), SIZE (4096) and SESSIONS (10) may be set in the environment. Run as root
# (the reference stack installs and starts Postfix and Dovecot on loopback ports).
#
# Example, Release build, synchronous=FULL, on the 2-core development VM shared with
# other builds (smtp-source -d: one connection per message):
#   carteiro             2171 msg/s     2170 msg/s         4.61 s
#   postfix+dovecot       637 msg/s      187 msg/s        53.43 s
#   end-to-end rate, carteiro / reference: 11.60x
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
: "${COUNT:=10000}"
: "${SIZE:=4096}"
: "${SESSIONS:=10}"
bench_require_command smtp-source postfix
bench_require_carteirod
bench_start_reference
bench_python smtp_bench.py --count "$COUNT" --size "$SIZE" --sessions "$SESSIONS"
