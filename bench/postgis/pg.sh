# Shared by bench/postgis/*.sh (source it): installs PostgreSQL 15 + PostGIS 3 from Debian when
# missing and runs a throwaway cluster from a temporary directory, on loopback, as user postgres
# when run as root. One core per query (no parallel workers), fsync off, data fully cached.
#   source "$ROOT/bench/postgis/pg.sh"
#   pg_start DIR      # initdb in DIR/pg, start on a free port; sets PG_PORT
#   psql_ ARGS...     # psql on that cluster, stops on the first error
#   pg_stop           # immediate stop (call it from the caller's EXIT trap; safe to repeat)
PGBIN=/usr/lib/postgresql/15/bin
PG_DIR=""
PG_PORT=""
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_install() {
    if [[ ! -x "$PGBIN/initdb" ]] || ! dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1; then
        echo "installing postgresql-15 + postgresql-15-postgis-3 (Debian packages) ..." >&2
        if [[ $(id -u) -eq 0 ]]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 postgresql-15-postgis-3 >/dev/null
        else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 postgresql-15-postgis-3 >/dev/null; fi
    fi
}
pg_start() {  # pg_start DIR
    pg_install
    PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    mkdir -p "$1/pg" "$1/sock"
    [[ $(id -u) -eq 0 ]] && chown postgres "$1/pg" "$1/sock"
    as_pg "$PGBIN/initdb" -D "$1/pg" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$1/pg" -w -l "$1/sock/pg.log" -o \
        "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $1/sock -c fsync=off -c shared_buffers=256MB -c work_mem=64MB -c max_parallel_workers_per_gather=0" \
        start >/dev/null
    PG_DIR="$1/pg"
}
pg_stop() {
    [[ -n "$PG_DIR" ]] && as_pg "$PGBIN/pg_ctl" -D "$PG_DIR" -m immediate stop >/dev/null 2>&1 || true
    PG_DIR=""
}
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }
