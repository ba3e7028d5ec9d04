// RocksDB behind the FactLog: three column families (facts, snapshots, meta), keys
// in big-endian so that RocksDB's byte order is (event, sequence) order, and every
// write that matters synced. In `facts` a key holds one round record of an event
// (store format 2) or one fact (format 1), as the stored version says. Options
// that decide durability are spelled out here rather than left to defaults;
// docs/durability.md explains each choice.
#include "storage/fact_log.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "base/check.h"

namespace seat::storage {
namespace {

constexpr char kFactsFamily[] = "facts";
constexpr char kSnapshotsFamily[] = "snapshots";
constexpr char kMetaFamily[] = "meta";
constexpr std::string_view kEventKeyPrefix = "event/";
constexpr std::string_view kFormatVersionKey = "store/format_version";

// Fact and snapshot keys: 8-byte big-endian event id, 8-byte big-endian sequence.
constexpr std::size_t kIdBytes = 8;
constexpr std::size_t kKeyBytes = 2 * kIdBytes;
using Key = std::array<char, kKeyBytes>;
constexpr std::size_t kEventKeyBytes = kEventKeyPrefix.size() + kIdBytes;
using EventKey = std::array<char, kEventKeyBytes>;

void put_be64(char* out, std::uint64_t value) {
    for (std::size_t i = kIdBytes; i-- > 0;) {
        out[i] = static_cast<char>(value & 0xff);
        value >>= 8;
    }
}

std::uint64_t get_be64(const char* in) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < kIdBytes; ++i)
        value = (value << 8) | static_cast<std::uint8_t>(in[i]);
    return value;
}

Key make_key(EventId event, Sequence sequence) {
    Key key;
    put_be64(key.data(), event);
    put_be64(key.data() + kIdBytes, sequence);
    return key;
}

EventKey make_event_key(EventId event) {
    EventKey key;
    kEventKeyPrefix.copy(key.data(), kEventKeyPrefix.size());
    put_be64(key.data() + kEventKeyPrefix.size(), event);
    return key;
}

