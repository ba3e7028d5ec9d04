#!/usr/bin/env bash
# Crash soak: runs the kill -9 crash test (tests/e2e/crash_test.cc) for many more
# cycles than CI does. Each cycle buys seats under load, kills seatd with SIGKILL,
# restarts it on the same data dir and checks every acknowledged purchase.
#
# usage: tests/soak/crash_soak.sh [CYCLES] [BUILD_DIR]
#   CYCLES     kill -9 cycles per run (default 500)
#   BUILD_DIR  where e2e_tests was built (default build)
# Exit status: 0 when every cycle passed, the test's status otherwise.
set -euo pipefail

cycles="${1:-500}"
build_dir="${2:-build}"
binary="${build_dir}/tests/e2e_tests"

if [[ ! -x "${binary}" ]]; then
  echo "crash_soak: ${binary} not found; build it with: cmake --build ${build_dir} --target e2e_tests" >&2
  exit 2
fi
if ! [[ "${cycles}" =~ ^[0-9]+$ ]] || (( cycles == 0 )); then
  echo "crash_soak: CYCLES must be a positive number, not '${cycles}'" >&2
  exit 2
fi

echo "crash_soak: ${cycles} kill -9 cycles"
SEAT_CRASH_CYCLES="${cycles}" "${binary}" --gtest_filter='CrashTest.*' --gtest_brief=0
