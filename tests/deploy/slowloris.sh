#!/usr/bin/env bash
# Deployment test: SLOW_CONNECTIONS slowloris connections against the nginx front (from
# 127.0.0.2) while normal clients (127.0.0.1) keep p99 below P99_MS with no errors. Three
# replicas behind the front, each with --threads 8. See slow_clients.py. fault.slowloris
# runs the same attack against a bare server.
#   tests/deploy/slowloris.sh BIN_DIR [SLOW_CONNECTIONS (1000)] [SECONDS (30)] [P99_MS (100)]
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"; SLOW="${2:-1000}"; SECS="${3:-30}"; P99="${4:-100}"
source "$ROOT/tests/load/lib.sh"
source "$ROOT/tests/deploy/lib.sh"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # SLOW client sockets here, as many in nginx

import_db "$ROOT/datasets/ma" "$WORK/masscivic.db"
for _ in 1 2 3; do start_replica "$WORK/masscivic.db" --threads 8; done
start_front
make_paths "$WORK/paths.txt"
python3 "$ROOT/tests/deploy/slow_clients.py" "$PORT" "$WORK/paths.txt" "$SLOW" "$SECS" "$P99"
