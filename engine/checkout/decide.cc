// Deciding the checkout saga. The amount is chosen here from the seats' price
// tiers, the checkout and refund ids are drawn here (the provider's idempotency
// keys derive from them), the deadline is fixed here: all recorded in the
// facts. The provider's answers arrive as SettleCheckout / SettleRefund and are
// decided against the checkout's state, so a late or repeated answer never acts
// twice: the one late answer that acts is a success for an abandoned checkout,
// which is refunded.
#include "base/check.h"
#include "engine/checkout/handlers.h"
#include "engine/sales/handlers.h"
#include "engine/transfers/handlers.h"

namespace seat {
namespace {

// An id no checkout (or refund) of the event uses; the index folds ids to 64
// bits, so an id whose fold is taken is drawn again.
Id128 fresh_id(DecideContext& cx, bool for_refund) {
    for (;;) {
        const Id128 id = cx.rng.uuid();
        const std::uint32_t taken =
            for_refund ? cx.state.refund_index(id) : cx.state.checkout_index(id);
        if (taken == kNone) return id;
    }
}

}  // namespace

Result checkout_answer(const EventState& st, std::uint32_t index) {
    Result r = ok(CheckoutReply{index});
    switch (st.checkouts()[index].state) {
        case CheckoutState::declined:
            r.status = Status::payment_declined;
            break;
        case CheckoutState::refunded:
            r.status = Status::payment_refunded;
            break;
        case CheckoutState::abandoned:
            r.status = Status::hold_expired;  // its seats went back on sale unpaid
            break;
        case CheckoutState::paying:
        case CheckoutState::sold:
            break;
    }
    return r;
}

namespace {

bool sized(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max;
}

}  // namespace

bool replay_checkout(DecideContext& cx, const CommandTag& tag, CommandKind kind, Result& r) {
    if (!cx.replay(tag, kind, r)) return false;
    // A retry is answered with where the checkout is now, not where it began.
    if (const CheckoutReply* reply = r.reply_as<CheckoutReply>()) {
        r = checkout_answer(cx.state, reply->checkout);
        r.replayed = true;
    }
    return true;
}

Result decide_start_checkout(DecideContext& cx, const StartCheckout& c) {
    const EventState& st = cx.state;
    const CommandTag tag{c.key, Fingerprint(CommandKind::start_checkout)
                                    .mix(c.hold.value)
                                    .mix(c.session)
                                    .mix(c.buyer_id)
                                    .mix(c.payment_method)
                                    .value()};
    if (Result r; replay_checkout(cx, tag, CommandKind::start_checkout, r)) return r;
    if (!sized(c.buyer_id, 1, kBuyerIdBytesMax) ||
        !sized(c.payment_method, 1, kPaymentMethodBytesMax))
        return status(Status::invalid_argument);
    if (Result r; !cx.usable_hold(c.hold, c.session, r)) return r;
    const Hold& h = *st.live_hold(c.hold);
    // The room's token again: the hold's own, from the session that joined.
    if (st.settings().room.enabled &&
        (!c.admission.verified || h.admission == kNone || c.admission.entry != h.admission ||
         st.room().entry(h.admission).session != c.admission.session))
        return status(Status::not_admitted);
    const Venue& venue = st.venue();
    std::int64_t amount = 0;
    std::string_view currency = st.settings().currency;
    for (SeatId s : h.seats) {
        const PriceTier& tier = venue.tiers[venue.seats[s].tier];
        amount += tier.amount_minor;
        if (currency.empty()) currency = tier.currency;
        // One charge has one currency: a hold across currencies cannot be paid.
        if (tier.currency != currency) return status(Status::invalid_argument);
    }
    // A free hold needs no provider: buy it with Purchase.
    if (amount <= 0) return status(Status::invalid_argument);
    const CheckoutId id = fresh_id(cx, /*for_refund=*/false);
    cx.out.push_back(
        CheckoutStarted{id, c.hold, c.buyer_id, c.payment_method, amount, std::string(currency),
                        cx.now + st.settings().payment_timeout_ms, cx.now, tag, ListingId{}});
    return ok(CheckoutReply{static_cast<std::uint32_t>(st.checkouts().size())});
}

Result decide_settle_checkout(DecideContext& cx, const SettleCheckout& c) {
    const EventState& st = cx.state;
    const std::uint32_t index = st.checkout_index(c.checkout);
    if (index == kNone) return status(Status::checkout_not_found);
    const Checkout& co = st.checkouts()[index];
    const bool succeeded = c.result == ChargeResult::succeeded;
    if (succeeded && !sized(c.payment_id, 1, kProviderIdBytesMax))
        return status(Status::invalid_argument);
    if (!succeeded && c.decline_reason.size() > kReasonBytesMax)
        return status(Status::invalid_argument);

    if (co.state == CheckoutState::paying) {
        if (succeeded && co.listing != kNone) {
            decide_listing_sold(cx, index, c.payment_id);
            return ok(CheckoutReply{index});
        }
        if (succeeded) {
            CheckoutSold fact{c.checkout, c.payment_id, {}, cx.now};
            const Hold* h = st.live_hold(co.hold);
            SEAT_CHECK(h != nullptr, "a paying checkout's hold is live (it is pinned)");
            for (std::size_t i = 0; i < h->seats.size(); ++i)
                fact.tickets.push_back(fresh_ticket_id(cx, fact.tickets));
            cx.out.push_back(std::move(fact));
            return ok(CheckoutReply{index});
        }
        cx.out.push_back(CheckoutDeclined{c.checkout, c.decline_reason, cx.now});
        Result r = ok(CheckoutReply{index});
        r.status = Status::payment_declined;
        return r;
    }
    // The one late answer that acts: money taken for seats already given back.
    if (succeeded && co.state == CheckoutState::abandoned) {
        // The refund first, so that every fact boundary of the log is a valid state.
        cx.out.push_back(RefundOwed{fresh_id(cx, /*for_refund=*/true), c.checkout, c.payment_id,
                                    co.amount_minor, co.currency, RefundReason::compensation,
                                    cx.now});
        cx.out.push_back(CheckoutCompensated{c.checkout, c.payment_id, cx.now});
        Result r = ok(CheckoutReply{index});
        r.status = Status::payment_refunded;
        return r;
    }
    return checkout_answer(st, index);
}

Result decide_expire_checkouts(DecideContext& cx, const ExpireCheckouts&) {
    ExpireReply reply;
    for (const std::uint32_t i : cx.state.paying_checkouts()) {
        const Checkout& co = cx.state.checkouts()[i];
        if (co.deadline > cx.now) continue;
        cx.out.push_back(CheckoutAbandoned{co.id, cx.now});
        if (++reply.holds_expired >= kExpireBatchMax) break;
    }
    return ok(reply);
}

Result decide_settle_refund(DecideContext& cx, const SettleRefund& c) {
    const EventState& st = cx.state;
    const std::uint32_t index = st.refund_index(c.refund);
    if (index == kNone) return status(Status::refund_not_found);
    if (c.succeeded ? !sized(c.provider_refund_id, 1, kProviderIdBytesMax)
                    : c.failure.size() > kReasonBytesMax)
        return status(Status::invalid_argument);
    if (st.refunds()[index].state != RefundState::owed) return ok(RefundReply{index});
    if (c.succeeded) {
        cx.out.push_back(RefundSucceeded{c.refund, c.provider_refund_id, cx.now});
    } else {
        cx.out.push_back(RefundFailed{c.refund, c.failure, c.attempts, cx.now});
    }
    return ok(RefundReply{index});
}

Result decide_retry_refund(DecideContext& cx, const RetryRefund& c) {
    const CommandTag tag{c.key, Fingerprint(CommandKind::retry_refund).mix(c.refund).value()};
    if (Result r; cx.replay(tag, CommandKind::retry_refund, r)) return r;
    const std::uint32_t index = cx.state.refund_index(c.refund);
    if (index == kNone) return status(Status::refund_not_found);
    // Only a failed refund is owed again: an owed one is on its way, a succeeded one done.
    if (cx.state.refunds()[index].state != RefundState::failed)
        return status(Status::invalid_argument);
    cx.out.push_back(RefundRetried{c.refund, cx.now, tag});
    return ok(RefundReply{index});
}

}  // namespace seat
