// Identifiers used inside one event. Seats are dense indices into the venue; holds
// carry their slot in the low bits so lookup is an array index, not a hash probe.
// 128-bit identifiers (ticket ids, sessions, idempotency keys) are plain values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace seat {

using EventId = std::uint64_t;
using SeatId = std::uint32_t;     // dense index into the event's venue
using SectionId = std::uint16_t;  // dense index into venue.sections
using TierId = std::uint8_t;      // dense index into venue.price_tiers
using GroupId = std::uint32_t;    // dense index into venue.groups
using UnixMillis = std::int64_t;  // wall-clock time, chosen by the caller and recorded in facts
using Sequence = std::uint64_t;   // per-event, gap-free fact sequence number (first fact is 1)

inline constexpr GroupId kNoGroup = UINT32_MAX;
inline constexpr SeatId kNoSeat = UINT32_MAX;
// "No index": an absent hold slot, ticket, owner or gate.
inline constexpr std::uint32_t kNone = UINT32_MAX;

// A 128-bit value: ticket ids (UUID v4), session ids, idempotency keys.
struct Id128 {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;

    bool is_zero() const { return hi == 0 && lo == 0; }
    friend bool operator==(const Id128&, const Id128&) = default;
    friend auto operator<=>(const Id128&, const Id128&) = default;
};

using TicketId = Id128;
using SessionId = Id128;
using IdempotencyKey = Id128;

// Canonical 8-4-4-4-12 lowercase hex form.
std::string to_string(const Id128& id);
// Accepts the canonical form or 32 hex digits; returns false on anything else.
bool parse_id128(std::string_view text, Id128& out);
// Marks the value as a version 4, variant 1 UUID (random bits are kept).
Id128 make_uuid_v4(std::uint64_t random_hi, std::uint64_t random_lo);

// Hold ids encode the slot in the hold table (low 32 bits) and a generation
// (high 32 bits) so a stale id never reaches a slot reused by a later hold.
// A hold's id: its slot in the event's hold table (the low kSlotBits) and a
// random tag (the rest) drawn by decide, so an id cannot be guessed from
// another and a slot's next hold never takes its last one's id. Logs written
// when the high bits held a generation count read the same way: their slots
// are below 2^24 too.
struct HoldId {
    static constexpr int kSlotBits = 24;
    static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
    static constexpr std::uint64_t kTagMask = ~std::uint64_t{0} >> kSlotBits;

    std::uint64_t value = 0;

    static HoldId make(std::uint32_t slot, std::uint64_t tag) {
        return HoldId{(tag & kTagMask) << kSlotBits | (slot & kSlotMask)};
    }
    std::uint32_t slot() const { return static_cast<std::uint32_t>(value & kSlotMask); }
    std::uint64_t tag() const { return value >> kSlotBits; }
    bool is_none() const { return value == 0; }
    friend bool operator==(const HoldId&, const HoldId&) = default;
};

}  // namespace seat

template <>
struct std::hash<seat::Id128> {
    std::size_t operator()(const seat::Id128& id) const noexcept {
        // The halves are random (UUIDs, client-chosen keys); mixing them is enough.
        return static_cast<std::size_t>(id.hi * 0x9E3779B97F4A7C15ull ^ id.lo);
    }
};
