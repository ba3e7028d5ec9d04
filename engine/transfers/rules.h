// The event's rules for a ticket changing hands (TransferSettings), checked
// the same way by offers, claims, listings and purchases of listings.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/event_state.h"
#include "engine/result.h"

namespace seat {

// The ticket at `index` may leave its owner's hands now: it is valid (not
// offered, listed, admitted or cancelled), `owner` is its owner, the event
// allows it (`resale` or transfers), the start is not too close, and the
// ticket has changes of owner and versions left. Otherwise the refusal, naming
// the ticket where it can (TicketReply).
Result may_hand_over(const EventState& st, std::uint32_t index, std::string_view owner,
                     UnixMillis now, bool resale);

// Whether the event's start is far enough away for transfers or resale.
bool transfer_window_open(const SaleSettings& s, UnixMillis now);
// The last moment an offer made now may be claimed: its TTL, but never past
// the cutoff before the event's start.
UnixMillis offer_expiry(const SaleSettings& s, UnixMillis now);

// Changes of owner (direct, gift, marketplace) in the ticket's custody chain.
std::uint32_t owner_changes(const EventState& st, std::uint32_t ticket);

}  // namespace seat
