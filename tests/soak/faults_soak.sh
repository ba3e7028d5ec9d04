#!/usr/bin/env bash
# Faults soak: the tests of tests/faults/ for many more cycles than CI runs.
#   mixed            kill -9 cycles under mixed load (holds, releases, purchases,
#                    admissions): every acknowledged purchase and admission is there
#                    after each restart, no seat sold twice (MixedCrash)
#   power            power cuts on a file system that keeps only what was synced:
#                    acknowledged rounds, all-or-nothing, replay equality (PowerLoss)
#   linearizability  runs of four clients against seatd killed -9 three times per
#                    run, each history checked for a linearization (LinearizabilityE2E)
# Everything listens on 127.0.0.1 only. Each part runs in a process group of its
# own with a time bound; past it, that group (the test binary and the seatd it
# started) is stopped by its PID, nothing else.
#
# usage: tests/soak/faults_soak.sh [BUILD_DIR] [PART...]
#   BUILD_DIR  where faults_tests was built (default build)
#   PART       mixed, power, linearizability (default: all three)
# Counts and bounds (environment):
#   SEAT_MIXED_CRASH_CYCLES (1000), SEAT_POWER_LOSS_CYCLES (250),
#   SEAT_LINEARIZABILITY_RUNS (120), SOAK_PART_SECONDS_MAX (3600 per part);
#   first seeds SEAT_POWER_LOSS_SEED and SEAT_LINEARIZABILITY_SEED (1)
# Prints each part's summary line and wall time; exit status 0 when every part passed.
set -euo pipefail

build_dir="${1:-build}"
shift || true
parts=("$@")
if (( ${#parts[@]} == 0 )); then parts=(mixed power linearizability); fi
binary="${build_dir}/tests/faults_tests"
bound="${SOAK_PART_SECONDS_MAX:-3600}"

if [[ ! -x "${binary}" ]]; then
  echo "faults_soak: ${binary} not found; build it with: cmake --build ${build_dir} --target faults_tests" >&2
  exit 2
fi
for n in "${SEAT_MIXED_CRASH_CYCLES:-1}" "${SEAT_POWER_LOSS_CYCLES:-1}" "${SEAT_LINEARIZABILITY_RUNS:-1}" "${bound}"; do
  if ! [[ "${n}" =~ ^[0-9]+$ ]] || (( n == 0 )); then
    echo "faults_soak: counts and bounds must be positive numbers, not '${n}'" >&2
    exit 2
  fi
done

echo "faults_soak: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"

# Runs the test binary with a gtest filter in a new session (so its seatd children
# share its process group) and waits at most `bound` seconds.
run_part() {
  local name="$1" filter="$2"
  local start
  start=$(date +%s)
  echo "faults_soak: ${name}: started $(date -u +%FT%TZ)"
  setsid "${binary}" --gtest_filter="${filter}" --gtest_brief=1 &
  local pid=$!
  local waited=0
  while kill -0 "${pid}" 2>/dev/null; do
    if (( waited >= bound )); then
      echo "faults_soak: ${name}: over its ${bound} s bound; stopping process group ${pid}" >&2
      kill -TERM -- "-${pid}" 2>/dev/null || true
      sleep 5
      kill -KILL -- "-${pid}" 2>/dev/null || true
      wait "${pid}" || true
      return 124
    fi
    sleep 1
    waited=$((waited + 1))
  done
  local status=0
  wait "${pid}" || status=$?
  echo "faults_soak: ${name}: exit ${status}, $(( $(date +%s) - start )) s wall"
  return "${status}"
}

failed=0
for part in "${parts[@]}"; do
  case "${part}" in
    mixed)
      SEAT_MIXED_CRASH_CYCLES="${SEAT_MIXED_CRASH_CYCLES:-1000}" run_part mixed 'MixedCrash.*' || failed=1 ;;
    power)
      SEAT_POWER_LOSS_CYCLES="${SEAT_POWER_LOSS_CYCLES:-250}" run_part power 'PowerLoss.Acknowledged*' || failed=1 ;;
    linearizability)
      SEAT_LINEARIZABILITY_RUNS="${SEAT_LINEARIZABILITY_RUNS:-120}" run_part linearizability 'LinearizabilityE2E.*' || failed=1 ;;
    *)
      echo "faults_soak: unknown part '${part}' (mixed, power, linearizability)" >&2
      exit 2 ;;
  esac
done
exit "${failed}"
