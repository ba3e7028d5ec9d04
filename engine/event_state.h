// The in-memory state of one event: per-seat status in flat arrays indexed by
// SeatId, the hold table, tickets, counters and the idempotency window. Only
// apply() changes it. Invariants:
//   available + held + sold + blocked == capacity, in total, per section, per tier;
//   a seat is in at most one live hold, and a held seat's hold lists it;
//   a sold seat points at exactly one valid-or-admitted ticket, and that ticket at
//   the seat; a cancelled ticket keeps its old seat, but no seat points at it;
//   every code a reissue replaced is revoked, and a current code only when cancelled.
// apply() checks, on every fact and in every build, what the fact changes (a
// hold takes only available seats and gives back only its own, a ticket acted on
// is valid, a refunded seat is sold to that ticket...) and that the total is the
// capacity. check_invariants() checks every invariant over the whole state: when
// a state is built from an image (from_image: every snapshot loaded) and in the
// tests after every command. It is O(capacity), about 750 us on the half-sold
// stadium against the few hundred ns of a fact, so it does not run per fact
// (bench/engine_bench, BM_CheckInvariants).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/checkout/records.h"
#include "engine/event/settings.h"
#include "engine/facts.h"
#include "engine/flat_map.h"
#include "engine/idempotency.h"
#include "engine/ids.h"
#include "engine/room/room.h"
#include "engine/transfers/records.h"
#include "engine/venue.h"

namespace seat {

enum class SeatStatus : std::uint8_t { available = 0, held = 1, sold = 2, blocked = 3 };
inline constexpr std::size_t kSeatStatusCount = 4;
const char* to_string(SeatStatus s);

// offered and listed: the ticket is out of its owner's hands (an open transfer
// offer, or a resale listing in the platform's escrow); no code of it admits.
enum class TicketStatus : std::uint8_t {
    valid = 0,
    admitted,
    superseded,
    cancelled,
    offered,
    listed
};
inline constexpr std::size_t kTicketStatusCount = 6;
const char* to_string(TicketStatus s);

struct SeatState {
    SeatStatus status = SeatStatus::available;
    bool block_pending = false;  // blocked by an operator while held: blocked when the hold ends
    std::uint32_t hold_slot = kNone;  // while held
    std::uint32_t ticket = kNone;     // while sold: index into tickets
    friend bool operator==(const SeatState&, const SeatState&) = default;
};

struct Hold {
    HoldId id;  // id of the live hold in this slot, or of the last one when free
    SessionId session;
    UnixMillis placed_at = 0;
    UnixMillis expires_at = 0;
    bool live = false;
    bool extended = false;
    std::uint32_t admission = kNone;  // the waiting-room entry it was placed under
    HoldSeats seats;
    friend bool operator==(const Hold&, const Hold&) = default;
};

// A ticket's status is valid, admitted, cancelled, offered or listed.
// `superseded` describes a ticket's old codes (versions below `version`), never
// the ticket itself. An offered or listed ticket's version is one no code was
// made for: its owner's code (the version before) is revoked.
struct Ticket {
    TicketId id;
    SeatId seat = kNoSeat;           // kept when cancelled, though the seat is no longer its
    std::uint32_t purchase = kNone;  // index into purchases: buyer, payment, issued_at
    std::uint32_t version = 1;       // increases each time the ticket's code is reissued
    TicketStatus status = TicketStatus::valid;
    std::uint32_t owner = kNone;  // index into owners; kNone = the purchase's buyer
    std::uint32_t gate = kNone;   // index into gates while admitted, else kNone
    UnixMillis admitted_at = 0;   // the engine's time of the admission
    UnixMillis device_at = 0;     // the offline scanner's time of the admission, 0 if online
    friend bool operator==(const Ticket&, const Ticket&) = default;
};
static_assert(sizeof(Ticket) <= 56, "a stadium holds 70,000 tickets: keep Ticket small");

struct PurchaseRecord {
    HoldId hold;
    SessionId session;
    std::string buyer_id;
    std::string payment_ref;
    UnixMillis issued_at = 0;
    std::uint32_t first_ticket = 0;
    std::uint32_t ticket_count = 0;
    friend bool operator==(const PurchaseRecord&, const PurchaseRecord&) = default;
};

struct Counts {
    std::uint32_t by_status[kSeatStatusCount] = {0, 0, 0, 0};
    std::uint32_t& operator[](SeatStatus s) { return by_status[static_cast<int>(s)]; }
    std::uint32_t operator[](SeatStatus s) const { return by_status[static_cast<int>(s)]; }
    std::uint64_t total() const {
        return std::uint64_t{by_status[0]} + by_status[1] + by_status[2] + by_status[3];
    }
    friend bool operator==(const Counts&, const Counts&) = default;
};

// Everything that is not derived: what a snapshot stores and what replay equality
// compares. Counters, per-session hold counts and the expiry queue are rebuilt.
struct EventImage {
    EventId event = 0;
    std::shared_ptr<const Venue> venue;
    SaleSettings settings;
    Sequence sequence = 0;  // facts applied so far (the last fact's sequence number)
    UnixMillis created_at = 0;
    std::vector<SeatState> seats;
    std::vector<Hold> holds;  // the hold table, free slots included (their generations matter)
    std::vector<std::uint32_t> free_slots;  // stack: the next hold takes back()
    std::vector<Ticket> tickets;
    std::vector<PurchaseRecord> purchases;
    std::vector<std::string> owners;  // owners named by reissues, each once (Ticket::owner)
    std::vector<std::string> gates;   // admission gates, each once (Ticket::gate)
    std::vector<std::int64_t> revenue_by_tier;  // minor units of sold seats, per tier
    std::vector<IdempotencyEntry> idempotency;  // oldest first
    std::vector<Checkout> checkouts;            // every checkout, in the order they started
    std::vector<Refund> refunds;                // every refund owed, in the order owed
    RoomImage room;                             // the waiting room's entries
    // Transfers and resale (transfers/records.h), each in the order made.
    std::vector<TransferOffer> offers;
    std::vector<Listing> listings;
    std::vector<Payout> payouts;
    std::vector<TransferRecord> transfers;      // the custody chains' links
    std::vector<std::string> verified_sellers;  // KYC done, in the order verified
};
bool same_state(const EventImage& a, const EventImage& b);

class EventState {
  public:
    EventState() = default;
    // Rebuilds derived data and checks every invariant of an image whose venue
    // is valid (validate()). restore() says what is wrong with a corrupt image,
    // such as a damaged snapshot; from_image() aborts on one.
    static std::optional<EventState> restore(EventImage image, std::string& problem);
    static EventState from_image(EventImage image);
    EventImage image() const;

