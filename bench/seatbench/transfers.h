// The transfers scenario (seatd only): tickets changing hands after the sale
// (docs/resale.md). The setup sells --tickets tickets through Purchase, untimed.
// Then each connection's slots take tickets of the connection's share in turn
// (oldest hand-over first) and hand each over once: offer_transfer to a new
// addressee and claim_transfer with the returned token by a new owner, or, one
// time in --list-every, list_ticket and delist_ticket (escrow and back). Each
// slot is a closed loop (the claim needs the offer's token), so -P is the
// number of tickets in hand-over at once per connection. A ticket is retired
// after --handovers-max hand-overs. After the run, hand-overs the deadline cut
// in half are finished (untimed), and every ticket's custody chain is read
// back for the audit.
#pragma once

#include <memory>
#include <string>

#include "bench/seatbench/audit.h"
#include "bench/seatbench/ledger.h"
#include "bench/seatbench/options.h"
#include "bench/seatbench/scenarios.h"
#include "bench/seatbench/target.h"

namespace seat::bench {

// The event's transfer rules: no limit on changes of owner (the version bound
// remains), everything else the server's defaults.
client::TransferSettings transfer_settings();

// Sells the tickets: holds of 4 adjacent plain seats, each bought, pipelined.
// The purchases go to `ledger` (for the seat audit) and the tickets to
// `shared.transfer_tickets`, owned by buyers "b<N>".
bool sell_transfer_tickets(const Options& options, const EventSetup& setup, Shared& shared,
                           Ledger& ledger, std::string& error);

std::unique_ptr<Actor> make_transfers_actor(Shared& shared, std::uint32_t connection);

// Sends the claims and delistings of the hand-overs the run left half done,
// so every ticket is valid again; counts them (and any refusal) in `counters`.
bool finish_handovers(const Options& options, const EventSetup& setup, Ledger& ledger,
                      std::map<std::string, std::uint64_t>& counters, std::string& error);

// Reads every ticket's custody chain (get_ticket_history) and adds the
// scenario's checks to `report`: no refusal or error, the last record's owner
// is the one seatbench believes, and records = 1 (the sale) + hand-overs.
bool audit_transfers(const Options& options, const EventSetup& setup, const Ledger& ledger,
                     std::uint64_t refused_or_failed, AuditReport& report, std::string& error);

}  // namespace seat::bench
