// Commands on tickets after the sale: admission at a gate, a new code (reissue)
// and a refund (cancel). These touch no seat hold. Plain data; validated by
// decide, never trusted.
#pragma once

#include <cstdint>
#include <string>

#include "engine/ids.h"

namespace seat {

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

}  // namespace seat
