// Recovery: snapshot + replay with seat::apply, checking on the way that each
// event's log is whole. apply() trusts its facts, so everything that can be
// checked from the log alone (order, gaps, the first fact, the snapshot's
// invariants, seat ids within the venue) is checked here first.
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

// The first seat a fact names that the venue does not have: apply() indexes the
// event's seat arrays with them unchecked. The decoder cannot know the venue.
std::optional<SeatId> seat_outside(const Fact& fact, std::size_t seat_count) {
    auto first_outside = [&](const auto& seats) -> std::optional<SeatId> {
        for (const SeatId seat : seats)
            if (seat >= seat_count) return seat;
        return std::nullopt;
    };
    if (const auto* f = std::get_if<HoldPlaced>(&fact)) return first_outside(f->seats);
    if (const auto* f = std::get_if<SeatsBlocked>(&fact)) return first_outside(f->seats);
    if (const auto* f = std::get_if<SeatsUnblocked>(&fact)) return first_outside(f->seats);
    return std::nullopt;
}

// Checks one fact against what the log so far allows, before apply sees it.
Status check_next(EventId event, const EventState& state, Sequence expected, Sequence sequence,
                  const Fact& fact) {
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
    if (const std::optional<SeatId> seat = seat_outside(fact, state.capacity())) {
        return Status::Corruption(event_name(event) + ": fact " + std::to_string(sequence) + " (" +
                                  fact_name(fact) + ") names seat " + std::to_string(*seat) +
                                  " of a venue of " + std::to_string(state.capacity()) + " seats");
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
            failure = check_next(event, out.state, expected, sequence, fact);
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
