// The dashes sit after the 4th, 6th, 8th and 10th byte; every other character
// must be a lowercase hex digit.
#include "tickets/ticket_id.h"

#include "tickets/encoding.h"

namespace seat::tickets {
namespace {

bool dash_follows(std::size_t byte_index) {
    return byte_index == 3 || byte_index == 5 || byte_index == 7 || byte_index == 9;
}

}  // namespace

std::string format_ticket_id(const TicketId& id) {
    std::string text;
    text.reserve(kTicketIdTextBytes);
    for (std::size_t i = 0; i < id.size(); ++i) {
        text += to_hex(std::span<const std::uint8_t>(&id[i], 1));
        if (dash_follows(i)) text += '-';
    }
    return text;
}

std::optional<TicketId> parse_ticket_id(std::string_view text) {
    if (text.size() != kTicketIdTextBytes) return std::nullopt;
    TicketId id{};
    std::size_t at = 0;
    for (std::size_t i = 0; i < id.size(); ++i) {
        if (!from_hex(text.substr(at, 2), std::span<std::uint8_t>(&id[i], 1))) {
            return std::nullopt;
        }
        at += 2;
        if (dash_follows(i)) {
            if (text[at] != '-') return std::nullopt;
            ++at;
        }
    }
    return id;
}

}  // namespace seat::tickets
