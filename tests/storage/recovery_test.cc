// Proves recovery rebuilds exactly the live state: for seeded workloads over
// several events, state recovered from snapshot + later facts, and from the
// facts alone, equals the live state (same_state); a gap in an event's sequence,
// a snapshot of an impossible event and a fact naming a seat the venue does not
// have are refused as corruption; the snapshot policy fires on its fact count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "storage/recovery.h"
#include "tests/storage/fixture.h"

namespace seat::storage::testing {
namespace {

// Runs a shard over `events` for `rounds` rounds, committing every round and
// snapshotting events as `policy` says; returns the live images at the end.
std::map<EventId, EventImage> run_shard(FactLog& log, ShardSim& sim, std::size_t rounds,
                                        std::size_t commands, const SnapshotPolicy& policy) {
    std::map<EventId, Sequence> last_snapshot;
    RoundBatch batch(log);
    for (std::size_t r = 0; r < rounds; ++r) {
        add_all(batch, sim.round(commands));
        log.commit_or_die(batch);
        for (const auto& [event, image] : sim.images()) {
            if (!policy.due(image.sequence, last_snapshot[event])) continue;
            const Status s = log.write_snapshot(image);
            EXPECT_TRUE(s.ok()) << s.to_string();
            last_snapshot[event] = image.sequence;
        }
    }
    return sim.images();
}

void expect_recovered(const std::vector<RecoveredEvent>& recovered,
                      const std::map<EventId, EventImage>& live) {
    ASSERT_EQ(recovered.size(), live.size());
    for (const RecoveredEvent& r : recovered) {
        const EventId event = r.state.event();
        ASSERT_TRUE(live.contains(event)) << "recovered an unknown event " << event;
        EXPECT_TRUE(same_state(r.state.image(), live.at(event))) << "event " << event << " differs";
        EXPECT_EQ(r.state.check_invariants(), "");
    }
}

TEST(Recovery, SnapshotsPlusLaterFactsEqualTheLiveState) {
    TempDir dir;
    ShardSim sim(101);
    std::map<EventId, EventImage> live;
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        for (EventId e : {1, 2, 3})
            add_all(batch, sim.create(e, theatre()));
        add_all(batch, sim.create(4, stadium()));
        log->commit_or_die(batch);
        live = run_shard(*log, sim, 150, 20, SnapshotPolicy{200});
    }
    auto log = open_log(dir.path());
    std::vector<RecoveredEvent> recovered;
    RecoveryStats stats;
    const Status s = recover(*log, RecoveryOptions{}, recovered, stats);
    ASSERT_TRUE(s.ok()) << s.to_string();
    expect_recovered(recovered, live);
    EXPECT_EQ(stats.events, 4u);
    EXPECT_EQ(stats.snapshots_used, 4u);
    std::uint64_t total = 0;
    for (const RecoveredEvent& r : recovered) {
        EXPECT_GT(r.snapshot_sequence, 0u);
        EXPECT_LT(r.state.sequence() - r.snapshot_sequence, 200u) << "the policy bounds replay";
        total += r.state.sequence() - r.snapshot_sequence;
    }
    EXPECT_EQ(stats.facts_replayed, total);
}

TEST(Recovery, WithAndWithoutSnapshotsGiveTheSameState) {
    TempDir dir;
    ShardSim sim(102);
    std::map<EventId, EventImage> live;
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        for (EventId e : {7, 8})
            add_all(batch, sim.create(e, theatre()));
        log->commit_or_die(batch);
        live = run_shard(*log, sim, 100, 10, SnapshotPolicy{97});
    }
    auto log = open_log(dir.path());
    std::vector<RecoveredEvent> with;
    std::vector<RecoveredEvent> without;
    RecoveryStats with_stats;
    RecoveryStats without_stats;
    ASSERT_TRUE(recover(*log, RecoveryOptions{true}, with, with_stats).ok());
    ASSERT_TRUE(recover(*log, RecoveryOptions{false}, without, without_stats).ok());
    expect_recovered(with, live);
    expect_recovered(without, live);
    EXPECT_EQ(without_stats.snapshots_used, 0u);
    EXPECT_EQ(without_stats.facts_replayed, live.at(7).sequence + live.at(8).sequence);
    EXPECT_LT(with_stats.facts_replayed, without_stats.facts_replayed);
}