template <std::size_t N>
rocksdb::Slice slice(const std::array<char, N>& bytes) {
    return rocksdb::Slice(bytes.data(), bytes.size());
}
rocksdb::Slice slice(std::span<const std::uint8_t> bytes) {
    return rocksdb::Slice(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}
std::span<const std::uint8_t> span(const rocksdb::Slice& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string where(EventId event, Sequence sequence) {
    return "event " + std::to_string(event) + " sequence " + std::to_string(sequence);
}

Status from_rocks(const rocksdb::Status& s, const std::string& context) {
    if (s.ok()) return Status::Ok();
    std::string message = context + ": " + s.ToString();
    if (s.IsCorruption()) return Status::Corruption(std::move(message));
    if (s.IsInvalidArgument() || s.IsNotSupported()) return Status::Invalid(std::move(message));
    return Status::IoError(std::move(message));
}

rocksdb::ReadOptions replay_options() {
    rocksdb::ReadOptions options;
    options.verify_checksums = true;
    // Replay reads each fact once; keep the block cache for what is read again.
    options.fill_cache = false;
    return options;
}

rocksdb::DBOptions db_options(const LogOptions& options) {
    rocksdb::DBOptions db;
    db.create_if_missing = options.create_if_missing;
    db.create_missing_column_families = true;
    db.paranoid_checks = true;
    // A crash mid-append leaves the newest WAL record cut short: that record was
    // never acknowledged (its sync had not returned), so it is dropped. Any other
    // damage (a checksum mismatch in a complete record, a record cut short before
    // the end of the log) fails the open. kPointInTimeRecovery would instead open
    // with everything after the damage silently missing, acknowledged sales included.
    db.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
    // Recycled WAL files hold stale records past the live tail, and the tolerant
    // mode then treats a checksum mismatch as the end of the log: keep them off.
    db.recycle_log_file_num = 0;
    // Each synced write goes to the file and is fsynced before Write() returns.
    db.manual_wal_flush = false;
    if (options.env) db.env = options.env.get();
    return db;
}

}  // namespace

// ---- RoundBatch

RoundBatch::RoundBatch(const FactLog& log)
    : log_(log),
      one_fact_per_key_(log.format_version() == 1),
      batch_(std::make_unique<rocksdb::WriteBatch>()) {}

RoundBatch::~RoundBatch() = default;

void RoundBatch::add(EventId event, Sequence sequence, const Fact& fact) {
    encode(fact, builder_);
    if (one_fact_per_key_) {
        // WriteBatch copies key and value, so the builder is free for the next fact.
        const rocksdb::Status s =
            batch_->Put(log_.facts_, slice(make_key(event, sequence)), slice(bytes_of(builder_)));
        SEAT_CHECK(s.ok(), "a fact does not fit in a write batch");
    } else {
        add_to_record(event, sequence, bytes_of(builder_));
    }
    if (const auto* created = std::get_if<EventCreated>(&fact)) {
        encode_entry(EventEntry{event, sequence, created->at, created->settings.event_name},
                     builder_);
        const rocksdb::Status s =
            batch_->Put(log_.meta_, slice(make_event_key(event)), slice(bytes_of(builder_)));
        SEAT_CHECK(s.ok(), "a directory entry does not fit in a write batch");
    }
    ++fact_count_;
}

RoundBatch::Pending& RoundBatch::pending_for(EventId event) {
    if (last_used_ < open_ && pending_[last_used_].event == event) return pending_[last_used_];
    auto at = std::lower_bound(index_.begin(), index_.end(), event,
                               [](const auto& entry, EventId e) { return entry.first < e; });
    if (at == index_.end() || at->first != event) {
        if (open_ == pending_.size()) pending_.emplace_back();
        Pending& fresh = pending_[open_];
        fresh.event = event;
        fresh.last = 0;
        fresh.record.clear();
        at = index_.insert(at, {event, open_});
        ++open_;
    }
    last_used_ = at->second;
    return pending_[last_used_];
}

void RoundBatch::add_to_record(EventId event, Sequence sequence,
                               std::span<const std::uint8_t> fact) {
    Pending& p = pending_for(event);
    SEAT_CHECK(p.last == 0 || sequence > p.last,
               "an event's facts are added to a round in sequence order");
    p.last = sequence;
    // A jump in the sequences (never from a shard: its facts are consecutive) or a
    // full record ends the record; the fact starts the next one.
    if (!p.record.empty() && (sequence != p.record.next() || !p.record.fits(fact.size())))
        put_record(p);
    if (p.record.empty() &&
        kRoundRecordHeaderBytes + kRoundRecordLengthBytes + fact.size() > kRoundRecordBytesMax) {
        // Too large to share a record: put as a record of its own, without a copy.
        const auto prefix = lone_record_prefix(sequence, fact.size());
        const Key key = make_key(event, sequence);
        const rocksdb::Slice key_part = slice(key);
        const std::array<rocksdb::Slice, 2> value_parts = {slice(std::span(prefix)), slice(fact)};
        const rocksdb::Status s = batch_->Put(log_.facts_, rocksdb::SliceParts(&key_part, 1),
                                              rocksdb::SliceParts(value_parts.data(), 2));
        SEAT_CHECK(s.ok(), "a fact does not fit in a write batch");
        return;
    }
    if (p.record.empty()) p.record.start(sequence);
    p.record.append(fact);
}

void RoundBatch::put_record(Pending& p) {
    const rocksdb::Status s = batch_->Put(log_.facts_, slice(make_key(p.event, p.record.first())),
                                          slice(p.record.bytes()));
    SEAT_CHECK(s.ok(), "a round record does not fit in a write batch");
    p.record.clear();
}

void RoundBatch::seal() {
    for (std::size_t i = 0; i < open_; ++i)
        if (!pending_[i].record.empty()) put_record(pending_[i]);
}

std::size_t RoundBatch::byte_size() const {
    std::size_t bytes = batch_->GetDataSize();
    for (std::size_t i = 0; i < open_; ++i)
        bytes += pending_[i].record.bytes().size();
    return bytes;
}

void RoundBatch::clear() {
    batch_->Clear();
    fact_count_ = 0;
    for (std::size_t i = 0; i < open_; ++i)
        pending_[i].record.clear();
    open_ = 0;
    index_.clear();
    last_used_ = 0;
}

// ---- FactLog

std::unique_ptr<FactLog> FactLog::open(const std::filesystem::path& dir, const LogOptions& options,
                                       Status& status) {
    if (options.create_if_missing) {
        // RocksDB creates the database directory but not its parents.
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            status = Status::IoError("cannot create " + dir.string() + ": " + ec.message());
            return nullptr;
        }
    }
    rocksdb::ColumnFamilyOptions family;
    family.write_buffer_size = options.write_buffer_bytes;
    // Facts are written once and read at start-up: compressing them at every
    // flush and first compaction cost about 2 % of a busy server's CPU (issue 13's
    // profile) to save disk that is cheap. Levels past the first two (a log of
    // hundreds of megabytes) are compressed with LZ4 where RocksDB has it.
    rocksdb::ColumnFamilyOptions facts = family;
    const bool lz4 =
        std::ranges::count(rocksdb::GetSupportedCompressions(), rocksdb::kLZ4Compression) > 0;
    facts.compression_per_level.assign(
        facts.num_levels, lz4 ? rocksdb::kLZ4Compression : rocksdb::kSnappyCompression);
    facts.compression_per_level[0] = rocksdb::kNoCompression;
    facts.compression_per_level[1] = rocksdb::kNoCompression;
    const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, family},
        {kFactsFamily, facts},
        {kSnapshotsFamily, family},
        {kMetaFamily, family},
    };
    std::unique_ptr<FactLog> log(new FactLog());
    log->dir_ = dir;
    log->env_ = options.env;
    rocksdb::DB* db = nullptr;
    status = from_rocks(
        rocksdb::DB::Open(db_options(options), dir.string(), families, &log->handles_, &db),
        "cannot open " + dir.string());
    if (!status.ok()) return nullptr;
    log->db_.reset(db);
    log->facts_ = log->handles_[1];
    log->snapshots_ = log->handles_[2];
    log->meta_ = log->handles_[3];
    status = log->check_format_version();
    if (!status.ok()) return nullptr;
    return log;
}