    bool created() const { return venue_ != nullptr; }
    EventId event() const { return event_; }
    const Venue& venue() const { return *venue_; }
    const std::shared_ptr<const Venue>& venue_ptr() const { return venue_; }
    const SaleSettings& settings() const { return settings_; }
    Sequence sequence() const { return sequence_; }
    UnixMillis created_at() const { return created_at_; }

    std::size_t capacity() const { return seats_.size(); }
    const SeatState& seat(SeatId s) const { return seats_[s]; }
    std::span<const SeatState> seats() const { return seats_; }
    const Hold* live_hold(HoldId id) const;
    const Hold& hold_in_slot(std::uint32_t slot) const { return holds_[slot]; }
    std::size_t live_hold_count() const { return holds_.size() - free_slots_.size(); }
    std::uint32_t session_live_holds(const SessionId& session) const;
    std::span<const Ticket> tickets() const { return tickets_; }
    std::span<const PurchaseRecord> purchases() const { return purchases_; }
    std::span<const std::string> owners() const { return owners_; }
    std::span<const std::string> gates() const { return gates_; }
    // O(1) through the ticket index; nullptr / kNone when the event has no such ticket.
    const Ticket* find_ticket(const TicketId& id) const;
    std::uint32_t ticket_index(const TicketId& id) const;
    // The ticket index's 64-bit key: ticket ids are random (UUID v4), so folding
    // the halves keeps them apart, and decide() redraws an id whose key is taken
    // (ticket_key_taken) so the index never holds two tickets under one key.
    static std::uint64_t ticket_key(const TicketId& t) {
        const std::uint64_t k = t.hi ^ (t.lo * 0x9E3779B97F4A7C15ull);
        return k == FlatMap::kEmpty ? FlatMap::kEmpty - 1 : k;  // kEmpty marks free slots
    }
    bool ticket_key_taken(const TicketId& id) const {
        return ticket_index_.find(ticket_key(id)) != nullptr;
    }

    // Revoked codes, for offline scanners: every (ticket, version) a reissue
    // replaced, and the current version of a cancelled ticket.
    std::size_t revoked_count() const { return revoked_count_; }
    // Calls f(TicketId, version) for every revoked code, in ticket order.
    template <typename F>
    void for_each_revoked(F f) const;

    const Counts& totals() const { return totals_; }
    const Counts& section_counts(SectionId s) const { return by_section_[s]; }
    const Counts& tier_counts(TierId t) const { return by_tier_[t]; }
    std::int64_t tier_revenue(TierId t) const { return revenue_by_tier_[t]; }

    const IdempotencyWindow& idempotency() const { return idempotency_; }

