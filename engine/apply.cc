// apply(): folds one fact into an event's state. It never decides: every id,
// time and choice comes from the fact, so the log replays to the same state.
// This file is the table of contents: each group applies its own facts in its
// folder, through the StateEditor. Each checks that the state is what its change
// expects (SEAT_CHECK, in every build: a fact that finds it otherwise means the
// log or the engine is wrong), and every fact that the counters add up to the
// capacity; the full check is EventState::check_invariants() (event_state.h).
#include "base/check.h"
#include "engine/checkout/handlers.h"
#include "engine/event/handlers.h"
#include "engine/room/handlers.h"
#include "engine/sales/handlers.h"
#include "engine/state_editor.h"
#include "engine/tickets/handlers.h"
#include "engine/transfers/handlers.h"

namespace seat {
namespace {

// One line per fact, in the order of the Fact variant.
struct Dispatch {
    StateEditor& ed;
    // event/
    void operator()(const EventCreated& f) { apply_event_created(ed, f); }
    // sales/
    void operator()(const HoldPlaced& f) { apply_hold_placed(ed, f); }
    void operator()(const HoldReleased& f) { apply_hold_released(ed, f); }
    void operator()(const HoldExtended& f) { apply_hold_extended(ed, f); }
    void operator()(const HoldExpired& f) { apply_hold_expired(ed, f); }
    void operator()(const HoldPurchased& f) { apply_hold_purchased(ed, f); }
    void operator()(const SeatsBlocked& f) { apply_seats_blocked(ed, f); }
    void operator()(const SeatsUnblocked& f) { apply_seats_unblocked(ed, f); }
    // tickets/
    void operator()(const TicketAdmitted& f) { apply_ticket_admitted(ed, f); }
    void operator()(const TicketReissued& f) { apply_ticket_reissued(ed, f); }
    void operator()(const TicketCancelled& f) { apply_ticket_cancelled(ed, f); }
    // checkout/: the payment saga and the refund outbox
    void operator()(const CheckoutStarted& f) { apply_checkout_started(ed, f); }
    void operator()(const CheckoutSold& f) { apply_checkout_sold(ed, f); }
    void operator()(const CheckoutDeclined& f) { apply_checkout_declined(ed, f); }
    void operator()(const CheckoutAbandoned& f) { apply_checkout_abandoned(ed, f); }
    void operator()(const CheckoutCompensated& f) { apply_checkout_compensated(ed, f); }
    void operator()(const RefundOwed& f) { apply_refund_owed(ed, f); }
    void operator()(const RefundSucceeded& f) { apply_refund_succeeded(ed, f); }
    void operator()(const RefundFailed& f) { apply_refund_failed(ed, f); }
    void operator()(const RefundRetried& f) { apply_refund_retried(ed, f); }
    // room/: the waiting room
    void operator()(const QueueJoined& f) { apply_queue_joined(ed, f); }
    void operator()(const QueueLeft& f) { apply_queue_left(ed, f); }
    void operator()(const QueueOpened& f) { apply_queue_opened(ed, f); }
    void operator()(const QueueAdmitted& f) { apply_queue_admitted(ed, f); }
    void operator()(const QueueAbandoned& f) { apply_queue_abandoned(ed, f); }
    void operator()(const AdmissionsEnded& f) { apply_admissions_ended(ed, f); }
    // transfers/: offers, resale, payouts
    void operator()(const TransferOffered& f) { apply_transfer_offered(ed, f); }
    void operator()(const TransferClaimed& f) { apply_transfer_claimed(ed, f); }
    void operator()(const OfferWithdrawn& f) { apply_offer_withdrawn(ed, f); }
    void operator()(const TicketListed& f) { apply_ticket_listed(ed, f); }
    void operator()(const TicketDelisted& f) { apply_ticket_delisted(ed, f); }
    void operator()(const ListingSold& f) { apply_listing_sold(ed, f); }
    void operator()(const SellerVerified& f) { apply_seller_verified(ed, f); }
    void operator()(const PayoutSettled& f) { apply_payout_settled(ed, f); }
    void operator()(const PayoutRetried& f) { apply_payout_retried(ed, f); }
};

}  // namespace

void apply(EventState& state, const Fact& fact) {
    SEAT_CHECK(state.created() || std::holds_alternative<EventCreated>(fact),
               "fact applied to an event that was never created");
    StateEditor ed(state);
    std::visit(Dispatch{ed}, fact);
    ed.fact_applied();
}

}  // namespace seat
