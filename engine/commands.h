// Commands to one event. Each mutating command carries an idempotency key: the
// engine returns the original result for a repeated key instead of acting twice.
// Plain data; validated by decide, never trusted.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine/ids.h"
#include "engine/inline_vec.h"
#include "engine/limits.h"
#include "engine/settings.h"
#include "engine/venue.h"

namespace seat {

using HoldSeats = InlineVec<SeatId, kHoldSeatsMax>;

struct CreateEvent {
    EventId event = 0;
    std::shared_ptr<const Venue> venue;
    SaleSettings settings;
};

struct PlaceHold {
    SessionId session;
    HoldSeats seats;
    IdempotencyKey key;
};

struct ReleaseHold {
    HoldId hold;
    SessionId session;
    IdempotencyKey key;
};

struct ExtendHold {
    HoldId hold;
    SessionId session;
    IdempotencyKey key;
};

struct Purchase {
    HoldId hold;
    SessionId session;
    std::string buyer_id;
    std::string payment_ref;
    IdempotencyKey key;
};

struct BlockSeats {
    std::vector<SeatId> seats;
    IdempotencyKey key;
};

struct UnblockSeats {
    std::vector<SeatId> seats;
    IdempotencyKey key;
};

// Sent by the shard's timer: expire holds whose time has run out (at most
// kExpireBatchMax per call; the timer calls again while more are due).
struct ExpireHolds {};

inline constexpr std::size_t kExpireBatchMax = 1024;

// ---- The ticket's life after the sale. These touch no seat hold.

// A scan at a gate. The network layer has already verified the code's signature
// and that it names this event. No idempotency key: a repeated scan is answered
// already_admitted, and the first admission wins (also between offline gates).
struct AdmitTicket {
    TicketId ticket;
    std::uint32_t version = 0;  // the code's version; only the current one admits
    std::string gate;           // 1 to kGateBytesMax bytes
    UnixMillis device_at = 0;   // when an offline scanner admitted it; 0 = scanned online
};

// A new code for the ticket (transfer, or a lost code): its version increases and
// the old code is revoked in the same fact.
struct ReissueTicket {
    TicketId ticket;
    std::string new_owner;  // empty = the owner stays; at most kOwnerBytesMax bytes
    IdempotencyKey key;
};

// A refund: the ticket is cancelled, its code revoked and its seat available again.
struct CancelTicket {
    TicketId ticket;
    IdempotencyKey key;
};

using Command = std::variant<CreateEvent, PlaceHold, ReleaseHold, ExtendHold, Purchase, BlockSeats,
                             UnblockSeats, ExpireHolds, AdmitTicket, ReissueTicket, CancelTicket>;

}  // namespace seat
