// Accessors, images (snapshots) and the full invariant check of EventState.
#include "engine/event_state.h"

#include <algorithm>

#include "base/check.h"
#include "engine/limits.h"

namespace seat {

const char* to_string(SeatStatus s) {
    switch (s) {
        case SeatStatus::available:
            return "available";
        case SeatStatus::held:
            return "held";
        case SeatStatus::sold:
            return "sold";
        case SeatStatus::blocked:
            return "blocked";
    }
    return "?";
}

const char* to_string(TicketStatus s) {
    switch (s) {
        case TicketStatus::valid:
            return "valid";
        case TicketStatus::admitted:
            return "admitted";
        case TicketStatus::superseded:
            return "superseded";
        case TicketStatus::cancelled:
            return "cancelled";
        case TicketStatus::offered:
            return "offered";
        case TicketStatus::listed:
            return "listed";
    }
    return "?";
}

const Hold* EventState::live_hold(HoldId id) const {
    const std::uint32_t slot = id.slot();
    if (id.is_none() || slot >= holds_.size()) return nullptr;
    const Hold& h = holds_[slot];
    return (h.live && h.id == id) ? &h : nullptr;
}

std::uint32_t EventState::session_live_holds(const SessionId& session) const {
    const std::uint32_t* n = session_holds_.find(session_key(session));
    return n == nullptr ? 0 : *n;
}

const Ticket* EventState::find_ticket(const TicketId& id) const {
    const std::uint32_t i = ticket_index(id);
    return i == kNone ? nullptr : &tickets_[i];
}

std::uint32_t EventState::ticket_index(const TicketId& id) const {
    const std::uint32_t* i = ticket_index_.find(ticket_key(id));
    // Another id may share the key only if it was never issued here: compare the id.
    return (i != nullptr && tickets_[*i].id == id) ? *i : kNone;
}

std::uint64_t EventState::name_key(std::string_view name) {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (unsigned char c : name) {
        h ^= c;
        h *= 0x100000001B3ull;
    }
    return h;
}

std::uint32_t EventState::find_name(const std::vector<std::string>& names, const FlatMap& index,
                                    std::string_view name) {
    const std::uint32_t* i = index.find(name_key(name));
    return (i != nullptr && names[*i] == name) ? *i : kNone;
}

void EventState::index_names(const std::vector<std::string>& names, FlatMap& index) {
    index.clear();
    for (std::uint32_t i = 0; i < names.size(); ++i)
        index.get_or_insert(name_key(names[i]), i);
}

std::uint32_t EventState::next_hold_slot() const {
    return free_slots_.empty() ? static_cast<std::uint32_t>(holds_.size()) : free_slots_.back();
}

HoldId EventState::last_hold_in_slot(std::uint32_t slot) const {
    return slot < holds_.size() ? holds_[slot].id : HoldId{};
}

EventImage EventState::image() const {
    EventImage im;
    im.event = event_;
    im.venue = venue_;
    im.settings = settings_;
    im.sequence = sequence_;
    im.created_at = created_at_;
    im.seats = seats_;
    im.holds = holds_;
    im.free_slots = free_slots_;
    im.tickets = tickets_;
    im.purchases = purchases_;
    im.owners = owners_;
    im.gates = gates_;
    im.revenue_by_tier = revenue_by_tier_;
    im.idempotency = idempotency_.entries();
    im.checkouts = checkouts_;
    im.refunds = refunds_;
    im.room = room_.image();
    im.offers = offers_;
    im.listings = listings_;
    im.payouts = payouts_;
    im.transfers = transfers_;
    im.verified_sellers = verified_sellers_;
    return im;
}

std::optional<EventState> EventState::restore(EventImage im, std::string& problem) {
    // rebuild_derived reads one venue seat per seat state and one tier per revenue entry.
    if (im.venue == nullptr ? !im.seats.empty() : im.seats.size() != im.venue->seat_count()) {
        problem = "image seat count differs from venue";
        return std::nullopt;
    }
    if (im.venue != nullptr && im.revenue_by_tier.size() != im.venue->tiers.size()) {
        problem = "image revenue does not have one entry per price tier";
        return std::nullopt;
    }
    for (const IdempotencyEntry& e : im.idempotency) {
        if (e.key.is_zero() || !reply_fits(e.kind, e.reply)) {
            problem = "image remembers a zero idempotency key or a reply of another kind";
            return std::nullopt;
        }
    }
    EventState st;
    st.event_ = im.event;
    st.venue_ = std::move(im.venue);
    st.settings_ = std::move(im.settings);
    st.sequence_ = im.sequence;
    st.created_at_ = im.created_at;
    st.seats_ = std::move(im.seats);
    st.holds_ = std::move(im.holds);
    st.free_slots_ = std::move(im.free_slots);
    st.tickets_ = std::move(im.tickets);
    st.purchases_ = std::move(im.purchases);
    st.owners_ = std::move(im.owners);
    st.gates_ = std::move(im.gates);
    st.revenue_by_tier_ = std::move(im.revenue_by_tier);
    st.idempotency_.restore(im.idempotency);
    st.checkouts_ = std::move(im.checkouts);
    st.refunds_ = std::move(im.refunds);
    // The room's derived parts are rebuilt before check_invariants() looks:
    // what the rebuild indexes by must be in range first.
    for (const QueueEntry& e : im.room.entries) {
        if (static_cast<std::size_t>(e.state) >= kEntryStateCount) {
            problem = "image has a queue entry in no known state";
            return std::nullopt;
        }
    }
    if (im.room.prequeue > im.room.entries.size()) {
        problem = "image has a pre-queue longer than its queue";
        return std::nullopt;
    }
    st.room_ = Room(std::move(im.room));
    st.offers_ = std::move(im.offers);
    st.listings_ = std::move(im.listings);
    st.payouts_ = std::move(im.payouts);
    st.transfers_ = std::move(im.transfers);
    st.verified_sellers_ = std::move(im.verified_sellers);
    // What the transfer indices are built from must be in range first.
    for (const Ticket& t : st.tickets_) {
        if (static_cast<std::size_t>(t.status) >= kTicketStatusCount) {
            problem = "image has a ticket in no known status";
            return std::nullopt;
        }
    }
    for (const TransferRecord& r : st.transfers_) {
        if (r.ticket >= st.tickets_.size()) {
            problem = "image has a custody record of a ticket it lacks";
            return std::nullopt;
        }
    }
    st.rebuild_derived();
    problem = st.check_invariants();
    if (!problem.empty()) return std::nullopt;
    return st;
}

EventState EventState::from_image(EventImage image) {
    std::string problem;
    std::optional<EventState> st = restore(std::move(image), problem);
    SEAT_CHECK(st.has_value(), "event image violates an invariant");
    return std::move(*st);
}

void EventState::rebuild_derived() {
    totals_ = Counts{};
    by_section_.assign(venue_ ? venue_->sections.size() : 0, Counts{});
    by_tier_.assign(venue_ ? venue_->tiers.size() : 0, Counts{});
    for (SeatId s = 0; s < seats_.size(); ++s) {
        const SeatStatus st = seats_[s].status;
        const SeatInfo& info = venue_->seats[s];
        ++totals_[st];
        ++by_section_[info.section][st];
        ++by_tier_[info.tier][st];
    }
    session_holds_.clear();
    expiry_heap_.clear();
    for (const Hold& h : holds_) {
        if (!h.live) continue;
        ++session_holds_.get_or_insert(session_key(h.session), 0);
        expiry_heap_.push_back({h.expires_at, h.id});
    }
    std::make_heap(expiry_heap_.begin(), expiry_heap_.end(),
                   [](const Expiry& a, const Expiry& b) { return a.at > b.at; });
    // A corrupt image may hold two tickets under one key: the first keeps it, and
    // check_invariants() reports the other as missing from the index.
    ticket_index_.clear();
    revoked_count_ = 0;
    for (std::uint32_t i = 0; i < tickets_.size(); ++i) {
        ticket_index_.get_or_insert(ticket_key(tickets_[i].id), i);
        revoked_count_ += revoked_codes(tickets_[i]);
    }
    index_names(owners_, owner_index_);
    index_names(gates_, gate_index_);
    rebuild_checkout_indices();
    rebuild_transfer_indices();
}

void EventState::rebuild_transfer_indices() {
    offer_index_.clear();
    offer_token_index_.clear();
    escrow_.clear();
    open_offers_.clear();
    for (std::uint32_t i = 0; i < offers_.size(); ++i) {
        offer_index_.get_or_insert(id_key(offers_[i].id), i);
        offer_token_index_.get_or_insert(offers_[i].token_hash.key(), i);
        if (offers_[i].state == OfferState::open) {
            escrow_.get_or_insert(offers_[i].ticket, i);
            open_offers_.push_back(i);
        }
    }
    listing_index_.clear();
    for (std::uint32_t i = 0; i < listings_.size(); ++i) {
        listing_index_.get_or_insert(id_key(listings_[i].id), i);
        const ListingState ls = listings_[i].state;
        if (ls == ListingState::listed || ls == ListingState::paying)
            escrow_.get_or_insert(listings_[i].ticket, i);
    }
    payout_index_.clear();
    owed_payouts_.clear();
    seller_last_payout_.clear();
    seller_previous_payout_.clear();
    for (std::uint32_t i = 0; i < payouts_.size(); ++i) {
        payout_index_.get_or_insert(id_key(payouts_[i].id), i);
        if (payouts_[i].state == PayoutState::owed) owed_payouts_.push_back(i);
        std::uint32_t& last = seller_last_payout_.get_or_insert(name_key(payouts_[i].seller), i);
        seller_previous_payout_.push_back(last == i ? kNone : last);
        last = i;
    }
    chain_head_.clear();
    for (std::uint32_t i = 0; i < transfers_.size(); ++i)
        chain_head_.get_or_insert(transfers_[i].ticket, i) = i;
    index_names(verified_sellers_, verified_index_);
}

std::uint32_t EventState::offer_index(const OfferId& id) const {
    const std::uint32_t* i = offer_index_.find(id_key(id));
    return i != nullptr && offers_[*i].id == id ? *i : kNone;
}

std::uint32_t EventState::offer_by_token(const TokenHash& hash) const {
    const std::uint32_t* i = offer_token_index_.find(hash.key());
    return i != nullptr && offers_[*i].token_hash == hash ? *i : kNone;
}

std::uint32_t EventState::listing_index(const ListingId& id) const {
    const std::uint32_t* i = listing_index_.find(id_key(id));
    return i != nullptr && listings_[*i].id == id ? *i : kNone;
}

std::uint32_t EventState::payout_index(const PayoutId& id) const {
    const std::uint32_t* i = payout_index_.find(id_key(id));
    return i != nullptr && payouts_[*i].id == id ? *i : kNone;
}

std::uint32_t EventState::escrow_of(std::uint32_t ticket) const {
    const std::uint32_t* i = escrow_.find(ticket);
    return i != nullptr ? *i : kNone;
}

std::uint32_t EventState::chain_head(std::uint32_t ticket) const {
    const std::uint32_t* i = chain_head_.find(ticket);
    return i != nullptr ? *i : kNone;
}

void EventState::rebuild_checkout_indices() {
    checkout_index_.clear();
    pinned_.clear();
    paying_.clear();
    for (std::uint32_t i = 0; i < checkouts_.size(); ++i) {
        checkout_index_.get_or_insert(id_key(checkouts_[i].id), i);
        if (checkouts_[i].state == CheckoutState::paying) {
            // A listing's checkout pins its listing (listing.checkout), not a hold.
            if (checkouts_[i].listing == kNone) pinned_.get_or_insert(checkouts_[i].hold.value, i);
            paying_.push_back(i);
        }
    }
    refund_index_.clear();
    owed_.clear();
    for (std::uint32_t i = 0; i < refunds_.size(); ++i) {
        refund_index_.get_or_insert(id_key(refunds_[i].id), i);
        if (refunds_[i].state == RefundState::owed) owed_.push_back(i);
    }
}

std::uint32_t EventState::checkout_index(const CheckoutId& id) const {
    const std::uint32_t* i = checkout_index_.find(id_key(id));
    return i != nullptr && checkouts_[*i].id == id ? *i : kNone;
}

std::uint32_t EventState::refund_index(const RefundId& id) const {
    const std::uint32_t* i = refund_index_.find(id_key(id));
    return i != nullptr && refunds_[*i].id == id ? *i : kNone;
}

std::uint32_t EventState::paying_checkout(HoldId hold) const {
    const std::uint32_t* i = pinned_.find(hold.value);
    return i != nullptr ? *i : kNone;
}

std::string EventState::check_invariants() const {
    if (venue_ == nullptr) return seats_.empty() ? "" : "seats without a venue";
    if (totals_.total() != capacity()) return "available + held + sold + blocked != capacity";
    Counts recount;
    for (SeatId s = 0; s < seats_.size(); ++s) {
        const SeatState& st = seats_[s];
        ++recount[st.status];
        if (st.status == SeatStatus::held) {
            if (st.hold_slot >= holds_.size()) return "held seat points outside the hold table";
            const Hold& h = holds_[st.hold_slot];
            if (!h.live) return "held seat points at a free hold slot";
            if (std::find(h.seats.begin(), h.seats.end(), s) == h.seats.end())
                return "held seat not listed by its hold";
        } else {
            if (st.hold_slot != kNone) return "seat that is not held points at a hold";
            if (st.block_pending) return "block pending on a seat that is not held";
        }
        if (st.status == SeatStatus::sold) {
            if (st.ticket >= tickets_.size()) return "sold seat without a ticket";
            const Ticket& t = tickets_[st.ticket];
            if (t.seat != s) return "sold seat's ticket is for another seat";
            if (t.status == TicketStatus::superseded || t.status == TicketStatus::cancelled)
                return "sold seat's ticket is not valid";
        } else if (st.ticket != kNone) {
            return "seat that is not sold points at a ticket";
        }
    }
    if (!(recount == totals_)) return "status counters differ from the seats";
    std::size_t live = 0;
    for (const Hold& h : holds_) {
        if (!h.live) continue;
        ++live;
        for (SeatId s : h.seats) {
            if (s >= seats_.size()) return "hold lists a seat outside the venue";
            if (seats_[s].status != SeatStatus::held) return "hold lists a seat that is not held";
            if (holds_[seats_[s].hold_slot].id != h.id) return "seat in two live holds";
        }
    }
    if (live + free_slots_.size() != holds_.size()) return "free slots and live holds disagree";
    // Each sold seat has exactly one valid ticket: count valid tickets per seat.
    std::vector<std::uint8_t> valid(seats_.size(), 0);
    for (const Ticket& t : tickets_) {
        if (t.seat >= seats_.size()) return "ticket for a seat outside the venue";
        // An offered or listed ticket still holds its seat: it changes owner, not seat.
        if (t.status == TicketStatus::superseded || t.status == TicketStatus::cancelled) continue;
        if (++valid[t.seat] > 1) return "seat with two valid tickets";
        if (seats_[t.seat].status != SeatStatus::sold) return "valid ticket for a seat not sold";
    }
    if (std::string problem = check_tickets(); !problem.empty()) return problem;
    if (std::string problem = check_checkouts(); !problem.empty()) return problem;
    if (std::string problem = check_transfers(); !problem.empty()) return problem;
    return check_room();
}

// Every live hold placed under an admission is counted by its entry, and only those.
std::string EventState::check_room() const {
    if (std::string problem = room_.check(); !problem.empty()) return problem;
    if (!settings_.room.enabled && room_.size() != 0) return "queue entries without a room";
    std::vector<std::uint32_t> live(room_.size(), 0);
    for (const Hold& h : holds_) {
        if (!h.live || h.admission == kNone) continue;
        if (h.admission >= room_.size()) return "hold placed under an entry the room lacks";
        ++live[h.admission];
    }
    for (std::uint32_t i = 0; i < room_.size(); ++i)
        if (live[i] != room_.entry(i).live_holds) return "admission's live holds out of step";
    return {};
}

// A paying checkout pins a live hold, each its own; a sold one has its purchase,
// a refunded one its refund; a refund of a checkout gives back at most its amount.
std::string EventState::check_checkouts() const {
    std::size_t paying = 0;
    for (std::uint32_t i = 0; i < checkouts_.size(); ++i) {
        const Checkout& c = checkouts_[i];
        if (c.amount_minor <= 0) return "a checkout charges nothing";
        switch (c.state) {
            case CheckoutState::paying:
                ++paying;
                if (c.listing != kNone) {
                    if (c.listing >= listings_.size() || listings_[c.listing].checkout != i ||
                        listings_[c.listing].state != ListingState::paying)
                        return "a paying listing checkout does not pin its listing";
                    break;
                }
                if (live_hold(c.hold) == nullptr) return "a paying checkout's hold is not live";
                if (paying_checkout(c.hold) != i) return "a paying checkout does not pin its hold";
                break;
            case CheckoutState::sold:
                if (c.payment_id.empty()) return "a sold checkout without its payment";
                if (c.listing != kNone ? c.listing >= listings_.size() ||
                                             listings_[c.listing].state != ListingState::sold
                                       : c.purchase >= purchases_.size())
                    return "a sold checkout without its purchase or sold listing";
                break;
            case CheckoutState::refunded:
                if (c.refund >= refunds_.size() || refunds_[c.refund].checkout != i)
                    return "a refunded checkout without its refund";
                break;
            case CheckoutState::declined:
            case CheckoutState::abandoned:
                break;
        }
    }
    if (paying != paying_.size() || pinned_.size() > paying) return "paying checkouts out of step";
    std::size_t owed = 0;
    for (const Refund& r : refunds_) {
        owed += r.state == RefundState::owed;
        if (r.amount_minor <= 0) return "a refund of nothing";
        if (r.checkout != kNone && (r.checkout >= checkouts_.size() ||
                                    r.amount_minor > checkouts_[r.checkout].amount_minor))
            return "a checkout's refund is larger than its charge";
    }
    if (owed != owed_.size()) return "owed refunds out of step";
    return {};
}

// The ticket records themselves: the index, owners, gates and revoked codes.
std::string EventState::check_tickets() const {
    if (ticket_index_.size() != tickets_.size()) return "ticket index out of step with tickets";
    std::size_t revoked = 0;
    for (std::uint32_t i = 0; i < tickets_.size(); ++i) {
        const Ticket& t = tickets_[i];
        if (ticket_index(t.id) != i) return "ticket missing from the ticket index";
        if (t.purchase >= purchases_.size()) return "ticket without a purchase";
        if (t.version < 1 || t.version > kTicketVersionMax) return "ticket version out of range";
        if (t.status == TicketStatus::superseded) return "a ticket is superseded (only codes are)";
        if (t.owner != kNone && t.owner >= owners_.size()) return "ticket owner out of range";
        const bool admitted = t.status == TicketStatus::admitted;
        if (admitted != (t.gate != kNone)) return "admitted ticket without a gate, or the reverse";
        if (admitted && t.gate >= gates_.size()) return "ticket gate out of range";
        if (!admitted && (t.admitted_at != 0 || t.device_at != 0))
            return "ticket not admitted has an admission time";
        if (t.status == TicketStatus::cancelled && seats_[t.seat].ticket == i)
            return "a seat points at a cancelled ticket";
        revoked += revoked_codes(t);
    }
    if (revoked != revoked_count_) return "revoked code count differs from the tickets";
    return {};
}

std::size_t EventState::memory_bytes() const {
    std::size_t bytes = sizeof(*this) + (venue_ ? venue_->memory_bytes() : 0);
    bytes += seats_.capacity() * sizeof(SeatState) + holds_.capacity() * sizeof(Hold);
    bytes += free_slots_.capacity() * sizeof(std::uint32_t) + tickets_.capacity() * sizeof(Ticket);
    bytes += purchases_.capacity() * sizeof(PurchaseRecord);
    for (const std::vector<std::string>* names : {&owners_, &gates_}) {
        bytes += names->capacity() * sizeof(std::string);
        for (const std::string& n : *names)
            if (n.capacity() > 15) bytes += n.capacity() + 1;
    }
    bytes += ticket_index_.memory_bytes() + owner_index_.memory_bytes();
    bytes += gate_index_.memory_bytes();
    for (const PurchaseRecord& p : purchases_) {
        if (p.buyer_id.capacity() > 15) bytes += p.buyer_id.capacity() + 1;
        if (p.payment_ref.capacity() > 15) bytes += p.payment_ref.capacity() + 1;
    }
    bytes += (by_section_.capacity() + by_tier_.capacity()) * sizeof(Counts);
    bytes += revenue_by_tier_.capacity() * sizeof(std::int64_t);
    bytes += expiry_heap_.capacity() * sizeof(Expiry);
    bytes += idempotency_.memory_bytes() + session_holds_.memory_bytes();
    bytes += room_.memory_bytes();
    bytes += offers_.capacity() * sizeof(TransferOffer) + listings_.capacity() * sizeof(Listing);
    bytes += payouts_.capacity() * sizeof(Payout) + transfers_.capacity() * sizeof(TransferRecord);
    for (const FlatMap* m : {&offer_index_, &offer_token_index_, &listing_index_, &payout_index_,
                             &escrow_, &chain_head_, &verified_index_, &seller_last_payout_})
        bytes += m->memory_bytes();
    bytes += seller_previous_payout_.capacity() * sizeof(std::uint32_t);
    return bytes;
}

// Offers, listings and payouts against their tickets: an offered or listed
// ticket has exactly one open offer or live listing and no code that admits; a
// sold listing has its payout; the chains link only their own ticket's records.
std::string EventState::check_transfers() const {
    std::size_t escrowed = 0, open = 0;
    for (std::uint32_t i = 0; i < tickets_.size(); ++i) {
        const TicketStatus s = tickets_[i].status;
        if (s != TicketStatus::offered && s != TicketStatus::listed) continue;
        ++escrowed;
        const std::uint32_t e = escrow_of(i);
        if (e == kNone) return "an offered or listed ticket without its offer or listing";
        if (s == TicketStatus::offered ? e >= offers_.size() || offers_[e].ticket != i ||
                                             offers_[e].state != OfferState::open
                                       : e >= listings_.size() || listings_[e].ticket != i)
            return "a ticket's escrow names another ticket's offer or listing";
    }
    if (escrow_.size() != escrowed) return "escrow index out of step with the tickets";
    for (const TransferOffer& o : offers_) {
        if (o.ticket >= tickets_.size()) return "an offer of a ticket the event lacks";
        if (o.state == OfferState::open) {
            ++open;
            if (tickets_[o.ticket].status != TicketStatus::offered)
                return "an open offer of a ticket that is not offered";
        }
        if (o.state == OfferState::claimed && o.transfer >= transfers_.size())
            return "a claimed offer without its custody record";
    }
    if (open != open_offers_.size()) return "open offers out of step";
    for (std::uint32_t i = 0; i < listings_.size(); ++i) {
        const Listing& l = listings_[i];
        if (l.ticket >= tickets_.size()) return "a listing of a ticket the event lacks";
        if (l.price_minor <= 0) return "a listing for nothing";
        const bool live = l.state == ListingState::listed || l.state == ListingState::paying;
        if (live && tickets_[l.ticket].status != TicketStatus::listed)
            return "a live listing of a ticket that is not listed";
        if (l.state == ListingState::paying &&
            (l.checkout >= checkouts_.size() || checkouts_[l.checkout].listing != i ||
             checkouts_[l.checkout].state != CheckoutState::paying))
            return "a paying listing without its paying checkout";
        if (l.state == ListingState::sold && l.payout >= payouts_.size())
            return "a sold listing without its payout";
    }
    std::size_t owed = 0;
    for (const Payout& p : payouts_) {
        if (p.listing >= listings_.size()) return "a payout of a listing the event lacks";
        if (p.amount_minor <= 0 || p.fee_minor < 0 || p.amount_minor + p.fee_minor != p.gross_minor)
            return "a payout's amount and fee do not add up to its price";
        owed += p.state == PayoutState::owed;
    }
    if (owed != owed_payouts_.size()) return "owed payouts out of step";
    for (std::uint32_t i = 0; i < transfers_.size(); ++i) {
        const TransferRecord& r = transfers_[i];
        if (r.ticket >= tickets_.size()) return "a custody record of a ticket the event lacks";
        if (r.previous != kNone && (r.previous >= i || transfers_[r.previous].ticket != r.ticket))
            return "a custody record links another ticket's record";
        if (r.version < 2 || r.version > tickets_[r.ticket].version)
            return "a custody record issues a version the ticket never had";
    }
    return {};
}

bool same_state(const EventImage& a, const EventImage& b) {
    const bool venues_equal =
        a.venue == b.venue || (a.venue != nullptr && b.venue != nullptr && *a.venue == *b.venue);
    return venues_equal && a.event == b.event && a.settings == b.settings &&
           a.sequence == b.sequence && a.created_at == b.created_at && a.seats == b.seats &&
           a.holds == b.holds && a.free_slots == b.free_slots && a.tickets == b.tickets &&
           a.purchases == b.purchases && a.owners == b.owners && a.gates == b.gates &&
           a.revenue_by_tier == b.revenue_by_tier && a.idempotency == b.idempotency &&
           a.checkouts == b.checkouts && a.refunds == b.refunds && a.room == b.room &&
           a.offers == b.offers && a.listings == b.listings && a.payouts == b.payouts &&
           a.transfers == b.transfers && a.verified_sellers == b.verified_sellers;
}

}  // namespace seat
