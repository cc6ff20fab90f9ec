#!/usr/bin/env bash
# Installs every Debian package masscivic needs to build, test and run.
# Used by the README's commands and by .ci/run (one list, one place).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates \
  libsqlite3-dev sqlite3 libcsv-dev rapidjson-dev libcpp-httplib-dev libyaml-cpp-dev \
  libboost-dev libboost-system-dev libssl-dev libcld2-dev libgtest-dev libgmock-dev libshp-dev \
  curl chromium nodejs clang libclang-rt-14-dev \
  nginx wrk openssl redis-server libhiredis-dev \
  python3-googleapi python3-jsonschema zlib1g-dev >/dev/null
# npm for the browser test's playwright-core (nodesource's nodejs already bundles it).
command -v npm >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
