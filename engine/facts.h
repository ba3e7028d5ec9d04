// Facts: what happened to an event, in order. They are the log, the replication
// stream and the change feed. apply() turns facts into state and never decides:
// every time, id and random choice is recorded here by decide(). Each group
// defines its facts in its folder (event/, sales/, tickets/); this is where they
// are gathered.
//
// Schema evolution: add new fact types at the end of the variant (the variant's
// index is the fact's type number on disk) and new fields with defaults;
// storage/fact_codec keeps old encodings readable.
#pragma once

#include <variant>
#include <vector>

#include "engine/checkout/facts.h"
#include "engine/command_tag.h"
#include "engine/commands.h"
#include "engine/event/facts.h"
#include "engine/room/facts.h"
#include "engine/sales/facts.h"
#include "engine/tickets/facts.h"
#include "engine/transfers/facts.h"

namespace seat {

using Fact = std::variant<EventCreated, HoldPlaced, HoldReleased, HoldExtended, HoldExpired,
                          HoldPurchased, SeatsBlocked, SeatsUnblocked, TicketAdmitted,
                          TicketReissued, TicketCancelled, CheckoutStarted, CheckoutSold,
                          CheckoutDeclined, CheckoutAbandoned, CheckoutCompensated, RefundOwed,
                          RefundSucceeded, RefundFailed, RefundRetried, QueueJoined, QueueLeft,
                          QueueOpened, QueueAdmitted, QueueAbandoned, AdmissionsEnded,
                          TransferOffered, TransferClaimed, OfferWithdrawn, TicketListed,
                          TicketDelisted, ListingSold, SellerVerified, PayoutSettled,
                          PayoutRetried>;

// Facts written by one command; reused between commands so the hot path does not allocate.
using FactBuffer = std::vector<Fact>;

const char* fact_name(const Fact& fact);

}  // namespace seat
