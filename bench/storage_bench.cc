// Micro-benchmarks of the durable log on real RocksDB in a temporary directory:
// the cost of one synced round (group commit) with 1, 20 and 100 facts, the CPU
// of staging a round and of committing it without the fsync (a benchmark-only
// file system whose syncs do nothing), the encoding of a HoldPlaced fact, and
// recovery speed from the log (facts/s). Synced writes measure this machine's
// disk; docs/benchmarks.md records both.
#include <benchmark/benchmark.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <filesystem>
#include <memory>
#include <random>

#include "engine/engine.h"
#include "storage/fact_log.h"
#include "storage/recovery.h"
#include "venues/generators.h"

namespace seat {
namespace {

constexpr UnixMillis kNow = 1'800'000'000'000;

std::filesystem::path temp_dir(const char* name) {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() /
        ("seatd-bench-" + std::string(name) + "-" + std::to_string(std::random_device{}()));
    std::filesystem::remove_all(dir);
    return dir;
}

std::unique_ptr<storage::FactLog> open_or_die(const std::filesystem::path& dir,
                                              const storage::LogOptions& options = {}) {
    storage::Status status;
    auto log = storage::FactLog::open(dir, options, status);
    if (!log) {
        std::fprintf(stderr, "open %s: %s\n", dir.c_str(), status.to_string().c_str());
        std::abort();
    }
    return log;
}

HoldPlaced sample_hold(std::uint64_t n) {
    HoldPlaced f;
    f.hold = HoldId::make(static_cast<std::uint32_t>(n % 1000), 1);
    f.session = SessionId{1, n};
    f.seats = {SeatId(n % 60000), SeatId(n % 60000 + 1), SeatId(n % 60000 + 2),
               SeatId(n % 60000 + 3)};
    f.expires_at = kNow + 600'000;
    f.at = kNow;
    f.tag = CommandTag{IdempotencyKey{2, n}, n * 7};
    return f;
}

// One synced WriteBatch of range(0) facts: the round a shard commits.
void BM_CommitRound(benchmark::State& bs) {
    const auto dir = temp_dir("commit");
    auto log = open_or_die(dir);
    storage::RoundBatch batch(*log);
    Sequence seq = 0;
    const auto facts = bs.range(0);
    for (auto _ : bs) {
        for (std::int64_t i = 0; i < facts; ++i) {
            ++seq;
            batch.add(1, seq, sample_hold(seq));
        }
        log->commit_or_die(batch);
    }
    bs.SetItemsProcessed(bs.iterations() * facts);
    bs.counters["facts_per_round"] = static_cast<double>(facts);
    log.reset();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CommitRound)->Arg(1)->Arg(20)->Arg(100)->UseRealTime();

// A round's worth of holds, as the shard would stage them.
std::vector<Fact> sample_holds(std::int64_t n) {
    std::vector<Fact> facts;
    for (std::int64_t i = 0; i < n; ++i)
        facts.emplace_back(sample_hold(static_cast<std::uint64_t>(i)));
    return facts;
}

// The CPU of staging a round: range(0) facts of one event added to a RoundBatch,
// then the batch cleared for the next round. No disk.
void BM_StageRound(benchmark::State& bs) {
    const auto dir = temp_dir("stage");
    auto log = open_or_die(dir);
    storage::RoundBatch batch(*log);
    const std::vector<Fact> facts = sample_holds(bs.range(0));
    Sequence seq = 0;
    for (auto _ : bs) {
        for (const Fact& f : facts)
            batch.add(1, ++seq, f);
        benchmark::DoNotOptimize(batch.byte_size());
        batch.clear();
    }
    bs.SetItemsProcessed(bs.iterations() * bs.range(0));
    log.reset();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_StageRound)->Arg(1)->Arg(20)->Arg(100);

// Benchmark only: a file system whose file syncs return at once, so that a
// commit costs its CPU (batch, WAL append to the page cache, memtable insert)
// without this disk's fsync. Production never sees it: it is passed through
// LogOptions::env, which only tests and benchmarks set.
class NoSyncFile : public rocksdb::FSWritableFileOwnerWrapper {
  public:
    using FSWritableFileOwnerWrapper::FSWritableFileOwnerWrapper;
    rocksdb::IOStatus Sync(const rocksdb::IOOptions&, rocksdb::IODebugContext*) override {
        return rocksdb::IOStatus::OK();
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions&, rocksdb::IODebugContext*) override {
        return rocksdb::IOStatus::OK();
    }
};

class NoSyncFs : public rocksdb::FileSystemWrapper {
  public:
    NoSyncFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
    static const char* kClassName() { return "NoSyncFs"; }
    const char* Name() const override { return kClassName(); }
    rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* out,
                                      rocksdb::IODebugContext* dbg) override {
        std::unique_ptr<rocksdb::FSWritableFile> file;
        rocksdb::IOStatus s = FileSystemWrapper::NewWritableFile(name, options, &file, dbg);
        if (s.ok()) *out = std::make_unique<NoSyncFile>(std::move(file));
        return s;
    }
};

// A whole commit of range(0) facts of one event, minus the fsync (NoSyncFs).
void BM_CommitRoundUnsynced(benchmark::State& bs) {
    const auto dir = temp_dir("commit-nosync");
    storage::LogOptions options;
    options.env =
        std::shared_ptr<rocksdb::Env>(rocksdb::NewCompositeEnv(std::make_shared<NoSyncFs>()));
    auto log = open_or_die(dir, options);
    storage::RoundBatch batch(*log);
    const std::vector<Fact> facts = sample_holds(bs.range(0));
    Sequence seq = 0;
    for (auto _ : bs) {
        for (const Fact& f : facts)
            batch.add(1, ++seq, f);
        log->commit_or_die(batch);
    }
    bs.SetItemsProcessed(bs.iterations() * bs.range(0));
    log.reset();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CommitRoundUnsynced)->Arg(1)->Arg(20)->Arg(100);

void BM_EncodeHoldPlaced(benchmark::State& bs) {
    flatbuffers::FlatBufferBuilder builder(1024);
    const Fact fact = sample_hold(42);
    for (auto _ : bs) {
        storage::encode(fact, builder);
        benchmark::DoNotOptimize(builder.GetBufferPointer());
    }
    bs.SetItemsProcessed(bs.iterations());
    bs.counters["bytes"] = static_cast<double>(builder.GetSize());
}
BENCHMARK(BM_EncodeHoldPlaced);

// Recovery of one stadium event from range(0) hold/release facts, no snapshot.
void BM_Recover(benchmark::State& bs) {
    const auto dir = temp_dir("recover");
    {
        auto log = open_or_die(dir);
        EventState state;
        Rng rng(9);
        FactBuffer facts;
        SaleSettings settings;
        settings.max_holds_per_session = kSessionHoldsMax;
        execute(state, CreateEvent{1, std::make_shared<const Venue>(make_stadium()), settings},
                kNow, rng, facts);
        for (std::uint64_t n = 1; facts.size() < static_cast<std::size_t>(bs.range(0)); ++n) {
            const SeatId s = static_cast<SeatId>((n * 4) % 60000);
            const Result h = execute(state, PlaceHold{SessionId{1, n}, {s}, IdempotencyKey{2, n}},
                                     kNow, rng, facts);
            if (h.ok())
                execute(state,
                        ReleaseHold{std::get<HoldReply>(h.reply).hold, SessionId{1, n},
                                    IdempotencyKey{3, n}},
                        kNow, rng, facts);
        }
        storage::RoundBatch batch(*log);
        for (std::size_t i = 0; i < facts.size(); ++i) {
            batch.add(1, i + 1, facts[i]);
            if (batch.fact_count() == 1000) log->commit_or_die(batch);
        }
        if (!batch.empty()) log->commit_or_die(batch);
    }
    auto log = open_or_die(dir);
    std::uint64_t facts = 0;
    for (auto _ : bs) {
        std::vector<storage::RecoveredEvent> events;
        storage::RecoveryStats stats;
        storage::RecoveryOptions options;
        options.use_snapshots = false;
        if (!storage::recover(*log, options, events, stats).ok()) std::abort();
        facts = stats.facts_replayed;
    }
    bs.SetItemsProcessed(bs.iterations() * static_cast<std::int64_t>(facts));
    log.reset();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_Recover)->Arg(200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace seat

BENCHMARK_MAIN();
