#include "server/tickets/revocation_cache.h"

#include <algorithm>

#include "server/tickets/ticket_codes.h"
#include "tickets/revocation_filter.h"

namespace seat::server {

const RevocationCache::Filter& RevocationCache::get(const EventState& state) {
    if (built_ && filter_.sequence == state.revoked_count()) return filter_;
    const auto n = static_cast<std::uint64_t>(
        std::max<std::size_t>({state.capacity(), state.revoked_count(), 1}));
    // Sized for the event at kFilterFalsePositiveRate; an event with more
    // revocations than fit the byte budget at that rate gets the best rate that fits.
    const double rate = tickets::RevocationFilter::rate_within(n, tickets::kFilterFalsePositiveRate,
                                                               filter_bytes_max_ * 8);
    tickets::RevocationFilter filter = tickets::RevocationFilter::sized_for(n, rate);
    state.for_each_revoked([&](const TicketId& ticket, std::uint32_t version) {
        filter.add(to_ticket_bytes(ticket), version);
    });
    filter.set_sequence(state.revoked_count());
    filter_ = Filter{filter.serialize(), state.revoked_count(), rate};
    built_ = true;
    return filter_;
}

}  // namespace seat::server
