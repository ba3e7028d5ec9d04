#!/usr/bin/env bash
# Side by side: the same seatbench scenarios against seatd and against Redis 7
# running the reference article's design, on this machine, in one run. Starts
# every server itself on loopback (seatd with a temporary data dir; Redis with
# appendonly + appendfsync always, everysec, and with persistence off), stops
# each by its PID, and prints one table with ratios. Bounded: each run stops
# after DURATION_S seconds (default 8), the whole script takes under 5 minutes.
#
#   bench/compare.sh [BUILD_DIR]        (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
duration=${DURATION_S:-8}
connections=${CONNECTIONS:-50}
seatbench="$build/bench/seatbench"
seatd="$build/server/seatd"
for bin in "$seatbench" "$seatd" /usr/bin/redis-server; do
  [ -x "$bin" ] || { echo "compare: $bin not found (build first: scripts/test.sh; setup installs redis-server)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/seatd-compare.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }

start_seatd() {
  "$seatd" --listen 127.0.0.1:0 --port-file "$work/seatd.port" --data-dir "$work/seatd" --no-demo \
    >"$work/seatd.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$work/seatd.port" ] && break; sleep 0.1; done
  seatd_port=$(cat "$work/seatd.port")
}

# start_redis NAME EXTRA_ARGS...: sets redis_port
start_redis() {
  local name=$1; shift
  redis_port=$(free_port)
  mkdir -p "$work/$name"
  /usr/bin/redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/$name" --save "" \
    --loglevel warning "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
    sleep 0.1
  done
}

# run TARGET SCENARIO PIPELINE -> "throughput p99_us audit"
run() {
  local out
  out=$("$seatbench" -t "$1" -s "$2" -c "$connections" -P "$3" -d "$duration" -n 2000000 -q --json) || true
  local tput p99 audit
  tput=$(grep -o '"throughput_per_s":[0-9.eE+-]*' <<<"$out" | head -1 | cut -d: -f2)
  p99=$(grep -o '"latency":{[^}]*}' <<<"$out" | tail -1 | grep -o '"p99_us":[0-9]*' | cut -d: -f2)
  audit=$(grep -q '"audit":{"passed":true' <<<"$out" && echo pass || echo FAIL)
  printf '%.0f %s %s\n' "${tput:-0}" "${p99:-0}" "$audit"
}

start_seatd
start_redis always --appendonly yes --appendfsync always
redis_always=$redis_port
start_redis everysec --appendonly yes --appendfsync everysec
redis_everysec=$redis_port
start_redis off --appendonly no
redis_off=$redis_port

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "each run: -c $connections, -d ${duration}s; throughput in requests/s, p99 in microseconds"
printf '\n%-22s %-24s %-24s %-24s %-24s %s\n' "scenario" "seatd (sync each round)" \
  "redis appendfsync always" "redis everysec" "redis no persistence" "seatd / always, / off"
for spec in "holds 16" "holds 1" "contended 16" "section-read 1" "section-read 16"; do
  read -r scenario pipeline <<<"$spec"
  read -r s_t s_p s_a <<<"$(run "seatd://127.0.0.1:$seatd_port" "$scenario" "$pipeline")"
  read -r a_t a_p a_a <<<"$(run "redis://127.0.0.1:$redis_always" "$scenario" "$pipeline")"
  read -r e_t e_p e_a <<<"$(run "redis://127.0.0.1:$redis_everysec" "$scenario" "$pipeline")"
  read -r o_t o_p o_a <<<"$(run "redis://127.0.0.1:$redis_off" "$scenario" "$pipeline")"
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
  printf '%-22s %-24s %-24s %-24s %-24s %s\n' "$scenario -P $pipeline" \
    "$s_t p99 $s_p $s_a" "$a_t p99 $a_p $a_a" "$e_t p99 $e_p $e_a" "$o_t p99 $o_p $o_a" \
    "$(ratio "$s_t" "$a_t"), $(ratio "$s_t" "$o_t")"
done
