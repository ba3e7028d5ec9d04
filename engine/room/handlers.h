// The waiting room's handlers. Called by the dispatch (engine/decide.cc,
// engine/apply.cc); private to the engine.
#pragma once

#include "engine/decide_context.h"
#include "engine/state_editor.h"

namespace seat {

Result decide_join_queue(DecideContext& cx, const JoinQueue& c);
Result decide_leave_queue(DecideContext& cx, const LeaveQueue& c);
Result decide_run_room(DecideContext& cx, const RunRoom& c);
// Whether a hold may be placed under the claim: ok, or not_admitted /
// admission_limit / too_many_seats, for an event with a waiting room.
Status admission_for_hold(const DecideContext& cx, const AdmissionClaim& claim, std::size_t seats);

void apply_queue_joined(StateEditor& ed, const QueueJoined& f);
void apply_queue_left(StateEditor& ed, const QueueLeft& f);
void apply_queue_opened(StateEditor& ed, const QueueOpened& f);
void apply_queue_admitted(StateEditor& ed, const QueueAdmitted& f);
void apply_queue_abandoned(StateEditor& ed, const QueueAbandoned& f);
void apply_admissions_ended(StateEditor& ed, const AdmissionsEnded& f);

}  // namespace seat
