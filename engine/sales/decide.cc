// Deciding the sale's commands. A hold is all-or-nothing: every seat that cannot
// be held is refused with its reason, and holds past their time on requested
// seats are expired first (they count as released). A purchase draws one ticket
// id per held seat; a block waits for a seat's hold to end.
#include <algorithm>
#include <span>
#include <vector>

#include "engine/room/handlers.h"
#include "engine/sales/handlers.h"

namespace seat {
namespace {

using DueHolds = InlineVec<HoldId, kHoldSeatsMax>;

bool contains(std::span<const SeatId> seats, SeatId s) {
    return std::find(seats.begin(), seats.end(), s) != seats.end();
}

bool contains_hold(const DueHolds& holds, HoldId id) {
    return std::find(holds.begin(), holds.end(), id) != holds.end();
}

// Refuses every seat that cannot be held, with its reason; collects live holds
// that are past their time on requested seats (they count as released).
void check_seats(const DecideContext& cx, std::span<const SeatId> seats, Result& r, DueHolds& due) {
    const EventState& st = cx.state;
    const Venue& venue = st.venue();
    bool invalid = false, group = false;
    for (std::size_t i = 0; i < seats.size(); ++i) {
        const SeatId s = seats[i];
        if (s >= st.capacity()) {
            r.refuse(s, SeatProblem::unknown);
            invalid = true;
            continue;
        }
        if (contains(seats.first(i), s)) {
            r.refuse(s, SeatProblem::duplicate);
            invalid = true;
            continue;
        }
        const SeatState& seat = st.seat(s);
        switch (seat.status) {
            case SeatStatus::available:
                break;
            case SeatStatus::sold:
                r.refuse(s, SeatProblem::sold);
                break;
            case SeatStatus::blocked:
                r.refuse(s, SeatProblem::blocked);
                break;
            case SeatStatus::held: {
                const Hold& h = st.hold_in_slot(seat.hold_slot);
                // A hold being paid for is held whatever its time: only its
                // checkout's outcome or deadline ends it.
                const bool pinned = st.paying_checkout(h.id) != kNone;
                if (h.expires_at > cx.now || seat.block_pending || pinned) {
                    r.refuse(s, seat.block_pending ? SeatProblem::blocked : SeatProblem::held);
                } else if (!contains_hold(due, h.id)) {
                    due.push_back(h.id);
                }
                break;
            }
        }
        const SeatInfo& info = venue.seats[s];
        if (info.group == kNoGroup) continue;
        const Group& g = venue.groups[info.group];
        if (g.kind == GroupKind::together) {
            for (SeatId member : g.seats) {
                if (!contains(seats, member)) {
                    r.refuse(s, SeatProblem::group_incomplete);
                    group = true;
                    break;
                }
            }
        } else if (info.type == SeatType::companion && !contains(seats, g.anchor)) {
            r.refuse(s, SeatProblem::companion_needs_anchor);
            group = true;
        }
    }
    if (r.refused_count == 0) return;
    r.status = invalid ? Status::invalid_argument
               : group ? Status::group_rule
                       : Status::seats_unavailable;
}

Result block(DecideContext& cx, const std::vector<SeatId>& seats, const IdempotencyKey& key,
             bool block) {
    const EventState& st = cx.state;
    const CommandKind kind = block ? CommandKind::block : CommandKind::unblock;
    Fingerprint fp(kind);
    for (SeatId s : seats)
        fp.mix(s);
    const CommandTag tag{key, fp.value()};
    if (Result r; cx.replay(tag, kind, r)) return r;
    if (seats.empty() || seats.size() > kBlockSeatsMax) return status(Status::invalid_argument);

    Result r;
    BlockReply reply;
    std::vector<SeatId> sorted(seats);
    std::sort(sorted.begin(), sorted.end());
    bool invalid = false;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const SeatId s = sorted[i];
        if (s >= st.capacity()) {
            r.refuse(s, SeatProblem::unknown);
            invalid = true;
        } else if (i > 0 && sorted[i - 1] == s) {
            r.refuse(s, SeatProblem::duplicate);
            invalid = true;
        } else if (block && st.seat(s).status == SeatStatus::sold) {
            r.refuse(s, SeatProblem::sold);  // a sold seat has a ticket; cancel it first
        }
    }
    if (r.refused_count > 0) {
        r.status = invalid ? Status::invalid_argument : Status::seats_unavailable;
        return r;
    }
    for (SeatId s : seats) {
        const SeatState& seat = st.seat(s);
        if (block) {
            reply.seats_changed += seat.status == SeatStatus::available;
            reply.seats_pending += seat.status == SeatStatus::held && !seat.block_pending;
        } else {
            reply.seats_changed += seat.status == SeatStatus::blocked;
            reply.seats_pending += seat.block_pending;
        }
    }
    if (block) {
        cx.out.push_back(SeatsBlocked{seats, cx.now, tag});
    } else {
        cx.out.push_back(SeatsUnblocked{seats, cx.now, tag});
    }
    return ok(reply);
}

}  // namespace

// A ticket id whose index key no ticket uses, in the state or earlier in this purchase.
TicketId fresh_ticket_id(DecideContext& cx, const TicketIds& drawn) {
    for (;;) {
        const TicketId id = cx.rng.uuid();
        const std::uint64_t key = EventState::ticket_key(id);
        bool taken = cx.state.ticket_key_taken(id);
        for (const TicketId& d : drawn)
            taken |= EventState::ticket_key(d) == key;
        if (!taken) return id;
    }
}

// A random tag for the slot's next hold: never zero (an id of zero is "none")
// and never the slot's last id (a stale client must not reach the new hold).
HoldId fresh_hold_id(DecideContext& cx, std::uint32_t slot, HoldId previous) {
    for (;;) {
        const HoldId id = HoldId::make(slot, cx.rng.next());
        if (id.tag() != 0 && id != previous) return id;
    }
}

