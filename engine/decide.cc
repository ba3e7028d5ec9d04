// decide(): validates one command against the state and writes the facts that
// carry it out. It reads the state but never changes it; all choices (hold ids,
// expiry times, ticket ids) are made here and recorded in the facts. This file
// is the table of contents: each group decides its own commands in its folder.
#include "engine/checkout/handlers.h"
#include "engine/decide_context.h"
#include "engine/event/handlers.h"
#include "engine/room/handlers.h"
#include "engine/sales/handlers.h"
#include "engine/tickets/handlers.h"
#include "engine/transfers/handlers.h"

namespace seat {
namespace {

// One line per command, in the order of the Command variant.
struct Dispatch {
    DecideContext& cx;
    // event/: the event itself
    Result operator()(const CreateEvent& c) { return decide_create_event(cx, c); }
    // sales/: holds, purchases, blocks, expiry
    Result operator()(const PlaceHold& c) { return decide_place_hold(cx, c); }
    Result operator()(const ReleaseHold& c) { return decide_release_hold(cx, c); }
    Result operator()(const ExtendHold& c) { return decide_extend_hold(cx, c); }
    Result operator()(const Purchase& c) { return decide_purchase(cx, c); }
    Result operator()(const BlockSeats& c) { return decide_block_seats(cx, c); }
    Result operator()(const UnblockSeats& c) { return decide_unblock_seats(cx, c); }
    Result operator()(const ExpireHolds& c) { return decide_expire_holds(cx, c); }
    // tickets/: admission, reissue, refund
    Result operator()(const AdmitTicket& c) { return decide_admit_ticket(cx, c); }
    Result operator()(const ReissueTicket& c) { return decide_reissue_ticket(cx, c); }
    Result operator()(const CancelTicket& c) { return decide_cancel_ticket(cx, c); }
    // checkout/: the payment saga and the refund outbox
    Result operator()(const StartCheckout& c) { return decide_start_checkout(cx, c); }
    Result operator()(const SettleCheckout& c) { return decide_settle_checkout(cx, c); }
    Result operator()(const ExpireCheckouts& c) { return decide_expire_checkouts(cx, c); }
    Result operator()(const SettleRefund& c) { return decide_settle_refund(cx, c); }
    Result operator()(const RetryRefund& c) { return decide_retry_refund(cx, c); }
    // room/: the waiting room
    Result operator()(const JoinQueue& c) { return decide_join_queue(cx, c); }
    Result operator()(const LeaveQueue& c) { return decide_leave_queue(cx, c); }
    Result operator()(const RunRoom& c) { return decide_run_room(cx, c); }
    // transfers/: offers, resale, payouts
    Result operator()(const OfferTransfer& c) { return decide_offer_transfer(cx, c); }
    Result operator()(const ClaimTransfer& c) { return decide_claim_transfer(cx, c); }
    Result operator()(const CancelOffer& c) { return decide_cancel_offer(cx, c); }
    Result operator()(const ExpireOffers& c) { return decide_expire_offers(cx, c); }
    Result operator()(const ListTicket& c) { return decide_list_ticket(cx, c); }
    Result operator()(const DelistTicket& c) { return decide_delist_ticket(cx, c); }
    Result operator()(const BuyListing& c) { return decide_buy_listing(cx, c); }
    Result operator()(const VerifySeller& c) { return decide_verify_seller(cx, c); }
    Result operator()(const SettlePayout& c) { return decide_settle_payout(cx, c); }
    Result operator()(const RetryPayout& c) { return decide_retry_payout(cx, c); }
};

}  // namespace

Result decide(const EventState& state, const Command& command, UnixMillis now, Rng& rng,
              FactBuffer& out) {
    if (!state.created() && !std::holds_alternative<CreateEvent>(command))
        return status(Status::event_not_found);
    DecideContext cx{state, now, rng, out};
    return std::visit(Dispatch{cx}, command);
}

Result execute(EventState& state, const Command& command, UnixMillis now, Rng& rng,
               FactBuffer& out) {
    const std::size_t first = out.size();
    Result r = decide(state, command, now, rng, out);
    for (std::size_t i = first; i < out.size(); ++i)
        seat::apply(state, out[i]);
    return r;
}

}  // namespace seat
