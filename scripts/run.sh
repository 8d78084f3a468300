#!/usr/bin/env bash
# Builds an optimised carteirod and carteiro and runs carteirod in the foreground on
# conf/carteiro.toml (data under ./data, made on first start with a self-signed certificate).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCARTEIRO_TESTS=OFF >/dev/null
cmake --build build-release --target carteirod carteiro
echo "admin CLI: build-release/apps/carteiro/carteiro --config conf/carteiro.toml --help"
exec build-release/apps/carteirod/carteirod --config "${CARTEIRO_CONFIG:-conf/carteiro.toml}"
