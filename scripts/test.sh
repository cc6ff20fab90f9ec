#!/usr/bin/env bash
# Builds (warnings as errors) and runs the whole test suite through ctest.
# Usage: scripts/test.sh [--sanitize]   (ASan+UBSan build in build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
ctest_args=()
flags=(-DMASSCIVIC_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${1:-}" = "--sanitize" ]; then
  build=build-asan
  flags=(-DMASSCIVIC_WERROR=ON -DMASSCIVIC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # The deploy tests measure latency and failover through nginx against wall-clock targets;
  # under ASan's 3-5x slowdown on a 2-core machine they fail on timing, not on memory errors.
  # They run in the plain suite; the ASan run covers the same server code through every other test.
  # The held-out/Cambridge address accuracy tests rebuild runs from 2 M parcel points: over
  # 300 s in a Debug+ASan build. They run in the plain suite.
  # fault.reload_under_load asks for a data switch while wrk saturates both cores: a Debug+ASan
  # reload of the 42 MB database then takes 30-80 s, past any load window. The ASan run still
  # reloads (SIGHUP in tests/server/binary_test.cpp); the timing test runs in the plain suite.
  # RoundTrip re-imports every raw source (the same 2 M points): past 300 s under Debug+ASan in a
  # fresh-clone run; the importer code runs under ASan in the 58 fixture-based import tests.
  # The fault label (kill -9 of the importer 100 times, saturation, reload under load) tests
  # crash-atomicity and timing, not memory: under ASan kill_import passed 600 s in a fresh-clone run.
  ctest_args=(-LE "deploy|fault" -E "^AddressAccuracy[.]|^RoundTrip[.]")
fi
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" "${flags[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
cd "$build" && ctest --output-on-failure -j "$(nproc)" --timeout 300 "${ctest_args[@]}"
