// Proves that a power cut takes away nothing acknowledged, on a file system that
// keeps only what was synced (tests/support/power_loss_fs.h). Seeded cycles open
// the FactLog on it, run rounds of real engine commands (theatres, a stadium whose
// creation is a multi-block WAL record, snapshots, small memtables so that flushes
// and WAL switches happen), cut the power at a random file operation (between
// rounds, inside a round's WAL append or sync, inside a flush or a snapshot, while
// opening) and reopen; every other store is written by two shards at once. After
// every cut: every acknowledged round is in the log fact for fact; the round whose
// commit failed (one per shard) is there whole or not at all; the recovered state,
// with and without snapshots, equals replaying the acknowledged facts; no seat is
// sold twice. A failed WAL sync or write leaves its round unacknowledged, and
// commit_or_die stops the process on it. 20 cycles by default;
// SEAT_POWER_LOSS_CYCLES=N runs N (tests/soak/faults_soak.sh), SEAT_POWER_LOSS_SEED
// picks another first seed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include "storage/recovery.h"
#include "tests/storage/fixture.h"
#include "tests/support/power_loss_fs.h"

namespace seat::storage::testing {
namespace {

using seat::testing::FsOp;
using seat::testing::PowerLossFs;

constexpr int kCyclesDefault = 20;
// Cycles share a store in groups, so state builds up over cuts but a failure is
// replayed from a seed within a few cycles.
constexpr int kCyclesPerStore = 10;
constexpr std::size_t kRoundsPerCycleMax = 12;
constexpr std::size_t kCommandsPerRoundMax = 16;
constexpr std::size_t kSmallMemtableBytes = 64 << 10;

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    if (const char* value = std::getenv(name)) {
        const long long n = std::atoll(value);
        if (n > 0) return static_cast<std::uint64_t>(n);
    }
    return fallback;
}

bool by_key(const Logged& a, const Logged& b) {
    return std::tie(a.event, a.sequence) < std::tie(b.event, b.sequence);
}

std::vector<Logged> sorted(std::vector<Logged> facts) {
    std::stable_sort(facts.begin(), facts.end(), by_key);
    return facts;
}

// The images of replaying `facts` from nothing, event by event in sequence order.
std::map<EventId, EventImage> replay(const std::vector<Logged>& facts) {
    std::map<EventId, EventState> states;
    for (const Logged& l : sorted(facts))
        apply(states[l.event], l.fact);
    std::map<EventId, EventImage> out;
    for (const auto& [event, state] : states)
        out.emplace(event, state.image());
    return out;
}

// Every invariant, and in so many words: each sold seat has one live ticket
// (valid, admitted, offered or listed) and no seat has two.
void expect_sold_once(const EventState& state) {
    EXPECT_EQ(state.check_invariants(), "") << "event " << state.event();
    std::set<SeatId> sold;
    for (const Ticket& t : state.tickets()) {
        // An offered or listed ticket still holds its seat (it changes owner, not seat).
        if (t.status == TicketStatus::cancelled || t.status == TicketStatus::superseded) continue;
        EXPECT_TRUE(sold.insert(t.seat).second)
            << "event " << state.event() << ": seat " << t.seat << " sold twice";
    }
    EXPECT_EQ(sold.size(), state.totals()[SeatStatus::sold]) << "event " << state.event();
}

struct Totals {
    int cycles = 0;
    std::uint64_t rounds_acked = 0;
    std::uint64_t facts_checked = 0;  // acknowledged facts compared after each cut
    std::uint64_t commits_cut = 0;    // commits that failed because the power went
    std::uint64_t cut_round_kept = 0;
    std::uint64_t cut_round_dropped = 0;
    std::uint64_t snapshots = 0;
    std::uint64_t cuts_in_open = 0;
};

// One store on a PowerLossFs, taken through power cuts, written by one shard or by
// two at once (each with events of its own, committing on the one FactLog the way
// seatd's shards do, so their rounds meet in RocksDB's write groups).
class PowerCycles {
  public:
    PowerCycles(const fs::path& dir, std::uint64_t seed, std::size_t shards)
        : dir_(dir),
          seed_(seed),
          rng_(seed),
          fs_(std::make_shared<PowerLossFs>()),
          env_(PowerLossFs::make_env(fs_)) {
        for (std::size_t i = 0; i < shards; ++i)
            shards_.push_back(std::make_unique<Shard>(seed * 31 + i, 1 + 10 * i));
    }