    // ---- Checkouts and refunds (checkout/records.h).
    std::span<const Checkout> checkouts() const { return checkouts_; }
    std::span<const Refund> refunds() const { return refunds_; }
    // O(1); kNone when the event has no such checkout / refund.
    std::uint32_t checkout_index(const CheckoutId& id) const;
    std::uint32_t refund_index(const RefundId& id) const;
    static std::uint64_t id_key(const Id128& id) { return ticket_key(id); }
    // The checkout paying for a live hold (which pins it), or kNone.
    std::uint32_t paying_checkout(HoldId hold) const;
    // Checkouts still paying, oldest first (the payment worker's to resolve).
    std::span<const std::uint32_t> paying_checkouts() const { return paying_; }
    // Refunds owed, oldest first (the refund worker's to deliver).
    std::span<const std::uint32_t> owed_refunds() const { return owed_; }

    // ---- The waiting room (room/room.h): empty unless settings().room.enabled.
    const Room& room() const { return room_; }

    // ---- Transfers and resale (transfers/records.h).
    std::span<const TransferOffer> offers() const { return offers_; }
    std::span<const Listing> listings() const { return listings_; }
    std::span<const Payout> payouts() const { return payouts_; }
    std::span<const TransferRecord> transfers() const { return transfers_; }
    std::span<const std::string> verified_sellers() const { return verified_sellers_; }
    // O(1); kNone when the event has none.
    std::uint32_t offer_index(const OfferId& id) const;
    std::uint32_t offer_by_token(const TokenHash& hash) const;
    bool offer_token_taken(const TokenHash& hash) const {
        return offer_token_index_.find(hash.key()) != nullptr;
    }
    std::uint32_t listing_index(const ListingId& id) const;
    std::uint32_t payout_index(const PayoutId& id) const;
    // The open offer or live listing (listed or paying) of an offered or listed
    // ticket (index into tickets), as an index into offers or listings; kNone otherwise.
    std::uint32_t escrow_of(std::uint32_t ticket) const;
    // The ticket's newest custody record (index into transfers), kNone if none.
    std::uint32_t chain_head(std::uint32_t ticket) const;
    bool seller_verified(std::string_view seller) const {
        return find_name(verified_sellers_, verified_index_, seller) != kNone;
    }
    // Open offers, oldest first (the expiry timer's); payouts owed, oldest first
    // (the payout worker's).
    std::span<const std::uint32_t> open_offers() const { return open_offers_; }
    std::span<const std::uint32_t> owed_payouts() const { return owed_payouts_; }
    // Calls f(const Payout&) for the seller's payouts, newest first, until f
    // returns false: O(the seller's payouts visited), for the KYC thresholds.
    template <typename F>
    void for_each_payout_of(std::string_view seller, F f) const;

    // The slot the next hold will take, and the id of the hold it last held
    // (none for a new slot): the next hold's id must differ from it.
    std::uint32_t next_hold_slot() const;
    HoldId last_hold_in_slot(std::uint32_t slot) const;
    // Calls f(HoldId, expires_at) for due holds (expires_at <= now) until f returns false.
    template <typename F>
    void for_each_due_hold(UnixMillis now, F&& f) const;

    // Approximate heap bytes of this state, the venue included (the memory budget).
    std::size_t memory_bytes() const;

    // Full O(capacity) invariant check; returns a description of the first violation.
    std::string check_invariants() const;

  private:
    friend class StateEditor;  // apply()'s write access (state_editor.h)

    // Per-session hold counts are keyed by a 64-bit hash of the session id: a
    // collision would only share a hold limit, never a hold (holds keep the full id).
    static std::uint64_t session_key(const SessionId& s) {
        return s.hi ^ (s.lo * 0xC2B2AE3D27D4EB4Full);
    }
    // Interned names (owners, gates) are keyed by a 64-bit FNV-1a hash; the first
    // name with a hash owns the key, a colliding later one is stored unindexed.
    static std::uint64_t name_key(std::string_view name);
    static std::uint32_t find_name(const std::vector<std::string>& names, const FlatMap& index,
                                   std::string_view name);
    static void index_names(const std::vector<std::string>& names, FlatMap& index);
    static std::size_t revoked_codes(const Ticket& t) {
        return t.version - 1 + (t.status == TicketStatus::cancelled ? 1 : 0);
    }
    void rebuild_derived();
    void rebuild_checkout_indices();
    void rebuild_transfer_indices();
    std::string check_tickets() const;
    std::string check_checkouts() const;
    std::string check_transfers() const;
    std::string check_room() const;

    struct Expiry {
        UnixMillis at;
        HoldId hold;
    };

