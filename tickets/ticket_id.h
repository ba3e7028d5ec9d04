// A ticket's identity: the 16 bytes of a UUID, in the order the UUID is printed
// (big-endian). Codes print it in the canonical lowercase 8-4-4-4-12 form, and
// parsing accepts only that form, so each ticket id has exactly one spelling.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace seat::tickets {

inline constexpr std::size_t kTicketIdBytes = 16;
// "00112233-4455-6677-8899-aabbccddeeff": 32 hex digits and 4 dashes.
inline constexpr std::size_t kTicketIdTextBytes = 36;

using TicketId = std::array<std::uint8_t, kTicketIdBytes>;

// The id as two 64-bit halves, the first 8 bytes big-endian in `hi` (how the
// server's and the client's Id128 hold a UUID), and back.
struct TicketIdHalves {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
};
constexpr TicketId ticket_id_of(TicketIdHalves h) {
    TicketId out{};
    for (std::size_t i = 0; i < 8; ++i) {
        out[i] = static_cast<std::uint8_t>(h.hi >> (56 - 8 * i));
        out[8 + i] = static_cast<std::uint8_t>(h.lo >> (56 - 8 * i));
    }
    return out;
}
constexpr TicketIdHalves halves_of(const TicketId& id) {
    TicketIdHalves h;
    for (std::size_t i = 0; i < 8; ++i) {
        h.hi = h.hi << 8 | id[i];
        h.lo = h.lo << 8 | id[8 + i];
    }
    return h;
}

// Lowercase 8-4-4-4-12.
std::string format_ticket_id(const TicketId& id);
// Exactly the lowercase 8-4-4-4-12 form; anything else (uppercase, braces, no
// dashes) is refused so that a code has a single valid spelling.
std::optional<TicketId> parse_ticket_id(std::string_view text);

// For unordered containers. Ticket ids are random UUIDs and every id reaching a
// container has passed a signature check, so folding the two halves is enough.
struct TicketIdHash {
    std::size_t operator()(const TicketId& id) const noexcept {
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        std::memcpy(&low, id.data(), sizeof low);
        std::memcpy(&high, id.data() + sizeof low, sizeof high);
        return static_cast<std::size_t>(low ^ (high * 0x9E3779B97F4A7C15ull));
    }
};

}  // namespace seat::tickets
