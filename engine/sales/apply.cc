// Applying the sale's facts: holds take a slot of the hold table and their seats,
// and give both back when they end (released, expired or bought); a purchase
// issues one ticket per seat and adds the seats' prices to their tiers; a block
// waits on a held seat until its hold ends. Each change first checks that the
// state is what it expects (SEAT_CHECK, in every build).
#include <algorithm>

#include "base/check.h"
#include "engine/sales/handlers.h"

namespace seat {
namespace {

using Expiry = StateEditor::Expiry;

bool later(const Expiry& a, const Expiry& b) {
    return a.at > b.at;
}

void push_expiry(StateEditor& ed, UnixMillis at, HoldId id) {
    std::vector<Expiry>& heap = ed.expiry_heap();
    heap.push_back({at, id});
    std::push_heap(heap.begin(), heap.end(), later);
}

// Pops entries of holds that ended or were extended, so the heap stays as
// small as the set of live holds plus those not yet at its top.
void trim_expiries(StateEditor& ed) {
    std::vector<Expiry>& heap = ed.expiry_heap();
    while (!heap.empty()) {
        const Hold* h = ed.state().live_hold(heap.front().hold);
        if (h != nullptr && h->expires_at == heap.front().at) break;
        std::pop_heap(heap.begin(), heap.end(), later);
        heap.pop_back();
    }
}

// Ends a live hold: its seats become sold (tickets were appended by the caller,
// in hold order), or return to available, or become blocked if a block waits.
void end_hold(StateEditor& ed, HoldId id, bool sold) {
    Hold& h = ed.live(id);
    std::vector<SeatState>& seats = ed.seats();
    std::uint32_t ticket =
        static_cast<std::uint32_t>(ed.tickets().size() - (sold ? h.seats.size() : 0));
    for (SeatId s : h.seats) {
        SeatState& seat = seats[s];
        SEAT_CHECK(seat.status == SeatStatus::held && seat.hold_slot == id.slot(),
                   "hold's seat is not held by it");
        seat.hold_slot = kNone;
        if (sold) {
            ed.move(s, SeatStatus::sold);
            seat.ticket = ticket++;
            seat.block_pending = false;
        } else {
            ed.move(s, seat.block_pending ? SeatStatus::blocked : SeatStatus::available);
            seat.block_pending = false;
        }
    }
    h.live = false;
    if (h.admission != kNone)
        ed.room().hold_ended(h.admission, sold, ed.state().settings().room.holds_per_token);
    ed.free_slots().push_back(id.slot());
    const std::uint64_t key = StateEditor::session_key(h.session);
    std::uint32_t* n = ed.session_holds().find(key);
    SEAT_CHECK(n != nullptr && *n > 0, "session hold count out of step");
    if (--*n == 0) ed.session_holds().erase(key);
    trim_expiries(ed);
}

}  // namespace

void apply_hold_placed(StateEditor& ed, const HoldPlaced& f) {
    const std::uint32_t slot = f.hold.slot();
    SEAT_CHECK(slot == ed.state().next_hold_slot(), "HoldPlaced does not take the next hold slot");
    SEAT_CHECK(!f.hold.is_none() && f.hold != ed.state().last_hold_in_slot(slot),
               "HoldPlaced reuses its slot's last hold id");
    if (ed.free_slots().empty()) {
        ed.holds().emplace_back();
    } else {
        ed.free_slots().pop_back();
    }
    Hold& h = ed.holds()[slot];
    h = Hold{f.hold, f.session, f.at, f.expires_at, true, false, f.admission, f.seats};
    if (f.admission != kNone) ed.room().hold_placed(f.admission);
    for (SeatId s : f.seats) {
        SeatState& seat = ed.seats()[s];
        SEAT_CHECK(seat.status == SeatStatus::available, "hold placed on a seat not available");
        ed.move(s, SeatStatus::held);
        seat.hold_slot = slot;
    }
    ++ed.session_holds().get_or_insert(StateEditor::session_key(f.session), 0);
    push_expiry(ed, f.expires_at, f.hold);
    ed.remember(f.tag, CommandKind::hold, HoldReply{f.hold, f.expires_at});
}

void apply_hold_released(StateEditor& ed, const HoldReleased& f) {
    end_hold(ed, f.hold, /*sold=*/false);
    ed.remember(f.tag, CommandKind::release, ReleaseReply{f.hold});
}

void apply_hold_extended(StateEditor& ed, const HoldExtended& f) {
    Hold& h = ed.live(f.hold);
    h.extended = true;
    SEAT_CHECK(f.expires_at >= h.expires_at, "an extension never shortens a hold");
    if (f.expires_at != h.expires_at) {
        h.expires_at = f.expires_at;
        push_expiry(ed, f.expires_at, f.hold);
    }
    ed.remember(f.tag, CommandKind::extend, HoldReply{f.hold, f.expires_at});
}

void apply_hold_expired(StateEditor& ed, const HoldExpired& f) {
    end_hold(ed, f.hold, /*sold=*/false);
}

void apply_hold_purchased(StateEditor& ed, const HoldPurchased& f) {
    const std::uint32_t purchase =
        sell_hold(ed, f.hold, f.buyer_id, f.payment_ref, f.tickets, f.at);
    const PurchaseRecord& p = ed.purchases()[purchase];
    ed.remember(f.tag, CommandKind::purchase,
                PurchaseReply{f.hold, p.first_ticket, p.ticket_count});
}

std::uint32_t sell_hold(StateEditor& ed, HoldId hold, std::string_view buyer_id,
                        std::string_view payment_ref, const TicketIds& ticket_ids, UnixMillis at) {
    const Hold& h = ed.live(hold);
    SEAT_CHECK(ticket_ids.size() == h.seats.size(), "one ticket per held seat");
    std::vector<Ticket>& tickets = ed.tickets();
    const Venue& venue = ed.state().venue();
    const auto purchase = static_cast<std::uint32_t>(ed.purchases().size());
    const auto first_ticket = static_cast<std::uint32_t>(tickets.size());
    const auto count = static_cast<std::uint32_t>(ticket_ids.size());
    ed.purchases().push_back(PurchaseRecord{hold, h.session, std::string(buyer_id),
                                            std::string(payment_ref), at, first_ticket, count});
    for (std::size_t i = 0; i < h.seats.size(); ++i) {
        const SeatId s = h.seats[i];
        const auto index = static_cast<std::uint32_t>(tickets.size());
        std::uint32_t& slot =
            ed.ticket_index().get_or_insert(EventState::ticket_key(ticket_ids[i]), index);
        SEAT_CHECK(slot == index, "two tickets share an index key (decide redraws such ids)");
        Ticket ticket;
        ticket.id = ticket_ids[i];
        ticket.seat = s;
        ticket.purchase = purchase;
        tickets.push_back(ticket);
        const TierId tier = venue.seats[s].tier;
        ed.revenue_by_tier()[tier] += venue.tiers[tier].amount_minor;
    }
    end_hold(ed, hold, /*sold=*/true);
    return purchase;
}

void release_hold(StateEditor& ed, HoldId hold) {
    end_hold(ed, hold, /*sold=*/false);
}

void apply_seats_blocked(StateEditor& ed, const SeatsBlocked& f) {
    BlockReply reply;
    for (SeatId s : f.seats) {
        SeatState& seat = ed.seats()[s];
        SEAT_CHECK(seat.status != SeatStatus::sold, "block applied to a sold seat");
        if (seat.status == SeatStatus::available) {
            ed.move(s, SeatStatus::blocked);
            ++reply.seats_changed;
        } else if (seat.status == SeatStatus::held && !seat.block_pending) {
            seat.block_pending = true;
            ++reply.seats_pending;
        }
    }
    ed.remember(f.tag, CommandKind::block, reply);
}

void apply_seats_unblocked(StateEditor& ed, const SeatsUnblocked& f) {
    BlockReply reply;
    for (SeatId s : f.seats) {
        SeatState& seat = ed.seats()[s];
        if (seat.status == SeatStatus::blocked) {
            ed.move(s, SeatStatus::available);
            ++reply.seats_changed;
        } else if (seat.block_pending) {
            seat.block_pending = false;
            ++reply.seats_pending;
        }
    }
    ed.remember(f.tag, CommandKind::unblock, reply);
}

}  // namespace seat
