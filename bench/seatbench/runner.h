// Runs a scenario: opens -c connections, gives each an Actor, keeps -P requests
// in flight per connection until the request budget, the time limit or the
// scenario ends, then drains what is in flight so the ledger is complete.
// Connections that answer on their own I/O threads (seatd) are driven by their
// answers, with one timer loop for all of them; the others (Redis) get a driver
// thread each. A progress line (ops/s, refusals, errors) goes to stderr once a
// second.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "bench/seatbench/histogram.h"
#include "bench/seatbench/ledger.h"
#include "bench/seatbench/scenarios.h"
#include "bench/seatbench/target.h"

namespace seat::bench {

struct KindCounts {
    std::uint64_t ok = 0;
    std::uint64_t refused = 0;
    std::uint64_t errors = 0;
    std::uint64_t total() const { return ok + refused + errors; }
};

struct RunResult {
    Histogram all;
    std::array<Histogram, kOpKinds> by_kind;
    std::array<KindCounts, kOpKinds> counts;
    std::map<std::string, std::uint64_t> codes;     // refusal and error codes, counted
    std::map<std::string, std::uint64_t> counters;  // the scenario's own (buyers, ...)
    std::uint64_t seats_read = 0;
    double elapsed_s = 0;
    std::optional<double> sold_out_s;
    Ledger ledger;

    std::uint64_t requests() const;
    std::uint64_t refused() const;
    std::uint64_t errors() const;
};

// Returns false with `error` when a connection cannot be opened.
bool run_scenario(Target& target, const EventSetup& setup, Shared& shared, RunResult& out,
                  std::string& error);

}  // namespace seat::bench
