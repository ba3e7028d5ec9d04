// Read-only questions about one event, answered from memory. The network layer
// turns these into wire views; nothing here allocates per seat.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/event_state.h"

namespace seat {

struct SeatView {
    SeatId seat = kNoSeat;
    SeatStatus status = SeatStatus::available;
    bool block_pending = false;
    HoldId hold;  // when held
    UnixMillis hold_expires_at = 0;
    const Ticket* ticket = nullptr;  // when sold
};
SeatView seat_view(const EventState& state, SeatId seat);

// Statuses of every seat of a section, in seat-id order (the article's HGETALL).
// `out` must hold venue.sections[section].seat_count entries.
void section_statuses(const EventState& state, SectionId section, std::span<SeatStatus> out);

struct TierSummary {
    Counts counts;
    std::int64_t revenue_minor = 0;
};

struct EventSummary {
    Counts totals;
    std::vector<Counts> sections;    // indexed by SectionId
    std::vector<TierSummary> tiers;  // indexed by TierId
    std::uint64_t live_holds = 0;
    std::uint64_t tickets = 0;
    Sequence sequence = 0;
};
EventSummary summarize(const EventState& state);

// A ticket's current owner: the last owner a reissue named, else its buyer.
std::string_view ticket_owner(const EventState& state, const Ticket& ticket);
// The gate an admitted ticket went in at; empty when it was not admitted.
std::string_view ticket_gate(const EventState& state, const Ticket& ticket);
// Indices into state.tickets() of every ticket whose current owner is `owner`, in
// issue order, whatever their status (a cancelled ticket is still listed; the
// caller filters by status). O(tickets).
std::vector<std::uint32_t> tickets_of_owner(const EventState& state, std::string_view owner);

// One page of the event's refunds, oldest first, in one state or all, starting
// at index `after` of state.refunds(). `next_after` is where the next page
// starts: past every refund this page looked at (listed or filtered out), so
// paging a filtered list never repeats or skips one. O(refunds looked at).
struct RefundPage {
    std::vector<std::uint32_t> refunds;  // indices into state.refunds()
    bool more = false;
    std::uint32_t next_after = 0;
};
RefundPage page_refunds(const EventState& state, std::optional<RefundState> only,
                        std::uint32_t after, std::size_t max);

}  // namespace seat
