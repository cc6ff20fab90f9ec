#!/usr/bin/env bash
# ctest entry for the headless Chromium test: installs playwright-core from the lock file
# when node_modules is missing, then runs chat.test.mjs.
# Usage: run.sh BOT_BINARY [SERVER_BINARY IMPORT_BINARY]   (with them: the real lookup server)
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "browser test: node is not installed (scripts/install-deps.sh)"; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "browser test: chromium is not installed (scripts/install-deps.sh)"; exit 1; }
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
extra=()
if [ -n "${2:-}" ] && [ -x "$2" ] && [ -x "${3:-}" ]; then
  extra=(--server-bin "$2" --import-bin "$3" --snapshot ../../datasets/ma --toolkits ../../datasets/toolkits.json)
fi
exec node chat.test.mjs --bot "$1" "${extra[@]}"
