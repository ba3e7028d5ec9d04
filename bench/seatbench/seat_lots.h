// The seats the waiting-room buyers share: every seat on sale, in lots a hold
// may take alone (a plain seat; a box, or an accessible seat with its
// companions, whole), shuffled by the run's seed and handed out in order, so no
// two bench buyers ever ask for the same seat. The lots of a hold that will not
// be bought come back once the hold has surely expired. Not thread-safe: the
// waiting-room scheduler's thread owns it.
#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include "engine/venue.h"

namespace seat::bench {

class SeatLots {
  public:
    struct Taken {
        std::vector<std::uint32_t> lots;
        std::vector<std::uint32_t> seats;  // every seat of the lots, in lot order
    };

    SeatLots(const Venue& venue, std::uint64_t seed);

    // Seats in all the lots: the venue less the seats blocked from the start.
    std::uint32_t sellable_seats() const { return sellable_; }
    // Seats of the largest lot (a box): a hold must be allowed that many.
    std::uint32_t largest_lot() const { return largest_; }

    // The next lot if it is a group (whole, whatever `want`), else up to `want`
    // plain seats next to each other in the order. Empty when none is on hand.
    Taken take(std::uint32_t want);
    // `lots` are handed out again from `at_ms` (Unix ms) on.
    void give_back(const std::vector<std::uint32_t>& lots, std::int64_t at_ms);
    // Puts the lots given back for `now_ms` or earlier at the front of the order.
    void release_due(std::int64_t now_ms);

    bool on_hand() const { return !ready_.empty(); }
    std::size_t coming_back() const { return returns_.size(); }

  private:
    struct Return {
        std::int64_t at_ms;
        std::uint32_t lot;
        bool operator>(const Return& o) const { return at_ms > o.at_ms; }
    };

    std::vector<std::uint32_t> lot_first_;  // lot i is seats_[lot_first_[i], lot_first_[i + 1])
    std::vector<std::uint32_t> seats_;
    std::deque<std::uint32_t> ready_;  // lots on hand, in the order they are handed out
    std::priority_queue<Return, std::vector<Return>, std::greater<>> returns_;
    std::uint32_t sellable_ = 0;
    std::uint32_t largest_ = 0;

    std::uint32_t lot_size(std::uint32_t lot) const {
        return lot_first_[lot + 1] - lot_first_[lot];
    }
};

}  // namespace seat::bench
