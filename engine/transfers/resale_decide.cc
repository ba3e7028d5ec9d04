// Deciding resale: a listing by the ticket's owner under the event's price cap,
// delisting, a buyer paying through the checkout saga (the checkout's amount is
// the listing's price), the sale when the charge succeeds (the fee, the payout
// and whether KYC holds it are chosen here), the seller's verification and the
// payout worker's answers.
#include <limits>

#include "base/check.h"
#include "engine/checkout/handlers.h"
#include "engine/queries.h"
#include "engine/transfers/handlers.h"
#include "engine/transfers/rules.h"

namespace seat {
namespace {

bool sized(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max;
}

Result about_listing(Status s, std::uint32_t listing, std::int64_t cap = 0) {
    Result r = status(s);
    r.reply = ListingReply{listing, cap};
    return r;
}

template <typename IndexOf>
Id128 fresh_id(DecideContext& cx, IndexOf index_of) {
    for (;;) {
        const Id128 id = cx.rng.uuid();
        if (index_of(id) == kNone) return id;
    }
}

// Whether this sale takes the seller past a KYC threshold: their proceeds or
// sales within the window, this one included. Both thresholds 0: never.
// Walks the seller's payouts newest first, only as far back as the window.
bool needs_kyc(const EventState& st, const Listing& l, UnixMillis now) {
    const TransferSettings& rules = st.settings().transfers;
    if (st.seller_verified(l.seller)) return false;
    std::int64_t proceeds = l.price_minor;
    std::uint32_t sales = 1;
    st.for_each_payout_of(l.seller, [&](const Payout& p) {
        if (p.owed_at <= now - rules.kyc_window_ms) return false;
        proceeds += p.gross_minor;
        ++sales;
        return true;
    });
    return (rules.kyc_threshold_minor > 0 && proceeds >= rules.kyc_threshold_minor) ||
           (rules.kyc_threshold_sales > 0 && sales >= rules.kyc_threshold_sales);
}

}  // namespace

Result decide_list_ticket(DecideContext& cx, const ListTicket& c) {
    const EventState& st = cx.state;
    const CommandTag tag{c.key, Fingerprint(CommandKind::list_ticket)
                                    .mix(c.ticket)
                                    .mix(c.seller)
                                    .mix(static_cast<std::uint64_t>(c.price_minor))
                                    .mix(c.payout_account)
                                    .value()};
    if (Result r; cx.replay(tag, CommandKind::list_ticket, r)) return r;
    if (!sized(c.seller, 1, kOwnerBytesMax) || c.price_minor <= 0 ||
        c.price_minor > kResalePriceMinorMax || !sized(c.payout_account, 1, kPayoutAccountBytesMax))
        return status(Status::invalid_argument);
    const std::uint32_t index = st.ticket_index(c.ticket);
    if (index == kNone) return status(Status::ticket_not_found);
    if (Result r = may_hand_over(st, index, c.seller, cx.now, /*resale=*/true); !r.ok()) return r;
    const Ticket& t = st.tickets()[index];
    if (const std::int64_t cap = resale_cap(st, t); c.price_minor > cap)
        return about_listing(Status::price_over_cap, kNone, cap);
    const Venue& venue = st.venue();
    const std::string& currency = st.settings().currency.empty()
                                      ? venue.tiers[venue.seats[t.seat].tier].currency
                                      : st.settings().currency;
    const ListingId id = fresh_id(cx, [&](const Id128& i) { return st.listing_index(i); });
    cx.out.push_back(TicketListed{id, c.ticket, c.seller, c.price_minor, currency, c.payout_account,
                                  cx.now, tag});
    return ok(ListingReply{static_cast<std::uint32_t>(st.listings().size()), 0});
}

Result decide_delist_ticket(DecideContext& cx, const DelistTicket& c) {
    const EventState& st = cx.state;
    const CommandTag tag{
        c.key, Fingerprint(CommandKind::delist_ticket).mix(c.ticket).mix(c.seller).value()};
    if (Result r; cx.replay(tag, CommandKind::delist_ticket, r)) return r;
    const std::uint32_t index = st.ticket_index(c.ticket);
    if (index == kNone) return status(Status::ticket_not_found);
    if (st.tickets()[index].status != TicketStatus::listed)
        return status(Status::listing_not_found);
    const std::uint32_t listing = st.escrow_of(index);
    const Listing& l = st.listings()[listing];
    if (l.seller != c.seller) return about_listing(Status::not_owner, listing);
    // A delisting already waiting for the buyer's payment to end is not asked twice.
    if (l.delist_requested) return ok(ListingReply{listing, 0});
    cx.out.push_back(TicketDelisted{l.id, cx.now, tag});
    return ok(ListingReply{listing, 0});
}

Result decide_buy_listing(DecideContext& cx, const BuyListing& c) {
    const EventState& st = cx.state;
    const CommandTag tag{c.key, Fingerprint(CommandKind::buy_listing)
                                    .mix(c.listing)
                                    .mix(c.buyer_id)
                                    .mix(c.payment_method)
                                    .value()};
    if (Result r; replay_checkout(cx, tag, CommandKind::buy_listing, r)) return r;
    if (!sized(c.buyer_id, 1, kBuyerIdBytesMax) ||
        !sized(c.payment_method, 1, kPaymentMethodBytesMax))
        return status(Status::invalid_argument);
    const std::uint32_t index = st.listing_index(c.listing);
    if (index == kNone) return status(Status::listing_not_found);
    const Listing& l = st.listings()[index];
    switch (l.state) {
        case ListingState::listed:
            break;
        case ListingState::paying:
            return about_listing(Status::listing_in_checkout, index);
        case ListingState::sold:
        case ListingState::delisted:
            return about_listing(Status::listing_unavailable, index);
    }
    if (l.delist_requested) return about_listing(Status::listing_unavailable, index);
    if (!st.settings().transfers.resale_allowed) return status(Status::resale_disabled);
    if (!transfer_window_open(st.settings(), cx.now))
        return about_listing(Status::transfer_window_closed, index);
    if (c.buyer_id == l.seller) return status(Status::invalid_argument);
    const CheckoutId id = fresh_id(cx, [&](const Id128& i) { return st.checkout_index(i); });
    CheckoutStarted f{id,
                      HoldId{},
                      c.buyer_id,
                      c.payment_method,
                      l.price_minor,
                      l.currency,
                      cx.now + st.settings().payment_timeout_ms,
                      cx.now,
                      tag,
                      l.id};
    cx.out.push_back(std::move(f));
    return ok(CheckoutReply{static_cast<std::uint32_t>(st.checkouts().size())});
}

void decide_listing_sold(DecideContext& cx, std::uint32_t checkout, std::string_view payment_id) {
    const EventState& st = cx.state;
    const Checkout& co = st.checkouts()[checkout];
    SEAT_CHECK(co.listing != kNone && co.state == CheckoutState::paying,
               "a listing sold by a checkout that is not paying for it");
    const Listing& l = st.listings()[co.listing];
    const std::int64_t fee = l.price_minor * st.settings().transfers.fee_bps / 10'000;
    const PayoutId payout = fresh_id(cx, [&](const Id128& i) { return st.payout_index(i); });
    cx.out.push_back(
        ListingSold{co.id, std::string(payment_id), payout, fee, needs_kyc(st, l, cx.now), cx.now});
}

Result decide_verify_seller(DecideContext& cx, const VerifySeller& c) {
    const CommandTag tag{c.key, Fingerprint(CommandKind::verify_seller).mix(c.seller).value()};
    if (Result r; cx.replay(tag, CommandKind::verify_seller, r)) return r;
    if (!sized(c.seller, 1, kOwnerBytesMax)) return status(Status::invalid_argument);
    if (cx.state.seller_verified(c.seller)) return ok(KycReply{0});
    std::uint32_t held = 0;
    for (const Payout& p : cx.state.payouts())
        held += p.seller == c.seller && p.state == PayoutState::held_kyc;
    cx.out.push_back(SellerVerified{c.seller, cx.now, tag});
    return ok(KycReply{held});
}

Result decide_settle_payout(DecideContext& cx, const SettlePayout& c) {
    const std::uint32_t index = cx.state.payout_index(c.payout);
    if (index == kNone) return status(Status::payout_not_found);
    if (c.succeeded ? !sized(c.provider_payout_id, 1, kProviderIdBytesMax)
                    : c.failure.size() > kReasonBytesMax)
        return status(Status::invalid_argument);
    if (cx.state.payouts()[index].state != PayoutState::owed) return ok(PayoutReply{index});
    cx.out.push_back(
        PayoutSettled{c.payout, c.succeeded, c.provider_payout_id, c.failure, c.attempts, cx.now});
    return ok(PayoutReply{index});
}

Result decide_retry_payout(DecideContext& cx, const RetryPayout& c) {
    const CommandTag tag{
        c.key, Fingerprint(CommandKind::retry_payout).mix(c.payout).mix(c.destination).value()};
    if (Result r; cx.replay(tag, CommandKind::retry_payout, r)) return r;
    if (c.destination.size() > kPayoutAccountBytesMax) return status(Status::invalid_argument);
    const std::uint32_t index = cx.state.payout_index(c.payout);
    if (index == kNone) return status(Status::payout_not_found);
    // Only a failed payout is owed again: an owed one is on its way, a paid one done,
    // a held one waits for the seller's verification.
    if (cx.state.payouts()[index].state != PayoutState::failed)
        return status(Status::invalid_argument);
    cx.out.push_back(PayoutRetried{c.payout, c.destination, cx.now, tag});
    return ok(PayoutReply{index});
}

}  // namespace seat
