#!/usr/bin/env bash
# Fault test: 1,000 idle/slow connections (slowloris) must not stop a normal client from being
# answered, and the request size limits are enforced (request line 8 KiB -> 414, body 64 KiB
# -> 413, oversized header line / headers rejected). Loopback only; see slowloris.py.
#   tests/load/slowloris.sh BIN_DIR [SLOW_CONNECTIONS (1000)] [SECONDS (30)] [MAX_LATENCY_S (3)]
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"; SLOW="${2:-1000}"; SECS="${3:-30}"; MAXLAT="${4:-3}"
source "$ROOT/tests/load/lib.sh"
# 1,000 client sockets here and as many on the server side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
import_db "$ROOT/datasets/ma" "$WORK/masscivic.db"
start_server "$WORK/masscivic.db"
python3 "$ROOT/tests/load/slowloris.py" "$PORT" "$SLOW" "$SECS" "$MAXLAT"
