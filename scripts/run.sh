#!/usr/bin/env bash
# Sets up a new machine and runs masscivic on the committed snapshot:
#   lookup server  http://127.0.0.1:8080   (HTTP/JSON API, docs/API.md)
#   chat bot       http://127.0.0.1:8081   (web chat page + WebSocket)
# Ctrl-C stops both. Ports: MASSCIVIC_SERVER_PORT, MASSCIVIC_BOT_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
server_port=${MASSCIVIC_SERVER_PORT:-8080}
bot_port=${MASSCIVIC_BOT_PORT:-8081}

bash scripts/install-deps.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B build-release "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-release -j "$(nproc)"

mkdir -p var
build-release/bin/masscivic-import --snapshot datasets/ma --db var/masscivic.db

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

build-release/bin/masscivic-server --db var/masscivic.db --host 127.0.0.1 --port "$server_port" &
pids+=($!)
build-release/bin/masscivic-bot --server "http://127.0.0.1:$server_port" \
  --listen "127.0.0.1:$bot_port" --db var/sessions.db &
pids+=($!)
echo "masscivic: API on http://127.0.0.1:$server_port/v1/lookup?q=Cambridge"
echo "masscivic: web chat on http://127.0.0.1:$bot_port/"
wait -n "${pids[@]}"
