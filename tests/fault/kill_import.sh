#!/usr/bin/env bash
# Fault test: SIGKILL masscivic-import at random moments while it rebuilds the database.
# After every kill the previous database must still open, pass integrity_check and hold
# the same data. Usage: kill_import.sh BIN_DIR SNAPSHOT_DIR [ROUNDS]   (default 100)
set -euo pipefail
bin=$1; snapshot=$2; rounds=${3:-100}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
db=$work/masscivic.db

"$bin/masscivic-import" --quiet --snapshot "$snapshot" --db "$db" 2>/dev/null
fingerprint() {
  sqlite3 -readonly "$1" "PRAGMA integrity_check; SELECT value FROM meta WHERE key='snapshot_as_of';
    SELECT count(*) FROM municipalities; SELECT count(*) FROM precincts; SELECT count(*) FROM officials;
    SELECT count(*) FROM boundaries;" | tr '\n' ' '
}
expected=$(fingerprint "$db")
case "$expected" in ok*) ;; *) echo "baseline database not ok: $expected"; exit 1;; esac

# How long one full build takes, to spread kill moments over its whole run.
start=$(date +%s%N)
"$bin/masscivic-import" --quiet --snapshot "$snapshot" --db "$work/timing.db" 2>/dev/null
build_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -f "$work/timing.db"

killed=0; finished=0
for ((i = 1; i <= rounds; i++)); do
  "$bin/masscivic-import" --quiet --snapshot "$snapshot" --db "$db" 2>/dev/null &
  pid=$!
  delay_ms=$(( RANDOM % (build_ms + 50) ))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
  wait "$pid" 2>/dev/null || true
  got=$(fingerprint "$db")
  if [ "$got" != "$expected" ]; then
    echo "round $i: database damaged after kill at ${delay_ms} ms: $got (expected $expected)"; exit 1
  fi
done
leftover=$(find "$work" -name 'masscivic.db.building.*' | wc -l)
"$bin/masscivic-import" --quiet --snapshot "$snapshot" --db "$db" 2>/dev/null
after=$(find "$work" -name 'masscivic.db.building.*' | wc -l)
echo "kill_import: $rounds rounds (build ${build_ms} ms): killed mid-build $killed, finished first $finished;" \
     "database intact every time; $leftover temporary files left by kills, $after after the next build"
[ "$after" -eq 0 ]
