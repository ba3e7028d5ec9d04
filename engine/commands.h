// Commands to one event, gathered from the groups that define them, each in its
// own folder with its facts and handlers: event/ (the event itself), sales/
// (holds, purchases, blocks, expiry), tickets/ (admission, reissue, refund).
//
// A new group (checkout and payments, transfers and resale, cancellation and
// refunds, the waiting room) gets a folder of its own beside these: its
// commands.h is included here and its commands are appended to the end of
// Command, its facts likewise in facts.h, and its handlers get one line each in
// the dispatch (decide.cc, apply.cc).
#pragma once

#include <variant>

#include "engine/checkout/commands.h"
#include "engine/event/commands.h"
#include "engine/room/commands.h"
#include "engine/sales/commands.h"
#include "engine/tickets/commands.h"
#include "engine/transfers/commands.h"

namespace seat {

using Command = std::variant<CreateEvent, PlaceHold, ReleaseHold, ExtendHold, Purchase, BlockSeats,
                             UnblockSeats, ExpireHolds, AdmitTicket, ReissueTicket, CancelTicket,
                             StartCheckout, SettleCheckout, ExpireCheckouts, SettleRefund,
                             RetryRefund, JoinQueue, LeaveQueue, RunRoom, OfferTransfer,
                             ClaimTransfer, CancelOffer, ExpireOffers, ListTicket, DelistTicket,
                             BuyListing, VerifySeller, SettlePayout, RetryPayout>;

}  // namespace seat
