#!/usr/bin/env bash
# Deployment test: what the nginx front of deploy/nginx/ promises, checked on loopback against
# two real masscivic-server replicas: the TLS server block serves the API, plain HTTP
# redirects to HTTPS, JSON is gzipped, public answers are cached (second GET is a HIT) while
# no-store answers and address= queries never are, operator endpoints are refused, request
# size limits hold (414 / 400 / 413) and an untrusted address is rate limited (429) while
# loopback is not. Prints one line per check and PASS/FAIL.
#   tests/deploy/front_check.sh BIN_DIR
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"
source "$ROOT/tests/load/lib.sh"
source "$ROOT/tests/deploy/lib.sh"

import_db "$ROOT/datasets/ma" "$WORK/masscivic.db"
start_replica "$WORK/masscivic.db"
start_replica "$WORK/masscivic.db"
start_front

FAILED=0
check() {  # check NAME GOT WANT
    if [[ "$2" == "$3" ]]; then echo "ok   $1: $2"; else echo "FAIL $1: got '$2', want '$3'"; FAILED=1; fi
}
API="http://127.0.0.1:$PORT"
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# TLS server block (self-signed certificate here) and the redirect.
check "TLS server block answers /healthz" \
    "$(status -k --resolve "api.example.org:$TLS_PORT:127.0.0.1" "https://api.example.org:$TLS_PORT/healthz")" 200
check "HSTS on the TLS server" \
    "$(header_of Strict-Transport-Security -k --resolve "api.example.org:$TLS_PORT:127.0.0.1" "https://api.example.org:$TLS_PORT/v1/lookup?town=Acton")" \
    "max-age=63072000"
check "plain HTTP redirects to HTTPS" \
    "$(status -H 'Host: api.example.org' "http://127.0.0.1:$REDIRECT_PORT/v1/lookup?town=Acton")" 301

# gzip.
check "JSON answers are gzipped" "$(header_of Content-Encoding -H 'Accept-Encoding: gzip' "$API/v1/lookup?town=Boston")" gzip

# Response cache: public answers yes, no-store and address queries no.
status "$API/v1/lookup?town=Cambridge" >/dev/null
check "a public answer is cached (2nd GET)" "$(header_of X-Cache-Status "$API/v1/lookup?town=Cambridge")" HIT
check "its Cache-Control reaches the client" "$(header_of Cache-Control "$API/v1/lookup?town=Cambridge")" "public, max-age=300"
status "$API/v1/lookup?town=Acton&bogus=1" >/dev/null
not_cached="$(header_of X-Cache-Status "$API/v1/lookup?town=Acton&bogus=1")"
check "a no-store answer (400) is not served from the cache" "$([[ "$not_cached" != HIT ]] && echo "not cached ($not_cached)")" "not cached ($not_cached)"
status "$API/v1/lookup?address=44+Front+St+Worcester" >/dev/null
check "address= queries bypass the cache" "$(header_of X-Cache-Status "$API/v1/lookup?address=44+Front+St+Worcester")" BYPASS

# Operator endpoints stay on loopback, behind the replicas' own ports.
check "POST /admin/reload is refused at the front" "$(status -X POST "$API/admin/reload")" 403
check "/metrics is refused at the front" "$(status "$API/metrics")" 403

# Request size limits.
long_q="$(head -c 9000 /dev/zero | tr '\0' a)"
check "request line of 9 KiB" "$(status "$API/v1/lookup?q=$long_q")" 414
check "header line of 9 KiB" "$(status -H "X-Big: $long_q" "$API/healthz")" 400
many=(); for i in $(seq 1 40); do many+=(-H "X-H$i: $(head -c 4000 /dev/zero | tr '\0' h)"); done
check "160 KB of headers" "$(status "${many[@]}" "$API/healthz")" 400
check "body of 70 KiB" "$(head -c 71680 /dev/zero | tr '\0' x | status -X POST --data-binary @- "$API/v1/lookup")" 413

# Rate limit: 100 quick requests (one keep-alive connection) from an untrusted loopback
# address (127.0.0.2) exceed 10/s with a burst of 40; the same from 127.0.0.1 (trusted: the
# bot, monitoring) are all answered.
count_429() {  # count_429 SOURCE_ADDRESS
    local urls=() i
    for i in $(seq 1 100); do urls+=("$API/v1/lookup?town=Acton"); done
    curl -s -o /dev/null -w '%{http_code}\n' --interface "$1" "${urls[@]}" | grep -c '^429$' || true
}
untrusted=$(count_429 127.0.0.2)
check "an untrusted address is rate limited (429s of 100)" "$([[ "$untrusted" -ge 10 ]] && echo "$untrusted, >= 10")" "$untrusted, >= 10"
check "loopback is not rate limited (429s of 100)" "$(count_429 127.0.0.1)" 0

if grep -q '\[emerg\]\|\[alert\]\|\[crit\]' "$WORK/nginx/error.log"; then
    echo "FAIL nginx error log:"; cat "$WORK/nginx/error.log"; FAILED=1
fi
if (( FAILED )); then echo "FAIL front_check"; exit 1; fi
echo "PASS front_check"
