#!/usr/bin/env bash
# Before/after: the same seatbench run against two seatd binaries, alternating
# A, B, A, B ... so that drift of the machine hits both alike. Reports each
# run's throughput, p99 and the server's CPU time per request (utime + stime
# of the seatd process from /proc/PID/stat around the run). Starts each seatd
# itself on loopback with a temporary data dir and stops it by its PID.
#
#   bench/ab.sh SEATD_A SEATD_B [ROUNDS] [-- SEATBENCH_ARGS...]
#   e.g. bench/ab.sh old/seatd build/server/seatd 3 -- -s holds -c 50 -P 16 -d 6
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 rounds=${3:-3}
shift 3 || shift $#
[ "${1:-}" = "--" ] && shift
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-s holds -c 50 -P 16 -d 6)
seatbench=${SEATBENCH:-build/bench/seatbench}
ticks=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/seatd-ab.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

one() {  # one BINARY LABEL
  rm -rf "$work/data" "$work/port"
  "$1" --listen 127.0.0.1:0 --port-file "$work/port" --data-dir "$work/data" --no-demo \
    >"$work/seatd.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
  local port; port=$(cat "$work/port")
  # seatbench creates its event first; count CPU from the run's start.
  local before; before=$(cpu_ticks "$pid")
  local out; out=$("$seatbench" -t "seatd://127.0.0.1:$port" "${args[@]}" -q --json)
  local after; after=$(cpu_ticks "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  local n tput p99
  n=$(grep -o '"requests":[0-9]*' <<<"$out" | head -1 | cut -d: -f2)
  tput=$(grep -o '"throughput_per_s":[0-9.eE+-]*' <<<"$out" | head -1 | cut -d: -f2)
  p99=$(grep -o '"latency":{[^}]*}' <<<"$out" | tail -1 | grep -o '"p99_us":[0-9]*' | cut -d: -f2)
  awk -v l="$2" -v n="${n:-0}" -v t="${tput:-0}" -v p="${p99:-0}" -v c="$((after - before))" -v hz="$ticks" \
    'BEGIN { printf "%-2s %10.0f req/s  p99 %6d us  server CPU %6.2f us/request\n", l, t, p, (n > 0 ? c / hz * 1e6 / n : 0) }'
}

echo "A = $a"; echo "B = $b"; echo "seatbench ${args[*]}"
for _ in $(seq "$rounds"); do
  one "$a" A
  one "$b" B
done
