#!/usr/bin/env bash
# Deployment test: swap the data under load. Three replicas read the same --db path (as the
# systemd units do); while wrk drives lookups through the nginx front (response cache off, so
# every request reaches a replica), a new database is renamed over that path (rename(2),
# atomic) and every replica gets SIGHUP; then back to the first data, and so on. The second
# data set is the committed snapshot with its newest source dated 2099-12-31, so it has
# another ETag. PASS when wrk saw no socket errors and no non-2xx answers and after every
# swap each replica, asked directly, served the new ETag within MAX_SWITCH_MS.
#   tests/deploy/swap_data.sh BIN_DIR [SECONDS (20)] [CONNECTIONS (32)] [MAX_SWITCH_MS (2000)]
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"; SECS="${2:-20}"; CONNS="${3:-32}"; MAX_MS="${4:-2000}"
source "$ROOT/tests/load/lib.sh"
source "$ROOT/tests/deploy/lib.sh"
need wrk wrk
# Under AddressSanitizer (Debug) loading a database takes 5-10 times as long: the switch time
# is reported but only has to stay under 60 s there; errors count as everywhere.
if grep -q __asan_init "$BIN/masscivic-server"; then MAX_MS=60000; echo "(ASan build: switch time not held to the 2 s target, limit ${MAX_MS} ms)"; fi

cp -r "$ROOT/datasets/ma" "$WORK/snap2"
python3 - "$WORK/snap2/sources.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
rows[0]["as_of"] = "2099-12-31"
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader(); w.writerows(rows)
PY
import_db "$ROOT/datasets/ma" "$WORK/a.db"
import_db "$WORK/snap2" "$WORK/b.db"
cp "$WORK/a.db" "$WORK/live.db"
for _ in 1 2 3; do start_replica "$WORK/live.db"; done
FRONT_CACHE=off start_front
make_paths "$WORK/paths.txt"

etag_at() { header_of ETag "http://127.0.0.1:$1/v1/lookup?town=Cambridge"; }
( run_wrk "$SECS" "$CONNS" "$WORK/paths.txt"
  echo "$WRK_REQS $WRK_RPS $WRK_P99 $WRK_ERRORS $WRK_NON2XX" >"$WORK/wrk.summary" ) &
wrk_job=$!
swaps=0; worst_ms=0; late=0; next=b
sleep 2
while kill -0 "$wrk_job" 2>/dev/null; do
    cp "$WORK/$next.db" "$WORK/incoming.db"
    before="$(etag_at "${REPLICA_PORTS[0]}")"
    t0=$(date +%s%N)
    mv -f "$WORK/incoming.db" "$WORK/live.db"
    for pid in "${REPLICA_PIDS[@]}"; do kill -HUP "$pid"; done
    for port in "${REPLICA_PORTS[@]}"; do
        while [[ "$(etag_at "$port")" == "$before" ]]; do
            (( ($(date +%s%N) - t0) / 1000000 > MAX_MS + 3000 )) && break
            sleep 0.01
        done
    done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    (( ms > worst_ms )) && worst_ms=$ms
    (( ms > MAX_MS )) && late=$((late + 1))
    swaps=$((swaps + 1)); [[ $next == b ]] && next=a || next=b
    sleep 2
done
wait "$wrk_job" || true
read -r reqs rps p99 errors non2xx <"$WORK/wrk.summary"
front_etag="$(header_of ETag "http://127.0.0.1:$PORT/v1/lookup?town=Cambridge")"
echo "swap data under ${SECS}s wrk -t2 -c$CONNS through the front (3 replicas): $swaps swaps, slowest until" \
     "every replica served the new ETag ${worst_ms} ms (limit $MAX_MS ms, $late late); wrk $reqs requests," \
     "$rps req/s, p99 $p99, socket errors $errors, non-2xx $non2xx"
if [[ "$swaps" -ge 1 && "$late" -eq 0 && "$errors" -eq 0 && "$non2xx" -eq 0 && "${reqs:-0}" -gt 0 &&
      "$front_etag" == "$(etag_at "${REPLICA_PORTS[0]}")" ]]; then
    echo "PASS swap data"
else
    cat "$WORK/wrk.out"; echo "FAIL swap data"; exit 1
fi
