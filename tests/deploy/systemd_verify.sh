#!/usr/bin/env bash
# Deployment test: the systemd units of deploy/systemd/ pass `systemd-analyze verify` (unit
# syntax, known directives, executables present: the installed /usr/local/bin paths are
# pointed at BIN_DIR here) and every unit carries the whole sandbox of
# masscivic-hardening.conf plus DynamicUser=yes. Prints the exposure score of
# `systemd-analyze security --offline` for each service. Exits 77 (ctest: skipped) with a
# message when systemd-analyze is missing or cannot run in this container.
#   tests/deploy/systemd_verify.sh BIN_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$(cd "$1" && pwd)"
UNITS="$ROOT/deploy/systemd"
WORK="$(mktemp -d /tmp/masscivic-systemd.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

if ! command -v systemd-analyze >/dev/null; then
    echo "SKIP: systemd-analyze is not installed (Debian package systemd)"; exit 77
fi
printf '[Service]\nExecStart=/bin/true\n' >"$WORK/probe.service"
if ! probe="$(systemd-analyze verify "$WORK/probe.service" 2>&1)"; then
    echo "SKIP: systemd-analyze verify cannot run here: $probe"; exit 77
fi

for f in "$UNITS"/*.service "$UNITS"/*.timer; do
    sed -e "s#/usr/local/bin/#$BIN/#g" "$f" >"$WORK/$(basename "$f")"
done
failed=0
for unit in masscivic-server@8101.service masscivic-bot@8201.service masscivic-refresh.service masscivic-refresh.timer; do
    # Only complaints about our own units count (not about the host's other units).
    out="$(cd "$WORK" && systemd-analyze verify "$WORK/$unit" 2>&1 | grep -i 'masscivic' || true)"
    if [[ -n "$out" ]]; then echo "FAIL verify $unit:"; echo "$out"; failed=1; else echo "ok   verify $unit"; fi
done
for f in "$UNITS"/*.service; do
    missing="$(grep -v '^#' "$UNITS/masscivic-hardening.conf" | grep -vxFf "$f" || true)"
    grep -qx 'DynamicUser=yes' "$f" || missing+=$'\nDynamicUser=yes'
    if [[ -n "${missing//[$'\n']/}" ]]; then
        echo "FAIL $(basename "$f") lacks:"; echo "$missing"; failed=1
    else
        score="$(systemd-analyze security --offline=yes "$WORK/$(basename "$f" | sed 's/@\./@1./')" 2>/dev/null |
                 grep -o 'exposure level.*' | grep -oE '[0-9]+\.[0-9]+ [A-Z]+' || true)"
        echo "ok   $(basename "$f") carries the whole sandbox (systemd-analyze security: ${score:-n/a})"
    fi
done
grep -q 'LoadCredential=' "$UNITS/masscivic-bot@.service" || { echo "FAIL bot secrets are not LoadCredential="; failed=1; }
grep -q '^ReadOnlyPaths=/var/lib/masscivic/db' "$UNITS/masscivic-server@.service" ||
    { echo "FAIL the server's database path is not read-only"; failed=1; }
if (( failed )); then echo "FAIL systemd units"; exit 1; fi
echo "PASS systemd units"
