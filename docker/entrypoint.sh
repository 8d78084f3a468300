#!/bin/sh
# carteirod in the foreground (logs on stdout); "carteiro ..." runs the admin CLI instead:
#   docker compose exec mail carteiro account add bob@example.com
set -e
CONFIG=${CARTEIRO_CONFIG:-/etc/carteiro/carteiro.toml}
if [ "${1:-}" = "carteiro" ]; then
  shift
  exec carteiro --config "$CONFIG" "$@"
fi
exec carteirod --config "$CONFIG" "$@"
