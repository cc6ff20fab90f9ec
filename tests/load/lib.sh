# Shared helpers for the load and fault scripts (sourced). Loopback only, bounded waits.
# Callers set BIN (directory with masscivic-server / masscivic-import) and ROOT.
set -euo pipefail
WORK="$(mktemp -d /tmp/masscivic-load.XXXXXX)"
SERVER_PID=""
BG_PIDS=()
cleanup() {
    for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

need() {  # need COMMAND DEBIAN_PACKAGE
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "installing $2 (Debian package) ..." >&2
        if [[ $(id -u) -eq 0 ]]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
        else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; fi
    fi
}
need python3 python3; need curl curl
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

import_db() {  # import_db SNAPSHOT_DIR DB_PATH
    "$BIN/masscivic-import" --quiet --snapshot "$1" --db "$2" 2>"$WORK/import.log" ||
        { cat "$WORK/import.log" >&2; return 1; }
}

start_server() {  # start_server DB_PATH [extra flags...]; sets PORT, SERVER_PID, READY_MS
    local db=$1; shift
    PORT="$(free_port)"
    local t0; t0=$(date +%s%N)
    "$BIN/masscivic-server" --db "$db" --port "$PORT" --toolkits "$ROOT/datasets/toolkits.json" \
        --quiet "$@" 2>"$WORK/server.log" &
    SERVER_PID=$!
    local deadline=$(( $(date +%s) + 120 ))  # a Debug+ASan server loads the 42 MB database in 10-40 s
    while (( $(date +%s) < deadline )); do
        if curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
            READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.02
    done
    echo "server did not become ready:" >&2; cat "$WORK/server.log" >&2; return 1
}

rss_kb() { awk -v k="${2:-VmRSS}:" '$1 == k {print $2}' "/proc/$1/status"; }

# Valid /v1/lookup paths: every town, some ward+precinct, some points; each checked to be 200.
make_paths() {  # make_paths OUT
    python3 - "$ROOT/datasets/ma/municipalities.csv" "$ROOT/datasets/ma/precincts.csv" >"$WORK/candidates.txt" <<'PY'
import csv, sys, urllib.parse
q = urllib.parse.quote_plus
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
for r in rows:
    print("/v1/lookup?town=" + q(r["name"]))
names = {r["geoid"]: r["name"] for r in rows}
for i, r in enumerate(csv.DictReader(open(sys.argv[2], encoding="utf-8"))):
    if i % 10 or r["is_sub_precinct"] == "1" or r["geoid"] not in names: continue
    town, w, p = names[r["geoid"]], r["ward"], r["precinct"]
    path = "/v1/lookup?town=" + q(town) + ("&ward=" + q(w) if w else "") + "&precinct=" + q(p)
    print(path)
for lat, lon in [(42.3736, -71.1097), (42.3601, -71.0589), (42.2626, -71.8023), (42.1015, -72.5898),
                 (41.6362, -70.9342), (42.4473, -73.2454), (41.7003, -70.3002), (42.5195, -70.8967),
                 (42.6334, -71.3162), (42.3370, -71.2092)]:
    print(f"/v1/lookup?lat={lat}&lon={lon}")
for z in ["02139", "01002", "02108", "01060", "02540"]:
    print("/v1/lookup?zip=" + z)
PY
    python3 - "$PORT" "$WORK/candidates.txt" >"$1" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
for path in open(sys.argv[2]).read().split():
    c.request("GET", path)
    r = c.getresponse()
    r.read()
    if r.status == 200:
        print(path)
PY
    echo "$(wc -l <"$1") of $(wc -l <"$WORK/candidates.txt") candidate lookup paths answer 200" >&2
    [[ -s "$1" ]] || { echo "FAIL: no lookup path answers 200" >&2; return 1; }
}

# run_wrk SECONDS CONNS PATHS_FILE -> prints wrk output; sets WRK_ERRORS, WRK_NON2XX, WRK_REQS, WRK_RPS
run_wrk() {
    local out
    out="$(wrk -t2 -c"$2" -d"$1s" --timeout 5s --latency -s "$ROOT/tests/load/paths.lua" \
        "http://127.0.0.1:$PORT" -- "$3" 2>&1)"
    echo "$out" >"$WORK/wrk.out"
    WRK_REQS="$(awk '/requests in/ {print $1}' <<<"$out")"
    WRK_RPS="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
    WRK_NON2XX="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"; WRK_NON2XX=${WRK_NON2XX:-0}
    WRK_ERRORS="$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")"
    WRK_ERRORS=${WRK_ERRORS:-0}
    WRK_P50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    WRK_P99="$(awk '$1=="99%" {print $2}' <<<"$out")"
}
