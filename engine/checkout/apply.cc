// Applying the checkout saga's facts (the state is valid at every fact
// boundary: a compensation's refund is owed before its checkout says refunded). A started checkout
// pins its hold (the hold stays live, does not expire, and only its checkout's outcome ends it); a
// sale issues the tickets through the sales group's sell_hold; a decline or the deadline gives the
// seats back; a refund owed joins the outbox until the refund worker reports it settled.
#include <algorithm>

#include "base/check.h"
#include "engine/checkout/handlers.h"
#include "engine/sales/handlers.h"
#include "engine/transfers/handlers.h"

namespace seat {
namespace {

Checkout& paying_checkout(StateEditor& ed, const CheckoutId& id) {
    const std::uint32_t i = ed.state().checkout_index(id);
    SEAT_CHECK(i != kNone, "fact names a checkout the event does not have");
    Checkout& c = ed.checkouts()[i];
    SEAT_CHECK(c.state == CheckoutState::paying, "fact settles a checkout that is not paying");
    return c;
}

void erase_index(std::vector<std::uint32_t>& list, std::uint32_t index) {
    const auto it = std::find(list.begin(), list.end(), index);
    SEAT_CHECK(it != list.end(), "index missing from its list");
    list.erase(it);
}

}  // namespace

void unpin(StateEditor& ed, Checkout& c, CheckoutState to, UnixMillis at) {
    const std::uint32_t index = ed.state().checkout_index(c.id);
    if (c.listing == kNone)
        SEAT_CHECK(ed.pinned().erase(c.hold.value), "a paying checkout's hold was not pinned");
    erase_index(ed.paying(), index);
    c.state = to;
    c.settled_at = at;
}

namespace {

Refund& owed_refund(StateEditor& ed, const RefundId& id) {
    const std::uint32_t i = ed.state().refund_index(id);
    SEAT_CHECK(i != kNone, "fact names a refund the event does not have");
    Refund& r = ed.refunds()[i];
    SEAT_CHECK(r.state == RefundState::owed, "fact settles a refund that is not owed");
    return r;
}

}  // namespace

void apply_checkout_started(StateEditor& ed, const CheckoutStarted& f) {
    const auto index = static_cast<std::uint32_t>(ed.checkouts().size());
    std::uint32_t listing = kNone;
    if (f.listing.is_zero()) {
        SEAT_CHECK(ed.state().live_hold(f.hold) != nullptr, "checkout started on a hold not live");
        std::uint32_t& pin = ed.pinned().get_or_insert(f.hold.value, index);
        SEAT_CHECK(pin == index, "a hold pinned by two checkouts");
    } else {
        // A resale: the listing is pinned instead of a hold.
        listing = ed.state().listing_index(f.listing);
        SEAT_CHECK(listing != kNone, "checkout started on a listing the event does not have");
        Listing& l = ed.listings()[listing];
        SEAT_CHECK(l.state == ListingState::listed && !l.delist_requested,
                   "checkout started on a listing not on sale");
        l.state = ListingState::paying;
        l.checkout = index;
    }
    std::uint32_t& slot = ed.checkout_index().get_or_insert(EventState::id_key(f.checkout), index);
    SEAT_CHECK(slot == index, "two checkouts share an index key (decide redraws such ids)");
    Checkout c;
    c.listing = listing;
    c.id = f.checkout;
    c.hold = f.hold;
    c.buyer_id = f.buyer_id;
    c.payment_method = f.payment_method;
    c.amount_minor = f.amount_minor;
    c.currency = f.currency;
    c.started_at = f.at;
    c.deadline = f.deadline;
    ed.checkouts().push_back(std::move(c));
    ed.paying().push_back(index);
    ed.remember(f.tag, listing == kNone ? CommandKind::start_checkout : CommandKind::buy_listing,
                CheckoutReply{index});
}

void apply_checkout_sold(StateEditor& ed, const CheckoutSold& f) {
    Checkout& c = paying_checkout(ed, f.checkout);
    SEAT_CHECK(c.listing == kNone, "a listing's checkout sold as a hold's (ListingSold sells it)");
    unpin(ed, c, CheckoutState::sold, f.at);
    c.payment_id = f.payment_id;
    c.purchase = sell_hold(ed, c.hold, c.buyer_id, f.payment_id, f.tickets, f.at);
}

void apply_checkout_declined(StateEditor& ed, const CheckoutDeclined& f) {
    Checkout& c = paying_checkout(ed, f.checkout);
    unpin(ed, c, CheckoutState::declined, f.at);
    c.decline_reason = f.reason;
    if (c.listing != kNone) {
        release_listing(ed, c.listing, f.at);
    } else {
        release_hold(ed, c.hold);
    }
}

void apply_checkout_abandoned(StateEditor& ed, const CheckoutAbandoned& f) {
    Checkout& c = paying_checkout(ed, f.checkout);
    unpin(ed, c, CheckoutState::abandoned, f.at);
    if (c.listing != kNone) {
        release_listing(ed, c.listing, f.at);
    } else {
        release_hold(ed, c.hold);
    }
}

void apply_checkout_compensated(StateEditor& ed, const CheckoutCompensated& f) {
    const std::uint32_t i = ed.state().checkout_index(f.checkout);
    SEAT_CHECK(i != kNone, "fact names a checkout the event does not have");
    Checkout& c = ed.checkouts()[i];
    SEAT_CHECK(c.state == CheckoutState::abandoned, "only an abandoned checkout is compensated");
    // Its refund, the RefundOwed just before this fact, linked itself to it.
    SEAT_CHECK(c.refund != kNone, "a checkout compensated without its refund owed");
    c.state = CheckoutState::refunded;
    c.payment_id = f.payment_id;
    c.settled_at = f.at;
}

void apply_refund_owed(StateEditor& ed, const RefundOwed& f) {
    const auto index = static_cast<std::uint32_t>(ed.refunds().size());
    std::uint32_t& slot = ed.refund_index().get_or_insert(EventState::id_key(f.refund), index);
    SEAT_CHECK(slot == index, "two refunds share an index key (decide redraws such ids)");
    Refund r;
    r.id = f.refund;
    r.payment_id = f.payment_id;
    r.amount_minor = f.amount_minor;
    r.currency = f.currency;
    r.reason = f.reason;
    r.owed_at = f.at;
    if (!f.checkout.is_zero()) {
        r.checkout = ed.state().checkout_index(f.checkout);
        SEAT_CHECK(r.checkout != kNone, "refund of a checkout the event does not have");
        ed.checkouts()[r.checkout].refund = index;
    }
    ed.refunds().push_back(std::move(r));
    ed.owed().push_back(index);
}

void apply_refund_succeeded(StateEditor& ed, const RefundSucceeded& f) {
    Refund& r = owed_refund(ed, f.refund);
    erase_index(ed.owed(), ed.state().refund_index(f.refund));
    r.state = RefundState::succeeded;
    r.provider_refund_id = f.provider_refund_id;
    r.settled_at = f.at;
}

void apply_refund_failed(StateEditor& ed, const RefundFailed& f) {
    Refund& r = owed_refund(ed, f.refund);
    erase_index(ed.owed(), ed.state().refund_index(f.refund));
    r.state = RefundState::failed;
    r.failure = f.reason;
    r.attempts = f.attempts;
    r.settled_at = f.at;
}

void apply_refund_retried(StateEditor& ed, const RefundRetried& f) {
    const std::uint32_t i = ed.state().refund_index(f.refund);
    SEAT_CHECK(i != kNone && ed.refunds()[i].state == RefundState::failed,
               "only a failed refund is retried");
    Refund& r = ed.refunds()[i];
    r.state = RefundState::owed;
    r.settled_at = 0;
    ++r.retries;
    ed.owed().push_back(i);
    std::sort(ed.owed().begin(), ed.owed().end());
    ed.remember(f.tag, CommandKind::retry_refund, RefundReply{i});
}

}  // namespace seat
