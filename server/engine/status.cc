// Names and sentences for statuses; the wire carries the code, people read these.
#include "server/engine/status.h"

#include <array>

namespace seat {
namespace {

struct StatusText {
    Status status;
    std::string_view name;
    std::string_view sentence;
};

constexpr std::array kStatuses = {
    StatusText{Status::ok, "ok", "done"},
    StatusText{Status::seats_unavailable, "seats_unavailable",
               "one or more seats are not available (see the refused seats)"},
    StatusText{Status::group_rule, "group_rule",
               "the request splits a seat group (a box is sold whole; a companion seat "
               "needs its accessible seat in the same hold)"},
    StatusText{Status::invalid_argument, "invalid_argument", "the request is malformed"},
    StatusText{Status::too_many_seats, "too_many_seats",
               "more seats than this event allows in one hold"},
    StatusText{Status::session_hold_limit, "session_hold_limit",
               "this session already has the maximum number of live holds"},
    StatusText{Status::hold_not_found, "hold_not_found",
               "no live hold with that id (released, purchased, expired or never placed)"},
    StatusText{Status::hold_expired, "hold_expired",
               "the hold's time ran out; its seats are released"},
    StatusText{Status::wrong_session, "wrong_session", "the hold belongs to another session"},
    StatusText{Status::hold_already_extended, "hold_already_extended",
               "the hold was already extended for checkout"},
    StatusText{Status::idempotency_key_reused, "idempotency_key_reused",
               "the idempotency key was already used for a different command"},
    StatusText{Status::event_exists, "event_exists", "an event with that id already exists"},
    StatusText{Status::event_not_found, "event_not_found", "no event with that id"},
    StatusText{Status::unauthorized, "unauthorized", "the caller's role may not do this"},
    StatusText{Status::overloaded, "overloaded", "the server is overloaded; retry later"},
    StatusText{Status::bad_frame, "bad_frame", "the frame could not be read"},
    StatusText{Status::unsupported, "unsupported", "the request type is not supported"},
    StatusText{Status::internal_error, "internal_error", "internal error"},
    StatusText{Status::ticket_not_found, "ticket_not_found",
               "no ticket with that id in this event"},
    StatusText{Status::already_admitted, "already_admitted",
               "the ticket was already admitted (see when and at which gate)"},
    StatusText{Status::superseded, "superseded",
               "this code was replaced by a reissued one and is no longer valid"},
    StatusText{Status::ticket_cancelled, "ticket_cancelled", "the ticket was cancelled"},
    StatusText{Status::invalid_signature, "invalid_signature",
               "the ticket code's signature does not verify"},
};

constexpr std::array<std::string_view, 7> kProblemNames = {
    "held", "sold", "blocked", "unknown", "duplicate", "group_incomplete", "companion_needs_anchor",
};

}  // namespace

std::string_view to_string(Status s) {
    for (const auto& t : kStatuses)
        if (t.status == s) return t.name;
    return "unknown_status";
}

std::string_view describe(Status s) {
    for (const auto& t : kStatuses)
        if (t.status == s) return t.sentence;
    return "unknown status";
}

std::optional<Status> parse_status(std::string_view s) {
    for (const auto& t : kStatuses)
        if (t.name == s) return t.status;
    return std::nullopt;
}

std::string_view to_string(SeatProblem p) {
    const auto i = static_cast<std::size_t>(p);
    return i < kProblemNames.size() ? kProblemNames[i] : "unknown_problem";
}

}  // namespace seat
