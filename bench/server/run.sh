#!/usr/bin/env bash
# Lookup server benchmark (issue 3): masscivic-server vs nginx serving the identical response
# body as a static file, both on loopback, measured with wrk in the same run.
#   bench/server/run.sh [seconds-per-run (default 8)] [connections (default 16)] [ADDRESSES]
# Builds Release in build-bench-server/, imports datasets/ma into a temporary database, then
# measures (median of 3 alternating runs) /v1/lookup by town+ward+precinct and by lat/lon: with the response cache (default)
# and without it (--cache 0). Prints req/s, the ratio to nginx, p50/p99 latency and the
# server's peak RSS. Not a timed test: numbers depend on the machine.
# Street addresses: with the cache off, wrk cycles through /v1/lookup?address= for every line of
# ADDRESSES ("lon lat<TAB>text", bench/address/sample.py; default: 10,000 drawn from
# ../shared/datasets/raw, skipped when that is missing), against nginx serving the first
# address's answer as a static file, and against nginx serving every address's own answer
# (one file each, cycled in the same order): the same bodies, which do not all stay in the
# CPU's caches as one does (median of 3 alternating runs for each).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECS="${1:-8}"
CONNS="${2:-16}"
ADDRESSES="${3:-}"
BUILD="${MASSCIVIC_BENCH_BUILD:-$ROOT/build-bench-server}"  # bench/run passes its own build dir
WORK="$(mktemp -d /tmp/masscivic-bench.XXXXXX)"
chmod 755 "$WORK"  # nginx workers (user nobody) must read the static copies, or every answer is 403
SERVER_PORT=18181
NGINX_PORT=18182
SERVER_PID=""
NGINX_PID=""

cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

need() {
    if ! command -v "$1" >/dev/null 2>&1 && [[ ! -x "/usr/sbin/$1" ]]; then
        echo "installing $2 (Debian package) ..." >&2
        if [[ $(id -u) -eq 0 ]]; then apt-get install -y -q "$2" >/dev/null
        else sudo apt-get install -y -q "$2" >/dev/null; fi
    fi
}
need wrk wrk
need nginx nginx
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "== building Release in $BUILD" >&2
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BUILD" -j2 --target masscivic-server masscivic-import >/dev/null
"$BUILD/bin/masscivic-import" --snapshot "$ROOT/datasets/ma" --db "$WORK/masscivic.db" >/dev/null 2>&1

WP="/v1/lookup?town=Cambridge&ward=2&precinct=1"
PT="/v1/lookup?lat=42.3736&lon=-71.1097"
RAW="$ROOT/../shared/datasets/raw"
if [[ -z "$ADDRESSES" && -d "$RAW" ]]; then
    ADDRESSES="$WORK/addresses.tsv"
    python3 "$ROOT/bench/address/sample.py" "$RAW" 10000 9 >"$ADDRESSES"
fi
AD=""  # the first address's path; $WORK/address-paths.txt holds all of them
if [[ -n "$ADDRESSES" ]]; then
    python3 - "$ADDRESSES" >"$WORK/address-paths.txt" <<'PY2'
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    if "\t" in line:
        print("/v1/lookup?address=" + urllib.parse.quote_plus(line.rstrip("\n").split("\t", 1)[1]))
PY2
    AD="$(head -1 "$WORK/address-paths.txt")"
fi

start_server() {  # $1: extra flags
    # shellcheck disable=SC2086
    "$BUILD/bin/masscivic-server" --db "$WORK/masscivic.db" --port "$SERVER_PORT" \
        --toolkits "$ROOT/datasets/toolkits.json" --quiet $1 2>"$WORK/server.log" &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$SERVER_PORT/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() {
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

# The static copies nginx serves: byte-identical bodies.
mkdir -p "$WORK/www"
start_server ""
curl -sf "http://127.0.0.1:$SERVER_PORT$WP" >"$WORK/www/wp.json"
curl -sf "http://127.0.0.1:$SERVER_PORT$PT" >"$WORK/www/pt.json"
[[ -n "$AD" ]] && curl -sf "http://127.0.0.1:$SERVER_PORT$AD" >"$WORK/www/ad.json"
# And every address's own answer as its own file (www/a/N.json, about 250 MB), for a second
# reference: nginx serving the same 10,000 bodies in the same order, as the server does,
# instead of one body that stays in the CPU's caches.
if [[ -n "$AD" ]]; then
    mkdir -p "$WORK/www/a"
    python3 - "$WORK/address-paths.txt" "$WORK/www/a" "$SERVER_PORT" >"$WORK/nginx-paths.txt" <<'PY3'
import http.client, sys
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[3]))
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    conn.request("GET", line.rstrip("\n"))
    with open("%s/%d.json" % (sys.argv[2], i), "wb") as out:
        out.write(conn.getresponse().read())
    print("/a/%d.json" % i)
PY3
fi
stop_server

cat >"$WORK/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/www;
        default_type application/json;
        location / { try_files \$uri =404; }
    }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
sleep 0.5
STATIC=(wp pt); [[ -n "$AD" ]] && STATIC+=(ad)
for f in "${STATIC[@]}"; do
    curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/$f.json" || { echo "nginx does not serve $f.json:" >&2; cat "$WORK/nginx-error.log" >&2; exit 1; }
done

# wrk --latency output -> "rps p50_ms p99_ms"; measure URL [-s SCRIPT -- SCRIPT_ARGS]
NON2XX=0  # non-2xx/3xx responses seen, all runs
measure() {
    local out rps p50 p99 url="$1"
    shift
    out="$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$url" "$@")"
    NON2XX=$(( NON2XX + $(awk '/Non-2xx or 3xx responses/ {print $NF; exit}' <<<"$out" | grep . || echo 0) ))
    rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    echo "$rps $p50 $p99"
}

