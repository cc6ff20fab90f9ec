#!/usr/bin/env bash
# Deployment test: two bot replicas share their sessions through Redis, behind the nginx front.
# A conversation over the Twilio SMS webhook (signed as Twilio signs it) asks "who is my state
# representative?"; the bot asks where. Then one bot replica is killed with SIGKILL and the
# answer "Acton" goes through the front to the other one, which must carry on: it answers the
# pending question (Acton's state representative), not a fresh "Acton" as a new user would get.
# Also: a replayed webhook (same MessageSid) to the other replica is answered only once.
# Redis (Debian redis-server) is started here on a free loopback port, without persistence.
#   tests/deploy/bot_replicas.sh BIN_DIR
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"
source "$ROOT/tests/load/lib.sh"
source "$ROOT/tests/deploy/lib.sh"
need redis-server redis-server

REDIS_PORT="$(free_port)"; mkdir -p "$WORK/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK/redis" \
    --daemonize no >"$WORK/redis.log" 2>&1 &
BG_PIDS+=("$!")
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done

import_db "$ROOT/datasets/ma" "$WORK/masscivic.db"
start_replica "$WORK/masscivic.db"
TOKEN=test-twilio-token; PUBLIC=https://chat.example.org
BOT_PORTS=(); BOT_PIDS=()
for _ in 1 2; do
    port="$(free_port)"
    TWILIO_AUTH_TOKEN="$TOKEN" "$BIN/masscivic-bot" --server "http://127.0.0.1:${REPLICA_PORTS[0]}" \
        --listen "127.0.0.1:$port" --db "redis://127.0.0.1:$REDIS_PORT/0" --public-url "$PUBLIC" \
        --messages "$ROOT/bot/messages" --web "$ROOT/web" 2>>"$WORK/bot-$port.log" &
    BOT_PIDS+=("$!"); BG_PIDS+=("$!"); BOT_PORTS+=("$port")
    for _ in $(seq 1 250); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.02; done
done
start_front "${BOT_PORTS[@]}"

say() { python3 "$ROOT/tests/deploy/sms_turn.py" "$1" "$PUBLIC" "$TOKEN" "$2" "$3" "$4"; }
FAILED=0
first="$(say "$CHAT_PORT" +16175550101 SM1 "who is my state representative?")"
echo "turn 1 (through the front): $first"
kill -9 "${BOT_PIDS[0]}"; wait "${BOT_PIDS[0]}" 2>/dev/null || true
echo "killed bot replica on port ${BOT_PORTS[0]} (SIGKILL)"
second="$(say "$CHAT_PORT" +16175550101 SM2 "Acton")"
echo "turn 2 (through the front, one replica left): $second"
fresh="$(say "${BOT_PORTS[1]}" +16175550199 SM3 "Acton")"
echo "control, a new user saying only 'Acton': $fresh"
if [[ -z "$second" || "$second" == "$fresh" ]]; then
    echo "FAIL the conversation did not continue on the other replica (same answer as a new user)"; FAILED=1
fi
# Acton is split between two state house districts (both "... Middlesex District"): the
# carried-on answer names them, the fresh one lists every office instead.
if ! grep -q "Middlesex District:" <<<"$second"; then
    echo "FAIL turn 2 does not answer the pending question about the state representative"; FAILED=1
fi
replay="$(say "${BOT_PORTS[1]}" +16175550101 SM2 "Acton")"
if [[ -n "$replay" ]]; then echo "FAIL a replayed MessageSid was answered again: $replay"; FAILED=1; else echo "ok   replayed MessageSid answered once"; fi
echo "sessions in Redis: $(redis-cli -p "$REDIS_PORT" --scan --pattern 'masscivic:session:*' | wc -l)"
if (( FAILED )); then for f in "$WORK"/bot-*.log; do tail -5 "$f"; done; echo "FAIL bot replicas"; exit 1; fi
echo "PASS bot replicas"
