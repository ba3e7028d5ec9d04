// Read-only questions about tickets changing hands: a ticket's custody chain,
// when its current code was issued, the listings on sale (the resale page) and
// pages of payouts. Answered from memory; the network layer makes wire views.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/event_state.h"

namespace seat {

// One entry of a ticket's history: the sale itself (type issue, from nobody,
// at the face value) or a custody record. Views into the state: valid until the
// next fact is applied.
struct HistoryEntry {
    TransferId id;
    std::string_view from;
    std::string_view to;
    TransferType type = TransferType::issue;
    std::int64_t price_minor = 0;
    std::int64_t fee_minor = 0;
    std::string_view currency;
    std::uint32_t version = 1;
    UnixMillis at = 0;
};

// The ticket's face value: its seat's tier price (what the cap is measured from).
std::int64_t face_value(const EventState& state, const Ticket& t);
// The highest price the event's cap allows for the ticket; INT64_MAX without a cap.
std::int64_t resale_cap(const EventState& state, const Ticket& t);

// The ticket's chain, oldest first: the sale, then every record. O(chain).
std::vector<HistoryEntry> ticket_history(const EventState& state, std::uint32_t ticket);

// When the ticket's current code was issued (its last record's time, or the
// sale's); 0 while it is offered or listed (no code of the current version exists).
UnixMillis version_issued_at(const EventState& state, std::uint32_t ticket);

// Listings on sale (listed, not being paid for), cheapest first, then oldest;
// only in `section` when given, only up to `max_price_minor` when it is > 0.
// O(listings log listings).
struct ListingPage {
    std::vector<std::uint32_t> listings;  // indices into state.listings()
    bool more = false;                    // more matched than `max`
};
ListingPage browse_listings(const EventState& state, std::optional<SectionId> section,
                            std::int64_t max_price_minor, std::size_t max);

// One page of payouts in index order, in one state or all, from index `after`
// (like page_refunds).
struct PayoutPage {
    std::vector<std::uint32_t> payouts;
    bool more = false;
    std::uint32_t next_after = 0;
};
PayoutPage page_payouts(const EventState& state, std::optional<PayoutState> only,
                        std::uint32_t after, std::size_t max);

}  // namespace seat
