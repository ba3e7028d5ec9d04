// The end-of-run report, as text for people or JSON (--json) for scripts: what
// ran, throughput, latency percentiles from the histogram, ok / refused / error
// counts per request kind, the scenario's counters, seatbench's own CPU use (to
// tell whether the load generator was the bottleneck), the server's CPU per
// request when it could be read, and the audit.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <ostream>
#include <string>

#include "bench/seatbench/audit.h"
#include "bench/seatbench/options.h"
#include "bench/seatbench/process_cpu.h"
#include "bench/seatbench/runner.h"

namespace seat::bench {

struct ReportInput {
    const Options* options = nullptr;
    std::string target_name;
    std::string venue_kind;
    std::uint64_t event = 0;
    std::uint64_t capacity = 0;
    const RunResult* run = nullptr;
    const AuditReport* audit = nullptr;
    double cpu_s = 0;  // seatbench's user + system CPU during the run
    ServerCpu server;  // the server's, over the same span
    unsigned cores = 1;
};

void print_text(std::ostream& os, const ReportInput& in);
void print_json(std::ostream& os, const ReportInput& in);

// The audit's part of a report, shared with the waiting-room report.
void print_audit_text(std::ostream& os, const AuditReport& a);
boost::json::object audit_json(const AuditReport& a);

}  // namespace seat::bench
