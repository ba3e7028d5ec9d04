// The list of events every I/O thread can answer ListEvents from, without asking
// each shard. Shards update an event's listing only after the round that changed
// it is durable, so a listing never shows a fact a crash could take back.
// Thread-safe: one mutex, held only to copy a few small fields.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine/event_state.h"

namespace seat::server {

struct EventListing {
    EventId event = 0;
    std::string name;
    std::string venue_name;
    std::uint32_t capacity = 0;
    Counts counts;
    std::uint64_t live_holds = 0;
    UnixMillis created_at = 0;
    Sequence sequence = 0;
    // The waiting room, when the event has one.
    bool room = false;
    std::uint32_t room_waiting = 0;
    std::uint32_t room_active = 0;
    std::uint32_t room_max_active = 0;
    std::uint64_t room_admitted_total = 0;
    std::uint32_t room_abandoned = 0;
};

EventListing listing_of(const EventState& state);

class EventDirectory {
  public:
    void update(EventListing listing);
    // Up to `limit` events with ids above `after` that `visible` accepts, in id
    // order; `more` when others follow.
    std::vector<EventListing> page(EventId after, std::size_t limit, bool& more,
                                   const std::function<bool(EventId)>& visible) const;
    // Every event, in id order (the HTTP side's metrics and seat maps).
    std::vector<EventListing> all() const;
    bool contains(EventId event) const;

  private:
    mutable std::mutex mutex_;
    std::map<EventId, EventListing> events_;
};

}  // namespace seat::server
