#!/usr/bin/env bash
# ctest entry for the OpenAPI checks: installs @redocly/cli and ajv from the lock file
# when node_modules is missing (npm registry), then runs check.mjs.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "openapi test: node is not installed (scripts/install-deps.sh)"; exit 1; }
if [ ! -x node_modules/.bin/redocly ] || [ ! -d node_modules/ajv-formats ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# No update checks or telemetry from the linter.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec node check.mjs