    // Open, check what survived, run rounds until the cut, cut.
    void cycle(int number, Totals& totals) {
        SCOPED_TRACE("store seed " + std::to_string(seed_) + " (" + std::to_string(shards_.size()) +
                     " shards), cycle " + std::to_string(number));
        LogOptions options;
        options.env = env_;
        options.write_buffer_bytes =
            rng_.below(2) ? kSmallMemtableBytes : LogOptions{}.write_buffer_bytes;
        Status status;
        std::unique_ptr<FactLog> log;
        if (rng_.below(8) == 0) {
            // A cut while opening: RocksDB replays the WAL into a table file, writes a
            // new MANIFEST and WAL, deletes the old ones. The next open must still
            // find every acknowledged round.
            fs_->power_off_after(rng_.below(40));
            log = FactLog::open(dir_, options, status);
            if (!fs_->powered()) {
                log.reset();
                fs_->restore_power(rng_.next());
                ++totals.cuts_in_open;
            }
            fs_->keep_power_on();
        }
        if (!log) log = FactLog::open(dir_, options, status);
        ASSERT_TRUE(status.ok()) << status.to_string();
        check_recovered(*log, totals);
        if (::testing::Test::HasFatalFailure()) return;
        run_until_cut(*log, totals);
        fs_->power_off();
        log.reset();
        fs_->restore_power(rng_.next());
        ++totals.cycles;
    }

    // What the last cut left, after one more open.
    void final_check(Totals& totals) {
        LogOptions options;
        options.env = env_;
        Status status;
        std::unique_ptr<FactLog> log = FactLog::open(dir_, options, status);
        ASSERT_TRUE(status.ok()) << status.to_string();
        check_recovered(*log, totals);
    }

    seat::testing::PowerLossStats fs_stats() const { return fs_->stats(); }

  private:
    // A shard: its events (first_event, + 1, + 2), its workload, and its round
    // whose commit the cut failed.
    struct Shard {
        Shard(std::uint64_t seed, EventId first) : sim(seed), rng(seed + 1), first_event(first) {}
        ShardSim sim;
        Rng rng;
        EventId first_event;
        std::vector<Logged> acked;    // acknowledged in this cycle
        std::vector<Logged> pending;  // the round whose commit the cut failed
        Totals totals;
    };

    void run_until_cut(FactLog& log, Totals& totals) {
        const std::size_t rounds = 1 + rng_.below(kRoundsPerCycleMax);
        // Where the power goes: half the cycles inside one round's commit (before its
        // WAL append, between the append and the sync, or just after the sync, where
        // a new WAL's directory sync or a flush may come); a quarter at any file
        // operation of the cycle (flushes and snapshots included); a quarter after
        // the last round. With two shards the first one's round is the one aimed at,
        // and the other's operations count too.
        const std::uint64_t mode = rng_.below(4);
        const std::size_t cut_round = mode < 2 ? rng_.below(rounds) : rounds;
        if (mode == 2) fs_->power_off_after(rng_.below(6 * rounds * shards_.size()));
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < shards_.size(); ++i) {
            threads.emplace_back(
                [&, i] { run_shard(log, *shards_[i], rounds, i == 0 ? cut_round : rounds); });
        }
        for (std::thread& t : threads)
            t.join();
        for (auto& shard : shards_) {
            acked_.insert(acked_.end(), shard->acked.begin(), shard->acked.end());
            shard->acked.clear();
            totals.rounds_acked += std::exchange(shard->totals.rounds_acked, 0);
            totals.commits_cut += std::exchange(shard->totals.commits_cut, 0);
            totals.snapshots += std::exchange(shard->totals.snapshots, 0);
        }
    }

