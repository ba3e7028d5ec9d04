// The transfer group's read-only views.
#include "engine/transfers/views.h"

#include <algorithm>
#include <limits>

#include "engine/queries.h"
#include "engine/transfers/handlers.h"

namespace seat {

std::vector<HistoryEntry> ticket_history(const EventState& state, std::uint32_t ticket) {
    const Ticket& t = state.tickets()[ticket];
    const PurchaseRecord& p = state.purchases()[t.purchase];
    const Venue& venue = state.venue();
    const PriceTier& tier = venue.tiers[venue.seats[t.seat].tier];
    std::vector<HistoryEntry> out;
    out.push_back(HistoryEntry{transfer_id(t.id, 1),
                               {},
                               p.buyer_id,
                               TransferType::issue,
                               tier.amount_minor,
                               0,
                               tier.currency,
                               1,
                               p.issued_at});
    const std::size_t first = out.size();
    for (std::uint32_t i = state.chain_head(ticket); i != kNone;
         i = state.transfers()[i].previous) {
        const TransferRecord& r = state.transfers()[i];
        out.push_back(HistoryEntry{r.id, r.from, r.to, r.type, r.price_minor, r.fee_minor,
                                   r.currency, r.version, r.at});
    }
    std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    return out;
}

UnixMillis version_issued_at(const EventState& state, std::uint32_t ticket) {
    const Ticket& t = state.tickets()[ticket];
    if (t.status == TicketStatus::offered || t.status == TicketStatus::listed) return 0;
    const std::uint32_t head = state.chain_head(ticket);
    if (head != kNone && state.transfers()[head].version == t.version)
        return state.transfers()[head].at;
    return state.purchases()[t.purchase].issued_at;
}

std::int64_t face_value(const EventState& st, const Ticket& t) {
    const Venue& venue = st.venue();
    return venue.tiers[venue.seats[t.seat].tier].amount_minor;
}

std::int64_t resale_cap(const EventState& st, const Ticket& t) {
    const TransferSettings& rules = st.settings().transfers;
    switch (rules.cap) {
        case ResaleCap::none:
            break;
        case ResaleCap::face_value:
            return face_value(st, t);
        case ResaleCap::percent_above_face:
            // Rounded down: the cap never lets a price through that the percentage does not.
            return face_value(st, t) * (100 + std::int64_t{rules.cap_percent}) / 100;
    }
    return std::numeric_limits<std::int64_t>::max();
}

ListingPage browse_listings(const EventState& state, std::optional<SectionId> section,
                            std::int64_t max_price_minor, std::size_t max) {
    ListingPage page;
    const auto listings = state.listings();
    for (std::uint32_t i = 0; i < listings.size(); ++i) {
        const Listing& l = listings[i];
        if (l.state != ListingState::listed || l.delist_requested) continue;
        if (max_price_minor > 0 && l.price_minor > max_price_minor) continue;
        if (section && state.venue().seats[state.tickets()[l.ticket].seat].section != *section)
            continue;
        page.listings.push_back(i);
    }
    std::sort(page.listings.begin(), page.listings.end(), [&](std::uint32_t a, std::uint32_t b) {
        return listings[a].price_minor != listings[b].price_minor
                   ? listings[a].price_minor < listings[b].price_minor
                   : a < b;
    });
    if (page.listings.size() > max) {
        page.listings.resize(max);
        page.more = true;
    }
    return page;
}

PayoutPage page_payouts(const EventState& state, std::optional<PayoutState> only,
                        std::uint32_t after, std::size_t max) {
    PayoutPage page;
    const auto payouts = state.payouts();
    const auto end = static_cast<std::uint32_t>(payouts.size());
    std::uint32_t i = std::min(after, end);
    for (; i < end; ++i) {
        if (only && payouts[i].state != *only) continue;
        if (page.payouts.size() == max) {
            page.more = true;
            break;
        }
        page.payouts.push_back(i);
    }
    page.next_after = i;
    return page;
}

}  // namespace seat
