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
. "$HERE/../lib.sh"
: "${COUNT:=10000}"
: "${SIZE:=4096}"
bench_require_carteirod
bench_start_reference
bench_python queue_bench.py --count "$COUNT" --size "$SIZE"
