// The durable log: every event's facts, its latest snapshot and the event
// directory, in one RocksDB database (layout and record format: docs/durability.md).
// A round of a shard becomes durable as one synced WriteBatch; nothing of it is
// visible after a crash unless all of it is. A FactLog may be shared by all shards
// (RocksDB serialises and groups their writes); a RoundBatch belongs to one shard,
// and an event's snapshots are written only by the shard that owns the event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include <flatbuffers/flatbuffers.h>

#include "engine/event_state.h"
#include "engine/facts.h"
#include "engine/ids.h"
#include "storage/fact_codec.h"
#include "storage/round_record.h"
#include "storage/status.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Env;
class WriteBatch;
}  // namespace rocksdb

namespace seat::storage {

// Layout version of the whole store (column families, key formats); kept in `meta`.
// 1: one fact per key of `facts`. 2: one round record (round_record.h) per event
// per round. A new store is version 2; a version-1 store opens, reads and keeps
// being written in its own layout (docs/durability.md, "Versions").
inline constexpr std::uint32_t kStoreFormatVersion = 2;
inline constexpr std::uint32_t kStoreFormatVersionOldestRead = 1;

// Exit status of commit_or_die: EX_SOFTWARE from sysexits.h, "internal software error".
inline constexpr int kDurabilityLostExitCode = 70;

struct LogOptions {
    bool create_if_missing = true;
    // Memtable size of each column family: what accumulates before a flush to a table file.
    std::size_t write_buffer_bytes = std::size_t{64} << 20;
    // Tests only: the RocksDB Env (and so file system) to run on, e.g. one that
    // loses unsynced writes on a simulated power cut (tests/support/power_loss_fs.h).
    // Empty: RocksDB's default, the real file system. Kept alive while the log is open.
    std::shared_ptr<rocksdb::Env> env;
};

class FactLog;

// The facts of one shard round, across any number of events, encoded as they are
// added. In a version-2 store each event's facts of the round become one round
// record (more only past the record limits, or where its sequences jump), however
// the events interleave: each event has its own record buffer until commit puts
// them all into the batch. Reused round after round: clear() keeps its buffers,
// so a round in steady state allocates nothing.
class RoundBatch {
  public:
    explicit RoundBatch(const FactLog& log);
    ~RoundBatch();
    RoundBatch(const RoundBatch&) = delete;
    RoundBatch& operator=(const RoundBatch&) = delete;

    // `sequence` is the fact's per-event sequence number; an event's facts are added
    // in increasing sequence order. An EventCreated fact also writes the event's
    // directory entry, in the same atomic batch.
    void add(EventId event, Sequence sequence, const Fact& fact);
    std::size_t fact_count() const { return fact_count_; }
    bool empty() const { return fact_count_ == 0; }
    // Bytes of the round so far, records still being built included.
    std::size_t byte_size() const;
    void clear();

  private:
    friend class FactLog;
    // The record an event is building this round, and the last sequence added.
    struct Pending {
        EventId event = 0;
        Sequence last = 0;
        RoundRecordBuilder record;
    };
    Pending& pending_for(EventId event);
    void add_to_record(EventId event, Sequence sequence, std::span<const std::uint8_t> fact);
    void put_record(Pending& pending);
    // Puts every record still being built; commit calls it before writing.
    void seal();

    const FactLog& log_;
    const bool one_fact_per_key_;  // a version-1 store: its layout is kept
    std::unique_ptr<rocksdb::WriteBatch> batch_;
    flatbuffers::FlatBufferBuilder builder_;
    std::size_t fact_count_ = 0;
    // pending_[0, open_) are the events of this round; later entries keep their
    // buffers for later rounds. index_ maps event -> slot, sorted by event.
    std::vector<Pending> pending_;
    std::size_t open_ = 0;
    std::vector<std::pair<EventId, std::size_t>> index_;
    std::size_t last_used_ = 0;  // the slot of the previous add: the usual next one
};

class FactLog {
  public:
    // Return false to stop reading.
    using FactVisitor = std::function<bool(Sequence sequence, const Fact& fact)>;

    // Opens (creating, with missing parent directories, if allowed) the store in
    // `dir`. A torn tail of the write-ahead log is dropped; corruption anywhere
    // else makes open fail with a corruption status. Returns nullptr on failure.
    static std::unique_ptr<FactLog> open(const std::filesystem::path& dir,
                                         const LogOptions& options, Status& status);
    ~FactLog();
    FactLog(const FactLog&) = delete;
    FactLog& operator=(const FactLog&) = delete;

    // Writes the round as one WriteBatch with sync = true, then clears it. When this
    // returns ok the facts survive a crash of the process or the machine; otherwise
    // none of them may be acknowledged.
    Status commit(RoundBatch& batch);
    // The shard's policy: a round that cannot be made durable stops the process
    // (after saying why on stderr), because its replies must never be sent.
    void commit_or_die(RoundBatch& batch);

    // Stores the image as the event's latest snapshot (synced) and deletes older
    // ones in the same batch. The image's sequence must already be committed.
    Status write_snapshot(const EventImage& image);

    // Visits the event's facts with sequence > `after`, in sequence order.
    Status read_facts(EventId event, Sequence after, const FactVisitor& visit) const;
    // The event's latest snapshot, or nullopt when it has none.
    Status read_snapshot(EventId event, std::optional<EventImage>& out) const;
    // Every event in the directory, by id.
    Status list_events(std::vector<EventEntry>& out) const;

    const std::filesystem::path& dir() const { return dir_; }
    // The store's layout version, as read at open (a new store: kStoreFormatVersion).
    std::uint32_t format_version() const { return format_version_; }

  private:
    friend class RoundBatch;
    FactLog() = default;
    Status check_format_version();
    // The two layouts of `facts`, chosen by the store's format version.
    Status read_records(EventId event, Sequence after, const FactVisitor& visit) const;
    Status read_fact_keys(EventId event, Sequence after, const FactVisitor& visit) const;
    Status check_logged(EventId event, Sequence sequence) const;

    std::filesystem::path dir_;
    std::uint32_t format_version_ = kStoreFormatVersion;
    std::shared_ptr<rocksdb::Env> env_;  // LogOptions::env; outlives db_ (declared first)
    std::unique_ptr<rocksdb::DB> db_;
    rocksdb::ColumnFamilyHandle* facts_ = nullptr;
    rocksdb::ColumnFamilyHandle* snapshots_ = nullptr;
    rocksdb::ColumnFamilyHandle* meta_ = nullptr;
    std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // every handle, destroyed on close
};

}  // namespace seat::storage
