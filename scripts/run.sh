#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on the default data
# directory ./seatd-data. Until the network server lands this is the engine demo:
# create the demo event, hold and buy seats, restart from the log, same counts.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target seatdemo
exec build/tools/seatdemo "${SEATD_DATA_DIR:-seatd-data}"
