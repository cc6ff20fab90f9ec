#!/usr/bin/env bash
# Load test: SECONDS of saturating wrk load on valid /v1/lookup queries (every town, a sample
# of ward+precinct, points, ZIPs; each checked to answer 200 first). PASS when there are no
# socket errors and no non-2xx answers, and resident memory stays flat: VmRSS at the end of
# the run may exceed VmRSS after a warm-up by at most max(16 MiB, 10%). Loopback only.
#   tests/load/saturate.sh BIN_DIR [SECONDS (default 60)] [CONNECTIONS (default 32)] [SERVER_THREADS (default 8)]
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"; SECS="${2:-60}"; CONNS="${3:-32}"; THREADS="${4:-8}"
source "$ROOT/tests/load/lib.sh"
need wrk wrk

import_db "$ROOT/datasets/ma" "$WORK/masscivic.db"
start_server "$WORK/masscivic.db" --threads "$THREADS"
make_paths "$WORK/paths.txt"

warm=$(( SECS / 6 > 2 ? SECS / 6 : 2 ))
run_wrk "$warm" "$CONNS" "$WORK/paths.txt"
rss_warm=$(rss_kb "$SERVER_PID")
run_wrk "$SECS" "$CONNS" "$WORK/paths.txt"
rss_end=$(rss_kb "$SERVER_PID")
hwm=$(rss_kb "$SERVER_PID" VmHWM)
growth=$(( rss_end - rss_warm ))
allowed=$(( rss_warm / 10 > 16384 ? rss_warm / 10 : 16384 ))
# Under AddressSanitizer freed memory sits in a quarantine (up to 256 MiB): RSS is not flat there.
if grep -q __asan_init "$BIN/masscivic-server"; then allowed=$(( 1 << 30 )); echo "(ASan build: RSS growth not checked)"; fi
alive=1; kill -0 "$SERVER_PID" 2>/dev/null || alive=0

echo "saturate: ${SECS}s wrk -t2 -c$CONNS, server --threads $THREADS: $WRK_REQS requests, $WRK_RPS req/s, p50 $WRK_P50, p99 $WRK_P99," \
     "socket errors $WRK_ERRORS, non-2xx $WRK_NON2XX; VmRSS after ${warm}s warm-up $((rss_warm / 1024)) MiB," \
     "at end $((rss_end / 1024)) MiB (growth ${growth} KiB, allowed ${allowed} KiB), peak $((hwm / 1024)) MiB"
if [[ "$WRK_ERRORS" -eq 0 && "$WRK_NON2XX" -eq 0 && "$growth" -le "$allowed" && "$alive" -eq 1 && "${WRK_REQS:-0}" -gt 0 ]]; then
    echo "PASS saturate"
else
    cat "$WORK/wrk.out"; echo "FAIL saturate"; exit 1
fi
