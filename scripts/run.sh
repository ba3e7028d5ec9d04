#!/usr/bin/env bash
# Installs what is missing, builds, and starts seatd on 127.0.0.1:7400 (HTTP
# side on 127.0.0.1:7480) with the data directory ./seatd-data and the demo
# event (id 1, a 200-seat theatre), in front of the payment-provider simulator
# seat-psp on 127.0.0.1:7490, so Checkout takes (simulated) payments. The
# simulator's secret key is made once in DATA_DIR/psp-key; its ledger is
# written to DATA_DIR/psp-ledger.json when it stops. Ctrl-C stops both.
#   SEATD_PSP=off scripts/run.sh    seatd alone (Checkout then says unsupported), or
#                                   with a provider of your own: ... --psp-url URL --psp-secret-file F
# Extra arguments go to seatd (see `build/server/seatd --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir=${SEATD_DATA_DIR:-seatd-data}
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target seatd seatctl seat-psp

if [ "${SEATD_PSP:-on}" = "off" ]; then
  exec build/server/seatd --data-dir "$data_dir" "$@"
fi

mkdir -p "$data_dir"
key_file=$data_dir/psp-key
if [ ! -s "$key_file" ]; then
  (umask 077 && echo "sk_test_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" > "$key_file")
fi
build/tools/seat-psp --secret-key-file "$key_file" --listen 127.0.0.1:7490 \
  --ledger-on-exit "$data_dir/psp-ledger.json" &
psp_pid=$!
# Stop only the simulator this script started.
trap 'kill "$psp_pid" 2>/dev/null; wait "$psp_pid" 2>/dev/null || true' EXIT
build/server/seatd --data-dir "$data_dir" --psp-url http://127.0.0.1:7490 \
  --psp-secret-file "$key_file" "$@"
