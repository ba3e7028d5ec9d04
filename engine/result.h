// The answer to one command: a status, and a reply whose type is the command's
// (the hold and its expiry, the tickets, the seats a block changed...), or every
// seat that was refused and why. A successful command always carries its reply
// type, a replayed one too; a refusal carries one only where it names something
// the caller can act on (below), else std::monostate.
#pragma once

#include <cstdint>
#include <variant>

#include "engine/ids.h"
#include "engine/inline_vec.h"
#include "engine/limits.h"
#include "engine/status.h"

namespace seat {

struct SeatRefusal {
    SeatId seat = kNoSeat;
    SeatProblem problem = SeatProblem::unknown;
    friend bool operator==(const SeatRefusal&, const SeatRefusal&) = default;
};

// A hold names at most kHoldSeatsMax seats, so its refusals fit inline; a block
// command may refuse more, and then `refused_count` says how many were left out.
using SeatRefusals = InlineVec<SeatRefusal, kHoldSeatsMax>;

// CreateEvent.
struct CreateReply {
    friend bool operator==(const CreateReply&, const CreateReply&) = default;
};

// PlaceHold and ExtendHold. A hold_expired refusal of any hold command carries
// HoldReply{hold, 0}: the hold it expired.
struct HoldReply {
    HoldId hold;
    UnixMillis expires_at = 0;
    friend bool operator==(const HoldReply&, const HoldReply&) = default;
};

// ReleaseHold.
struct ReleaseReply {
    HoldId hold;
    friend bool operator==(const ReleaseReply&, const ReleaseReply&) = default;
};

// Purchase: the tickets are EventState::tickets()[first_ticket, first_ticket + ticket_count).
struct PurchaseReply {
    HoldId hold;
    std::uint32_t first_ticket = 0;
    std::uint32_t ticket_count = 0;
    friend bool operator==(const PurchaseReply&, const PurchaseReply&) = default;
};

// BlockSeats and UnblockSeats: seats changed now; seats whose block waits for
// their hold to end (block), or whose waiting block was withdrawn (unblock).
struct BlockReply {
    std::uint32_t seats_changed = 0;
    std::uint32_t seats_pending = 0;
    friend bool operator==(const BlockReply&, const BlockReply&) = default;
};

// ExpireHolds: holds expired by this call (at most kExpireBatchMax).
struct ExpireReply {
    std::uint32_t holds_expired = 0;
    friend bool operator==(const ExpireReply&, const ExpireReply&) = default;
};

// AdmitTicket, ReissueTicket, CancelTicket: `ticket` indexes EventState::tickets();
// `version` is the one admitted, issued by the reissue, or revoked by the cancel.
// Refusals about an existing ticket carry it too, so the caller can show it:
// already_admitted (version: the one admitted, the ticket says when and at which
// gate), superseded, ticket_cancelled, and an admission naming a version newer
// than any issued (invalid_argument); their version is 0 unless said.
struct TicketReply {
    std::uint32_t ticket = kNone;
    std::uint32_t version = 0;
    friend bool operator==(const TicketReply&, const TicketReply&) = default;
};

// StartCheckout, SettleCheckout (and ExpireCheckouts' count in ExpireReply):
// `checkout` indexes EventState::checkouts(); the status says how it ended
// (ok when sold or still paying, payment_declined, payment_refunded).
struct CheckoutReply {
    std::uint32_t checkout = kNone;
    friend bool operator==(const CheckoutReply&, const CheckoutReply&) = default;
};

// SettleRefund, RetryRefund: `refund` indexes EventState::refunds().
struct RefundReply {
    std::uint32_t refund = kNone;
    friend bool operator==(const RefundReply&, const RefundReply&) = default;
};

// JoinQueue, LeaveQueue: `entry` indexes the room's entries (EventState::room()).
// A join answered with the session's live entry says so (`existing`).
struct QueueReply {
    std::uint32_t entry = kNone;
    bool existing = false;
    friend bool operator==(const QueueReply&, const QueueReply&) = default;
};

// RunRoom: what one tick of the room did.
struct RoomTickReply {
    bool opened = false;
    std::uint32_t admitted = 0;
    std::uint32_t abandoned = 0;
    std::uint32_t ended = 0;
    friend bool operator==(const RoomTickReply&, const RoomTickReply&) = default;
};

// OfferTransfer, CancelOffer, and ClaimTransfer's refusals about an offer
// (offer_claimed, offer_cancelled, offer_expired): `offer` indexes
// EventState::offers(). A successful claim answers with TicketReply (the
// ticket and the claimer's new version).
struct OfferReply {
    std::uint32_t offer = kNone;
    friend bool operator==(const OfferReply&, const OfferReply&) = default;
};

// ListTicket, DelistTicket, and refusals about a listing: `listing` indexes
// EventState::listings(); a price_over_cap refusal has no listing and says the
// cap in `cap_minor`. BuyListing answers with CheckoutReply.
struct ListingReply {
    std::uint32_t listing = kNone;
    std::int64_t cap_minor = 0;
    friend bool operator==(const ListingReply&, const ListingReply&) = default;
};

// SettlePayout: `payout` indexes EventState::payouts().
struct PayoutReply {
    std::uint32_t payout = kNone;
    friend bool operator==(const PayoutReply&, const PayoutReply&) = default;
};

// VerifySeller: how many held payouts the verification released.
struct KycReply {
    std::uint32_t released = 0;
    friend bool operator==(const KycReply&, const KycReply&) = default;
};

using Reply =
    std::variant<std::monostate, CreateReply, HoldReply, ReleaseReply, PurchaseReply, BlockReply,
                 ExpireReply, TicketReply, CheckoutReply, RefundReply, QueueReply, RoomTickReply,
                 OfferReply, ListingReply, PayoutReply, KycReply>;

struct Result {
    Status status = Status::ok;
    bool replayed = false;  // answered from the idempotency window, nothing was done again
    Reply reply;            // monostate when a refusal carries nothing
    SeatRefusals refusals;
    std::uint32_t refused_count = 0;

    bool ok() const { return status == Status::ok; }
    // The reply if it is an R, else nullptr.
    template <typename R>
    const R* reply_as() const {
        return std::get_if<R>(&reply);
    }
    void refuse(SeatId seat, SeatProblem problem) {
        ++refused_count;
        if (!refusals.full()) refusals.push_back({seat, problem});
    }
};

}  // namespace seat
