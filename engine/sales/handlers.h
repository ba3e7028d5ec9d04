// The sales group's handlers: holds (place, release, extend, expire), the
// purchase, and operator blocks. Called by the dispatch (engine/decide.cc,
// engine/apply.cc); private to the engine.
#pragma once

#include "engine/decide_context.h"
#include "engine/state_editor.h"

namespace seat {

Result decide_place_hold(DecideContext& cx, const PlaceHold& c);
Result decide_release_hold(DecideContext& cx, const ReleaseHold& c);
Result decide_extend_hold(DecideContext& cx, const ExtendHold& c);
Result decide_purchase(DecideContext& cx, const Purchase& c);
Result decide_block_seats(DecideContext& cx, const BlockSeats& c);
Result decide_unblock_seats(DecideContext& cx, const UnblockSeats& c);
Result decide_expire_holds(DecideContext& cx, const ExpireHolds& c);

void apply_hold_placed(StateEditor& ed, const HoldPlaced& f);
void apply_hold_released(StateEditor& ed, const HoldReleased& f);
void apply_hold_extended(StateEditor& ed, const HoldExtended& f);
void apply_hold_expired(StateEditor& ed, const HoldExpired& f);
void apply_hold_purchased(StateEditor& ed, const HoldPurchased& f);
void apply_seats_blocked(StateEditor& ed, const SeatsBlocked& f);
void apply_seats_unblocked(StateEditor& ed, const SeatsUnblocked& f);

// A ticket id whose index key no ticket uses, in the state or among `drawn`
// (earlier ids of the same sale). Shared with the checkout group.
TicketId fresh_ticket_id(DecideContext& cx, const TicketIds& drawn);

// Shared with the checkout group, whose facts end holds too: sells a live hold
// (one ticket per seat, in hold order; returns the purchase's index), or gives
// its seats back.
std::uint32_t sell_hold(StateEditor& ed, HoldId hold, std::string_view buyer_id,
                        std::string_view payment_ref, const TicketIds& tickets, UnixMillis at);
void release_hold(StateEditor& ed, HoldId hold);

}  // namespace seat
