// Recovery: snapshot + replay with seat::apply, checking on the way that each
// event's log is whole. apply() trusts its facts, so everything that can be
// checked from the log alone (order, gaps, the first fact, the snapshot's
// invariants) is checked here first.
#include "storage/recovery.h"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "engine/engine.h"

namespace seat::storage {
namespace {

std::string event_name(EventId event) {
    return "event " + std::to_string(event);
}

// Checks one fact against what the log so far allows, before apply sees it.
Status check_next(EventId event, Sequence expected, Sequence sequence, const Fact& fact) {
    if (sequence != expected) {
        return Status::Corruption(event_name(event) + ": expected fact " +
                                  std::to_string(expected) + " next, found fact " +
                                  std::to_string(sequence) + " (the log has a gap)");
    }
    const auto* created = std::get_if<EventCreated>(&fact);
    if ((sequence == 1) != (created != nullptr)) {
        return Status::Corruption(event_name(event) + ": fact " + std::to_string(sequence) +
                                  " is " + fact_name(fact) +
                                  "; an event's first fact, and only it, is EventCreated");
    }
    if (created != nullptr && created->event != event) {
        return Status::Corruption(event_name(event) + " begins with the creation of " +
                                  event_name(created->event));
    }
    return Status::Ok();
}

}  // namespace

Status recover_event(const FactLog& log, EventId event, const RecoveryOptions& options,
                     RecoveredEvent& out, RecoveryStats& stats) {
    out = RecoveredEvent{};
    if (options.use_snapshots) {
        std::optional<EventImage> image;
        if (Status s = log.read_snapshot(event, image); !s.ok()) return s;
        if (image) {
            out.snapshot_sequence = image->sequence;
            // A snapshot can verify and decode yet describe an impossible event.
            std::string problem;
            std::optional<EventState> state = EventState::restore(std::move(*image), problem);
            if (!state) {
                return Status::Corruption(event_name(event) + ": the snapshot at fact " +
                                          std::to_string(out.snapshot_sequence) +
                                          " violates an invariant: " + problem);
            }
            out.state = std::move(*state);
            ++stats.snapshots_used;
        }
    }
    Sequence expected = out.snapshot_sequence + 1;
    Status failure;
    Status s =
        log.read_facts(event, out.snapshot_sequence, [&](Sequence sequence, const Fact& fact) {
            failure = check_next(event, expected, sequence, fact);
            if (!failure.ok()) return false;
            apply(out.state, fact);
            ++expected;
            ++stats.facts_replayed;
            return true;
        });
    if (!s.ok()) return s;
    if (!failure.ok()) return failure;
    if (expected == 1) return Status::Corruption(event_name(event) + " has no facts");
    if (out.state.sequence() != expected - 1) {
        return Status::Invalid(event_name(event) + ": the engine counts " +
                               std::to_string(out.state.sequence()) + " facts, the log " +
                               std::to_string(expected - 1));
    }
    ++stats.events;
    return Status::Ok();
}

Status recover(const FactLog& log, const RecoveryOptions& options,
               std::vector<RecoveredEvent>& events, RecoveryStats& stats) {
    const auto started = std::chrono::steady_clock::now();
    events.clear();
    stats = RecoveryStats{};
    std::vector<EventEntry> directory;
    Status status = log.list_events(directory);
    events.reserve(directory.size());
    for (const EventEntry& entry : directory) {
        if (!status.ok()) break;
        RecoveredEvent recovered;
        status = recover_event(log, entry.event, options, recovered, stats);
        if (status.ok()) events.push_back(std::move(recovered));
    }
    stats.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return status;
}

}  // namespace seat::storage
