// Start-up: rebuild every event's state from the log. Each event starts from its
// latest snapshot (or from nothing) and replays the facts after it; sequences
// must continue the snapshot's and have no gap, or recovery refuses with a
// corruption status rather than serve a state that lost acknowledged facts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/event_state.h"
#include "engine/ids.h"
#include "storage/fact_log.h"
#include "storage/status.h"

namespace seat::storage {

struct RecoveryOptions {
    // Off: replay every event from its first fact (a full check of the log).
    bool use_snapshots = true;
};

struct RecoveredEvent {
    EventState state;
    Sequence snapshot_sequence = 0;  // sequence of the snapshot it started from; 0 = none
};

struct RecoveryStats {
    std::size_t events = 0;
    std::uint64_t facts_replayed = 0;
    std::size_t snapshots_used = 0;
    double seconds = 0;
};

// Recovers every event of the directory, in event id order. On failure `events`
// holds those recovered before the failing one.
Status recover(const FactLog& log, const RecoveryOptions& options,
               std::vector<RecoveredEvent>& events, RecoveryStats& stats);

// Recovers one event (the directory is not consulted).
Status recover_event(const FactLog& log, EventId event, const RecoveryOptions& options,
                     RecoveredEvent& out, RecoveryStats& stats);

// When an event is due for a snapshot: after `every_facts` facts since its last
// one, which bounds the facts replayed per event at start-up.
struct SnapshotPolicy {
    std::uint64_t every_facts = 10'000;

    bool due(Sequence sequence, Sequence last_snapshot) const {
        return sequence > last_snapshot && sequence - last_snapshot >= every_facts;
    }
};

}  // namespace seat::storage