TEST(Recovery, AnEventWithOnlyItsSnapshotRecovers) {
    TempDir dir;
    ShardSim sim(103);
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    add_all(batch, sim.create(1, theatre()));
    for (int r = 0; r < 5; ++r)
        add_all(batch, sim.round(10));
    log->commit_or_die(batch);
    ASSERT_TRUE(log->write_snapshot(sim.state(1).image()).ok());
    RecoveredEvent recovered;
    RecoveryStats stats;
    ASSERT_TRUE(recover_event(*log, 1, RecoveryOptions{}, recovered, stats).ok());
    EXPECT_EQ(stats.facts_replayed, 0u);
    EXPECT_EQ(recovered.snapshot_sequence, sim.state(1).sequence());
    EXPECT_TRUE(same_state(recovered.state.image(), sim.state(1).image()));
}

TEST(Recovery, ASequenceGapIsCorruption) {
    TempDir dir;
    ShardSim sim(104);
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    add_all(batch, sim.create(1, theatre()));
    add_all(batch, sim.create(2, theatre()));
    std::vector<Logged> facts;
    while (facts.size() < 40)
        for (Logged& l : sim.round(10))
            facts.push_back(std::move(l));
    // Event 1 loses one fact in the middle; event 2 stays whole.
    Sequence lost = 0;
    for (const Logged& l : facts) {
        if (l.event == 1 && lost == 0 && l.sequence >= 6) {
            lost = l.sequence;
            continue;
        }
        batch.add(l.event, l.sequence, l.fact);
    }
    ASSERT_GT(lost, 0u);
    log->commit_or_die(batch);

    std::vector<RecoveredEvent> recovered;
    RecoveryStats stats;
    const Status s = recover(*log, RecoveryOptions{}, recovered, stats);
    EXPECT_TRUE(s.is_corruption()) << s.to_string();
    EXPECT_NE(s.message().find("event 1: expected fact " + std::to_string(lost) +
                               " next, found fact " + std::to_string(lost + 1)),
              std::string::npos)
        << s.to_string();
    std::printf("[ info ] %s\n", s.to_string().c_str());

    RecoveredEvent whole;
    EXPECT_TRUE(recover_event(*log, 2, RecoveryOptions{}, whole, stats).ok());
}

TEST(Recovery, FactsThatDoNotContinueTheSnapshotAreCorruption) {
    TempDir dir;
    ShardSim sim(105);
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    add_all(batch, sim.create(1, theatre()));
    while (sim.state(1).sequence() < 10)
        add_all(batch, sim.round(5));
    log->commit_or_die(batch);
    const Sequence at = sim.state(1).sequence();
    ASSERT_TRUE(log->write_snapshot(sim.state(1).image()).ok());
    std::vector<Logged> later;
    while (later.size() < 3)
        for (Logged& l : sim.round(5))
            later.push_back(std::move(l));
    for (std::size_t i = 1; i < later.size(); ++i)
        batch.add(later[i].event, later[i].sequence, later[i].fact);  // the first one is lost
    log->commit_or_die(batch);

    RecoveredEvent recovered;
    RecoveryStats stats;
    const Status s = recover_event(*log, 1, RecoveryOptions{}, recovered, stats);
    EXPECT_TRUE(s.is_corruption()) << s.to_string();
    EXPECT_NE(s.message().find("expected fact " + std::to_string(at + 1)), std::string::npos)
        << s.to_string();
}

TEST(Recovery, AnEventMustBeginWithItsCreation) {
    TempDir dir;
    ShardSim sim(106);
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    add_all(batch, sim.create(1, theatre()));
    std::vector<Logged> later;
    while (later.empty())
        later = sim.round(5);
    // Event 3's log starts with another event's hold instead of its creation.
    batch.add(3, 1, later.front().fact);
    log->commit_or_die(batch);

    RecoveredEvent recovered;
    RecoveryStats stats;
    const Status wrong_first = recover_event(*log, 3, RecoveryOptions{}, recovered, stats);
    EXPECT_TRUE(wrong_first.is_corruption()) << wrong_first.to_string();
    EXPECT_NE(wrong_first.message().find("only it, is EventCreated"), std::string::npos)
        << wrong_first.to_string();

    const Status missing = recover_event(*log, 9, RecoveryOptions{}, recovered, stats);
    EXPECT_TRUE(missing.is_corruption()) << missing.to_string();
    EXPECT_NE(missing.message().find("event 9 has no facts"), std::string::npos);
}

