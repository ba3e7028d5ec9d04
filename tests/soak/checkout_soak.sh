#!/usr/bin/env bash
# Checkout soak: runs the checkout crash test (tests/server/checkout_saga_test.cc,
# KillsDuringCheckoutsLeaveTheLedgerAndTheTicketsAgreeing) for many more kill -9
# cycles than CI does. Each cycle three buyers check out through seat-psp (slow,
# losing one answer in ten) and seatd is killed mid-payment; at the end the
# simulator's ledger must match seatd's tickets exactly. About 0.35 s a cycle.
#
# usage: tests/soak/checkout_soak.sh [CYCLES] [BUILD_DIR]
#   CYCLES     kill -9 cycles (default 1000)
#   BUILD_DIR  where server_tests was built (default build)
# Exit status: 0 when the audit passed, the test's status otherwise.
set -euo pipefail

cycles="${1:-1000}"
build_dir="${2:-build}"
binary="${build_dir}/tests/server_tests"

if [[ ! -x "${binary}" ]]; then
  echo "checkout_soak: ${binary} not found; build it with: cmake --build ${build_dir} --target server_tests" >&2
  exit 2
fi
if ! [[ "${cycles}" =~ ^[0-9]+$ ]] || (( cycles == 0 )); then
  echo "checkout_soak: CYCLES must be a positive number, not '${cycles}'" >&2
  exit 2
fi

echo "checkout_soak: ${cycles} kill -9 cycles"
SEAT_CHECKOUT_KILL_CYCLES="${cycles}" "${binary}" \
  --gtest_filter='CheckoutSaga.KillsDuringCheckoutsLeaveTheLedgerAndTheTicketsAgreeing' --gtest_brief=0
