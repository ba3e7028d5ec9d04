// A shard's Answer (server/shard/job.h) as a binary-protocol Response. What a
// reply shows depends on who asks, so that is decided here and not in the
// shard: a scanner sees no buyer data and no codes; a ticket's codes are signed
// when a ticket view is asked for (GetTicket, ReissueTicket, and the new holder's
// after ClaimTransfer, CancelOffer, DelistTicket or a resale's checkout) and never
// on the sale's hot path (a purchase's reply carries none). No code is ever made
// for a ticket that is offered or listed: its version is the escrow's.
#pragma once

#include "seat_generated.h"
#include "server/net/wire_convert.h"
#include "server/shard/job.h"
#include "server/tickets/ticket_codes.h"

namespace seat::server {

// Called on the shard thread while the answer is valid (Responder::respond).
flatbuffers::Offset<wire::Response> encode_answer(Builder& b, const Answer& answer, wire::Role role,
                                                  const TicketKeys& keys);

}  // namespace seat::server
