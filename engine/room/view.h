// What a buyer in the queue and an operator are told about a waiting room, read
// from the state at a time `now` (queries never change the state).
#pragma once

#include <cstdint>

#include "engine/event_state.h"

namespace seat {

// The room as a whole. `before_sale`: the pre-queue gathers, its order drawn at
// the sale's start; `open`: admitting as shoppers leave; `paused`: every seat
// still for sale is held (admission resumes when holds expire or are
// released); `sold_out`: nothing is left, no one will be admitted.
enum class RoomState : std::uint8_t { before_sale = 0, open, paused, sold_out };
const char* to_string(RoomState s);

struct RoomView {
    RoomState state = RoomState::before_sale;
    std::uint32_t waiting = 0;
    std::uint32_t active = 0;
    std::uint32_t max_active = 0;
    std::uint64_t admitted_total = 0;
    std::uint32_t abandoned = 0;
    std::uint32_t left = 0;
    std::uint32_t done = 0;
    double admission_rate = -1;   // per second over the last minute; < 0 unknown
    std::uint32_t available = 0;  // seats on sale now
    std::uint32_t held = 0;       // seats held (they may come back)
    UnixMillis sale_starts_at = 0;
    UnixMillis opened_at = 0;
};
RoomView room_view(const EventState& state, UnixMillis now);

// One entry, as its holder sees it.
struct QueueView {
    std::uint32_t entry = kNone;
    EntryState state = EntryState::waiting;
    RoomState room = RoomState::before_sale;
    // Waiting after the sale opened: live entries ahead (position = ahead + 1).
    // Before it, the order is not drawn yet and `ahead` is every live entry.
    std::uint32_t ahead = 0;
    bool position_known = false;
    // ahead / the measured admission rate; < 0 when unknown (no rate yet, or
    // admission is paused or over).
    std::int64_t eta_ms = -1;
    // Seats that could still be sold (on sale or held): fewer than `ahead` says
    // honestly that the buyer may wait for nothing.
    std::uint32_t seats_left = 0;
    bool fewer_seats_than_ahead = false;
    UnixMillis joined_at = 0;
    UnixMillis admitted_at = 0;
    UnixMillis token_expires_at = 0;  // admitted: the token's expiry (the server signs it)
    std::uint32_t holds_left = 0;     // admitted: holds the token may still place
    // The entry's place in the queue's drawn order (Room::place_of): fixed, so a
    // load test can compare it with the order of admission.
    std::uint32_t place = 0;
};
QueueView queue_view(const EventState& state, std::uint32_t entry, UnixMillis now);

}  // namespace seat
