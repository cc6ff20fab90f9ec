#!/usr/bin/env bash
# Deployment test: more keep-alive clients than the replicas have threads. wrk drives
# CONNECTIONS keep-alive clients through the nginx front (response cache off, so every
# request reaches a replica) to three replicas with --threads THREADS each. The front holds
# the clients and reuses a few upstream connections, so nobody waits for a replica thread:
# PASS with no socket errors (wrk's 5 s timeout included) and no non-2xx answers.
# fault.keepalive_clients runs more keep-alive clients than threads against a bare server.
#   tests/deploy/saturate.sh BIN_DIR [SECONDS (30)] [CONNECTIONS (64)] [THREADS (8)]
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"; SECS="${2:-30}"; CONNS="${3:-64}"; THREADS="${4:-8}"
source "$ROOT/tests/load/lib.sh"
source "$ROOT/tests/deploy/lib.sh"
need wrk wrk

import_db "$ROOT/datasets/ma" "$WORK/masscivic.db"
for _ in 1 2 3; do start_replica "$WORK/masscivic.db" --threads "$THREADS"; done
FRONT_CACHE=off start_front
make_paths "$WORK/paths.txt"
run_wrk "$SECS" "$CONNS" "$WORK/paths.txt"
echo "saturate through the front: ${SECS}s wrk -t2 -c$CONNS, 3 replicas x --threads $THREADS, cache off:" \
     "$WRK_REQS requests, $WRK_RPS req/s, p50 $WRK_P50, p99 $WRK_P99, socket errors $WRK_ERRORS, non-2xx $WRK_NON2XX"
if [[ "$WRK_ERRORS" -eq 0 && "$WRK_NON2XX" -eq 0 && "${WRK_REQS:-0}" -gt 0 ]]; then
    echo "PASS saturate through the front"
else
    cat "$WORK/wrk.out"; grep -v "no live upstreams" "$WORK/nginx/error.log" | head -5; echo "FAIL saturate through the front"; exit 1
fi
