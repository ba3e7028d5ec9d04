// Applying EventCreated: every seat starts available, or blocked where the venue
// says so, and the counters are built from the seats; a waiting room whose sale
// starts at creation is open at once.
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
    // A sale open from creation has no pre-queue: its room is first come, first
    // served from the first join (no QueueOpened, no shuffle).
    if (f.settings.room.enabled && f.settings.sale_starts_at_ms <= f.at) ed.room().open(f.at, 0);
}

}  // namespace seat
