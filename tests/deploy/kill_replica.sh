#!/usr/bin/env bash
# Deployment test: kill -9 one of three replicas under wrk load through the nginx front
# (response cache off, so every request reaches a replica). The front retries the requests
# the dead replica dropped on the others (proxy_next_upstream) and then skips it
# (max_fails / fail_timeout): PASS with no socket errors and no non-2xx answers, and the
# front's log shows it noticed the dead replica.
#   tests/deploy/kill_replica.sh BIN_DIR [SECONDS (20)] [CONNECTIONS (32)]
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"; SECS="${2:-20}"; CONNS="${3:-32}"
source "$ROOT/tests/load/lib.sh"
source "$ROOT/tests/deploy/lib.sh"
need wrk wrk

import_db "$ROOT/datasets/ma" "$WORK/masscivic.db"
for _ in 1 2 3; do start_replica "$WORK/masscivic.db"; done
FRONT_CACHE=off start_front
make_paths "$WORK/paths.txt"
victim="${REPLICA_PIDS[1]}"
( sleep $(( SECS / 3 > 1 ? SECS / 3 : 1 )); kill -9 "$victim" ) &
BG_PIDS+=("$!")
run_wrk "$SECS" "$CONNS" "$WORK/paths.txt"
dead=1; kill -0 "$victim" 2>/dev/null && dead=0
noticed=$(grep -c "127.0.0.1:${REPLICA_PORTS[1]}" "$WORK/nginx/error.log" || true)
echo "kill -9 one of 3 replicas after $(( SECS / 3 > 1 ? SECS / 3 : 1 )) s of ${SECS}s wrk -t2 -c$CONNS through the front:" \
     "$WRK_REQS requests, $WRK_RPS req/s, p99 $WRK_P99, socket errors $WRK_ERRORS, non-2xx $WRK_NON2XX;" \
     "front log lines about the dead replica: $noticed"
if [[ "$dead" -eq 1 && "$noticed" -gt 0 && "$WRK_ERRORS" -eq 0 && "$WRK_NON2XX" -eq 0 && "${WRK_REQS:-0}" -gt 0 ]]; then
    echo "PASS kill replica"
else
    cat "$WORK/wrk.out"; tail -20 "$WORK/nginx/error.log"; echo "FAIL kill replica"; exit 1
fi
