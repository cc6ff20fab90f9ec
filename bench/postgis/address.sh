#!/usr/bin/env bash
# Street address -> House + Senate districts: masscivic (in process, the Lookup facade as
# /v1/lookup?address= answers) vs PostGIS on the same addresses (bench/address/sample.py).
#   bench/postgis/address.sh BIN_DIR DB ADDRESSES RAW_DIR
# PostGIS side (PostgreSQL 15 + PostGIS 3 + pg_trgm, throwaway cluster of bench/postgis/pg.sh):
# every raw parcel address point (bench/postgis/parcels.py) with a B-tree on (street, number)
# and a GiST index on the point, the distinct street names per town with a B-tree on
# (town, key) and a GIN trigram index (gin_trgm_ops), the district polygons with GiST. Per
# address, one SQL statement with LATERAL joins: parse "NUMBER STREET, Town", normalise the
# street (USPS suffix and directional spellings of geocode/data), find the street in the town
# (exact key, else best trigram similarity above pg_trgm's threshold), the point with that
# number (else the nearest number on the street), then ST_Contains against House and Senate.
# Only that statement is timed (best of 2, warm cache); loading is not.
# Prints key=value lines: masscivic-address-bench's (ns_per_address: the whole Lookup answer;
# geocode_ns_per_address: the geocoder and district set alone), postgis_ns_per_address, found
# (addresses PostGIS answered), identical (same House+Senate pair from both), only_masscivic,
# only_postgis, differ; then each address both answered differently.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$1"; DB="$2"; ADDR="$3"; RAW="$4"
HERE="$ROOT/bench/postgis"
WORK="$(mktemp -d /tmp/masscivic-pgaddr.XXXXXX)"
chmod 755 "$WORK"
# shellcheck source=bench/postgis/pg.sh
source "$HERE/pg.sh"
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN/masscivic-address-bench" "$DB" "$ADDR" "$WORK/masscivic.tsv" >"$WORK/masscivic.kv"
pg_start "$WORK"

python3 "$HERE/parcels.py" "$RAW" >"$WORK/parcels.tsv"
python3 "$HERE/geo.py" sql "$ROOT/datasets/ma/boundaries" >"$WORK/load.sql"
# Normalisation words: "spelling<TAB>standard" from geocode/data (suffixes, directionals).
for f in usps_suffixes usps_directionals; do
    grep -v '^#' "$ROOT/geocode/data/$f.csv" | tail -n +2 |
        awk -F, '{ for (i = 1; i <= NF; i++) print $i "\t" $1 }' | sort -u -k1,1 >"$WORK/$f.tsv"
done
awk -F'\t' '{ gsub(/\\/, "\\\\", $2); print NR - 1 "\t" $2 }' "$ADDR" >"$WORK/sample.tsv"
t0=$(date +%s%N)
psql_ -f "$WORK/load.sql" >/dev/null
psql_ >/dev/null <<SQL
CREATE EXTENSION pg_trgm;
CREATE TABLE suffix_word (word text PRIMARY KEY, std text NOT NULL);
\copy suffix_word FROM '$WORK/usps_suffixes.tsv'
CREATE TABLE dir_word (word text PRIMARY KEY, std text NOT NULL);
\copy dir_word FROM '$WORK/usps_directionals.tsv'
-- Upper case, runs of other characters -> one space, first word as a directional and last
-- word as a suffix in their standard abbreviation ("NORTH QUINCY STREET" -> "N QUINCY ST").
-- PL/pgSQL: its cached plans made it ~4x faster than the same thing as an SQL function.
CREATE FUNCTION street_key(s text) RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS \$\$
DECLARE a text[]; n int; d text; x text;
BEGIN
  a := regexp_split_to_array(btrim(regexp_replace(upper(s), '[^A-Z0-9]+', ' ', 'g')), ' ');
  n := cardinality(a);
  IF n < 2 THEN RETURN array_to_string(a, ' '); END IF;
  SELECT std INTO d FROM dir_word WHERE word = a[1];
  SELECT std INTO x FROM suffix_word WHERE word = a[n];
  RETURN array_to_string(ARRAY[coalesce(d, a[1])] || a[2:n - 1] || coalesce(x, a[n]), ' ');
END \$\$;
CREATE TABLE raw_parcels (town text, street text, num int, x double precision, y double precision);
\copy raw_parcels FROM '$WORK/parcels.tsv'
CREATE TABLE raw_streets AS SELECT town, street, street_key(street) AS key FROM (SELECT DISTINCT town, street FROM raw_parcels) d;
CREATE TABLE streets (street_id serial PRIMARY KEY, town text NOT NULL, key text NOT NULL, UNIQUE (town, key));
INSERT INTO streets (town, key) SELECT DISTINCT town, key FROM raw_streets WHERE key <> '';
CREATE INDEX streets_trgm ON streets USING gin (key gin_trgm_ops);
CREATE TABLE parcels AS
  SELECT s.street_id, p.num, ST_Transform(ST_SetSRID(ST_MakePoint(p.x, p.y), 26986), 4326)::geometry(Point, 4326) AS geom
  FROM raw_parcels p JOIN raw_streets r USING (town, street) JOIN streets s ON s.town = r.town AND s.key = r.key;
