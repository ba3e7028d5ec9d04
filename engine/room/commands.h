// Commands of the waiting room. JoinQueue and LeaveQueue come from buyers (through
// an application or the HTTP side); RunRoom from the shard's timer, once per
// tick of an event with a waiting room: it opens the sale, reclaims positions
// whose holders stopped heartbeating (the shard watches heartbeats: they are not
// facts), ends admissions whose token expired, and admits the next batch.
#pragma once

#include <vector>

#include "engine/ids.h"
#include "engine/room/records.h"

namespace seat {

// No idempotency key: a session has at most one live entry, and a second join
// is answered with it.
struct JoinQueue {
    SessionId buyer;  // the room's binding of the buyer's session (not a principal's)
};

struct LeaveQueue {
    QueueTicketId ticket;
};

struct RunRoom {
    // Waiting entries whose holder has not been heard from within the event's
    // grace (at most kRoomBatchMax; entries no longer waiting are ignored).
    std::vector<std::uint32_t> lapsed;
};

// What the server proved about an admission token presented with a Hold or a
// Checkout: the entry and expiry it was issued for, and that its signature
// verifies for the event and the presenter's session (the room's binding of
// it). The engine checks the rest against the room: the entry is admitted, the
// token is its current one, the limits.
struct AdmissionClaim {
    bool presented = false;
    bool verified = false;  // signature good for this event and session
    std::uint32_t entry = kNone;
    UnixMillis expires_at = 0;
    SessionId session;  // the room's binding of the presenter's session
};

}  // namespace seat
