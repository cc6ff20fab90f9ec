#!/usr/bin/env bash
# Data refresh test: `masscivic-import fetch` against a local HTTP server (python3 http.server
# on loopback) serving copies of the raw sources of a small manifest (Open States people,
# congress-legislators), laid out as --mirror expects. Three runs (that an unchanged copy
# gives "no change" is checked in tests/import/fetch_test.cpp):
#   changed copy    -> one legislator's phone edited: the diff names them; --apply replaces the
#                      database and snapshot, repoints raw/current and a running server reloads
#                      (its ETag changes);
#   broken copy     -> a file replaced by an HTML error page: exit 3, nothing changed;
#   suspicious diff -> a legislator's id changed (one gone) with --max-loss 0.01: exit 4,
#                      nothing changed.
# "Nothing changed" = same database bytes, same snapshot, raw/current unchanged, no new raw tree.
#   tests/deploy/fetch.sh BIN_DIR
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"
RAW="$ROOT/../shared/datasets/raw"
source "$ROOT/tests/load/lib.sh"
[[ -d "$RAW" ]] || { echo "SKIP: no raw sources at $RAW"; exit 77; }

SOURCES=(openstates-people-ma congress-legislators)
printf '# test manifest\n' >"$WORK/fetch.tsv"
for s in "${SOURCES[@]}"; do printf '%s\thttps://upstream.invalid/%s\n' "$s" "$s" >>"$WORK/fetch.tsv"; done
mkdir -p "$WORK/raw" "$WORK/mirror"
ln -s "$RAW" "$WORK/raw/current"          # the raw tree in use (read only: fetch never writes it)
for s in "${SOURCES[@]}"; do cp -r "$RAW/$s" "$WORK/mirror/$s"; done
cp -r "$ROOT/datasets/ma" "$WORK/snapshot"
import_db "$WORK/snapshot" "$WORK/live.db"
start_server "$WORK/live.db"

MIRROR_PORT="$(free_port)"
python3 -m http.server "$MIRROR_PORT" --bind 127.0.0.1 --directory "$WORK/mirror" >"$WORK/mirror.log" 2>&1 &
BG_PIDS+=("$!")
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$MIRROR_PORT/" && break; sleep 0.05; done

FAILED=0
fetch() {  # fetch [extra flags] -> sets RC, OUT
    set +e
    OUT="$("$BIN/masscivic-import" fetch --manifest "$WORK/fetch.tsv" --raw-root "$WORK/raw" \
        --snapshot "$WORK/snapshot" --db "$WORK/live.db" --mirror "http://127.0.0.1:$MIRROR_PORT" "$@" 2>&1)"
    RC=$?
    set -e
    sed 's/^/    | /' <<<"$OUT"
}
state() { echo "$(sha256sum "$WORK/live.db" | cut -c1-16) $(cat "$WORK"/snapshot/*.csv | sha256sum | cut -c1-16) $(readlink "$WORK/raw/current") $(ls "$WORK/raw" | wc -l)"; }
expect() {  # expect NAME CONDITION...
    local name=$1; shift
    if "$@"; then echo "ok   $name"; else echo "FAIL $name"; FAILED=1; fi
}
etag() { curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/v1/lookup?town=Boston" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}'; }

echo "== broken copy: an HTML error page instead of a YAML file"
# sed reads to the end: `sort | head -1` under pipefail fails when head exits between sort's writes (SIGPIPE).
victim="$(cd "$WORK/mirror" && find openstates-people-ma/legislature -name '*.yml' | sort | sed -n 1p)"
cp "$WORK/mirror/$victim" "$WORK/victim.yml"
printf '<!DOCTYPE html><html><body>Rate limit exceeded. Please try again later, or sign in for a higher limit.</body></html>\n%.0s' {1..8} >"$WORK/mirror/$victim"
before="$(state)"
fetch --apply --notify "http://127.0.0.1:$PORT/admin/reload"
expect "exit 3, the file named" test "$RC" -eq 3 -a -n "$(grep -F "$victim: an HTML page" <<<"$OUT")"
expect "nothing changed" test "$(state)" == "$before"
cp "$WORK/victim.yml" "$WORK/mirror/$victim"

echo "== suspicious difference: a legislator's id changes (one gone), --max-loss 0.01%"
sed -i 's/^id: ocd-person\/\(.\)/id: ocd-person\/f\1/' "$WORK/mirror/$victim"
fetch --apply --max-loss 0.01
expect "exit 4, 'suspicious'" test "$RC" -eq 4 -a -n "$(grep 'suspicious difference' <<<"$OUT")"
expect "nothing changed" test "$(state)" == "$before"
cp "$WORK/victim.yml" "$WORK/mirror/$victim"

echo "== changed copy: one legislator's phone number, --apply"
name="$(awk -F': ' '$1 == "name" {print $2; exit}' "$WORK/victim.yml")"
python3 - "$WORK/mirror/$victim" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s, n = re.subn(r"(voice: )\S+", r"\g<1>617-555-0199", s, count=1)
assert n == 1, "no phone number to change"
open(p, "w", encoding="utf-8").write(s)
PY
old_etag="$(etag)"
mkdir -p "$WORK/raw/raw-19990101T000000Z"  # an old tree, to be pruned by --apply
fetch --apply --notify "http://127.0.0.1:$PORT/admin/reload"
expect "exit 0" test "$RC" -eq 0
expect "the diff names the legislator: '1 legislator changed: $name (phone...)'" \
    test -n "$(grep -F "1 legislator changed: $name (" <<<"$OUT" | grep phone)"
expect "raw/current points to the new raw tree" test "$(readlink "$WORK/raw/current")" != "$RAW"
expect "older raw trees pruned" test ! -e "$WORK/raw/raw-19990101T000000Z"
expect "the snapshot has the new phone number" grep -q 617-555-0199 "$WORK/snapshot/officials.csv"
expect "the server reloaded (new ETag)" test "$(etag)" != "$old_etag"
expect "the new database has the new phone number" \
    test "$(sqlite3 "$WORK/live.db" "SELECT count(*) FROM officials WHERE phone = '617-555-0199'")" -eq 1

if (( FAILED )); then echo "FAIL fetch"; exit 1; fi
echo "PASS fetch"
