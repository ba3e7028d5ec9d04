// The waiting-room scenario's report. room_figures() turns what the buyers and
// the monitor saw (RoomRun) into the figures: the admission rate, time in queue
// and ETA error percentiles, the fairness figures (inversions between the drawn
// order and the admission order; Kendall's tau-b between join order and place)
// and the room's own checks. The print functions only format them, as text or
// as one JSON object (--json).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bench/seatbench/audit.h"
#include "bench/seatbench/histogram.h"
#include "bench/seatbench/options.h"
#include "bench/seatbench/waiting_room.h"

namespace seat::bench {

struct RoomFigures {
    // Admitted buyers per second, from the server's admitted_at_ms of every
    // admission seen: count / (last - first). Unknown below two distinct times.
    std::optional<double> admission_rate_per_s;
    std::int64_t admission_span_ms = 0;
    // Milliseconds, recorded in the histogram's unit (so it spans 1 ms .. 60,000 s):
    // admitted_at - max(joined_at, sale start).
    Histogram time_in_queue_ms;
    // |admitted_at - predicted_at|, ms; and the median of admitted_at - predicted_at
    // (positive: admitted later than predicted).
    Histogram eta_error_ms;
    std::optional<std::int64_t> eta_error_signed_median_ms;
    std::uint64_t inversions = 0;
    std::uint64_t ranked_admitted = 0;  // admitted buyers with a known place
    std::optional<double> tau_pre_queue;
    std::uint64_t ranked_pre_queue = 0;
    std::optional<double> tau_after_start;
    std::uint64_t ranked_after_start = 0;
    std::optional<double> sold_out_after_start_s;  // the monitor's first sold-out reading
    std::optional<std::uint64_t> admitted_after_sold_out;
    std::vector<AuditCheck> checks;  // the room's own: max active, sell-out, order

    bool passed() const;
};

RoomFigures room_figures(const Options& options, const RoomRun& run);

struct RoomReportInput {
    const Options* options = nullptr;
    std::uint64_t event = 0;
    std::uint64_t capacity = 0;
    std::uint64_t sellable = 0;  // capacity less the seats blocked from the start
    const RoomRun* run = nullptr;
    const RoomFigures* figures = nullptr;
    const AuditReport* audit = nullptr;
    double cpu_s = 0;
    unsigned cores = 1;
};

void print_room_text(std::ostream& os, const RoomReportInput& in);
void print_room_json(std::ostream& os, const RoomReportInput& in);

}  // namespace seat::bench