    EventId event_ = 0;
    std::shared_ptr<const Venue> venue_;
    SaleSettings settings_;
    Sequence sequence_ = 0;
    UnixMillis created_at_ = 0;
    std::vector<SeatState> seats_;
    std::vector<Hold> holds_;
    std::vector<std::uint32_t> free_slots_;
    std::vector<Ticket> tickets_;
    std::vector<PurchaseRecord> purchases_;
    std::vector<std::string> owners_;
    std::vector<std::string> gates_;
    std::vector<std::int64_t> revenue_by_tier_;
    IdempotencyWindow idempotency_;

    Room room_;
    std::vector<TransferOffer> offers_;
    std::vector<Listing> listings_;
    std::vector<Payout> payouts_;
    std::vector<TransferRecord> transfers_;
    std::vector<std::string> verified_sellers_;

    // Derived.
    std::vector<Checkout> checkouts_;
    std::vector<Refund> refunds_;

    FlatMap ticket_index_;               // ticket_key(id) -> index into tickets_
    FlatMap checkout_index_;             // id_key(id) -> index into checkouts_
    FlatMap refund_index_;               // id_key(id) -> index into refunds_
    FlatMap pinned_;                     // HoldId value of a paying checkout's hold -> its checkout
    std::vector<std::uint32_t> paying_;  // checkouts paying, in index order
    std::vector<std::uint32_t> owed_;    // refunds owed, in index order
    FlatMap offer_index_;                // id_key(id) -> index into offers_
    FlatMap offer_token_index_;          // TokenHash::key() -> index into offers_
    FlatMap listing_index_;              // id_key(id) -> index into listings_
    FlatMap payout_index_;               // id_key(id) -> index into payouts_
    FlatMap escrow_;                     // ticket index -> its open offer or live listing
    FlatMap chain_head_;                 // ticket index -> its newest record in transfers_
    FlatMap verified_index_;             // name_key(seller) -> index into verified_sellers_
    std::vector<std::uint32_t> open_offers_;   // offers open, in index order
    std::vector<std::uint32_t> owed_payouts_;  // payouts owed, in index order
    // Each seller's payouts as a chain, newest first: name_key(seller) -> the
    // newest payout, and per payout the seller's one before it (kNone). Sellers
    // sharing a key share a chain; the walk compares names.
    FlatMap seller_last_payout_;
    std::vector<std::uint32_t> seller_previous_payout_;
    FlatMap owner_index_;  // name_key(owner) -> index into owners_
    FlatMap gate_index_;   // name_key(gate) -> index into gates_
    std::size_t revoked_count_ = 0;
    Counts totals_;
    std::vector<Counts> by_section_;
    std::vector<Counts> by_tier_;
    FlatMap session_holds_;            // hash(session) -> live holds
    std::vector<Expiry> expiry_heap_;  // min-heap by `at`; stale entries are skipped and trimmed
};

template <typename F>
void EventState::for_each_revoked(F f) const {
    for (const Ticket& t : tickets_) {
        const std::uint32_t last = t.status == TicketStatus::cancelled ? t.version : t.version - 1;
        for (std::uint32_t v = 1; v <= last; ++v)
            f(t.id, v);
    }
}

template <typename F>
void EventState::for_each_payout_of(std::string_view seller, F f) const {
    const std::uint32_t* last = seller_last_payout_.find(name_key(seller));
    for (std::uint32_t i = last != nullptr ? *last : kNone; i != kNone;
         i = seller_previous_payout_[i]) {
        if (payouts_[i].seller == seller && !f(payouts_[i])) return;
    }
}

template <typename F>
void EventState::for_each_due_hold(UnixMillis now, F&& f) const {
    // Depth-first walk of the min-heap, descending only while entries are due:
    // visits every due entry without popping (decide is const).
    std::uint32_t stack[64];
    std::size_t depth = 0;
    if (!expiry_heap_.empty()) stack[depth++] = 0;
    while (depth > 0) {
        const std::uint32_t i = stack[--depth];
        const Expiry& e = expiry_heap_[i];
        if (e.at > now) continue;
        const Hold* h = live_hold(e.hold);
        // A hold being paid for does not expire: its checkout's deadline bounds it.
        const bool pinned = h != nullptr && pinned_.find(e.hold.value) != nullptr;
        if (h != nullptr && !pinned && h->expires_at == e.at && !f(e.hold, e.at)) return;
        for (std::uint32_t child = 2 * i + 1; child <= 2 * i + 2; ++child) {
            if (child >= expiry_heap_.size()) break;
            // Each level leaves at most one sibling pending, so depth <= heap height + 1.
            SEAT_CHECK(depth < 64, "expiry heap walk deeper than a 32-bit heap can be");
            stack[depth++] = child;
        }
    }
}

}  // namespace seat
