#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 5).
# A long run: scripts/fuzz.sh 3600. Crashing inputs land in fuzz/crashes/<target>/;
# keep them in fuzz/corpus/<target>/ once fixed so every later run replays them.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
CC=clang CXX=clang++ cmake -S . -B build-fuzz "${generator[@]}" -DMASSCIVIC_FUZZ=ON \
  -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if ! cmake --build build-fuzz -j "$(nproc)" --target fuzzers >build-fuzz/build.log 2>&1; then
  grep -E -A5 'error|Error' build-fuzz/build.log | head -40; exit 1
fi
status=0
for bin in build-fuzz/bin/fuzz_*; do
  name=$(basename "$bin"); target=${name#fuzz_}
  mkdir -p "fuzz/crashes/$target"
  work=$(mktemp -d)
  cp -r "fuzz/corpus/$target/." "$work/" 2>/dev/null || true
  if "$bin" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
       -artifact_prefix="fuzz/crashes/$target/" -print_final_stats=1 >"$work.log" 2>&1; then
    echo "fuzz $target: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work.log" | grep -o '[0-9]*$') runs in ${seconds}s)"
  else
    echo "fuzz $target: FAILED"; tail -40 "$work.log"; status=1
  fi
  rm -rf "$work" "$work.log"
done
exit $status
