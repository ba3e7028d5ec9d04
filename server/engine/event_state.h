// The in-memory state of one event: per-seat status in flat arrays indexed by
// SeatId, the hold table, tickets, counters and the idempotency window. Only
// apply() changes it. Invariants (checked after every fact, in every build):
//   available + held + sold + blocked == capacity, in total, per section, per tier;
//   a seat is in at most one live hold, and a held seat's hold lists it;
//   a sold seat points at exactly one valid ticket, and that ticket at the seat.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "server/engine/facts.h"
#include "server/engine/flat_map.h"
#include "server/engine/idempotency.h"
#include "server/engine/ids.h"
#include "server/engine/settings.h"
#include "server/engine/venue.h"

namespace seat {

enum class SeatStatus : std::uint8_t { available = 0, held = 1, sold = 2, blocked = 3 };
inline constexpr std::size_t kSeatStatusCount = 4;
const char* to_string(SeatStatus s);

enum class TicketStatus : std::uint8_t { valid = 0, admitted, superseded, cancelled };
const char* to_string(TicketStatus s);

inline constexpr std::uint32_t kNone = UINT32_MAX;

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
    HoldSeats seats;
    friend bool operator==(const Hold&, const Hold&) = default;
};

struct Ticket {
    TicketId id;
    SeatId seat = kNoSeat;
    std::uint32_t purchase = kNone;  // index into purchases: buyer, payment, issued_at
    std::uint32_t version = 1;       // increases each time the ticket's code is reissued
    TicketStatus status = TicketStatus::valid;
    friend bool operator==(const Ticket&, const Ticket&) = default;
};

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
    std::vector<std::int64_t> revenue_by_tier;  // minor units of sold seats, per tier
    std::vector<IdempotencyEntry> idempotency;  // oldest first
};
bool same_state(const EventImage& a, const EventImage& b);

class EventState {
  public:
    EventState() = default;
    // Rebuilds derived data and checks every invariant; aborts on a corrupt image.
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
    // Linear scan; the edge's ticket look-up (the server keeps its own index when it needs one).
    const Ticket* find_ticket(const TicketId& id) const;

    const Counts& totals() const { return totals_; }
    const Counts& section_counts(SectionId s) const { return by_section_[s]; }
    const Counts& tier_counts(TierId t) const { return by_tier_[t]; }
    std::int64_t tier_revenue(TierId t) const { return revenue_by_tier_[t]; }

    const IdempotencyWindow& idempotency() const { return idempotency_; }

    // The slot the next hold will take, and the id it will get.
    HoldId next_hold_id() const;
    // Calls f(HoldId, expires_at) for due holds (expires_at <= now) until f returns false.
    template <typename F>
    void for_each_due_hold(UnixMillis now, F&& f) const;

    // Approximate heap bytes of this state, the venue included (the memory budget).
    std::size_t memory_bytes() const;

    // Full O(capacity) invariant check; returns a description of the first violation.
    std::string check_invariants() const;

  private:
    friend class Applier;

    // Per-session hold counts are keyed by a 64-bit hash of the session id: a
    // collision would only share a hold limit, never a hold (holds keep the full id).
    static std::uint64_t session_key(const SessionId& s) {
        return s.hi ^ (s.lo * 0xC2B2AE3D27D4EB4Full);
    }
    void rebuild_derived();

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
    std::vector<std::int64_t> revenue_by_tier_;
    IdempotencyWindow idempotency_;

    // Derived.
    Counts totals_;
    std::vector<Counts> by_section_;
    std::vector<Counts> by_tier_;
    FlatMap session_holds_;            // hash(session) -> live holds
    std::vector<Expiry> expiry_heap_;  // min-heap by `at`; stale entries are skipped and trimmed
};

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
        if (h != nullptr && h->expires_at == e.at && !f(e.hold, e.at)) return;
        for (std::uint32_t child = 2 * i + 1; child <= 2 * i + 2; ++child) {
            if (child >= expiry_heap_.size()) break;
            // Each level leaves at most one sibling pending, so depth <= heap height + 1.
            SEAT_CHECK(depth < 64, "expiry heap walk deeper than a 32-bit heap can be");
            stack[depth++] = child;
        }
    }
}

}  // namespace seat
