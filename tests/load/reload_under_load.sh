#!/usr/bin/env bash
# Fault test: hot reload under load. While wrk drives valid /v1/lookup queries, the database
# is rebuilt by masscivic-import into a new file, renamed over the server's --db path
# (rename(2), atomic) and the server gets SIGHUP; this repeats until wrk ends, alternating
# between a copy of the snapshot whose sources say as_of 2099-12-31 and the committed one.
# PASS when wrk saw no socket errors and no non-2xx answers, /healthz reported the new data
# after each reload (at least one of them while wrk was still running), and the X-Data-As-Of
# header of a lookup after the last one matches. Loopback only.
#   tests/load/reload_under_load.sh BIN_DIR [SECONDS (default 20)] [CONNECTIONS (default 32)] [SERVER_THREADS (default: CONNECTIONS + 4)]
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"; SECS="${2:-20}"; CONNS="${3:-32}"; THREADS="${4:-$((CONNS + 4))}"
source "$ROOT/tests/load/lib.sh"
need wrk wrk
NEW_AS_OF=2099-12-31

# A second snapshot: the same data, but the newest source is dated $NEW_AS_OF.
cp -r "$ROOT/datasets/ma" "$WORK/snap2"
python3 - "$WORK/snap2/sources.csv" "$NEW_AS_OF" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
rows[0]["as_of"] = sys.argv[2]
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader(); w.writerows(rows)
PY
import_db "$ROOT/datasets/ma" "$WORK/masscivic.db"
# Both databases are built before the load starts, so the reloads under load are rename +
# SIGHUP. Re-imports under load happen only when the measured import time fits before wrk
# ends (not in a sanitizer build, where one import takes longer than the whole load).
t_import=$(date +%s%N)
import_db "$WORK/snap2" "$WORK/built-$NEW_AS_OF.db"
import_ms=$(( ($(date +%s%N) - t_import) / 1000000 ))
start_server "$WORK/masscivic.db" --threads "$THREADS"
OLD_AS_OF="$(curl -sf "http://127.0.0.1:$PORT/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data_as_of"])')"
make_paths "$WORK/paths.txt"

as_of() { curl -sf "http://127.0.0.1:$PORT/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data_as_of"])' 2>/dev/null || echo "?"; }

# wrk in 5 s chunks for SECS seconds, longer (at most 60 s more) until a reload has switched
# the data while it runs (a slow machine or a sanitizer build may need more than SECS).
(
    end=$(( $(date +%s) + SECS )); hard=$(( end + 60 )); i=0
    while :; do
        left=$(( end - $(date +%s) )); (( left < 1 || left > 5 )) && left=5
        wrk -t2 -c"$CONNS" -d"${left}s" --timeout 5s -s "$ROOT/tests/load/paths.lua" \
            "http://127.0.0.1:$PORT" -- "$WORK/paths.txt" >"$WORK/wrk.$i.out" 2>&1
        i=$((i + 1)); now=$(date +%s)
        (( now >= hard )) && break
        (( now >= end )) && [[ -f "$WORK/switched" ]] && break
    done
) &
wrk_job=$!
# Reload again and again while wrk runs (1 s apart), alternating snapshots. Each time a real
# re-import when it can finish before wrk does; otherwise a copy of the database that import
# built last time (the rename + SIGHUP path is the same).
wrk_end_ms=$(( $(date +%s%3N) + SECS * 1000 ))
reloads=0; imports=0; switched=0; switched_under_load=0; switch_ms_max=0; want="$OLD_AS_OF"
cp "$WORK/masscivic.db" "$WORK/built-$OLD_AS_OF.db"
sleep 1
while kill -0 "$wrk_job" 2>/dev/null; do
    if (( reloads % 2 == 0 )); then snap="$WORK/snap2"; want="$NEW_AS_OF"; else snap="$ROOT/datasets/ma"; want="$OLD_AS_OF"; fi
    t0=$(date +%s%N)
    if [[ ! -f "$WORK/built-$want.db" ]] || (( $(date +%s%3N) + import_ms + 500 < wrk_end_ms )); then
        import_db "$snap" "$WORK/next.db"
        import_ms=$(( ($(date +%s%N) - t0) / 1000000 )); imports=$((imports + 1))
        cp "$WORK/next.db" "$WORK/built-$want.db"
    else
        cp "$WORK/built-$want.db" "$WORK/next.db"
    fi
    t1=$(date +%s%N)
    mv -f "$WORK/next.db" "$WORK/masscivic.db"   # atomic rename over the server's --db path
    kill -HUP "$SERVER_PID"
    deadline=$(( $(date +%s) + 90 ))   # a Debug+ASan build on a loaded 2-core machine needs ~30 s
    while [[ "$(as_of)" != "$want" ]] && (( $(date +%s) < deadline )); do sleep 0.02; done
    ms=$(( ($(date +%s%N) - t1) / 1000000 ))
    (( ms > switch_ms_max )) && switch_ms_max=$ms
    reloads=$((reloads + 1))
    if [[ "$(as_of)" == "$want" ]]; then
        switched=$((switched + 1))
        kill -0 "$wrk_job" 2>/dev/null && switched_under_load=$((switched_under_load + 1)) && touch "$WORK/switched"
    fi
    kill -0 "$wrk_job" 2>/dev/null && sleep 1
done
wait "$wrk_job"
# Sum the figures of every wrk chunk.
cat "$WORK"/wrk.*.out >"$WORK/wrk.out"
WRK_REQS="$(awk '/requests in/ {n += $1} END {print n + 0}' "$WORK/wrk.out")"
WRK_NON2XX="$(awk '/Non-2xx/ {n += $NF} END {print n + 0}' "$WORK/wrk.out")"
WRK_ERRORS="$(awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$WORK/wrk.out")"
WRK_CHUNKS="$(( $(ls "$WORK"/wrk.*.out | wc -l) ))"
header_as_of="$(curl -sf -D - -o /dev/null "http://127.0.0.1:$PORT/v1/lookup?town=Cambridge" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-data-as-of" {print $2}')"
final="$(as_of)"

echo "reload_under_load: wrk -t2 -c$CONNS in $WRK_CHUNKS chunks (${SECS}s asked), server --threads $THREADS: $WRK_REQS requests, socket errors $WRK_ERRORS, non-2xx $WRK_NON2XX;" \
     "$reloads reloads by rename + SIGHUP ($imports from a fresh re-import), $switched switched data, $switched_under_load of them while wrk still ran (slowest switch ${switch_ms_max} ms);" \
     "data_as_of $OLD_AS_OF at start, $final at end (last reload loaded $want), X-Data-As-Of $header_as_of"
if [[ "$WRK_ERRORS" -eq 0 && "$WRK_NON2XX" -eq 0 && "$switched" -eq "$reloads" && "$switched_under_load" -ge 1 && "$final" == "$want" \
      && "$header_as_of" == "$want" && "${WRK_REQS:-0}" -gt 0 ]]; then
    echo "PASS reload_under_load"
else
    cat "$WORK/wrk.out"; cat "$WORK/server.log"; echo "FAIL reload_under_load"; exit 1
fi
