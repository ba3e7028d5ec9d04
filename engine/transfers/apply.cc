// Applying the transfer facts. Every fact that takes a ticket out of its
// owner's hands (offer, listing) or puts it into someone's (claim, sale,
// cancel, expiry, delisting) moves its version on by one, so the code the last
// holder had is revoked in the same fact; whoever holds it next gets a custody
// record. Each fact must find the ticket, offer or listing in the state it
// names (SEAT_CHECK, in every build).
#include <algorithm>

#include "base/check.h"
#include "engine/checkout/handlers.h"
#include "engine/queries.h"
#include "engine/transfers/handlers.h"

namespace seat {
namespace {

void erase_index(std::vector<std::uint32_t>& list, std::uint32_t index) {
    const auto it = std::find(list.begin(), list.end(), index);
    SEAT_CHECK(it != list.end(), "index missing from its list");
    list.erase(it);
}

// A valid ticket leaves its owner's hands: its code is revoked now, and the
// version it moves to has no code.
void into_escrow(StateEditor& ed, std::uint32_t ticket, TicketStatus to, std::uint32_t holder) {
    Ticket& t = ed.tickets()[ticket];
    SEAT_CHECK(t.status == TicketStatus::valid, "only a valid ticket is offered or listed");
    SEAT_CHECK(t.version + 2 <= kTicketVersionMax, "escrow past the ticket's last version");
    t.status = to;
    ++t.version;
    ++ed.revoked_count();
    std::uint32_t& slot = ed.escrow().get_or_insert(ticket, holder);
    SEAT_CHECK(slot == holder, "a ticket in escrow twice");
}

TransferOffer& open_offer(StateEditor& ed, const OfferId& id) {
    const std::uint32_t i = ed.state().offer_index(id);
    SEAT_CHECK(i != kNone, "fact names an offer the event does not have");
    TransferOffer& o = ed.offers()[i];
    SEAT_CHECK(o.state == OfferState::open, "fact ends an offer that is not open");
    SEAT_CHECK(ed.tickets()[o.ticket].status == TicketStatus::offered,
               "an open offer's ticket is not offered");
    return o;
}

// An offer ends: the ticket leaves escrow and the open list.
void close_offer(StateEditor& ed, TransferOffer& o, OfferState to, UnixMillis at) {
    const std::uint32_t index = ed.state().offer_index(o.id);
    erase_index(ed.open_offers(), index);
    SEAT_CHECK(ed.escrow().erase(o.ticket), "an open offer's ticket was not in escrow");
    o.state = to;
    o.settled_at = at;
}

Listing& live_listing(StateEditor& ed, const ListingId& id) {
    const std::uint32_t i = ed.state().listing_index(id);
    SEAT_CHECK(i != kNone, "fact names a listing the event does not have");
    Listing& l = ed.listings()[i];
    SEAT_CHECK(l.state == ListingState::listed || l.state == ListingState::paying,
               "fact acts on a listing that is sold or delisted");
    return l;
}

// The listing ends unsold: the ticket is the seller's again, with a new code.
void delist(StateEditor& ed, Listing& l, UnixMillis at) {
    SEAT_CHECK(ed.escrow().erase(l.ticket), "a live listing's ticket was not in escrow");
    l.state = ListingState::delisted;
    l.settled_at = at;
    issue_version(ed, l.ticket, l.seller, TransferType::reissue, 0, 0, {}, at);
}

}  // namespace

void issue_version(StateEditor& ed, std::uint32_t ticket, std::string_view to, TransferType type,
                   std::int64_t price_minor, std::int64_t fee_minor, std::string_view currency,
                   UnixMillis at) {
    Ticket& t = ed.tickets()[ticket];
    SEAT_CHECK(t.version < kTicketVersionMax, "a new code past the ticket's last version");
    TransferRecord r;
    r.ticket = ticket;
    r.from = std::string(ticket_owner(ed.state(), t));
    r.to = std::string(to);
    r.type = type;
    r.price_minor = price_minor;
    r.fee_minor = fee_minor;
    r.currency = std::string(currency);
    if (t.status == TicketStatus::offered || t.status == TicketStatus::listed) {
        t.status = TicketStatus::valid;
    }
    SEAT_CHECK(t.status == TicketStatus::valid, "a new code for a ticket that is not valid");
    ++t.version;
    ++ed.revoked_count();
    if (r.to != r.from) t.owner = ed.intern_owner(to);
    r.version = t.version;
    r.id = transfer_id(t.id, t.version);
    r.at = at;
    const auto index = static_cast<std::uint32_t>(ed.transfers().size());
    std::uint32_t& head = ed.chain_head().get_or_insert(ticket, index);
    r.previous = head == index ? kNone : head;
    head = index;
    ed.transfers().push_back(std::move(r));
}

void apply_transfer_offered(StateEditor& ed, const TransferOffered& f) {
    const std::uint32_t ticket = ed.state().ticket_index(f.ticket);
    SEAT_CHECK(ticket != kNone, "fact offers a ticket this event never issued");
    const auto index = static_cast<std::uint32_t>(ed.offers().size());
    std::uint32_t& slot = ed.offer_index().get_or_insert(EventState::id_key(f.offer), index);
    SEAT_CHECK(slot == index, "two offers share an index key (decide redraws such ids)");
    std::uint32_t& token = ed.offer_token_index().get_or_insert(f.token_hash.key(), index);
    SEAT_CHECK(token == index, "two offers share a token's index key");
    into_escrow(ed, ticket, TicketStatus::offered, index);
    TransferOffer o;
    o.id = f.offer;
    o.ticket = ticket;
    o.from = f.from;
    o.to = f.to;
    o.type = f.type;
    o.token_hash = f.token_hash;
    o.offered_at = f.at;
    o.expires_at = f.expires_at;
    ed.offers().push_back(std::move(o));
    ed.open_offers().push_back(index);
    ed.remember(f.tag, CommandKind::offer_transfer, OfferReply{index});
}

void apply_transfer_claimed(StateEditor& ed, const TransferClaimed& f) {
    TransferOffer& o = open_offer(ed, f.offer);
    SEAT_CHECK(!f.claimer.empty(), "claimed by no one");
    close_offer(ed, o, OfferState::claimed, f.at);
    o.claimer = f.claimer;
    issue_version(ed, o.ticket, f.claimer, o.type, 0, 0, {}, f.at);
    o.transfer = static_cast<std::uint32_t>(ed.transfers().size() - 1);
    ed.remember(f.tag, CommandKind::claim_transfer,
                TicketReply{o.ticket, ed.tickets()[o.ticket].version});
}

void apply_offer_withdrawn(StateEditor& ed, const OfferWithdrawn& f) {
    SEAT_CHECK(f.to == OfferState::cancelled || f.to == OfferState::expired,
               "an offer withdrawn into a state that is not cancelled or expired");
    TransferOffer& o = open_offer(ed, f.offer);
    close_offer(ed, o, f.to, f.at);
    issue_version(ed, o.ticket, o.from, TransferType::reissue, 0, 0, {}, f.at);
    ed.remember(f.tag, CommandKind::cancel_offer, OfferReply{ed.state().offer_index(f.offer)});
}

void apply_ticket_listed(StateEditor& ed, const TicketListed& f) {
    const std::uint32_t ticket = ed.state().ticket_index(f.ticket);
    SEAT_CHECK(ticket != kNone, "fact lists a ticket this event never issued");
    SEAT_CHECK(f.price_minor > 0, "a listing for nothing");
    const auto index = static_cast<std::uint32_t>(ed.listings().size());
    std::uint32_t& slot = ed.listing_index().get_or_insert(EventState::id_key(f.listing), index);
    SEAT_CHECK(slot == index, "two listings share an index key (decide redraws such ids)");
    into_escrow(ed, ticket, TicketStatus::listed, index);
    Listing l;
    l.id = f.listing;
    l.ticket = ticket;
    l.seller = f.seller;
    l.price_minor = f.price_minor;
    l.currency = f.currency;
    l.payout_account = f.payout_account;
    l.listed_at = f.at;
    ed.listings().push_back(std::move(l));
    ed.remember(f.tag, CommandKind::list_ticket, ListingReply{index, 0});
}

void apply_ticket_delisted(StateEditor& ed, const TicketDelisted& f) {
    Listing& l = live_listing(ed, f.listing);
    const std::uint32_t index = ed.state().listing_index(f.listing);
    if (l.state == ListingState::paying) {
        // The buyer's payment decides: sold if it succeeds, the seller's if not.
        l.delist_requested = true;
    } else {
        delist(ed, l, f.at);
    }
    ed.remember(f.tag, CommandKind::delist_ticket, ListingReply{index, 0});
}

void release_listing(StateEditor& ed, std::uint32_t listing, UnixMillis at) {
    Listing& l = ed.listings()[listing];
    SEAT_CHECK(l.state == ListingState::paying, "a listing released that no one was paying for");
    l.checkout = kNone;
    l.state = ListingState::listed;
    if (l.delist_requested) delist(ed, l, at);
}

void apply_listing_sold(StateEditor& ed, const ListingSold& f) {
    const std::uint32_t ci = ed.state().checkout_index(f.checkout);
    SEAT_CHECK(ci != kNone, "fact names a checkout the event does not have");
    Checkout& c = ed.checkouts()[ci];
    SEAT_CHECK(c.state == CheckoutState::paying && c.listing != kNone,
               "a listing sold by a checkout not paying for one");
    SEAT_CHECK(!f.payment_id.empty(), "a listing sold without a payment");
    unpin(ed, c, CheckoutState::sold, f.at);
    c.payment_id = f.payment_id;
    Listing& l = ed.listings()[c.listing];
    SEAT_CHECK(l.state == ListingState::paying && l.checkout == ci,
               "a listing sold to a checkout that was not paying for it");
    SEAT_CHECK(f.fee_minor >= 0 && f.fee_minor < l.price_minor, "a fee of the whole price or more");
    SEAT_CHECK(ed.escrow().erase(l.ticket), "a sold listing's ticket was not in escrow");
    l.state = ListingState::sold;
    l.settled_at = f.at;
    issue_version(ed, l.ticket, c.buyer_id, TransferType::marketplace, l.price_minor, f.fee_minor,
                  l.currency, f.at);
    const auto index = static_cast<std::uint32_t>(ed.payouts().size());
    std::uint32_t& slot = ed.payout_index().get_or_insert(EventState::id_key(f.payout), index);
    SEAT_CHECK(slot == index, "two payouts share an index key (decide redraws such ids)");
    Payout p;
    p.id = f.payout;
    p.listing = c.listing;
    p.seller = l.seller;
    p.destination = l.payout_account;
    p.gross_minor = l.price_minor;
    p.fee_minor = f.fee_minor;
    p.amount_minor = l.price_minor - f.fee_minor;
    p.currency = l.currency;
    p.state = f.held_for_kyc ? PayoutState::held_kyc : PayoutState::owed;
    p.owed_at = f.at;
    l.payout = index;
    ed.payouts().push_back(std::move(p));
    ed.chain_payout(index);
    if (!f.held_for_kyc) ed.owed_payouts().push_back(index);
}

void apply_seller_verified(StateEditor& ed, const SellerVerified& f) {
    SEAT_CHECK(!f.seller.empty(), "no seller verified");
    SEAT_CHECK(ed.verify_seller(f.seller), "a seller verified twice");
    std::uint32_t released = 0;
    for (std::uint32_t i = 0; i < ed.payouts().size(); ++i) {
        Payout& p = ed.payouts()[i];
        if (p.seller != f.seller || p.state != PayoutState::held_kyc) continue;
        p.state = PayoutState::owed;
        p.released_at = f.at;
        ed.owed_payouts().push_back(i);
        ++released;
    }
    std::sort(ed.owed_payouts().begin(), ed.owed_payouts().end());
    ed.remember(f.tag, CommandKind::verify_seller, KycReply{released});
}

void apply_payout_settled(StateEditor& ed, const PayoutSettled& f) {
    const std::uint32_t i = ed.state().payout_index(f.payout);
    SEAT_CHECK(i != kNone, "fact names a payout the event does not have");
    Payout& p = ed.payouts()[i];
    SEAT_CHECK(p.state == PayoutState::owed, "fact settles a payout that is not owed");
    erase_index(ed.owed_payouts(), i);
    p.state = f.succeeded ? PayoutState::paid : PayoutState::failed;
    p.provider_payout_id = f.provider_payout_id;
    p.failure = f.failure;
    p.attempts = f.attempts;
    p.settled_at = f.at;
}

void apply_payout_retried(StateEditor& ed, const PayoutRetried& f) {
    const std::uint32_t i = ed.state().payout_index(f.payout);
    SEAT_CHECK(i != kNone && ed.payouts()[i].state == PayoutState::failed,
               "only a failed payout is retried");
    Payout& p = ed.payouts()[i];
    p.state = PayoutState::owed;
    if (!f.destination.empty()) p.destination = f.destination;
    p.settled_at = 0;
    ++p.retries;
    ed.owed_payouts().push_back(i);
    std::sort(ed.owed_payouts().begin(), ed.owed_payouts().end());
    ed.remember(f.tag, CommandKind::retry_payout, PayoutReply{i});
}

}  // namespace seat
