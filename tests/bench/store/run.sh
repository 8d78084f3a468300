#!/usr/bin/env bash
# Store benchmark (not a test): N concurrent writers committing small messages with
# synchronous=FULL, group commit on and off, side by side. Builds an optimised binary.
#   tests/bench/store/run.sh [WRITERS] [MESSAGES_PER_WRITER]
set -euo pipefail
cd "$(dirname "$0")/../../.."
WRITERS=${1:-50}
EACH=${2:-40}
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCARTEIRO_TESTS=ON >/dev/null
cmake --build build-bench --target store_bench >/dev/null
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
for group in on off; do
  build-bench/tests/bench/store_bench "$DIR/$group" "$WRITERS" "$EACH" "$group" full
done
