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

// The transfers scenario: one sold ticket as seatbench believes it is. A
// hand-over is offer + claim (a new owner) or list + delist (escrow and back);
// each appends one custody record after the sale's. `phase` is where the
// ticket's hand-over in progress stood when the run ended: the claim (with the
// token) or the delisting still to send.
struct TransferTicket {
    enum class Phase : std::uint8_t { idle, offered, listed };
    std::string id;  // the ticket id, as the purchase gave it
    std::uint32_t seat = 0;
    std::string owner;
    std::uint32_t handovers = 0;
    Phase phase = Phase::idle;
    std::string token;       // offered: the claim token
    std::string next_owner;  // offered: who claims it
    bool uncertain = false;  // an answer of unknown outcome, or a refusal: not audited
};

struct Ledger {
    std::vector<Purchase> purchases;  // acknowledged ok
    std::uint64_t unknown_purchase_seats = 0;
    // Seats of holds acknowledged and neither released nor bought. Exact only
    // when the scenario's holds cannot expire during the run (holds_exact).
    std::vector<std::uint32_t> live_held_seats;
    bool holds_exact = false;
    std::vector<TransferTicket> transfer_tickets;

    void merge(Ledger&& other) {
        for (auto& p : other.purchases)
            purchases.push_back(std::move(p));
        unknown_purchase_seats += other.unknown_purchase_seats;
        live_held_seats.insert(live_held_seats.end(), other.live_held_seats.begin(),
                               other.live_held_seats.end());
        for (auto& t : other.transfer_tickets)
            transfer_tickets.push_back(std::move(t));
    }
};

}  // namespace seat::bench