FactLog::~FactLog() {
    if (db_ == nullptr) return;
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
        // Nothing useful can be done about a failure while closing: every write that
        // mattered was synced when it was made.
        db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
}

Status FactLog::check_format_version() {
    std::string value;
    const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta_, kFormatVersionKey, &value);
    if (s.IsNotFound()) {
        std::array<char, 4> bytes;
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>(kStoreFormatVersion >> (8 * (3 - i)));
        rocksdb::WriteOptions opts;
        opts.sync = true;
        format_version_ = kStoreFormatVersion;
        return from_rocks(db_->Put(opts, meta_, kFormatVersionKey, slice(bytes)),
                          "cannot record the store format version");
    }
    if (!s.ok()) return from_rocks(s, "cannot read the store format version");
    if (value.size() != 4) return Status::Corruption("the store format version is malformed");
    std::uint32_t version = 0;
    for (char c : value)
        version = (version << 8) | static_cast<std::uint8_t>(c);
    if (version < kStoreFormatVersionOldestRead || version > kStoreFormatVersion) {
        return Status::Invalid(dir_.string() + " has store format version " +
                               std::to_string(version) + "; this build reads versions " +
                               std::to_string(kStoreFormatVersionOldestRead) + " to " +
                               std::to_string(kStoreFormatVersion));
    }
    // The stored version, not the newest, decides the layout of every read and write.
    format_version_ = version;
    return Status::Ok();
}

Status FactLog::commit(RoundBatch& batch) {
    SEAT_CHECK(&batch.log_ == this, "a round batch committed to another log");
    if (batch.empty()) return Status::Ok();
    batch.seal();
    // The replies of this round leave only after this returns ok, so the write must
    // reach the disk first: sync = true makes RocksDB fsync the WAL before returning.
    // Concurrent commits from other shards join RocksDB's write group and share it.
    rocksdb::WriteOptions opts;
    opts.sync = true;
    opts.disableWAL = false;
    Status status = from_rocks(db_->Write(opts, batch.batch_.get()),
                               "commit of " + std::to_string(batch.fact_count()) + " facts");
    if (status.ok()) batch.clear();
    return status;
}

