#!/usr/bin/env bash
# Store benchmark (not a test): N concurrent writers committing small messages with
# synchronous=FULL, group commit on and off, side by side. Builds an optimised binary.
#   tests/bench/store/run.sh [WRITERS] [MESSAGES_PER_WRITER]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib.sh"
WRITERS=${1:-50}
EACH=${2:-40}
bench_build_release "$ROOT/build-bench" store_bench
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
for group in on off; do
  "$ROOT/build-bench/tests/bench/store_bench" "$DIR/$group" "$WRITERS" "$EACH" "$group" full
done
