#!/bin/sh
# Durability check, also part of the test suite (integration.test_kill_durability): 10 SMTP senders
# and 10 IMAP APPEND clients write while carteirod is SIGKILLed 20 times at random moments
# and restarted on the same data directory; then every acknowledged message must be
# stored exactly once with its bytes intact, nothing stored twice or damaged, and SQLite's
# integrity check must say ok. The seed of the kill schedule is printed;
# CARTEIRO_KILL_SEED=<seed> replays it.
#   CARTEIRO_BUILD=$PWD/build-test tests/bench/durability/run.sh   (or a Release build)
#
# Example, sanitizer build (build-test), on the 2-core development VM shared with other
# builds (load average about 25):
#   kill schedule seed: 816488667
#   372 messages sent, 172 acknowledged, 203 stored, 20 kills
#   Ran 1 test in 99.970s  OK
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
bench_require_carteirod
exec /usr/bin/python3 "$HERE/../../integration/test_kill_durability.py" "$@"
