// Applying the waiting room's facts. Each change is checked against the state
// it expects (Room's SEAT_CHECKs, in every build).
#include "base/check.h"
#include "engine/room/handlers.h"

namespace seat {

void apply_queue_joined(StateEditor& ed, const QueueJoined& f) {
    QueueEntry e;
    e.ticket = f.ticket;
    e.session = f.session;
    e.joined_at = f.at;
    ed.room().join(e);
}

void apply_queue_left(StateEditor& ed, const QueueLeft& f) {
    ed.room().end(f.entry, EntryState::left);
}

void apply_queue_opened(StateEditor& ed, const QueueOpened& f) {
    ed.room().open(f.at, f.seed);
}

void apply_queue_admitted(StateEditor& ed, const QueueAdmitted& f) {
    for (std::uint32_t e : f.entries)
        ed.room().admit(e, f.token_expires_at, f.at);
    ed.room().admitted_batch(f.at, static_cast<std::uint32_t>(f.entries.size()));
}

void apply_queue_abandoned(StateEditor& ed, const QueueAbandoned& f) {
    for (std::uint32_t e : f.entries)
        ed.room().end(e, EntryState::abandoned);
}

void apply_admissions_ended(StateEditor& ed, const AdmissionsEnded& f) {
    for (std::uint32_t e : f.entries) {
        SEAT_CHECK(ed.state().room().entry(e).live_holds == 0,
                   "an admission ended with live holds under it");
        ed.room().end(e, EntryState::done);
    }
}

}  // namespace seat
