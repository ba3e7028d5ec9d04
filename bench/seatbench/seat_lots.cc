// Lots are built once from the venue: one per group (none if any of its seats
// is blocked from the start, since the group could never be held whole), one per
// plain seat on sale. The order is a Fisher-Yates shuffle by the run's seed.
#include "bench/seatbench/seat_lots.h"

#include <algorithm>
#include <random>

namespace seat::bench {

SeatLots::SeatLots(const Venue& venue, std::uint64_t seed) {
    auto add_lot = [&](const std::vector<SeatId>& seats) {
        lot_first_.push_back(static_cast<std::uint32_t>(seats_.size()));
        seats_.insert(seats_.end(), seats.begin(), seats.end());
        sellable_ += static_cast<std::uint32_t>(seats.size());
        largest_ = std::max(largest_, static_cast<std::uint32_t>(seats.size()));
    };
    for (const Group& g : venue.groups) {
        const bool blocked = std::any_of(g.seats.begin(), g.seats.end(), [&](SeatId s) {
            return venue.seats[s].initially_blocked;
        });
        if (!blocked) add_lot(g.seats);
    }
    for (SeatId s = 0; s < venue.seat_count(); ++s) {
        const SeatInfo& info = venue.seats[s];
        if (info.group == kNoGroup && !info.initially_blocked) add_lot({s});
    }
    const auto lots = static_cast<std::uint32_t>(lot_first_.size());
    lot_first_.push_back(static_cast<std::uint32_t>(seats_.size()));
    std::vector<std::uint32_t> order(lots);
    for (std::uint32_t i = 0; i < lots; ++i)
        order[i] = i;
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    ready_.assign(order.begin(), order.end());
}

SeatLots::Taken SeatLots::take(std::uint32_t want) {
    Taken t;
    auto take_front = [&] {
        const std::uint32_t lot = ready_.front();
        ready_.pop_front();
        t.lots.push_back(lot);
        t.seats.insert(t.seats.end(), seats_.begin() + lot_first_[lot],
                       seats_.begin() + lot_first_[lot + 1]);
    };
    if (ready_.empty()) return t;
    if (lot_size(ready_.front()) > 1) {
        take_front();
        return t;
    }
    while (!ready_.empty() && t.seats.size() < want && lot_size(ready_.front()) == 1)
        take_front();
    return t;
}

void SeatLots::give_back(const std::vector<std::uint32_t>& lots, std::int64_t at_ms) {
    for (std::uint32_t lot : lots)
        returns_.push({at_ms, lot});
}

void SeatLots::release_due(std::int64_t now_ms) {
    while (!returns_.empty() && returns_.top().at_ms <= now_ms) {
        ready_.push_front(returns_.top().lot);
        returns_.pop();
    }
}

}  // namespace seat::bench
