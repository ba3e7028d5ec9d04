#!/usr/bin/env bash
# Installs what is missing, builds, and starts seatd on 127.0.0.1:7400 with the
# data directory ./seatd-data and the demo event (id 1, a 200-seat theatre).
# Extra arguments go to seatd (see `build/server/seatd --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target seatd seatctl
exec build/server/seatd --data-dir "${SEATD_DATA_DIR:-seatd-data}" "$@"
