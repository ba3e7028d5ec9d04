// Names and sentences for the wire's status codes (wire::StatusCode): the wire
// carries the number, people read these. Every layer that shows a status to a
// person (the server's messages, the client library, seatctl) takes them from
// here, so a status reads the same everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "seat_generated.h"

namespace seat::protocol {

// "unknown_status" for a code this build does not know (a newer peer).
std::string_view status_name(std::uint16_t code);
// A sentence for people (CLI, logs); never includes secrets or user data.
// "unknown status" for a code this build does not know.
std::string_view describe_status(std::uint16_t code);
std::optional<wire::StatusCode> parse_status_name(std::string_view name);

inline std::string_view status_name(wire::StatusCode code) {
    return status_name(static_cast<std::uint16_t>(code));
}
inline std::string_view describe_status(wire::StatusCode code) {
    return describe_status(static_cast<std::uint16_t>(code));
}

}  // namespace seat::protocol
