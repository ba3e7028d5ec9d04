// Wire responses into the client's public values. Private to libseatclient: the
// only place that reads FlatBuffers tables on the client side. Every function
// takes a verified Response (protocol/frame.h) and copies what it needs, so no
// result refers to the frame it came from.
#pragma once

#include "seat/client_types.h"
#include "seat_generated.h"

namespace seat::client::codec {

inline wire::Id128 to_wire(const Id128& id) {
    return wire::Id128(id.hi, id.lo);
}
inline Id128 from_wire(const wire::Id128* id) {
    return id == nullptr ? Id128{} : Id128{id->hi(), id->lo()};
}

// Status, message, replayed and ErrorDetail.
void read_outcome(const wire::Response& response, Outcome& out);

// The reply body of a successful call; false when the body is missing or of
// another type than the call expects (a protocol error).
bool read_value(const wire::Response& response, Empty& out);
bool read_value(const wire::Response& response, HelloInfo& out);
bool read_value(const wire::Response& response, Pong& out);
bool read_value(const wire::Response& response, HoldInfo& out);
bool read_value(const wire::Response& response, PurchaseInfo& out);
bool read_value(const wire::Response& response, BlockInfo& out);
bool read_value(const wire::Response& response, SeatInfo& out);
bool read_value(const wire::Response& response, SectionInfo& out);
bool read_value(const wire::Response& response, Summary& out);
bool read_value(const wire::Response& response, EventList& out);
bool read_value(const wire::Response& response, TicketInfo& out);
bool read_value(const wire::Response& response, AdmitInfo& out);
bool read_value(const wire::Response& response, TicketList& out);
bool read_value(const wire::Response& response, Revocations& out);
bool read_value(const wire::Response& response, PublicKeys& out);
bool read_value(const wire::Response& response, CheckoutInfo& out);
bool read_value(const wire::Response& response, RefundList& out);
// RetryRefund's answer: a RefundsReply of exactly one refund.
bool read_value(const wire::Response& response, Refund& out);
// JoinQueue, GetQueueEntry and LeaveQueue answer a QueueReply.
bool read_value(const wire::Response& response, QueueEntryInfo& out);
bool read_value(const wire::Response& response, RoomInfo& out);
// Transfers and resale. Each reads its reply with any status it comes with
// (refusals about an offer or a listing carry it).
bool read_value(const wire::Response& response, OfferInfo& out);
// ClaimTransfer answers a TicketReply; its refusals about the offer an
// OfferReply, which fills `out.offer` and reads as no value.
bool read_value(const wire::Response& response, ClaimInfo& out);
bool read_value(const wire::Response& response, ListingInfo& out);
bool read_value(const wire::Response& response, ListingPage& out);
bool read_value(const wire::Response& response, TicketHistory& out);
bool read_value(const wire::Response& response, PayoutList& out);
// RetryPayout's answer: a PayoutsReply of exactly one payout.
bool read_value(const wire::Response& response, Payout& out);
bool read_value(const wire::Response& response, KycInfo& out);

}  // namespace seat::client::codec
