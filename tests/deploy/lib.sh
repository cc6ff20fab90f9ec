# Shared helpers for the deployment tests (sourced after tests/load/lib.sh): N masscivic-server
# replicas and the nginx front of deploy/nginx/, all on loopback under $WORK. nginx runs in
# the foreground (daemon off) from a temporary prefix and is stopped by the EXIT trap with the
# replicas. The deploy/nginx files are used unchanged except for ports, paths and the
# certificate (a throw-away self-signed one).
#   FRONT_CACHE=off  turns the response cache off, so that every request reaches a replica
#                    (the failover and data-swap tests: the cache would hide the replicas).
need nginx nginx; need openssl openssl
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
chmod 755 "$WORK"  # nginx workers (user nobody when started as root) read the config under it
REPLICA_PORTS=(); REPLICA_PIDS=()

start_replica() {  # start_replica DB_PATH [server flags...]: appends to REPLICA_PORTS / _PIDS
    local db=$1; shift
    local port; port="$(free_port)"
    "$BIN/masscivic-server" --db "$db" --port "$port" --toolkits "$ROOT/datasets/toolkits.json" \
        --quiet "$@" 2>>"$WORK/replica-$port.log" &
    local pid=$!
    BG_PIDS+=("$pid"); REPLICA_PORTS+=("$port"); REPLICA_PIDS+=("$pid")
    for _ in $(seq 1 500); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    echo "replica on port $port did not become ready:" >&2; cat "$WORK/replica-$port.log" >&2
    return 1
}

# start_front [BOT_PORT...]: nginx in front of REPLICA_PORTS (and the given bot ports). Sets
# PORT (plain HTTP server with the API snippet, what the load tools use), CHAT_PORT (plain
# HTTP with the chat snippet), TLS_PORT and REDIRECT_PORT (masscivic.conf's own servers).
start_front() {
    local conf="$WORK/nginx/conf"
    mkdir -p "$conf" "$WORK/nginx/tmp" "$WORK/nginx/cache" "$WORK/tls" "$WORK/www"
    PORT="$(free_port)"; CHAT_PORT="$(free_port)"; TLS_PORT="$(free_port)"; REDIRECT_PORT="$(free_port)"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=api.example.org -addext "subjectAltName=DNS:api.example.org,DNS:chat.example.org" \
        -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" 2>/dev/null
    local api_servers="" bot_servers="" p
    for p in "${REPLICA_PORTS[@]}"; do api_servers+="    server 127.0.0.1:$p max_fails=2 fail_timeout=5s;\n"; done
    for p in "$@"; do bot_servers+="    server 127.0.0.1:$p max_fails=2 fail_timeout=5s;\n"; done
    [[ -n "$bot_servers" ]] || bot_servers="    server 127.0.0.1:1 down;\n"
    local f
    for f in "$ROOT"/deploy/nginx/*.conf; do
        sed -e "s#/etc/nginx/snippets/#$conf/#g" \
            -e "s#/var/cache/nginx/masscivic#$WORK/nginx/cache#" \
            -e "s#/var/www/letsencrypt#$WORK/www#" \
            -e "s#/etc/letsencrypt/live/[^/]*/fullchain.pem#$WORK/tls/cert.pem#" \
            -e "s#/etc/letsencrypt/live/[^/]*/privkey.pem#$WORK/tls/key.pem#" \
            -e "/listen \[::\]/d" \
            -e "s#listen 80;#listen 127.0.0.1:$REDIRECT_PORT;#" \
            -e "s#listen 443 #listen 127.0.0.1:$TLS_PORT #" \
            "$f" | awk -v api="$api_servers" -v bot="$bot_servers" '
                /^upstream masscivic_api/ { print; printf "%s", api; skip = 1; next }
                /^upstream masscivic_bot/ { print; printf "%s", bot; skip = 1; next }
                skip && /^ *server 127\.0\.0\.1:/ { next }
                /^}/ { skip = 0 }
                { print }' >"$conf/$(basename "$f")"
    done
    [[ "${FRONT_CACHE:-on}" == off ]] && sed -i "s#proxy_cache masscivic_cache;#proxy_cache off;#" "$conf/masscivic-api.conf"
    cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 2;
worker_rlimit_nofile 8192;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $conf/masscivic.conf;
    server { listen 127.0.0.1:$PORT; include $conf/masscivic-api.conf; }
    server { listen 127.0.0.1:$CHAT_PORT; include $conf/masscivic-chat.conf; }
}
CONF
    "$NGINX" -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/test.log" ||
        { echo "FAIL: nginx rejects the deploy/nginx configuration:" >&2; cat "$WORK/nginx/test.log" >&2; return 1; }
    "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>>"$WORK/nginx/error.log" &
    NGINX_PID=$!; BG_PIDS+=("$NGINX_PID")
    for _ in $(seq 1 250); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0
        kill -0 "$NGINX_PID" 2>/dev/null || break
        sleep 0.02
    done
    echo "FAIL: the nginx front did not come up:" >&2; cat "$WORK/nginx/error.log" >&2; return 1
}

header_of() {  # header_of NAME CURL_ARGS...: the value of one response header (GET)
    local name=$1; shift
    curl -s -D - -o /dev/null "$@" | tr -d '\r' | awk -F': ' -v n="$(tr 'A-Z' 'a-z' <<<"$name")" 'tolower($1) == n {print $2}'
}
