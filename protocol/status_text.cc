// The one table of status names and sentences, in code order; a test checks
// that every wire::StatusCode has its row.
#include "protocol/status_text.h"

#include <array>

namespace seat::protocol {
namespace {

using Code = wire::StatusCode;

struct StatusText {
    Code status;
    std::string_view name;
    std::string_view sentence;
};

constexpr std::array kStatuses = {
    StatusText{Code::ok, "ok", "done"},
    StatusText{Code::seats_unavailable, "seats_unavailable",
               "one or more seats are not available (see the refused seats)"},
    StatusText{Code::group_rule, "group_rule",
               "the request splits a seat group (a box is sold whole; a companion seat "
               "needs its accessible seat in the same hold)"},
    StatusText{Code::invalid_argument, "invalid_argument", "the request is malformed"},
    StatusText{Code::too_many_seats, "too_many_seats",
               "more seats than this event allows in one hold"},
    StatusText{Code::session_hold_limit, "session_hold_limit",
               "this session already has the maximum number of live holds"},
    StatusText{Code::hold_not_found, "hold_not_found",
               "no live hold with that id (released, purchased, expired or never placed)"},
    StatusText{Code::hold_expired, "hold_expired",
               "the hold's time ran out; its seats are released"},
    StatusText{Code::wrong_session, "wrong_session", "the hold belongs to another session"},
    StatusText{Code::hold_already_extended, "hold_already_extended",
               "the hold was already extended for checkout"},
    StatusText{Code::idempotency_key_reused, "idempotency_key_reused",
               "the idempotency key was already used for a different command"},
    StatusText{Code::event_exists, "event_exists", "an event with that id already exists"},
    StatusText{Code::event_not_found, "event_not_found", "no event with that id"},
    StatusText{Code::unauthorized, "unauthorized", "the caller's role may not do this"},
    StatusText{Code::overloaded, "overloaded", "the server is overloaded; retry later"},
    StatusText{Code::bad_frame, "bad_frame", "the frame could not be read"},
    StatusText{Code::unsupported, "unsupported", "the request type is not supported"},
    StatusText{Code::internal_error, "internal_error", "internal error"},
    StatusText{Code::ticket_not_found, "ticket_not_found", "no ticket with that id in this event"},
    StatusText{Code::already_admitted, "already_admitted",
               "the ticket was already admitted (see when and at which gate)"},
    StatusText{Code::superseded, "superseded",
               "this code was replaced by a reissued one and is no longer valid"},
    StatusText{Code::ticket_cancelled, "ticket_cancelled", "the ticket was cancelled"},
    StatusText{Code::invalid_signature, "invalid_signature",
               "the ticket code's signature does not verify"},
    StatusText{Code::hold_in_checkout, "hold_in_checkout",
               "the hold is being paid for: it cannot be released, extended or bought otherwise"},
    StatusText{Code::payment_declined, "payment_declined",
               "the payment provider declined the charge (see the reason)"},
    StatusText{Code::payment_refunded, "payment_refunded",
               "the charge succeeded but the seats could not be sold: it is being refunded"},
    StatusText{Code::checkout_throttled, "checkout_throttled",
               "the payment provider is failing or slow: checkouts are paused, retry later"},
    StatusText{Code::checkout_not_found, "checkout_not_found",
               "no checkout with that id in this event"},
    StatusText{Code::refund_not_found, "refund_not_found", "no refund with that id in this event"},
    StatusText{Code::payment_pending, "payment_pending",
               "the payment's outcome is not known yet; ask again (GetCheckout)"},
    StatusText{Code::sale_not_started, "sale_not_started",
               "the sale has not started yet (see the event's sale_starts_at)"},
    StatusText{Code::not_admitted, "not_admitted",
               "this event has a waiting room: join the queue and hold with its admission token"},
    StatusText{Code::admission_limit, "admission_limit",
               "this admission's holds are used up; join the queue again"},
    StatusText{Code::no_waiting_room, "no_waiting_room", "this event has no waiting room"},
    StatusText{Code::queue_ticket_not_found, "queue_ticket_not_found",
               "no queue entry with that ticket in this event"},
    StatusText{Code::queue_full, "queue_full", "the waiting room is full; try again later"},
    StatusText{Code::sold_out, "sold_out", "the event is sold out: no one more will be admitted"},
    StatusText{Code::not_owner, "not_owner", "the named owner or seller does not own the ticket"},
    StatusText{Code::transfers_disabled, "transfers_disabled",
               "this event does not allow ticket transfers"},
    StatusText{Code::resale_disabled, "resale_disabled", "this event does not allow resale"},
    StatusText{Code::transfer_window_closed, "transfer_window_closed",
               "too close to the event's start for transfers or resale"},
    StatusText{Code::transfer_limit, "transfer_limit",
               "the ticket has changed hands as often as this event allows"},
    StatusText{Code::ticket_offered, "ticket_offered",
               "the ticket has an open transfer offer: it cannot enter or be offered or listed "
               "until the offer is claimed or cancelled"},
    StatusText{Code::ticket_listed, "ticket_listed",
               "the ticket is listed for resale: it cannot enter or be offered until delisted"},
    StatusText{Code::offer_not_found, "offer_not_found",
               "no transfer offer with that claim token (or for that ticket) in this event"},
    StatusText{Code::offer_claimed, "offer_claimed", "the transfer offer was already claimed"},
    StatusText{Code::offer_cancelled, "offer_cancelled",
               "the sender cancelled the transfer offer"},
    StatusText{Code::offer_expired, "offer_expired", "the transfer offer expired"},
    StatusText{Code::price_over_cap, "price_over_cap",
               "the price is above this event's resale cap (see the cap)"},
    StatusText{Code::listing_not_found, "listing_not_found",
               "no such listing in this event (or the ticket is not listed)"},
    StatusText{Code::listing_unavailable, "listing_unavailable",
               "the listing was sold or delisted"},
    StatusText{Code::listing_in_checkout, "listing_in_checkout",
               "a buyer is paying for this listing now; try again in a few minutes"},
    StatusText{Code::payout_not_found, "payout_not_found", "no payout with that id in this event"},
};

static_assert(kStatuses.size() == static_cast<std::size_t>(Code::MAX) + 1,
              "every wire::StatusCode has a name and a sentence");

const StatusText* find(std::uint16_t code) {
    for (const auto& t : kStatuses)
        if (static_cast<std::uint16_t>(t.status) == code) return &t;
    return nullptr;
}

}  // namespace

std::string_view status_name(std::uint16_t code) {
    const StatusText* t = find(code);
    return t != nullptr ? t->name : "unknown_status";
}

std::string_view describe_status(std::uint16_t code) {
    const StatusText* t = find(code);
    return t != nullptr ? t->sentence : "unknown status";
}

std::optional<wire::StatusCode> parse_status_name(std::string_view name) {
    for (const auto& t : kStatuses)
        if (t.name == name) return t.status;
    return std::nullopt;
}

}  // namespace seat::protocol
