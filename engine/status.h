// Business outcomes of commands. These are answers, not errors of the program:
// every refusal has its own code so a client can act on it without parsing text.
#pragma once

#include <cstdint>

namespace seat {

enum class Status : std::uint8_t {
    ok = 0,
    seats_unavailable,   // one or more seats held, sold or blocked (see refusals)
    group_rule,          // a together group split, or a companion seat without its accessible seat
    invalid_argument,    // unknown or repeated seat, empty list, bad field
    too_many_seats,      // more seats than the event's max_seats_per_hold
    session_hold_limit,  // the session already has max_holds_per_session live holds
    hold_not_found,      // no live hold with that id (released, purchased, expired earlier, never
                         // existed)
    hold_expired,        // the hold's time ran out (it is expired now)
    wrong_session,       // the hold belongs to another session
    hold_already_extended,   // a hold is extended for checkout at most once
    idempotency_key_reused,  // the key was used before for a different command
    event_exists,
    event_not_found,
    // Statuses the network layer adds (kept in one enum so the wire has one code space).
    unauthorized,
    overloaded,
    bad_frame,
    unsupported,
    internal_error,
    // Ticket lifecycle (appended: the wire mirrors these numbers).
    ticket_not_found,  // no ticket with that id in this event
    already_admitted,  // the ticket was admitted before (see the result's ticket: when, which gate)
    superseded,        // the code's version was replaced by a reissue
    ticket_cancelled,  // the ticket was cancelled (refunded)
    invalid_signature,  // the network layer: the code's signature does not verify
    // Checkout and refunds (appended).
    hold_in_checkout,    // the hold is being paid for: it cannot be released, extended or bought
    payment_declined,    // the payment provider declined the charge (the message says why)
    payment_refunded,    // the charge succeeded but the sale could not complete: it is refunded
    checkout_throttled,  // the payment provider is failing or slow: no new checkouts for a while
    checkout_not_found,  // no checkout with that id in this event
    refund_not_found,    // no refund with that id in this event
    payment_pending,     // the payment's outcome is not known yet; ask again
    // The sale's start and the waiting room (appended).
    sale_not_started,        // holds open at the event's sale start
    not_admitted,            // the event has a waiting room: no valid admission token
    admission_limit,         // the admission's holds are used up
    no_waiting_room,         // the event has no waiting room
    queue_ticket_not_found,  // no queue entry with that ticket in this event
    queue_full,              // the room holds kRoomEntriesMax entries
    sold_out,                // nothing is left to sell: the room admits no one
    // Transfers and resale (appended).
    not_owner,               // the named owner (sender, seller) is not the ticket's owner
    transfers_disabled,      // the event does not allow transfers
    resale_disabled,         // the event does not allow resale
    transfer_window_closed,  // too close to the event's start for transfers or resale
    transfer_limit,          // the ticket changed hands as often as the event allows
    ticket_offered,          // the ticket has an open transfer offer: no code admits it
    ticket_listed,           // the ticket is listed for resale: no code admits it
    offer_not_found,         // no offer with that token (or id) in this event
    offer_claimed,           // the offer was claimed before
    offer_cancelled,         // the sender cancelled the offer
    offer_expired,           // the offer's time ran out
    price_over_cap,          // the listing's price is above the event's cap (the reply says it)
    listing_not_found,       // no listing with that id, or the ticket is not listed
    listing_unavailable,     // the listing was sold or delisted
    listing_in_checkout,     // a buyer is paying for the listing now
    payout_not_found,        // no payout with that id in this event
};

// Why one seat of a request was refused.
enum class SeatProblem : std::uint8_t {
    held,
    sold,
    blocked,
    unknown,                 // not a seat of this venue
    duplicate,               // named twice in one request
    group_incomplete,        // part of a together group whose other seats are not in the request
    companion_needs_anchor,  // a companion seat requested without its accessible seat
};

}  // namespace seat
