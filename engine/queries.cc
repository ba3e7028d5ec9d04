// Read-only views of an event's state.
#include "engine/queries.h"

#include <algorithm>

#include "base/check.h"
#include "engine/limits.h"

namespace seat {

SeatView seat_view(const EventState& state, SeatId seat) {
    SEAT_CHECK(seat < state.capacity(), "seat_view of a seat outside the venue");
    const SeatState& s = state.seat(seat);
    SeatView v;
    v.seat = seat;
    v.status = s.status;
    v.block_pending = s.block_pending;
    if (s.status == SeatStatus::held) {
        const Hold& h = state.hold_in_slot(s.hold_slot);
        v.hold = h.id;
        v.hold_expires_at = h.expires_at;
    } else if (s.status == SeatStatus::sold) {
        v.ticket = &state.tickets()[s.ticket];
    }
    return v;
}

void section_statuses(const EventState& state, SectionId section, std::span<SeatStatus> out) {
    const Section& sec = state.venue().sections[section];
    SEAT_CHECK(out.size() == sec.seat_count, "section_statuses output of the wrong size");
    const std::span<const SeatState> seats = state.seats().subspan(sec.first_seat, sec.seat_count);
    for (std::size_t i = 0; i < seats.size(); ++i)
        out[i] = seats[i].status;
}

EventSummary summarize(const EventState& state) {
    EventSummary s;
    s.totals = state.totals();
    s.sequence = state.sequence();
    s.live_holds = state.live_hold_count();
    s.tickets = state.tickets().size();
    const Venue& v = state.venue();
    s.sections.reserve(v.sections.size());
    for (SectionId i = 0; i < v.sections.size(); ++i)
        s.sections.push_back(state.section_counts(i));
    s.tiers.reserve(v.tiers.size());
    for (TierId t = 0; t < v.tiers.size(); ++t)
        s.tiers.push_back(TierSummary{state.tier_counts(t), state.tier_revenue(t)});
    return s;
}

std::string_view ticket_owner(const EventState& state, const Ticket& ticket) {
    if (ticket.owner != kNone) return state.owners()[ticket.owner];
    return state.purchases()[ticket.purchase].buyer_id;
}

std::string_view ticket_gate(const EventState& state, const Ticket& ticket) {
    return ticket.gate == kNone ? std::string_view() : std::string_view(state.gates()[ticket.gate]);
}

std::vector<std::uint32_t> tickets_of_owner(const EventState& state, std::string_view owner) {
    std::vector<std::uint32_t> out;
    // Owners and buyer ids share one limit, so a longer name owns nothing.
    if (owner.empty() || owner.size() > kOwnerBytesMax) return out;
    const std::span<const Ticket> tickets = state.tickets();
    for (std::uint32_t i = 0; i < tickets.size(); ++i)
        if (ticket_owner(state, tickets[i]) == owner) out.push_back(i);
    return out;
}

RefundPage page_refunds(const EventState& state, std::optional<RefundState> only,
                        std::uint32_t after, std::size_t max) {
    RefundPage page;
    const auto refunds = state.refunds();
    const auto end = static_cast<std::uint32_t>(refunds.size());
    std::uint32_t i = std::min(after, end);
    for (; i < end; ++i) {
        if (only && refunds[i].state != *only) continue;
        if (page.refunds.size() == max) {
            page.more = true;
            break;
        }
        page.refunds.push_back(i);
    }
    page.next_after = i;
    return page;
}

}  // namespace seat
