// Deciding CreateEvent: the venue and the settings must be valid, and the event
// must not exist yet.
#include "engine/event/handlers.h"

namespace seat {

Result decide_create_event(DecideContext& cx, const CreateEvent& c) {
    if (cx.state.created()) return status(Status::event_exists);
    if (c.event == 0 || c.venue == nullptr) return status(Status::invalid_argument);
    if (!validate(*c.venue).empty() || !validate(c.settings).empty())
        return status(Status::invalid_argument);
    // A checkout charges one currency: every tier must be priced in the event's.
    if (!c.settings.currency.empty())
        for (const PriceTier& tier : c.venue->tiers)
            if (tier.currency != c.settings.currency) return status(Status::invalid_argument);
    cx.out.push_back(EventCreated{c.event, c.venue, c.settings, cx.now});
    return ok(CreateReply{});
}

}  // namespace seat
