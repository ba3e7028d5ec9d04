// Each check is a small function that appends one AuditCheck with a sentence
// saying what was found, so a failure names its numbers.
#include "bench/seatbench/audit.h"

#include <algorithm>

namespace seat::bench {
namespace {

constexpr const char* kStatusNames[] = {"available", "held", "sold", "blocked"};

void add(AuditReport& r, std::string name, bool passed, std::string detail) {
    r.checks.push_back({std::move(name), passed, std::move(detail)});
}

void check_no_double_sale(AuditReport& r, const Ledger& ledger, std::uint64_t capacity) {
    std::vector<std::uint8_t> seen(capacity, 0);
    std::uint64_t twice = 0, out_of_range = 0, seats = 0;
    for (const auto& p : ledger.purchases) {
        for (std::uint32_t s : p.seats) {
            ++seats;
            if (s >= capacity) {
                ++out_of_range;
            } else if (seen[s]++ > 0) {
                ++twice;
            }
        }
    }
    add(r, "no seat sold twice", twice == 0 && out_of_range == 0,
        std::to_string(seats) + " seats in " + std::to_string(ledger.purchases.size()) +
            " acknowledged purchases, " + std::to_string(twice) + " sold twice");
}

void check_capacity(AuditReport& r, const FinalState& state, std::uint64_t capacity) {
    for (std::uint8_t st : state.status)
        ++r.counts[std::min<std::uint8_t>(st, 3)];
    const std::uint64_t sum = r.counts[0] + r.counts[1] + r.counts[2] + r.counts[3];
    std::string detail;
    for (int i = 0; i < 4; ++i)
        detail += std::string(i ? " + " : "") + std::to_string(r.counts[i]) + " " + kStatusNames[i];
    add(r, "available + held + sold + blocked = capacity (per seat)",
        sum == capacity && state.status.size() == capacity,
        detail + " = " + std::to_string(sum) + ", capacity " + std::to_string(capacity));
    if (state.reported_by.empty()) return;
    const std::uint64_t* rep = state.reported;
    const std::uint64_t rsum = rep[0] + rep[1] + rep[2] + rep[3];
    const bool same = std::equal(rep, rep + 4, r.counts);
    add(r, "reported totals add up and match the seats (" + state.reported_by + ")",
        rsum == capacity && same,
        std::to_string(rep[0]) + " + " + std::to_string(rep[1]) + " + " + std::to_string(rep[2]) +
            " + " + std::to_string(rep[3]) + " = " + std::to_string(rsum));
}

void check_purchases_present(AuditReport& r, const Ledger& ledger, const FinalState& state) {
    std::uint64_t seats = 0, missing = 0;
    for (const auto& p : ledger.purchases) {
        for (std::size_t i = 0; i < p.seats.size(); ++i) {
            ++seats;
            const std::uint32_t s = p.seats[i];
            const bool there = s < state.status.size() && state.status[s] == 2 &&
                               i < p.proofs.size() && state.owner[s] == p.proofs[i];
            missing += there ? 0 : 1;
        }
    }
    add(r, "every acknowledged purchase is present", missing == 0 && state.failures.empty(),
        std::to_string(seats - missing) + " of " + std::to_string(seats) +
            " acknowledged seats are sold to their buyer");
    for (const auto& f : state.failures)
        add(r, "target check", false, f);
}

void check_sold_count(AuditReport& r, const Ledger& ledger, const FinalState& state) {
    std::uint64_t acked = 0;
    for (const auto& p : ledger.purchases)
        acked += p.seats.size();
    const std::uint64_t sold = r.counts[2];
    add(r, "sold seats = acknowledged purchases",
        sold >= acked && sold <= acked + ledger.unknown_purchase_seats,
        std::to_string(sold) + " sold, " + std::to_string(acked) + " acknowledged, " +
            std::to_string(ledger.unknown_purchase_seats) + " of unknown outcome");
    if (state.has_tickets)
        add(r, "one ticket per sold seat", state.tickets == sold,
            std::to_string(state.tickets) + " tickets for " + std::to_string(sold) + " sold seats");
}

void check_holds(AuditReport& r, const Ledger& ledger, const FinalState& state) {
    if (!ledger.holds_exact) return;
    std::uint64_t not_held = 0;
    for (std::uint32_t s : ledger.live_held_seats)
        not_held += (s < state.status.size() && state.status[s] == 1) ? 0 : 1;
    add(r, "held seats = live acknowledged holds",
        not_held == 0 && r.counts[1] == ledger.live_held_seats.size(),
        std::to_string(r.counts[1]) + " held, " + std::to_string(ledger.live_held_seats.size()) +
            " in live holds, " + std::to_string(not_held) + " of them not held");
}

}  // namespace

bool AuditReport::passed() const {
    return !checks.empty() &&
           std::all_of(checks.begin(), checks.end(), [](const AuditCheck& c) { return c.passed; });
}

AuditReport audit(std::uint64_t capacity, const Ledger& ledger, const FinalState& state) {
    AuditReport r;
    r.capacity = capacity;
    r.notes = state.notes;
    check_no_double_sale(r, ledger, capacity);
    check_capacity(r, state, capacity);
    check_purchases_present(r, ledger, state);
    check_sold_count(r, ledger, state);
    check_holds(r, ledger, state);
    return r;
}

}  // namespace seat::bench