// Found by storage/fuzz/snapshot_fuzz: a snapshot that verifies and decodes but
// describes an impossible event stopped seatd at start-up (SEAT_CHECK in
// EventState::from_image) instead of being reported as corruption. The fuzzer's
// snapshot differed from a valid one in 4 bytes: a ticket never admitted had an
// admission time, which is what this test writes.
TEST(Recovery, ASnapshotThatBreaksAnInvariantIsCorruptionNotAnAbort) {
    TempDir dir;
    ShardSim sim(107);
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    add_all(batch, sim.create(1, theatre()));
    for (int r = 0; r < 100 && sim.state(1).tickets().empty(); ++r)
        add_all(batch, sim.round(10));
    log->commit_or_die(batch);
    EventImage damaged = sim.state(1).image();
    const auto never_admitted = std::find_if(damaged.tickets.begin(), damaged.tickets.end(),
                                             [](const Ticket& t) { return t.admitted_at == 0; });
    ASSERT_NE(never_admitted, damaged.tickets.end());
    never_admitted->admitted_at = 1;
    ASSERT_TRUE(log->write_snapshot(damaged).ok());

    RecoveredEvent recovered;
    RecoveryStats stats;
    const Status s = recover_event(*log, 1, RecoveryOptions{}, recovered, stats);
    EXPECT_TRUE(s.is_corruption()) << s.to_string();
    EXPECT_NE(s.message().find("violates an invariant: ticket not admitted has an admission time"),
              std::string::npos)
        << s.to_string();
}

// apply() indexes the seat arrays with the seat ids a fact names; a damaged log
// whose fact still verified but named a seat past the venue was applied as is,
// writing past the event's seat array during recovery.
TEST(Recovery, AFactNamingASeatOutsideTheVenueIsCorruption) {
    TempDir dir;
    ShardSim sim(108);
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    add_all(batch, sim.create(1, theatre()));
    batch.add(1, 2, SeatsBlocked{{3, kTheatreSeats + 5000}, 1'800'000'000'000, {}});
    log->commit_or_die(batch);

    RecoveredEvent recovered;
    RecoveryStats stats;
    const Status s = recover_event(*log, 1, RecoveryOptions{}, recovered, stats);
    EXPECT_TRUE(s.is_corruption()) << s.to_string();
    EXPECT_NE(s.message().find("event 1: fact 2 (SeatsBlocked) names seat 5200 of a venue of 200"),
              std::string::npos)
        << s.to_string();
}

TEST(SnapshotPolicy, FiresAfterEveryFactsSinceTheLastSnapshot) {
    const SnapshotPolicy policy{100};
    EXPECT_FALSE(policy.due(99, 0));
    EXPECT_TRUE(policy.due(100, 0));
    EXPECT_FALSE(policy.due(199, 100));
    EXPECT_TRUE(policy.due(250, 100));
    EXPECT_FALSE(policy.due(100, 100));
    EXPECT_EQ(SnapshotPolicy{}.every_facts, 10'000u);
}

TEST(RecoveryTiming, ReplaySpeed) {
    TempDir dir;
    ShardSim sim(107, kStadiumSeats);
    std::map<EventId, EventImage> live;
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        for (EventId e = 1; e <= 4; ++e)
            add_all(batch, sim.create(e, stadium()));
        log->commit_or_die(batch);
        // Big rounds keep the test short on a slow disk; recovery does not care.
        live = run_shard(*log, sim, 100, 400, SnapshotPolicy{UINT64_MAX});
    }
    auto log = open_log(dir.path());
    std::vector<RecoveredEvent> recovered;
    RecoveryStats stats;
    ASSERT_TRUE(recover(*log, RecoveryOptions{false}, recovered, stats).ok());
    expect_recovered(recovered, live);
    std::printf("[ info ] recovered %zu events, %llu facts in %.3f s: %.0f facts/s\n", stats.events,
                static_cast<unsigned long long>(stats.facts_replayed), stats.seconds,
                static_cast<double>(stats.facts_replayed) / stats.seconds);
}

}  // namespace
}  // namespace seat::storage::testing