CREATE INDEX parcels_street_num ON parcels (street_id, num);
CREATE INDEX parcels_gist ON parcels USING gist (geom);
DROP TABLE raw_parcels, raw_streets;
CREATE TABLE sample (id int PRIMARY KEY, text text NOT NULL);
\copy sample FROM '$WORK/sample.tsv'
VACUUM ANALYZE;
SQL
load_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

# The timed statement: every sample address in one query (PostGIS's fastest form; one query
# per address would add a round trip each).
best=""
for run in 1 2; do
    out="$(psql_ <<'SQL'
DROP TABLE IF EXISTS ans;
\timing on
CREATE TABLE ans AS
SELECT q.id, h.id AS house, se.id AS senate
FROM sample q
CROSS JOIN LATERAL (SELECT regexp_match(q.text, '^\s*(\d+)\s+(.+?)\s*,\s*(.+?)\s*$') AS m) r
CROSS JOIN LATERAL (SELECT r.m[1]::int AS num, street_key(r.m[2]) AS key, lower(r.m[3]) AS town) p
LEFT JOIN LATERAL (
    (SELECT s.street_id FROM streets s WHERE s.town = p.town AND s.key = p.key)
    UNION ALL
    (SELECT s.street_id FROM streets s WHERE s.town = p.town AND s.key % p.key
     ORDER BY similarity(s.key, p.key) DESC, s.key LIMIT 1)
    LIMIT 1) st ON true
LEFT JOIN LATERAL (
    SELECT c.geom FROM (
        (SELECT pa.num, pa.geom FROM parcels pa WHERE pa.street_id = st.street_id AND pa.num >= p.num ORDER BY pa.num LIMIT 1)
        UNION ALL
        (SELECT pa.num, pa.geom FROM parcels pa WHERE pa.street_id = st.street_id AND pa.num < p.num ORDER BY pa.num DESC LIMIT 1)
    ) c ORDER BY abs(c.num - p.num) LIMIT 1) pt ON true
LEFT JOIN LATERAL (SELECT b.id FROM boundaries b WHERE b.layer = 'house' AND ST_Contains(b.geom, pt.geom) LIMIT 1) h ON true
LEFT JOIN LATERAL (SELECT b.id FROM boundaries b WHERE b.layer = 'senate' AND ST_Contains(b.geom, pt.geom) LIMIT 1) se ON true;
SQL
)"
    ms="$(awk '/^Time:/ {print $2}' <<<"$out" | tail -1)"
    if [[ -z "$best" ]] || awk -v a="$ms" -v b="$best" 'BEGIN {exit !(a < b)}'; then best="$ms"; fi
done
psql_ -c "\\copy (SELECT id, coalesce(house, '-'), coalesce(senate, '-') FROM ans ORDER BY id) TO '$WORK/postgis.tsv'"
n=$(wc -l <"$ADDR")

cat "$WORK/masscivic.kv"
echo "postgis_query_ms=$best postgis_load_ms=$load_ms postgis_ns_per_address=$(awk -v m="$best" -v n="$n" 'BEGIN {printf "%.0f", m * 1e6 / n}')"
# Per address: both answered with the same pair / only one answered / both, different pairs.
LC_ALL=C join -t $'\t' <(LC_ALL=C sort -k1,1 "$WORK/masscivic.tsv") <(LC_ALL=C sort -k1,1 "$WORK/postgis.tsv") | awk -F'\t' '
    { ours = ($2 != "-" && $3 != "-"); theirs = ($4 != "-" && $5 != "-")
      if (theirs) found++
      if (ours && theirs) { if ($2 == $4 && $3 == $5) same++; else { differ++; print > "/dev/stderr" } }
      else if (ours) only_ours++; else if (theirs) only_theirs++ }
    END { printf "addresses=%d found=%d identical=%d only_masscivic=%d only_postgis=%d differ=%d\n",
                 NR, found, same, only_ours, only_theirs, differ }' 2>"$WORK/differ.tsv"
# Each address answered differently by both, with its text and the parcel's own point.
if [[ -s "$WORK/differ.tsv" ]]; then
    echo "address differences (line, lon lat, address, masscivic House Senate, PostGIS House Senate):"
    awk -F'\t' 'NR == FNR { d[$1] = $2 " " $3 " | " $4 " " $5; next }
                 (FNR - 1) in d { print FNR - 1 "  " $1 "  " $2 "  " d[FNR - 1] }' "$WORK/differ.tsv" "$ADDR" |
        sed 's#ocd-division/country:us/state:ma/##g'
fi