void FactLog::commit_or_die(RoundBatch& batch) {
    const Status status = commit(batch);
    if (status.ok()) return;
    // Like Redis when an AOF write or fsync fails: the round's replies must not be
    // sent, and a log that failed a write cannot be trusted with the next one, so
    // the process stops. Recovery on restart rebuilds exactly what was durable.
    std::fprintf(stderr,
                 "seatd: fatal: cannot make a round durable in %s (%s); exiting without "
                 "acknowledging it\n",
                 dir_.c_str(), status.to_string().c_str());
    std::fflush(stderr);
    std::_Exit(kDurabilityLostExitCode);
}

Status FactLog::write_snapshot(const EventImage& image) {
    const Key key = make_key(image.event, image.sequence);
    // A snapshot ahead of the durable log would, after a crash, bring back state
    // whose facts were never written: the CDC stream would have a hole.
    if (Status logged = check_logged(image.event, image.sequence); !logged.ok()) return logged;

    rocksdb::WriteBatch batch;
    const Key first = make_key(image.event, 0);
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), snapshots_));
    for (it->Seek(slice(first)); it->Valid(); it->Next()) {
        const rocksdb::Slice k = it->key();
        if (k.size() != kKeyBytes || get_be64(k.data()) != image.event) break;
        const Sequence older = get_be64(k.data() + kIdBytes);
        if (older > image.sequence) {
            return Status::Invalid("snapshot of " + where(image.event, image.sequence) +
                                   " is older than the stored one at " + std::to_string(older));
        }
        if (older < image.sequence) batch.Delete(snapshots_, k);
    }
    if (!it->status().ok()) return from_rocks(it->status(), "listing snapshots");

    flatbuffers::FlatBufferBuilder builder;
    encode_image(image, builder);
    const rocksdb::Status s = batch.Put(snapshots_, slice(key), slice(bytes_of(builder)));
    if (!s.ok()) return from_rocks(s, "snapshot of " + where(image.event, image.sequence));
    rocksdb::WriteOptions opts;
    opts.sync = true;
    return from_rocks(db_->Write(opts, &batch),
                      "snapshot of " + where(image.event, image.sequence));
}

Status FactLog::check_logged(EventId event, Sequence sequence) const {
    const Key key = make_key(event, sequence);
    const std::string context = "snapshot of " + where(event, sequence);
    if (format_version_ == 1) {
        std::string ignored;
        const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), facts_, slice(key), &ignored);
        if (s.IsNotFound()) return Status::Invalid(context + " is ahead of the durable log");
        return from_rocks(s, context);
    }
    // The record that may hold `sequence` is the last one starting at or before it.
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), facts_));
    it->SeekForPrev(slice(key));
    if (!it->Valid()) {
        if (!it->status().ok()) return from_rocks(it->status(), context);
        return Status::Invalid(context + " is ahead of the durable log");
    }
    const rocksdb::Slice k = it->key();
    if (k.size() != kKeyBytes) return Status::Corruption(context + ": a malformed fact key");
    if (get_be64(k.data()) != event)
        return Status::Invalid(context + " is ahead of the durable log");
    const Sequence first = get_be64(k.data() + kIdBytes);
    std::string error;
    const std::optional<RoundRecordReader> record =
        RoundRecordReader::parse(span(it->value()), error);
    if (!record) return Status::Corruption("the record at " + where(event, first) + ": " + error);
    if (record->last() < sequence) return Status::Invalid(context + " is ahead of the durable log");
    return Status::Ok();
}

Status FactLog::read_facts(EventId event, Sequence after, const FactVisitor& visit) const {
    if (after == UINT64_MAX) return Status::Ok();
    if (format_version_ == 1) return read_fact_keys(event, after, visit);
    return read_records(event, after, visit);
}

// Version 1: one fact per key.
Status FactLog::read_fact_keys(EventId event, Sequence after, const FactVisitor& visit) const {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(replay_options(), facts_));
    std::string error;
    for (it->Seek(slice(make_key(event, after + 1))); it->Valid(); it->Next()) {
        const rocksdb::Slice k = it->key();
        if (k.size() != kKeyBytes) {
            return Status::Corruption("a fact key of " + std::to_string(k.size()) + " bytes");
        }
        if (get_be64(k.data()) != event) break;
        const Sequence sequence = get_be64(k.data() + kIdBytes);
        const std::optional<Fact> fact = decode(span(it->value()), error);
        if (!fact) return Status::Corruption(where(event, sequence) + ": " + error);
        if (!visit(sequence, *fact)) return Status::Ok();
    }
    return from_rocks(it->status(), "reading the facts of event " + std::to_string(event));
}

