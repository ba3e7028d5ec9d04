// The shard's snapshot writer against a real RocksDB log: what it writes is what
// recovery starts from, and a snapshot it cannot write is counted and logged,
// never fatal (the facts are durable; a snapshot only shortens replay).
#include "server/shard/snapshot_writer.h"

#include <gtest/gtest.h>

#include "storage/recovery.h"
#include "tests/storage/fixture.h"

namespace seat::server {
namespace {

using storage::testing::add_all;
using storage::testing::open_log;
using storage::testing::ShardSim;
using storage::testing::TempDir;

TEST(SnapshotWriter, WritesTheImageRecoveryStartsFrom) {
    TempDir dir;
    ShardSim sim(7);
    EventImage live;
    {
        auto log = open_log(dir.path());
        storage::RoundBatch batch(*log);
        add_all(batch, sim.create(1, storage::testing::theatre()));
        log->commit_or_die(batch);
        for (int round = 0; round < 30; ++round) {
            add_all(batch, sim.round(20));
            log->commit_or_die(batch);
        }
        live = sim.images().at(1);
        SnapshotWriter writer(0, *log);
        ASSERT_TRUE(writer.offer(EventImage(live)));
        writer.wait_idle();
        EXPECT_EQ(writer.written(), 1u);
        EXPECT_EQ(writer.failed(), 0u);
    }
    auto log = open_log(dir.path());
    std::vector<storage::RecoveredEvent> recovered;
    storage::RecoveryStats stats;
    const storage::Status s = storage::recover(*log, {}, recovered, stats);
    ASSERT_TRUE(s.ok()) << s.to_string();
    ASSERT_EQ(recovered.size(), 1u);
    EXPECT_EQ(stats.snapshots_used, 1u);
    EXPECT_EQ(recovered[0].snapshot_sequence, live.sequence);
    EXPECT_TRUE(same_state(recovered[0].state.image(), live));
}

TEST(SnapshotWriter, CountsASnapshotItCannotWriteAndCarriesOn) {
    TempDir dir;
    ShardSim sim(8);
    auto log = open_log(dir.path());
    storage::RoundBatch batch(*log);
    add_all(batch, sim.create(1, storage::testing::theatre()));
    log->commit_or_die(batch);
    SnapshotWriter writer(0, *log);
    EventImage ahead = sim.images().at(1);
    ahead.sequence += 1000;  // facts that were never written: the log refuses it
    ASSERT_TRUE(writer.offer(std::move(ahead)));
    writer.wait_idle();
    EXPECT_EQ(writer.failed(), 1u);
    EXPECT_EQ(writer.written(), 0u);
    // Still working: the next, valid snapshot is written.
    ASSERT_TRUE(writer.offer(EventImage(sim.images().at(1))));
    writer.wait_idle();
    EXPECT_EQ(writer.written(), 1u);
}

}  // namespace
}  // namespace seat::server
