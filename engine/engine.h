// The event state machine. decide() validates a command against the state and
// chooses everything (hold ids, expiry times, ticket ids); it writes the facts
// that record those choices and changes nothing. apply() folds one fact into the
// state and decides nothing, so replaying the log rebuilds the same state.
// Neither does I/O or reads a clock: `now` and `rng` are inputs.
#pragma once

#include "engine/commands.h"
#include "engine/event_state.h"
#include "engine/facts.h"
#include "engine/result.h"
#include "engine/rng.h"

namespace seat {

// Appends the command's facts to `out` (which the caller may reuse between
// commands). The facts must be applied, in order, before the next decide.
Result decide(const EventState& state, const Command& command, UnixMillis now, Rng& rng,
              FactBuffer& out);

void apply(EventState& state, const Fact& fact);

// decide, then apply each new fact: what a shard does for every command.
Result execute(EventState& state, const Command& command, UnixMillis now, Rng& rng,
               FactBuffer& out);

}  // namespace seat
