// The event group's handlers: creating the event. Called by the dispatch
// (engine/decide.cc, engine/apply.cc); private to the engine.
#pragma once

#include "engine/decide_context.h"
#include "engine/state_editor.h"

namespace seat {

Result decide_create_event(DecideContext& cx, const CreateEvent& c);

void apply_event_created(StateEditor& ed, const EventCreated& f);

}  // namespace seat
