// The end-of-run audit, always on: compares what seatbench knows it was told
// (the Ledger) with the final state read back from the target. It checks that no
// seat was sold twice, that available + held + sold + blocked = capacity, that
// every acknowledged purchase is present, and that the counts agree. A failed
// check makes seatbench exit non-zero.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/seatbench/ledger.h"
#include "bench/seatbench/target.h"

namespace seat::bench {

struct AuditCheck {
    std::string name;
    bool passed = false;
    std::string detail;
};

struct AuditReport {
    std::vector<AuditCheck> checks;
    std::vector<std::string> notes;
    std::uint64_t counts[4] = {0, 0, 0, 0};  // available, held, sold, blocked (per seat)
    std::uint64_t capacity = 0;
    bool passed() const;
};

AuditReport audit(std::uint64_t capacity, const Ledger& ledger, const FinalState& state);

}  // namespace seat::bench