    void run_shard(FactLog& log, Shard& shard, std::size_t rounds, std::size_t cut_round) {
        RoundBatch batch(log);
        for (std::size_t r = 0; r < rounds; ++r) {
            std::vector<Logged> facts = next_round(shard);
            add_all(batch, facts);
            if (r == cut_round) fs_->power_off_after(shard.rng.below(3));
            const Status status = log.commit(batch);
            if (!status.ok()) {
                EXPECT_FALSE(fs_->powered())
                    << "a commit failed with the power on: " << status.to_string();
                shard.pending = std::move(facts);
                ++shard.totals.commits_cut;
                return;
            }
            shard.acked.insert(shard.acked.end(), facts.begin(), facts.end());
            ++shard.totals.rounds_acked;
            if (shard.rng.below(6) == 0) {
                const std::vector<EventId> events = shard.sim.event_ids();
                const EventId e = events[shard.rng.below(events.size())];
                shard.totals.snapshots += log.write_snapshot(shard.sim.state(e).image()).ok();
            }
        }
    }

    static std::vector<Logged> next_round(Shard& shard) {
        ShardSim& sim = shard.sim;
        if (sim.event_count() == 0) {
            std::vector<Logged> facts = sim.create(shard.first_event, theatre());
            std::vector<Logged> more = sim.create(shard.first_event + 1, theatre());
            facts.insert(facts.end(), more.begin(), more.end());
            return facts;
        }
        if (sim.event_count() == 2 && shard.rng.below(25) == 0) {
            // Megabytes in one record: a cut may land in any of its WAL blocks.
            std::vector<Logged> facts = sim.create(shard.first_event + 2, stadium());
            std::vector<Logged> more = sim.round(1 + shard.rng.below(kCommandsPerRoundMax));
            facts.insert(facts.end(), more.begin(), more.end());
            return facts;
        }
        return sim.round(1 + shard.rng.below(kCommandsPerRoundMax));
    }

    Shard& owner(EventId event) { return *shards_[static_cast<std::size_t>((event - 1) / 10)]; }

    void check_recovered(const FactLog& log, Totals& totals) {
        std::vector<EventEntry> entries;
        ASSERT_TRUE(log.list_events(entries).ok());
        std::vector<EventId> ids;
        for (const EventEntry& e : entries)
            ids.push_back(e.event);
        const std::vector<Logged> in_log = read_all(log, ids);

        // Each shard's round whose commit the cut failed: whole or not at all.
        std::set<std::pair<EventId, Sequence>> keys;
        for (const Logged& l : in_log)
            keys.emplace(l.event, l.sequence);
        for (auto& shard : shards_) {
            std::vector<Logged>& pending = shard->pending;
            std::size_t present = 0;
            for (const Logged& l : pending)
                present += keys.contains({l.event, l.sequence});
            ASSERT_TRUE(present == 0 || present == pending.size())
                << "a cut round is half-present: " << present << " of its " << pending.size()
                << " facts survived";
            if (pending.empty()) continue;
            if (present > 0) {
                acked_.insert(acked_.end(), pending.begin(), pending.end());
                ++totals.cut_round_kept;
            } else {
                ++totals.cut_round_dropped;
            }
            pending.clear();
        }

        // Every acknowledged fact, and nothing else.
        const std::vector<Logged> expected = sorted(acked_);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            ASSERT_LT(i, in_log.size()) << "acknowledged fact lost: event " << expected[i].event
                                        << " sequence " << expected[i].sequence;
            ASSERT_EQ(in_log[i].event, expected[i].event);
            ASSERT_EQ(in_log[i].sequence, expected[i].sequence)
                << "acknowledged fact lost: event " << expected[i].event << " sequence "
                << expected[i].sequence;
            ASSERT_TRUE(same_fact(in_log[i].fact, expected[i].fact))
                << "event " << expected[i].event << " sequence " << expected[i].sequence
                << " differs from what was acknowledged";
        }
        ASSERT_EQ(in_log.size(), expected.size()) << "facts in the log that were never written";
        totals.facts_checked += expected.size();

