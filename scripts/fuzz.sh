#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 14 in build-fuzz/ and runs each for a
# while with its seed corpus and dictionary (docs/testing.md, "Fuzzing").
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   every target, default 30 s each, two at a time
#   scripts/fuzz.sh SECONDS NAME...        only these targets (e.g. frame_fuzz)
#   scripts/fuzz.sh --write-seeds          rewrites the committed seed corpora
# Fails on any crash, leak or timeout: the input is kept in build-fuzz/artifacts/
# (reproduce with `build-fuzz/fuzz/NAME FILE`). What the fuzzer adds to a corpus
# goes to build-fuzz/corpus/NAME, never into the repository, and the next run
# starts from it too. FUZZ_JOBS (default 2) targets run at a time.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build-fuzz
seconds=${1:-30}
[ $# -gt 0 ] && shift
jobs=${FUZZ_JOBS:-2}
# An input that takes longer than this is a hang (libFuzzer's default is 20 minutes).
input_timeout_s=10

scripts/setup.sh
# -O1 with line tables only: stack traces keep their file:line, and the build is
# about a fifth quicker than -O2 -g (4m06 against 4m59 from scratch on 2 cores).
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -gline-tables-only -DNDEBUG" -DCMAKE_CXX_COMPILER=clang++-14 \
  -DSEATD_FUZZ=ON -DSEATD_BUILD_TESTS=OFF -DSEATD_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target fuzz

if [ "$seconds" = "--write-seeds" ]; then
  for program in "$build_dir"/fuzz/seeds/*; do "$program"; done
  exit 0
fi

mkdir -p "$build_dir"/corpus "$build_dir"/artifacts "$build_dir"/logs
rm -f "$build_dir"/logs/*.status
manifest=$build_dir/fuzz/targets.txt

run_target() {
  local name=$1 max_len=$2 corpus=$3 dict=$4
  local log=$build_dir/logs/$name.log
  local args=(-max_total_time="$seconds" -max_len="$max_len" -timeout="$input_timeout_s"
              -print_final_stats=1 -artifact_prefix="$build_dir/artifacts/$name-")
  [ "$dict" != "-" ] && args+=(-dict="$dict")
  mkdir -p "$build_dir/corpus/$name"
  local status=0
  # The outer limit only catches a fuzzer that does not stop by itself.
  timeout $((seconds + 300)) "$build_dir/fuzz/$name" "${args[@]}" \
    "$build_dir/corpus/$name" "$corpus" >"$log" 2>&1 || status=$?
  echo "$status" >"$build_dir/logs/$name.status"
}

selected=("$@")
while read -r name max_len corpus dict; do
  [ -n "$name" ] || continue
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " $name " ]]; then continue; fi
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "fuzz: $name for ${seconds}s (max_len $max_len)"
  run_target "$name" "$max_len" "$corpus" "$dict" &
done <"$manifest"
wait

# One line per target from libFuzzer's final stats: executions, speed, coverage
# (cov: edges, ft: features) and the corpus it ended with.
failed=0
printf '%-24s %12s %9s %7s %7s %10s  %s\n' target execs exec/s cov ft corpus result
while read -r name _; do
  [ -n "$name" ] && [ -f "$build_dir/logs/$name.status" ] || continue
  log=$build_dir/logs/$name.log
  status=$(cat "$build_dir/logs/$name.status")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
  result=ok
  if [ "$status" != 0 ]; then
    result="FAILED (exit $status, see $log)"
    failed=1
  fi
  printf '%-24s %12s %9s %7s %7s %10s  %s\n' "$name" "${execs:-?}" "${speed:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$result"
done <"$manifest"
if [ "$failed" != 0 ]; then
  grep -h -A3 -E '^(==[0-9]+==ERROR|SUMMARY)' "$build_dir"/logs/*.log | head -n 40 || true
  echo "fuzz: a target failed; its input is in $build_dir/artifacts/" >&2
  exit 1
fi
