// Commands about the event itself: CreateEvent opens an event for sale with its
// venue and sale settings, both fixed from then on. Plain data; validated by
// decide, never trusted.
#pragma once

#include <memory>

#include "engine/event/settings.h"
#include "engine/ids.h"
#include "engine/venue.h"

namespace seat {

// No idempotency key: a second CreateEvent for the event is answered event_exists
// (the shard recognises a retry by the creating key it keeps).
struct CreateEvent {
    EventId event = 0;
    std::shared_ptr<const Venue> venue;
    SaleSettings settings;
};

}  // namespace seat
