// Proves the FactLog's contract on a real RocksDB: committed rounds read back
// complete and in order after a reopen, the directory lists every created event,
// snapshots keep only the latest and refuse to run ahead of the log, the store
// refuses formats it does not know, and a failed commit stops the process.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdio>

#include "tests/storage/fixture.h"

namespace seat::storage::testing {
namespace {

TEST(FactLog, CommittedRoundsReadBackInOrderAfterReopen) {
    TempDir dir;
    ShardSim sim(1);
    std::vector<Logged> written;
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        for (EventId e : {30, 10, 20})
            add_all(batch, sim.create(e, theatre()));
        ASSERT_TRUE(log->commit(batch).ok());
        for (int r = 0; r < 60; ++r) {
            const std::vector<Logged> facts = sim.round(15);
            add_all(batch, facts);
            written.insert(written.end(), facts.begin(), facts.end());
            const Status s = log->commit(batch);
            ASSERT_TRUE(s.ok()) << s.to_string();
            EXPECT_TRUE(batch.empty()) << "commit clears the batch for the next round";
        }
    }
    auto log = open_log(dir.path());
    std::vector<EventEntry> events;
    ASSERT_TRUE(log->list_events(events).ok());
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].event, 10u);
    EXPECT_EQ(events[1].event, 20u);
    EXPECT_EQ(events[2].event, 30u);
    EXPECT_EQ(events[0].name, "event 10");
    EXPECT_EQ(events[0].created_sequence, 1u);

    for (EventId e : {10, 20, 30}) {
        std::vector<Logged> expected;
        for (const Logged& l : written)
            if (l.event == e) expected.push_back(l);
        const std::vector<Logged> read = read_all(*log, {e});
        ASSERT_EQ(read.size(), expected.size() + 1)
            << "event " << e << ": the creation and the rest";
        EXPECT_EQ(read.size(), sim.state(e).sequence());
        for (std::size_t i = 0; i < read.size(); ++i)
            EXPECT_EQ(read[i].sequence, i + 1);
        for (std::size_t i = 0; i < expected.size(); ++i)
            EXPECT_TRUE(same_fact(read[i + 1].fact, expected[i].fact))
                << "event " << e << " fact " << i + 2;
    }
}

TEST(FactLog, ReadFactsStartsAfterTheGivenSequenceAndCanStop) {
    TempDir dir;
    ShardSim sim(2);
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    add_all(batch, sim.create(1, theatre()));
    add_all(batch, sim.create(2, theatre()));
    for (int r = 0; r < 10; ++r)
        add_all(batch, sim.round(10));
    ASSERT_TRUE(log->commit(batch).ok());

    std::vector<Sequence> seen;
    ASSERT_TRUE(log->read_facts(1, 5,
                                [&](Sequence s, const Fact&) {
                                    seen.push_back(s);
                                    return seen.size() < 3;
                                })
                    .ok());
    EXPECT_EQ(seen, (std::vector<Sequence>{6, 7, 8}));
    seen.clear();
    ASSERT_TRUE(log->read_facts(1, UINT64_MAX,
                                [&](Sequence s, const Fact&) {
                                    seen.push_back(s);
                                    return true;
                                })
                    .ok());
    EXPECT_TRUE(seen.empty());
    ASSERT_TRUE(log->read_facts(99, 0,
                                [&](Sequence s, const Fact&) {
                                    seen.push_back(s);
                                    return true;
                                })
                    .ok());
    EXPECT_TRUE(seen.empty()) << "an unknown event has no facts";
}

TEST(FactLog, EmptyRoundCommitsNothing) {
    TempDir dir;
    auto log = open_log(dir.path());
    RoundBatch batch(*log);
    EXPECT_TRUE(log->commit(batch).ok());
    std::vector<EventEntry> events;
    ASSERT_TRUE(log->list_events(events).ok());
    EXPECT_TRUE(events.empty());
}