// Version 2: round records. The first record read is the last one starting at or
// before after + 1 (it may hold facts <= after, skipped); each later one must
// start right after the one before, or the log has a hole or an overlap.
Status FactLog::read_records(EventId event, Sequence after, const FactVisitor& visit) const {
    const Key from = make_key(event, after + 1);
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(replay_options(), facts_));
    it->SeekForPrev(slice(from));
    if (!it->status().ok())
        return from_rocks(it->status(), "reading the facts of event " + std::to_string(event));
    // No record of the event starts at or before after + 1: start at its first.
    if (!it->Valid() || it->key().size() != kKeyBytes || get_be64(it->key().data()) != event)
        it->Seek(slice(from));
    std::optional<Sequence> expected;
    std::string error;
    for (; it->Valid(); it->Next()) {
        const rocksdb::Slice k = it->key();
        if (k.size() != kKeyBytes) {
            return Status::Corruption("a fact key of " + std::to_string(k.size()) + " bytes");
        }
        if (get_be64(k.data()) != event) break;
        const Sequence first = get_be64(k.data() + kIdBytes);
        std::optional<RoundRecordReader> record =
            RoundRecordReader::parse(span(it->value()), error);
        if (!record)
            return Status::Corruption("the record at " + where(event, first) + ": " + error);
        if (record->first() != first) {
            return Status::Corruption("the record at " + where(event, first) +
                                      " says it begins at " + std::to_string(record->first()));
        }
        if (expected && first != *expected) {
            return Status::Corruption(
                "event " + std::to_string(event) + ": expected fact " + std::to_string(*expected) +
                " next, found fact " + std::to_string(first) +
                (first > *expected ? " (the log has a gap between two records)"
                                   : " (two records overlap)"));
        }
        expected = record->last() + 1;
        Sequence sequence = first;
        for (std::span<const std::uint8_t> bytes; record->next(bytes); ++sequence) {
            if (sequence <= after) continue;
            const std::optional<Fact> fact = decode(bytes, error);
            if (!fact) return Status::Corruption(where(event, sequence) + ": " + error);
            if (!visit(sequence, *fact)) return Status::Ok();
        }
    }
    return from_rocks(it->status(), "reading the facts of event " + std::to_string(event));
}

Status FactLog::read_snapshot(EventId event, std::optional<EventImage>& out) const {
    out.reset();
    const Key last = make_key(event, UINT64_MAX);
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), snapshots_));
    it->SeekForPrev(slice(last));
    if (!it->Valid()) return from_rocks(it->status(), "reading snapshots");
    const rocksdb::Slice k = it->key();
    if (k.size() != kKeyBytes) return Status::Corruption("a snapshot key of the wrong size");
    if (get_be64(k.data()) != event) return Status::Ok();
    const Sequence sequence = get_be64(k.data() + kIdBytes);
    std::string error;
    std::optional<EventImage> image = decode_image(span(it->value()), error);
    if (!image) return Status::Corruption("snapshot of " + where(event, sequence) + ": " + error);
    if (image->event != event || image->sequence != sequence) {
        return Status::Corruption("snapshot stored as " + where(event, sequence) + " holds " +
                                  where(image->event, image->sequence));
    }
    out = std::move(image);
    return Status::Ok();
}

Status FactLog::list_events(std::vector<EventEntry>& out) const {
    out.clear();
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), meta_));
    std::string error;
    for (it->Seek(kEventKeyPrefix); it->Valid(); it->Next()) {
        const rocksdb::Slice k = it->key();
        if (!k.starts_with(kEventKeyPrefix)) break;
        if (k.size() != kEventKeyBytes)
            return Status::Corruption("a malformed event directory key");
        const EventId event = get_be64(k.data() + kEventKeyPrefix.size());
        std::optional<EventEntry> entry = decode_entry(event, span(it->value()), error);
        if (!entry) {
            return Status::Corruption("directory entry of event " + std::to_string(event) + ": " +
                                      error);
        }
        out.push_back(std::move(*entry));
    }
    return from_rocks(it->status(), "listing events");
}

}  // namespace seat::storage
