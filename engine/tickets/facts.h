// Facts of a ticket's life after the sale: admitted at a gate, reissued with a
// new version (which revokes the old code), cancelled (refunded).
#pragma once

#include <cstdint>
#include <string>

#include "engine/command_tag.h"
#include "engine/ids.h"

namespace seat {

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

}  // namespace seat