TEST(FactLog, SnapshotsKeepOnlyTheLatestAndNeverRunAhead) {
    TempDir dir;
    ShardSim sim(3);
    {
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        add_all(batch, sim.create(5, theatre()));
        add_all(batch, sim.create(6, theatre()));
        for (int r = 0; r < 5; ++r)
            add_all(batch, sim.round(10));
        ASSERT_TRUE(log->commit(batch).ok());
        const EventImage first = sim.state(5).image();
        ASSERT_TRUE(log->write_snapshot(first).ok());
        ASSERT_TRUE(log->write_snapshot(sim.state(6).image()).ok());

        for (int r = 0; r < 5; ++r)
            add_all(batch, sim.round(10));
        const EventImage ahead = sim.state(5).image();
        const Status refused = log->write_snapshot(ahead);
        EXPECT_TRUE(refused.is_invalid()) << refused.to_string();
        EXPECT_NE(refused.message().find("ahead of the durable log"), std::string::npos);

        ASSERT_TRUE(log->commit(batch).ok());
        ASSERT_TRUE(log->write_snapshot(ahead).ok());
        ASSERT_TRUE(log->write_snapshot(ahead).ok()) << "rewriting the same snapshot is harmless";
        const Status older = log->write_snapshot(first);
        EXPECT_TRUE(older.is_invalid()) << older.to_string();

        std::optional<EventImage> latest;
        ASSERT_TRUE(log->read_snapshot(5, latest).ok());
        ASSERT_TRUE(latest.has_value());
        EXPECT_EQ(latest->sequence, ahead.sequence);
        EXPECT_TRUE(same_state(*latest, ahead));
        ASSERT_TRUE(log->read_snapshot(7, latest).ok());
        EXPECT_FALSE(latest.has_value());
    }
    RawDb raw(dir.path());
    EXPECT_EQ(raw.count(RawDb::kSnapshotsFamily), 2u) << "one snapshot per event";
    EXPECT_EQ(raw.count(RawDb::kMetaFamily), 3u) << "two directory entries and the format version";
}

TEST(FactLog, OpenCreatesMissingParentDirectories) {
    TempDir dir;
    const fs::path deep = dir.path() / "a" / "b" / "c" / "db";
    Status status;
    auto log = FactLog::open(deep, LogOptions{}, status);
    ASSERT_TRUE(status.ok()) << status.to_string();
    EXPECT_TRUE(fs::is_directory(deep));
}

TEST(FactLog, OpenWithoutCreateRefusesAMissingStore) {
    TempDir dir;
    LogOptions options;
    options.create_if_missing = false;
    Status status;
    auto log = FactLog::open(dir.path() / "nothing-here", options, status);
    EXPECT_EQ(log, nullptr);
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.message().find("nothing-here"), std::string::npos) << status.to_string();
}

TEST(FactLog, OpenRefusesAnUnknownStoreFormat) {
    TempDir dir;
    open_log(dir.path()).reset();
    {
        RawDb raw(dir.path());
        const char version[4] = {0, 0, 0, 9};
        ASSERT_TRUE(raw.db
                        ->Put(rocksdb::WriteOptions(), raw.handles[RawDb::kMetaFamily],
                              "store/format_version", rocksdb::Slice(version, 4))
                        .ok());
    }
    Status status;
    auto log = FactLog::open(dir.path(), LogOptions{}, status);
    EXPECT_EQ(log, nullptr);
    EXPECT_TRUE(status.is_invalid()) << status.to_string();
    EXPECT_NE(status.message().find("store format version 9"), std::string::npos)
        << status.to_string();
}

TEST(FactLog, OpenFailsWhileAnotherProcessHoldsTheStore) {
    TempDir dir;
    auto first = open_log(dir.path());
    Status status;
    auto second = FactLog::open(dir.path(), LogOptions{}, status);
    EXPECT_EQ(second, nullptr);
    EXPECT_TRUE(status.is_io_error()) << status.to_string();
}

// The child makes its WAL unable to grow (RLIMIT_FSIZE), so the next synced write
// fails the way a full disk would; commit_or_die must exit 70 and say why.
TEST(FactLogDeathTest, FailedCommitStopsTheProcess) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    TempDir dir;
    auto fail_a_commit = [&] {
        ShardSim sim(4);
        auto log = open_log(dir.path());
        RoundBatch batch(*log);
        add_all(batch, sim.create(1, theatre()));
        log->commit_or_die(batch);
        // The child exits without running destructors: remove its directory now
        // (the open WAL stays writable, as far as the size limit lets it).
        fs::remove_all(dir.path());
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{1 << 16, 1 << 16};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        add_all(batch, sim.create(2, stadium()));  // megabytes: past the limit
        log->commit_or_die(batch);
        std::fprintf(stderr, "commit succeeded past the file size limit\n");
        std::exit(0);
    };
    EXPECT_EXIT(fail_a_commit(), ::testing::ExitedWithCode(kDurabilityLostExitCode),
                "seatd: fatal: cannot make a round durable.*IO error");
}

}  // namespace
}  // namespace seat::storage::testing