# nginx and the server (with its cache) run side by side; runs alternate so that load from
# anything else on the machine hits both alike; the median of ROUNDS runs is reported.
ROUNDS=3
median() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A ALL R
start_server ""
for round in $(seq 1 "$ROUNDS"); do
    for q in wp pt; do
        url=$([[ $q == wp ]] && echo "$WP" || echo "$PT")
        ALL[nginx_$q]+="$(measure "http://127.0.0.1:$NGINX_PORT/$q.json");"
        ALL[cached_$q]+="$(measure "http://127.0.0.1:$SERVER_PORT$url");"
    done
done
PEAK_RSS="$(awk '/VmHWM/ {print $2}' /proc/$SERVER_PID/status)"
# The HTTP layer's own ceiling on this machine: a handler that does almost nothing.
CEILING="$(measure "http://127.0.0.1:$SERVER_PORT/healthz")"
stop_server
start_server "--cache 0"
for q in wp pt; do
    url=$([[ $q == wp ]] && echo "$WP" || echo "$PT")
    ALL[uncached_$q]="$(measure "http://127.0.0.1:$SERVER_PORT$url");"
done
# Street addresses, cache off: every request a different address (wrk cycles through the
# list), alternating with nginx serving the first one's answer.
if [[ -n "$AD" ]]; then
    NON2XX=0
    for round in $(seq 1 "$ROUNDS"); do
        ALL[nginx_ad]+="$(measure "http://127.0.0.1:$NGINX_PORT/ad.json");"
        ALL[nginx_ad_all]+="$(measure "http://127.0.0.1:$NGINX_PORT/" -s "$ROOT/tests/load/paths.lua" -- "$WORK/nginx-paths.txt");"
        ALL[uncached_ad]+="$(measure "http://127.0.0.1:$SERVER_PORT/" -s "$ROOT/tests/load/paths.lua" -- "$WORK/address-paths.txt");"
    done
    AD_NON2XX=$NON2XX
fi
kill "$NGINX_PID"; NGINX_PID=""
rss="$(awk '/VmHWM/ {print $2}' /proc/$SERVER_PID/status)"
(( rss > PEAK_RSS )) && PEAK_RSS=$rss
stop_server
# Per series: median req/s, and the p50/p99 of the run with the median req/s.
for key in "${!ALL[@]}"; do
    runs="${ALL[$key]}"
    med="$(tr ';' '\n' <<<"$runs" | awk 'NF {print $1}' | median)"
    R[$key]="$(tr ';' '\n' <<<"$runs" | awk -v m="$med" 'NF && $1 == m {print; exit}')"
done

echo
echo "masscivic-server vs nginx (same body, loopback, wrk -t2 -c$CONNS -d${SECS}s, median of $ROUNDS alternating runs; uncached: 1 run; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
printf "%-34s %12s %10s %10s %8s\n" "endpoint" "req/s" "p50" "p99" "ratio"
for q in wp pt; do
    name=$([[ $q == wp ]] && echo "town+ward+precinct" || echo "lat/lon")
    read -r n_rps n_p50 n_p99 <<<"${R[nginx_$q]}"
    printf "%-34s %12s %10s %10s %8s\n" "nginx static ($name)" "$n_rps" "$n_p50" "$n_p99" "1.00"
    for mode in cached uncached; do
        read -r rps p50 p99 <<<"${R[${mode}_$q]}"
        ratio="$(awk -v a="$rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')"
        printf "%-34s %12s %10s %10s %8s\n" "server $mode ($name)" "$rps" "$p50" "$p99" "$ratio"
    done
done
read -r c_rps c_p50 c_p99 <<<"$CEILING"
printf "%-34s %12s %10s %10s\n" "server /healthz (HTTP ceiling)" "$c_rps" "$c_p50" "$c_p99"
if [[ -n "$AD" ]]; then
    read -r n_rps n_p50 n_p99 <<<"${R[nginx_ad]}"
    read -r a_rps a_p50 a_p99 <<<"${R[nginx_ad_all]}"
    read -r rps p50 p99 <<<"${R[uncached_ad]}"
    printf "%-34s %12s %10s %10s %8s\n" "nginx static (address, one body)" "$n_rps" "$n_p50" "$n_p99" "1.00"
    printf "%-34s %12s %10s %10s %8s\n" "nginx static (the same bodies)" "$a_rps" "$a_p50" "$a_p99" \
        "$(awk -v a="$a_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')"
    printf "%-34s %12s %10s %10s %8s\n" "server uncached (address)" "$rps" "$p50" "$p99" \
        "$(awk -v a="$rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')"
    echo "addresses: $(wc -l <"$WORK/address-paths.txt") distinct, cycled by wrk (tests/load/paths.lua), median of $ROUNDS alternating runs; non-2xx responses: $AD_NON2XX; nginx body $(wc -c <"$WORK/www/ad.json") B"
    echo "server vs nginx serving the same $(wc -l <"$WORK/nginx-paths.txt") bodies (one file each, same order): $(awk -v a="$rps" -v b="$a_rps" 'BEGIN {printf "%.2f", a/b}')"
fi
echo "body sizes: town+ward+precinct $(wc -c <"$WORK/www/wp.json") B, lat/lon $(wc -c <"$WORK/www/pt.json") B"
echo "server peak RSS: $((PEAK_RSS / 1024)) MiB"
echo "targets (issue 11): cached >= 0.85 x nginx; uncached >= 0.5 x nginx; addresses uncached >= 0.5 x nginx"
