// Facts: what happened to an event, in order. They are the log, the replication
// stream and the change feed. apply() turns facts into state and never decides:
// every time, id and random choice is recorded here by decide().
//
// Schema evolution: add new fact types at the end of the variant and new fields
// with defaults; storage/fact_codec keeps old encodings readable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine/commands.h"
#include "engine/ids.h"
#include "engine/inline_vec.h"
#include "engine/settings.h"
#include "engine/venue.h"

namespace seat {

// Which command produced a fact, so a repeated idempotency key is recognised
// after recovery as well. `fingerprint` distinguishes reuse of a key for a
// different command. A zero key means the command asked for no idempotency.
struct CommandTag {
    IdempotencyKey key;
    std::uint64_t fingerprint = 0;
    friend bool operator==(const CommandTag&, const CommandTag&) = default;
};

using TicketIds = InlineVec<TicketId, kHoldSeatsMax>;

struct EventCreated {
    EventId event = 0;
    std::shared_ptr<const Venue> venue;
    SaleSettings settings;
    UnixMillis at = 0;
};

struct HoldPlaced {
    HoldId hold;
    SessionId session;
    HoldSeats seats;
    UnixMillis expires_at = 0;
    UnixMillis at = 0;
    CommandTag tag;
};

struct HoldReleased {
    HoldId hold;
    UnixMillis at = 0;
    CommandTag tag;
};

struct HoldExtended {
    HoldId hold;
    UnixMillis expires_at = 0;
    UnixMillis at = 0;
    CommandTag tag;
};

struct HoldExpired {
    HoldId hold;
    UnixMillis at = 0;
};

// The hold's seats become sold; ticket i is issued for the hold's seat i.
struct HoldPurchased {
    HoldId hold;
    std::string buyer_id;
    std::string payment_ref;
    TicketIds tickets;
    UnixMillis at = 0;  // issued_at of every ticket
    CommandTag tag;
};

// Available seats become blocked; held seats become blocked when their hold ends.
struct SeatsBlocked {
    std::vector<SeatId> seats;
    UnixMillis at = 0;
    CommandTag tag;
};

struct SeatsUnblocked {
    std::vector<SeatId> seats;
    UnixMillis at = 0;
    CommandTag tag;
};

// A valid ticket's current version is admitted at `gate`. The first admission wins.
struct TicketAdmitted {
    TicketId ticket;
    std::uint32_t version = 0;
    std::string gate;
    UnixMillis at = 0;
    UnixMillis device_at = 0;  // the offline scanner's time, 0 when scanned online
};

// The ticket's code moves to new_version (its version + 1), which revokes the old
// one in the same fact; a non-empty new_owner becomes the ticket's owner.
struct TicketReissued {
    TicketId ticket;
    std::uint32_t new_version = 0;
    std::string new_owner;
    UnixMillis at = 0;
    CommandTag tag;
};

// Refund: the ticket is cancelled (its current code revoked), its seat becomes
// available and the tier's revenue drops by the seat's price.
struct TicketCancelled {
    TicketId ticket;
    UnixMillis at = 0;
    CommandTag tag;
};

using Fact =
    std::variant<EventCreated, HoldPlaced, HoldReleased, HoldExtended, HoldExpired, HoldPurchased,
                 SeatsBlocked, SeatsUnblocked, TicketAdmitted, TicketReissued, TicketCancelled>;

// Facts written by one command; reused between commands so the hot path does not allocate.
using FactBuffer = std::vector<Fact>;

const char* fact_name(const Fact& fact);

}  // namespace seat