        // Recovery, from snapshots and from the facts alone, equals the replay.
        const std::map<EventId, EventImage> images = replay(acked_);
        for (bool use_snapshots : {true, false}) {
            std::vector<RecoveredEvent> events;
            RecoveryStats stats;
            const Status s = recover(log, RecoveryOptions{use_snapshots}, events, stats);
            ASSERT_TRUE(s.ok()) << s.to_string();
            ASSERT_EQ(events.size(), images.size());
            for (RecoveredEvent& e : events) {
                const EventId id = e.state.event();
                ASSERT_TRUE(images.contains(id)) << "event " << id << " was never created";
                EXPECT_TRUE(same_state(e.state.image(), images.at(id)))
                    << "event " << id << " (snapshots " << use_snapshots
                    << ") differs from the replay of its acknowledged facts";
                expect_sold_once(e.state);
                if (use_snapshots) owner(id).sim.adopt(std::move(e.state));
            }
        }
        for (auto& shard : shards_)
            for (EventId id : shard->sim.event_ids())
                if (!images.contains(id)) shard->sim.forget(id);
    }

    fs::path dir_;
    std::uint64_t seed_;
    Rng rng_;
    std::shared_ptr<PowerLossFs> fs_;
    std::shared_ptr<rocksdb::Env> env_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::vector<Logged> acked_;  // every fact of every acknowledged round
};

TEST(PowerLoss, AcknowledgedRoundsSurviveCutsAtAnyOperation) {
    const int cycles = static_cast<int>(env_number("SEAT_POWER_LOSS_CYCLES", kCyclesDefault));
    const std::uint64_t first_seed = env_number("SEAT_POWER_LOSS_SEED", 1);
    const auto start = std::chrono::steady_clock::now();
    TempDir dir;
    Totals totals;
    seat::testing::PowerLossStats fs_totals;
    for (int done = 0, store = 0; done < cycles; ++store) {
        const std::uint64_t seed = first_seed + static_cast<std::uint64_t>(store);
        // Every other store has two shards committing at once.
        PowerCycles cycles_of_store(dir / ("store-" + std::to_string(seed)), seed, 1 + store % 2);
        for (int c = 0; c < kCyclesPerStore && done < cycles; ++c, ++done) {
            cycles_of_store.cycle(c, totals);
            if (::testing::Test::HasFailure()) return;
        }
        cycles_of_store.final_check(totals);
        if (::testing::Test::HasFailure()) return;
        const auto s = cycles_of_store.fs_stats();
        fs_totals.power_cuts += s.power_cuts;
        fs_totals.bytes_dropped += s.bytes_dropped;
        fs_totals.files_torn += s.files_torn;
        fs_totals.files_removed += s.files_removed;
        fs_totals.names_restored += s.names_restored;
        fs_totals.syncs += s.syncs;
        fs_totals.dir_syncs += s.dir_syncs;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "[ info ] %d power cuts (seeds %ju..): %ju rounds acknowledged, %ju acknowledged facts "
        "checked after cuts, %ju commits cut (round kept whole %ju, dropped %ju), %ju cuts while "
        "opening, %ju snapshots; "
        "file system: %ju syncs, %ju directory syncs, %ju unsynced bytes dropped, %ju files torn, "
        "%ju files removed, %ju names restored; anomalies 0; %.1f s\n",
        totals.cycles, static_cast<std::uintmax_t>(first_seed),
        static_cast<std::uintmax_t>(totals.rounds_acked),
        static_cast<std::uintmax_t>(totals.facts_checked),
        static_cast<std::uintmax_t>(totals.commits_cut),
        static_cast<std::uintmax_t>(totals.cut_round_kept),
        static_cast<std::uintmax_t>(totals.cut_round_dropped),
        static_cast<std::uintmax_t>(totals.cuts_in_open),
        static_cast<std::uintmax_t>(totals.snapshots), static_cast<std::uintmax_t>(fs_totals.syncs),
        static_cast<std::uintmax_t>(fs_totals.dir_syncs),
        static_cast<std::uintmax_t>(fs_totals.bytes_dropped),
        static_cast<std::uintmax_t>(fs_totals.files_torn),
        static_cast<std::uintmax_t>(fs_totals.files_removed),
        static_cast<std::uintmax_t>(fs_totals.names_restored), seconds);
}

// ---- Failures on demand.

struct FailedCommit {
    Status first;   // the round with the injected failure
    Status second;  // the round after it, on the same log
};

