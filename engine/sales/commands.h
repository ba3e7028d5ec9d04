// Commands of the sale: holds (place, release, extend for checkout), the purchase
// that turns a hold into tickets, operator blocks, and the timer's expiry. Each
// mutating command carries an idempotency key: the engine returns the original
// result for a repeated key instead of acting twice. Plain data; validated by
// decide, never trusted.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/ids.h"
#include "engine/inline_vec.h"
#include "engine/limits.h"
#include "engine/room/commands.h"

namespace seat {

using HoldSeats = InlineVec<SeatId, kHoldSeatsMax>;

struct PlaceHold {
    SessionId session;
    HoldSeats seats;
    IdempotencyKey key;
    // The admission token, as the server verified it: needed when the event has
    // a waiting room, ignored when it has none.
    AdmissionClaim admission = {};
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

}  // namespace seat
