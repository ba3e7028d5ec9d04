// A std::map keeps events in id order, which is the order ListEvents pages in.
#include "server/shard/event_directory.h"

namespace seat::server {

EventListing listing_of(const EventState& state) {
    EventListing l;
    l.event = state.event();
    l.name = state.settings().event_name;
    l.venue_name = state.venue().name;
    l.capacity = static_cast<std::uint32_t>(state.capacity());
    l.counts = state.totals();
    l.live_holds = state.live_hold_count();
    l.created_at = state.created_at();
    l.sequence = state.sequence();
    if (state.settings().room.enabled) {
        const Room& room = state.room();
        l.room = true;
        l.room_waiting = room.waiting();
        l.room_active = room.active();
        l.room_max_active = state.settings().room.max_active;
        l.room_admitted_total = room.admitted_total();
        l.room_abandoned = room.count(EntryState::abandoned);
    }
    return l;
}

bool EventDirectory::contains(EventId event) const {
    std::lock_guard lock(mutex_);
    return events_.contains(event);
}

std::vector<EventListing> EventDirectory::all() const {
    std::lock_guard lock(mutex_);
    std::vector<EventListing> out;
    out.reserve(events_.size());
    for (const auto& [id, listing] : events_)
        out.push_back(listing);
    return out;
}

void EventDirectory::update(EventListing listing) {
    std::lock_guard lock(mutex_);
    events_[listing.event] = std::move(listing);
}

std::vector<EventListing> EventDirectory::page(EventId after, std::size_t limit, bool& more,
                                               const std::function<bool(EventId)>& visible) const {
    std::vector<EventListing> out;
    std::lock_guard lock(mutex_);
    auto it = events_.upper_bound(after);
    for (; it != events_.end() && out.size() < limit; ++it)
        if (visible(it->first)) out.push_back(it->second);
    while (it != events_.end() && !visible(it->first))
        ++it;
    more = it != events_.end();
    return out;
}

}  // namespace seat::server
