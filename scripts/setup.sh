#!/usr/bin/env bash
# Installs exactly the Debian 12 packages seatd needs to build, test, fuzz and benchmark.
# Idempotent: when everything is present it returns at once without touching apt.
# Never install libboost-dev / libboost-all-dev: they are Boost 1.74 and conflict with 1.81.
set -euo pipefail

packages=(
  build-essential cmake python3
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libflatbuffers-dev flatbuffers-compiler
  librocksdb-dev
  libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  pkg-config libhiredis-dev redis-server
  libqrencode-dev libpng-dev zbar-tools
  curl zlib1g-dev chromium
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
