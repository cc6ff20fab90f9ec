#!/usr/bin/env bash
# Point -> districts: masscivic (in process, GeoIndex R-tree + Boost.Geometry) vs PostGIS
# (postgresql-15-postgis-3, GiST index, ST_Contains) on the same N random points and the same
# polygons (datasets/ma/boundaries/*.geojson, WGS84). Loopback only; PostgreSQL runs from a
# temporary data directory and is stopped on exit.
#   bench/postgis/run.sh BIN_DIR DB [N (default 100000)] [SEED (default 6)]
# BIN_DIR must hold masscivic-point-bench (configure with -DMASSCIVIC_BENCH=ON).
# Prints key=value lines (for bench/run) and every disagreement with its distance to the
# nearest border of the polygons involved. Exits 1 if PostGIS cannot be set up.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$1"; DB="$2"; N="${3:-100000}"; SEED="${4:-6}"
HERE="$ROOT/bench/postgis"
WORK="$(mktemp -d /tmp/masscivic-postgis.XXXXXX)"
chmod 755 "$WORK"
# shellcheck source=bench/postgis/pg.sh
source "$HERE/pg.sh"
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
pg_start "$WORK"

python3 "$HERE/geo.py" points "$ROOT/datasets/ma/boundaries" "$N" "$SEED" >"$WORK/points.txt"
python3 "$HERE/geo.py" sql "$ROOT/datasets/ma/boundaries" >"$WORK/load.sql"
t0=$(date +%s%N)
psql_ -f "$WORK/load.sql" >/dev/null
load_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
psql_ >/dev/null <<SQL
CREATE TABLE pts (id text PRIMARY KEY, lat double precision, lon double precision);
\copy pts FROM '$WORK/points.txt' WITH (FORMAT text, DELIMITER ' ')
ALTER TABLE pts ADD COLUMN geom geometry(Point, 4326);
UPDATE pts SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326);
VACUUM ANALYZE pts;
SQL

# The timed query: the spatial join of every point with every layer (PostGIS's fastest
# form; one query per point would add a round trip each). Best of 2 runs (warm cache).
best=""
for run in 1 2; do
    out="$(psql_ <<'SQL'
DROP TABLE IF EXISTS ans;
\timing on
CREATE TABLE ans AS SELECT p.id, b.layer, b.id AS pid FROM pts p JOIN boundaries b ON ST_Contains(b.geom, p.geom);
SQL
)"
    ms="$(awk '/^Time:/ {print $2}' <<<"$out" | tail -1)"
    if [[ -z "$best" ]] || awk -v a="$ms" -v b="$best" 'BEGIN {exit !(a < b)}'; then best="$ms"; fi
done
psql_ -c "\\copy (SELECT id, layer, pid FROM ans) TO '$WORK/postgis.tsv'"

"$BIN/masscivic-point-bench" "$DB" "$WORK/points.txt" "$WORK/masscivic.txt" >"$WORK/masscivic.kv"
cat "$WORK/masscivic.kv"
echo "postgis_join_ms=$best postgis_load_ms=$load_ms postgis_ns_per_point=$(awk -v m="$best" -v n="$N" 'BEGIN {printf "%.0f", m * 1e6 / n}')"
python3 "$HERE/geo.py" compare "$WORK/points.txt" "$WORK/masscivic.txt" "$WORK/postgis.tsv" "$WORK/disagree.txt"

# Every disagreement with its distance to the nearest border of the polygons either engine named.
if [[ -s "$WORK/disagree.txt" ]]; then
    echo "disagreements and overlaps (point, layer, lat, lon, masscivic, postgis, metres to the nearest border of either):"
    psql_ -A -F ' ' -t <<SQL
CREATE TABLE dis (id text, layer text, lat double precision, lon double precision, ours text, theirs text);
\copy dis FROM '$WORK/disagree.txt' WITH (FORMAT text, DELIMITER ' ')
SELECT d.id, d.layer, d.lat, d.lon, d.ours, d.theirs,
       round(min(ST_Distance(ST_Boundary(b.geom)::geography,
                             ST_SetSRID(ST_MakePoint(d.lon, d.lat), 4326)::geography))::numeric, 2)
FROM dis d JOIN boundaries b
  ON b.layer = d.layer AND (b.id = d.ours OR b.id = ANY (string_to_array(d.theirs, '|')))
GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 7 DESC, 1;
SQL
fi
