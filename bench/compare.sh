#!/usr/bin/env bash
# Side by side: the same seatbench scenarios against seatd and against Redis 7
# running the reference article's design, on this machine, in one run. Starts
# every server itself on loopback (seatd with a temporary data dir; Redis with
# appendonly + appendfsync always, everysec, and with persistence off), stops
# each by its PID, and prints one block per scenario: per server, throughput,
# p99, the audit, the server's and seatbench's CPU per request (seatbench reads
# the server's from /proc, --server-pid) and, for the flash sale, the time to
# sell out; then the ratios seatd / Redis always. Bounded: each run stops after
# DURATION_S seconds (default 8), a flash sale after FLASH_DURATION_S (30); the
# whole script takes about 5 minutes.
#
#   bench/compare.sh [BUILD_DIR]        (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
duration=${DURATION_S:-8}
flash_duration=${FLASH_DURATION_S:-30}
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
  "$seatd" --listen 127.0.0.1:0 --port-file "$work/seatd.port" --data-dir "$work/seatd" --no-demo --http-listen off \
    >"$work/seatd.log" 2>&1 &
  seatd_pid=$!
  pids+=("$seatd_pid")
  for _ in $(seq 100); do [ -s "$work/seatd.port" ] && break; sleep 0.1; done
  seatd_port=$(cat "$work/seatd.port")
}

# start_redis NAME EXTRA_ARGS...: sets redis_port and redis_pid
start_redis() {
  local name=$1; shift
  redis_port=$(free_port)
  mkdir -p "$work/$name"
  /usr/bin/redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/$name" --save "" \
    --loglevel warning "$@" >"$work/$name.log" 2>&1 &
  redis_pid=$!
  pids+=("$redis_pid")
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
    sleep 0.1
  done
}

# run URL PID SCENARIO PIPELINE DURATION -> "throughput p99_us audit server_us seatbench_us sold_out_s"
run() {
  local out
  out=$("$seatbench" -t "$1" --server-pid "$2" -s "$3" -c "$connections" -P "$4" -d "$5" \
    -n 20000000 -q --json) || true
  python3 -c '
import json, sys
try:
    j = json.loads(sys.argv[1])
except ValueError:
    print("0 0 FAIL - - -"); sys.exit()
f = lambda v, fmt: "-" if v is None else fmt % v
print("%.0f %d %s %s %s %s" % (j["throughput_per_s"], j["latency"]["p99_us"],
      "pass" if j["audit"]["passed"] else "FAIL",
      f(j.get("server_cpu_us_per_request"), "%.2f"), f(j.get("cpu_us_per_request"), "%.2f"),
      f(j.get("sold_out_s"), "%.1f")))' "$out"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2fx", a / b; else print "-" }'; }

start_seatd
start_redis always --appendonly yes --appendfsync always
redis_always=$redis_port; redis_always_pid=$redis_pid
start_redis everysec --appendonly yes --appendfsync everysec
redis_everysec=$redis_port; redis_everysec_pid=$redis_pid
start_redis off --appendonly no
redis_off=$redis_port; redis_off_pid=$redis_pid

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "each run: -c $connections, -d ${duration}s (flash-sale: until sold out, at most ${flash_duration}s); stadium"
echo "req/s = requests/s; p99 in µs; server and seatbench: CPU µs per request (user + system)"
for spec in "holds 16" "holds 1" "contended 16" "section-read 1" "section-read 16" \
  "flash-sale 1" "flash-sale 16"; do
  read -r scenario pipeline <<<"$spec"
  d=$duration
  [ "$scenario" = flash-sale ] && d=$flash_duration
  printf '\n%-18s %-16s %9s %8s %6s %10s %10s %10s\n' "$scenario -P $pipeline" "" "req/s" "p99" \
    "audit" "server" "seatbench" "sold out"
  declare -A t=() c=() so=()
  for target in "seatd seatd://127.0.0.1:$seatd_port $seatd_pid" \
    "always redis://127.0.0.1:$redis_always $redis_always_pid" \
    "everysec redis://127.0.0.1:$redis_everysec $redis_everysec_pid" \
    "off redis://127.0.0.1:$redis_off $redis_off_pid"; do
    read -r name url pid <<<"$target"
    read -r tput p99 audit server_us bench_us sold_out <<<"$(run "$url" "$pid" "$scenario" "$pipeline" "$d")"
    t[$name]=$tput; c[$name]=$server_us; so[$name]=$sold_out
    label=$name
    [ "$name" != seatd ] && label="redis $name"
    printf '%-18s %-16s %9s %8s %6s %10s %10s %10s\n' "" "$label" "$tput" "$p99" "$audit" \
      "$server_us" "$bench_us" "$([ "$sold_out" != - ] && echo "${sold_out} s" || echo -)"
  done
  line="seatd / always: throughput $(ratio "${t[seatd]}" "${t[always]}"), / off $(ratio "${t[seatd]}" "${t[off]}")"
  line+="; server CPU per request, always / seatd $(ratio "${c[always]}" "${c[seatd]}")"
  [ "$scenario" = flash-sale ] && line+="; sold out, always / seatd $(ratio "${so[always]}" "${so[seatd]}")"
  printf '%-18s %s\n' "" "$line"
done
