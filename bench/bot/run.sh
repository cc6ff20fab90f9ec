#!/usr/bin/env bash
# Bot benchmark: 1,000 concurrent WebSocket sessions each ask one question (a different
# town each; cache off unless CACHE_SECONDS is set, so every reply includes a real
# lookup-server call). Loopback only.
#   bench/bot/run.sh [BUILD_DIR] [SESSIONS] [SPREAD_MS]
#   BOT_ARGS="--threads 2" bench/bot/run.sh ...  passes more options to the bot
#   PERF_DATA=FILE bench/bot/run.sh ...  also records the bot with perf (DWARF call stacks)
#   during the questions only, for `perf report -i FILE --no-children`.
# Prints p50/p90/p99 reply latency (against issue 11's target), the bot's resident memory per
# session, and the CPU the bot and the lookup server used during the run: the machine is
# shared, so CPU seconds say where the time went when other work skews the latency.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
sessions="${2:-1000}"
spread="${3:-0}"
bin="$build/bin"
tmp="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

"$bin/masscivic-import" --snapshot "$root/datasets/ma" --db "$tmp/civic.db" >/dev/null
sport="$(free_port)"
"$bin/masscivic-server" --db "$tmp/civic.db" --port "$sport" --toolkits "$root/datasets/toolkits.json" --quiet 2>/dev/null &
pids+=($!)
bport="$(free_port)"
"$bin/masscivic-bot" --server "http://127.0.0.1:$sport" --listen "127.0.0.1:$bport" --db "$tmp/sessions.db" \
  --cache-seconds "${CACHE_SECONDS:-0}" --rate-per-minute 100000 ${BOT_ARGS:-} >/dev/null &
bot=$!
pids+=($bot)
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$sport/healthz" >/dev/null && curl -sf "http://127.0.0.1:$bport/healthz" >/dev/null && break
  sleep 0.1
done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime
server=${pids[0]}
bot0=$(cpu_ticks "$bot"); server0=$(cpu_ticks "$server")
echo "masscivic-bot benchmark: $sessions sessions, spread ${spread} ms, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
perf_pid=
if [[ -n "${PERF_DATA:-}" ]]; then
  perf record -q -g --call-graph dwarf,16384 -F 2000 -o "$PERF_DATA" -p "$bot" 2>/dev/null &
  perf_pid=$!
  sleep 0.5  # perf attaches before the first question
fi
"$bin/masscivic-bot-bench" --bot "127.0.0.1:$bport" --sessions "$sessions" --pid "$bot" \
  --towns "$root/datasets/ma/municipalities.csv" --spread-ms "$spread" || status=$?
if [[ -n "$perf_pid" ]]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; fi
hz=$(getconf CLK_TCK)
echo "cpu_s bot=$(awk -v t=$(( $(cpu_ticks "$bot") - bot0 )) -v hz="$hz" 'BEGIN {print t / hz}')" \
  "lookup_server=$(awk -v t=$(( $(cpu_ticks "$server") - server0 )) -v hz="$hz" 'BEGIN {print t / hz}')"
exit "$status"
