#include "engine/room/view.h"

#include <cmath>

namespace seat {

const char* to_string(RoomState s) {
    switch (s) {
        case RoomState::before_sale:
            return "before_sale";
        case RoomState::open:
            return "open";
        case RoomState::paused:
            return "paused";
        case RoomState::sold_out:
            return "sold_out";
    }
    return "unknown";
}

namespace {

RoomState room_state(const EventState& st) {
    if (!st.room().opened()) return RoomState::before_sale;
    if (st.totals()[SeatStatus::available] > 0) return RoomState::open;
    return st.totals()[SeatStatus::held] > 0 ? RoomState::paused : RoomState::sold_out;
}

}  // namespace

RoomView room_view(const EventState& st, UnixMillis now) {
    const Room& room = st.room();
    RoomView v;
    v.state = room_state(st);
    v.waiting = room.waiting();
    v.active = room.active();
    v.max_active = st.settings().room.max_active;
    v.admitted_total = room.admitted_total();
    v.abandoned = room.count(EntryState::abandoned);
    v.left = room.count(EntryState::left);
    v.done = room.count(EntryState::done);
    v.admission_rate = room.admission_rate(now);
    v.available = st.totals()[SeatStatus::available];
    v.held = st.totals()[SeatStatus::held];
    v.sale_starts_at = st.settings().sale_starts_at_ms;
    v.opened_at = room.opened_at();
    return v;
}

QueueView queue_view(const EventState& st, std::uint32_t entry, UnixMillis now) {
    const Room& room = st.room();
    const QueueEntry& e = room.entry(entry);
    QueueView v;
    v.entry = entry;
    v.state = e.state;
    v.room = room_state(st);
    v.joined_at = e.joined_at;
    v.admitted_at = e.admitted_at;
    v.seats_left = st.totals()[SeatStatus::available] + st.totals()[SeatStatus::held];
    v.place = room.place_of(entry);
    if (e.state == EntryState::admitted) {
        v.token_expires_at = e.token_expires_at;
        const std::uint32_t limit = st.settings().room.holds_per_token;
        v.holds_left = e.holds_used < limit ? limit - e.holds_used : 0;
        v.eta_ms = 0;
        return v;
    }
    if (e.state != EntryState::waiting) return v;
    v.position_known = room.opened();
    v.ahead = room.opened() ? room.ahead_of(entry) : room.waiting() - 1;
    v.fewer_seats_than_ahead = v.seats_left < v.ahead;
    const double rate = room.admission_rate(now);
    if (room.opened() && v.room != RoomState::sold_out && rate > 0)
        v.eta_ms = static_cast<std::int64_t>(std::ceil(v.ahead * 1000.0 / rate));
    return v;
}

}  // namespace seat
