// Facts of the sale: a hold placed, released, extended or expired, a hold
// bought (its seats sold, one ticket each), seats blocked and unblocked. Every
// hold id, expiry time and ticket id was chosen by decide and is recorded here.
#pragma once

#include <string>
#include <vector>

#include "engine/command_tag.h"
#include "engine/ids.h"
#include "engine/inline_vec.h"
#include "engine/limits.h"
#include "engine/sales/commands.h"

namespace seat {

using TicketIds = InlineVec<TicketId, kHoldSeatsMax>;

struct HoldPlaced {
    HoldId hold;
    SessionId session;
    HoldSeats seats;
    UnixMillis expires_at = 0;
    UnixMillis at = 0;
    CommandTag tag;
    std::uint32_t admission = kNone;  // the waiting-room entry it is placed under
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

}  // namespace seat
