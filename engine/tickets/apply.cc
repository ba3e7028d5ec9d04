// Applying the ticket facts: an admission records its gate and times, a reissue
// moves the version (revoking the old code) and maybe the owner, a cancel puts
// the seat back on sale and takes its price off the tier's revenue. Each fact
// must name a valid ticket of this event (SEAT_CHECK, in every build).
#include "base/check.h"
#include "engine/queries.h"
#include "engine/tickets/handlers.h"
#include "engine/transfers/handlers.h"

namespace seat {
namespace {

// The named ticket, which must be valid: neither admitted nor cancelled.
Ticket& usable_ticket(StateEditor& ed, const TicketId& id) {
    const std::uint32_t index = ed.state().ticket_index(id);
    SEAT_CHECK(index != kNone, "fact names a ticket this event never issued");
    Ticket& t = ed.tickets()[index];
    SEAT_CHECK(t.status == TicketStatus::valid, "fact acts on a ticket that is not valid");
    return t;
}

}  // namespace

void apply_ticket_admitted(StateEditor& ed, const TicketAdmitted& f) {
    Ticket& t = usable_ticket(ed, f.ticket);
    SEAT_CHECK(f.version == t.version, "admitted a version that is not the ticket's");
    SEAT_CHECK(!f.gate.empty(), "admitted at no gate");
    t.status = TicketStatus::admitted;
    t.gate = ed.intern_gate(f.gate);
    t.admitted_at = f.at;
    t.device_at = f.device_at;
}

void apply_ticket_reissued(StateEditor& ed, const TicketReissued& f) {
    Ticket& t = usable_ticket(ed, f.ticket);
    SEAT_CHECK(f.new_version == t.version + 1, "a reissue skips or repeats a version");
    const std::uint32_t index = ed.state().ticket_index(f.ticket);
    // The new version replaces the old code in this one fact: the old code is
    // revoked, and the custody chain records who holds the new one.
    const std::string owner(f.new_owner.empty() ? ticket_owner(ed.state(), t) : f.new_owner);
    issue_version(ed, index, owner, TransferType::reissue, 0, 0, {}, f.at);
    ed.remember(f.tag, CommandKind::reissue, TicketReply{index, f.new_version});
}

void apply_ticket_cancelled(StateEditor& ed, const TicketCancelled& f) {
    Ticket& t = usable_ticket(ed, f.ticket);
    const std::uint32_t index = ed.state().ticket_index(f.ticket);
    SeatState& seat = ed.seats()[t.seat];
    SEAT_CHECK(seat.status == SeatStatus::sold && seat.ticket == index,
               "a cancelled ticket's seat is not sold to it");
    ed.move(t.seat, SeatStatus::available);
    seat.ticket = kNone;
    const Venue& venue = ed.state().venue();
    const TierId tier = venue.seats[t.seat].tier;
    ed.revenue_by_tier()[tier] -= venue.tiers[tier].amount_minor;
    t.status = TicketStatus::cancelled;
    ++ed.revoked_count();
    ed.remember(f.tag, CommandKind::cancel, TicketReply{index, t.version});
}

}  // namespace seat