// Commits one acknowledged round, then one with `op` failing on the WAL, then one
// more; cuts the power (keeping none, or some, of the unsynced bytes) and checks
// that the first round is there and the failed one whole or not at all.
FailedCommit fail_a_wal_op(const fs::path& dir, FsOp op, std::uint64_t seed) {
    auto fs = std::make_shared<PowerLossFs>();
    LogOptions options;
    options.env = PowerLossFs::make_env(fs);
    ShardSim sim(seed);
    std::vector<Logged> acked, failed;
    FailedCommit out;
    {
        Status status;
        auto log = FactLog::open(dir, options, status);
        EXPECT_TRUE(status.ok()) << status.to_string();
        if (!log) return out;
        RoundBatch batch(*log);
        acked = sim.create(1, theatre());
        add_all(batch, acked);
        EXPECT_TRUE(log->commit(batch).ok());
        fs->fail_next(op, ".log");
        failed = sim.round(8);
        add_all(batch, failed);
        out.first = log->commit(batch);
        batch.clear();
        add_all(batch, sim.round(8));
        out.second = log->commit(batch);
    }
    fs->restore_power(seed, seed % 2 == 0);
    Status status;
    auto log = FactLog::open(dir, options, status);
    EXPECT_TRUE(status.ok()) << status.to_string();
    if (!log) return out;
    const std::vector<Logged> in_log = read_all(*log, {1});
    EXPECT_TRUE(in_log.size() == acked.size() || in_log.size() == acked.size() + failed.size())
        << in_log.size() << " facts: the failed round is half-present";
    for (std::size_t i = 0; i < acked.size() && i < in_log.size(); ++i)
        EXPECT_TRUE(same_fact(in_log[i].fact, acked[i].fact)) << "acknowledged fact " << i;
    return out;
}

TEST(PowerLoss, AFailedWalSyncLeavesItsRoundUnacknowledgedAndTheLogRefusesMore) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        TempDir dir;
        const FailedCommit r = fail_a_wal_op(dir / "store", FsOp::sync, seed);
        EXPECT_TRUE(r.first.is_io_error()) << r.first.to_string();
        EXPECT_NE(r.first.to_string().find("injected sync failure"), std::string::npos)
            << r.first.to_string();
        // RocksDB stops writing after a failed WAL sync: a later round cannot be
        // acknowledged on top of one whose durability is unknown.
        EXPECT_FALSE(r.second.ok()) << "a commit after a failed sync was acknowledged";
    }
}

TEST(PowerLoss, AFailedWalWriteLeavesItsRoundUnacknowledgedAndTheLogRefusesMore) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        TempDir dir;
        const FailedCommit r = fail_a_wal_op(dir / "store", FsOp::write, seed);
        EXPECT_TRUE(r.first.is_io_error()) << r.first.to_string();
        EXPECT_NE(r.first.to_string().find("injected write failure"), std::string::npos)
            << r.first.to_string();
        EXPECT_FALSE(r.second.ok()) << "a commit after a failed write was acknowledged";
    }
}

TEST(PowerLossDeathTest, AFailedWalSyncStopsTheProcessWithoutAcknowledging) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    TempDir dir;
    auto fail_a_sync = [&] {
        auto fs = std::make_shared<PowerLossFs>();
        LogOptions options;
        options.env = PowerLossFs::make_env(fs);
        Status status;
        auto log = FactLog::open(dir / "store", options, status);
        if (!log) std::exit(1);
        ShardSim sim(5);
        RoundBatch batch(*log);
        add_all(batch, sim.create(1, theatre()));
        log->commit_or_die(batch);
        // The child exits without running destructors: remove its directory now
        // (the open WAL stays writable).
        fs::remove_all(dir.path());
        fs->fail_next(FsOp::sync, ".log");
        add_all(batch, sim.round(8));
        log->commit_or_die(batch);
        std::fprintf(stderr, "commit_or_die returned after a failed sync\n");
        std::exit(0);
    };
    EXPECT_EXIT(fail_a_sync(), ::testing::ExitedWithCode(kDurabilityLostExitCode),
                "seatd: fatal: cannot make a round durable.*injected sync failure");
}

}  // namespace
}  // namespace seat::storage::testing
