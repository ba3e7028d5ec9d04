// Applying EventCreated: every seat starts available, or blocked where the venue
// says so, and the counters are built from the seats.
#include "base/check.h"
#include "engine/event/handlers.h"

namespace seat {

void apply_event_created(StateEditor& ed, const EventCreated& f) {
    SEAT_CHECK(!ed.state().created(), "EventCreated applied twice");
    SEAT_CHECK(f.venue != nullptr, "EventCreated without a venue");
    ed.event() = f.event;
    ed.venue() = f.venue;
    ed.settings() = f.settings;
    ed.created_at() = f.at;
    std::vector<SeatState>& seats = ed.seats();
    seats.assign(f.venue->seat_count(), SeatState{});
    for (SeatId s = 0; s < seats.size(); ++s)
        if (f.venue->seats[s].initially_blocked) seats[s].status = SeatStatus::blocked;
    ed.revenue_by_tier().assign(f.venue->tiers.size(), 0);
    ed.rebuild_derived();
}

}  // namespace seat
