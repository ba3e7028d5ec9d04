// Deciding the waiting room: joins (one live entry per session), leaving, and
// the timer's tick, which opens the sale, reclaims lapsed positions, ends
// expired admissions and admits the next batch — only as far as max_active
// allows and only while seats are left to sell beyond those held.
#include <algorithm>

#include "engine/room/handlers.h"

namespace seat {
namespace {

QueueTicketId fresh_ticket(DecideContext& cx) {
    // Redrawn while its index key is taken, so the index never holds two (a
    // 64-bit collision among random ids: practically never).
    for (;;) {
        const QueueTicketId t = cx.rng.uuid();
        if (!cx.state.room().ticket_key_taken(t)) return t;
    }
}

bool room_closed(const EventState& st) {
    // Nothing left that could still be sold: every seat sold or blocked.
    return st.totals()[SeatStatus::available] == 0 && st.totals()[SeatStatus::held] == 0;
}

}  // namespace

Result decide_join_queue(DecideContext& cx, const JoinQueue& c) {
    const EventState& st = cx.state;
    if (!st.settings().room.enabled) return status(Status::no_waiting_room);
    const Room& room = st.room();
    if (const std::uint32_t e = room.live_entry(c.buyer); e != kNone)
        return ok(QueueReply{e, true});
    if (room_closed(st)) return status(Status::sold_out);
    if (room.size() >= kRoomEntriesMax) return status(Status::queue_full);
    cx.out.push_back(QueueJoined{fresh_ticket(cx), c.buyer, cx.now});
    return ok(QueueReply{room.size(), false});
}

Result decide_leave_queue(DecideContext& cx, const LeaveQueue& c) {
    const EventState& st = cx.state;
    if (!st.settings().room.enabled) return status(Status::no_waiting_room);
    const std::uint32_t e = st.room().find_ticket(c.ticket);
    if (e == kNone) return status(Status::queue_ticket_not_found);
    const EntryState s = st.room().entry(e).state;
    // Leaving twice, or after the entry ended, changes nothing.
    if (s == EntryState::waiting || s == EntryState::admitted)
        cx.out.push_back(QueueLeft{e, cx.now});
    return ok(QueueReply{e, s != EntryState::waiting && s != EntryState::admitted});
}

Result decide_run_room(DecideContext& cx, const RunRoom& c) {
    const EventState& st = cx.state;
    const RoomSettings& settings = st.settings().room;
    if (!settings.enabled) return status(Status::no_waiting_room);
    const Room& room = st.room();
    RoomTickReply tick;
    std::vector<std::uint32_t> lapsed;
    for (std::uint32_t e : c.lapsed)
        if (e < room.size() && room.entry(e).state == EntryState::waiting &&
            lapsed.size() < kRoomBatchMax)
            lapsed.push_back(e);
    std::sort(lapsed.begin(), lapsed.end());
    lapsed.erase(std::unique(lapsed.begin(), lapsed.end()), lapsed.end());
    if (!lapsed.empty()) {
        tick.abandoned = static_cast<std::uint32_t>(lapsed.size());
        cx.out.push_back(QueueAbandoned{lapsed, cx.now});
    }
    if (!room.opened()) {
        // The pre-queue is drawn in a tick of its own: admission then reads the drawn order.
        if (cx.now < st.settings().sale_starts_at_ms) return ok(tick);
        cx.out.push_back(QueueOpened{cx.rng.next(), cx.now});
        tick.opened = true;
        return ok(tick);
    }

    std::vector<std::uint32_t> ended;
    room.for_each_admitted([&](std::uint32_t e) {
        const QueueEntry& entry = room.entry(e);
        // Admission order is expiry order: stop at the first token still valid.
        if (entry.token_expires_at > cx.now || ended.size() >= kRoomBatchMax) return false;
        if (entry.live_holds == 0) ended.push_back(e);
        return true;
    });
    if (!ended.empty()) {
        tick.ended = static_cast<std::uint32_t>(ended.size());
        cx.out.push_back(AdmissionsEnded{ended, AdmissionEnd::token_expired, cx.now});
    }

    // One batch per interval; sized by the room left under max_active and by the
    // seats still on sale beyond one for each admitted shopper who has not held
    // yet (admitting more buyers than seats only makes them wait inside for
    // nothing instead of in the queue, where they are told how many are left).
    // The first batch one interval after the sale opens, then one per interval.
    const UnixMillis last = std::max(room.last_admission_at(), room.opened_at());
    if (cx.now < last + settings.batch_interval_ms) return ok(tick);
    const std::uint32_t active = room.active() - tick.ended;
    const std::uint32_t room_left = settings.max_active > active ? settings.max_active - active : 0;
    std::uint32_t unheld = room.admitted_unheld();
    for (std::uint32_t e : ended)
        unheld -= room.entry(e).holds_used == 0 ? 1 : 0;
    const std::uint32_t on_sale = st.totals()[SeatStatus::available];
    const std::uint32_t available = on_sale > unheld ? on_sale - unheld : 0;
    const std::uint32_t n = std::min({settings.batch_size, room_left, available, kRoomBatchMax});
    if (n == 0) return ok(tick);
    std::vector<std::uint32_t> admitted;
    admitted.reserve(n);
    room.for_each_waiting([&](std::uint32_t e) {
        if (!std::binary_search(lapsed.begin(), lapsed.end(), e)) admitted.push_back(e);
        return admitted.size() < n;
    });
    if (!admitted.empty()) {
        tick.admitted = static_cast<std::uint32_t>(admitted.size());
        cx.out.push_back(
            QueueAdmitted{std::move(admitted), cx.now + settings.token_ttl_ms, cx.now});
    }
    return ok(tick);
}

Status admission_for_hold(const DecideContext& cx, const AdmissionClaim& claim, std::size_t seats) {
    const EventState& st = cx.state;
    const Room& room = st.room();
    if (!claim.verified || claim.entry >= room.size()) return Status::not_admitted;
    const QueueEntry& e = room.entry(claim.entry);
    // The token must be the entry's own (a rejoin issues another) and still valid.
    if (e.state != EntryState::admitted || !(e.session == claim.session) ||
        e.token_expires_at != claim.expires_at || cx.now >= e.token_expires_at)
        return Status::not_admitted;
    if (e.holds_used >= st.settings().room.holds_per_token) return Status::admission_limit;
    if (seats > st.settings().room.seats_per_token) return Status::too_many_seats;
    return Status::ok;
}

}  // namespace seat
