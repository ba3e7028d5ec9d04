// Facts about the event itself: EventCreated is the first fact of every event's
// log (sequence 1), and the only one that may come before the event exists.
#pragma once

#include <memory>

#include "engine/event/settings.h"
#include "engine/ids.h"
#include "engine/venue.h"

namespace seat {

struct EventCreated {
    EventId event = 0;
    std::shared_ptr<const Venue> venue;
    SaleSettings settings;
    UnixMillis at = 0;
};

}  // namespace seat