Result decide_place_hold(DecideContext& cx, const PlaceHold& c) {
    const EventState& st = cx.state;
    Fingerprint fp(CommandKind::hold);
    fp.mix(c.session);
    for (SeatId s : c.seats)
        fp.mix(s);
    const CommandTag tag{c.key, fp.value()};
    // Every way out returns this one Result, so it is built in the caller's
    // return slot and never copied: refused holds are the bulk of a flash sale.
    Result r;
    if (cx.replay(tag, CommandKind::hold, r)) return r;
    if (c.seats.empty()) {
        r.status = Status::invalid_argument;
        return r;
    }
    if (c.seats.size() > st.settings().max_seats_per_hold) {
        r.status = Status::too_many_seats;
        return r;
    }
    if (cx.now < st.settings().sale_starts_at_ms) {
        r.status = Status::sale_not_started;
        return r;
    }
    if (st.settings().room.enabled) {
        r.status = admission_for_hold(cx, c.admission, c.seats.size());
        if (r.status != Status::ok) return r;
    }

    DueHolds due;  // holds past their time that share a seat with this request
    check_seats(cx, c.seats.span(), r, due);
    if (r.refused_count > 0) return r;

    std::uint32_t session_holds = st.session_live_holds(c.session);
    for (HoldId id : due)
        if (st.live_hold(id)->session == c.session) --session_holds;
    if (session_holds >= st.settings().max_holds_per_session) {
        r.status = Status::session_hold_limit;
        return r;
    }

    // Expire first: the new hold then takes the slot the last expiry freed.
    std::uint32_t slot = st.next_hold_slot();
    HoldId previous = st.last_hold_in_slot(slot);
    for (HoldId id : due) {
        cx.out.push_back(HoldExpired{id, cx.now});
        slot = id.slot();
        previous = id;
    }
    const HoldId hold = fresh_hold_id(cx, slot, previous);
    const UnixMillis expires_at = cx.now + st.settings().hold_ttl_ms;
    const std::uint32_t admission = st.settings().room.enabled ? c.admission.entry : kNone;
    cx.out.push_back(HoldPlaced{hold, c.session, c.seats, expires_at, cx.now, tag, admission});
    r.status = Status::ok;
    r.reply = HoldReply{hold, expires_at};
    return r;
}

Result decide_release_hold(DecideContext& cx, const ReleaseHold& c) {
    const CommandTag tag{
        c.key, Fingerprint(CommandKind::release).mix(c.hold.value).mix(c.session).value()};
    if (Result r; cx.replay(tag, CommandKind::release, r)) return r;
    if (Result r; !cx.usable_hold(c.hold, c.session, r)) return r;
    cx.out.push_back(HoldReleased{c.hold, cx.now, tag});
    return ok(ReleaseReply{c.hold});
}

Result decide_extend_hold(DecideContext& cx, const ExtendHold& c) {
    const CommandTag tag{c.key,
                         Fingerprint(CommandKind::extend).mix(c.hold.value).mix(c.session).value()};
    if (Result r; cx.replay(tag, CommandKind::extend, r)) return r;
    if (Result r; !cx.usable_hold(c.hold, c.session, r)) return r;
    const Hold& h = *cx.state.live_hold(c.hold);
    if (h.extended) return status(Status::hold_already_extended);
    // Never shortens: with a hold TTL longer than the checkout TTL the hold keeps its time.
    const UnixMillis expires_at =
        std::max(h.expires_at, cx.now + cx.state.settings().checkout_ttl_ms);
    cx.out.push_back(HoldExtended{c.hold, expires_at, cx.now, tag});
    return ok(HoldReply{c.hold, expires_at});
}

Result decide_purchase(DecideContext& cx, const Purchase& c) {
    const CommandTag tag{c.key, Fingerprint(CommandKind::purchase)
                                    .mix(c.hold.value)
                                    .mix(c.session)
                                    .mix(c.buyer_id)
                                    .mix(c.payment_ref)
                                    .value()};
    if (Result r; cx.replay(tag, CommandKind::purchase, r)) return r;
    if (c.buyer_id.empty() || c.buyer_id.size() > kBuyerIdBytesMax || c.payment_ref.empty() ||
        c.payment_ref.size() > kPaymentRefBytesMax)
        return status(Status::invalid_argument);
    if (Result r; !cx.usable_hold(c.hold, c.session, r)) return r;
    const Hold& h = *cx.state.live_hold(c.hold);
    HoldPurchased fact{c.hold, c.buyer_id, c.payment_ref, {}, cx.now, tag};
    for (std::size_t i = 0; i < h.seats.size(); ++i)
        fact.tickets.push_back(fresh_ticket_id(cx, fact.tickets));
    cx.out.push_back(std::move(fact));
    return ok(PurchaseReply{c.hold, static_cast<std::uint32_t>(cx.state.tickets().size()),
                            static_cast<std::uint32_t>(h.seats.size())});
}

Result decide_block_seats(DecideContext& cx, const BlockSeats& c) {
    return block(cx, c.seats, c.key, /*block=*/true);
}

Result decide_unblock_seats(DecideContext& cx, const UnblockSeats& c) {
    return block(cx, c.seats, c.key, /*block=*/false);
}

Result decide_expire_holds(DecideContext& cx, const ExpireHolds&) {
    ExpireReply reply;
    cx.state.for_each_due_hold(cx.now, [&](HoldId id, UnixMillis) {
        cx.out.push_back(HoldExpired{id, cx.now});
        return ++reply.holds_expired < kExpireBatchMax;
    });
    return ok(reply);
}

}  // namespace seat
