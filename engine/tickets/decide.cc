// Deciding the ticket commands. Only a valid ticket (neither admitted nor
// cancelled) may be admitted, reissued or cancelled, and only its current code
// admits; a refusal about an existing ticket names it (TicketReply), so the
// caller can show when and at which gate it went in.
#include "engine/tickets/handlers.h"

namespace seat {
namespace {

// A refusal that names an existing ticket.
Result about_ticket(Status s, std::uint32_t index, std::uint32_t version = 0) {
    Result r = status(s);
    r.reply = TicketReply{index, version};
    return r;
}

// A ticket that may be admitted, reissued or cancelled: neither cancelled nor
// admitted, nor out of its owner's hands (offered, listed). Otherwise r says
// why and names the ticket (tickets()[index]).
bool usable_ticket(const Ticket& t, std::uint32_t index, Result& r) {
    if (t.status == TicketStatus::offered) {
        r = about_ticket(Status::ticket_offered, index);
        return false;
    }
    if (t.status == TicketStatus::listed) {
        r = about_ticket(Status::ticket_listed, index);
        return false;
    }
    if (t.status == TicketStatus::cancelled) {
        r = about_ticket(Status::ticket_cancelled, index);
        return false;
    }
    if (t.status == TicketStatus::admitted) {
        r = about_ticket(Status::already_admitted, index, t.version);
        return false;
    }
    return true;
}

}  // namespace

Result decide_admit_ticket(DecideContext& cx, const AdmitTicket& c) {
    if (c.gate.empty() || c.gate.size() > kGateBytesMax || c.version == 0)
        return status(Status::invalid_argument);
    const std::uint32_t index = cx.state.ticket_index(c.ticket);
    if (index == kNone) return status(Status::ticket_not_found);
    const Ticket& t = cx.state.tickets()[index];
    // Out of the owner's hands: no code admits it (the last one is revoked).
    if (t.status == TicketStatus::offered || t.status == TicketStatus::listed) {
        Result r;
        usable_ticket(t, index, r);
        return r;
    }
    if (c.version != t.version) {
        // A newer version than issued was never signed by us: a malformed request.
        return about_ticket(c.version > t.version ? Status::invalid_argument : Status::superseded,
                            index);
    }
    if (Result r; !usable_ticket(t, index, r)) return r;
    cx.out.push_back(TicketAdmitted{c.ticket, c.version, c.gate, cx.now, c.device_at});
    return ok(TicketReply{index, c.version});
}

Result decide_reissue_ticket(DecideContext& cx, const ReissueTicket& c) {
    const CommandTag tag{c.key,
                         Fingerprint(CommandKind::reissue).mix(c.ticket).mix(c.new_owner).value()};
    if (Result r; cx.replay(tag, CommandKind::reissue, r)) return r;
    if (c.new_owner.size() > kOwnerBytesMax) return status(Status::invalid_argument);
    const std::uint32_t index = cx.state.ticket_index(c.ticket);
    if (index == kNone) return status(Status::ticket_not_found);
    const Ticket& t = cx.state.tickets()[index];
    if (Result r; !usable_ticket(t, index, r)) return r;
    if (t.version >= kTicketVersionMax) return status(Status::invalid_argument);
    cx.out.push_back(TicketReissued{c.ticket, t.version + 1, c.new_owner, cx.now, tag});
    return ok(TicketReply{index, t.version + 1});
}

Result decide_cancel_ticket(DecideContext& cx, const CancelTicket& c) {
    const CommandTag tag{c.key, Fingerprint(CommandKind::cancel).mix(c.ticket).value()};
    if (Result r; cx.replay(tag, CommandKind::cancel, r)) return r;
    const std::uint32_t index = cx.state.ticket_index(c.ticket);
    if (index == kNone) return status(Status::ticket_not_found);
    const Ticket& t = cx.state.tickets()[index];
    if (Result r; !usable_ticket(t, index, r)) return r;
    cx.out.push_back(TicketCancelled{c.ticket, cx.now, tag});
    return ok(TicketReply{index, t.version});
}

}  // namespace seat
