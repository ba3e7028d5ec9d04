// What seatbench itself knows happened: every acknowledged purchase with the
// proof the target gave for each seat (a ticket id from seatd, the buyer from
// Redis), purchases whose outcome is unknown, and the holds still live at the
// end. The audit compares this with what the target reads back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace seat::bench {

struct Purchase {
    std::vector<std::uint32_t> seats;
    std::vector<std::string> proofs;  // proofs[i] is for seats[i]
};

struct Ledger {
    std::vector<Purchase> purchases;  // acknowledged ok
    std::uint64_t unknown_purchase_seats = 0;
    // Seats of holds acknowledged and neither released nor bought. Exact only
    // when the scenario's holds cannot expire during the run (holds_exact).
    std::vector<std::uint32_t> live_held_seats;
    bool holds_exact = false;

    void merge(Ledger&& other) {
        for (auto& p : other.purchases)
            purchases.push_back(std::move(p));
        unknown_purchase_seats += other.unknown_purchase_seats;
        live_held_seats.insert(live_held_seats.end(), other.live_held_seats.begin(),
                               other.live_held_seats.end());
    }
};

}  // namespace seat::bench
