// Proves what a crash can and cannot take away, on crash images of a live store
// (directory copies taken while it is open, so everything since open is in the
// WAL): every acknowledged round survives a WAL torn at any offset of the round
// being written, that round survives all or nothing, and damage to a complete
// record, in the middle or at the end of the WAL, refuses to open.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>

#include "storage/recovery.h"
#include "tests/storage/fixture.h"

namespace seat::storage::testing {
namespace {

// RocksDB's WAL is written in 32 KiB blocks; records are cut into fragments at
// block boundaries, each fragment with a 7-byte header.
constexpr std::uintmax_t kWalBlockBytes = 32 * 1024;
constexpr std::uintmax_t kWalHeaderBytes = 7;

// The live WAL: RocksDB names them <number>.log and the highest number is current.
fs::path newest_wal(const fs::path& dir) {
    fs::path newest;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".log") continue;
        if (newest.empty() || entry.path().filename() > newest.filename()) newest = entry.path();
    }
    EXPECT_FALSE(newest.empty()) << "no WAL in " << dir;
    return newest;
}

// Where the record after one ending at `end` begins: a block with less room
// than a header left is padded with zeros (never read back) and skipped.
std::uintmax_t record_start(std::uintmax_t end) {
    const std::uintmax_t room = kWalBlockBytes - end % kWalBlockBytes;
    return room < kWalHeaderBytes ? end + room : end;
}

void copy_dir(const fs::path& from, const fs::path& to) {
    fs::remove_all(to);
    fs::copy(from, to, fs::copy_options::recursive);
}

void flip_byte(const fs::path& file, std::uintmax_t offset) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(static_cast<char>(c ^ 0x5a));
    ASSERT_TRUE(f.good()) << "cannot flip byte " << offset << " of " << file;
}

// Replaces the WAL's bytes from `offset` on with zeros, keeping its size: what a
// file system may show after a crash when the size reached the disk, the data not.
void zero_tail(const fs::path& file, std::uintmax_t offset) {
    const std::uintmax_t size = fs::file_size(file);
    fs::resize_file(file, offset);
    fs::resize_file(file, size);
}

struct Acknowledged {
    std::uintmax_t wal_bytes = 0;  // the WAL's size when the commit returned
    std::map<EventId, EventImage> images;
    fs::path copy;  // crash image taken right after the acknowledgement
};

// Opens a crash image and recovers every event; `status` says whether it opened.
std::map<EventId, EventImage> recover_image(const fs::path& dir, Status& status) {
    std::map<EventId, EventImage> out;
    std::unique_ptr<FactLog> log = FactLog::open(dir, LogOptions{}, status);
    if (!status.ok()) return out;
    std::vector<RecoveredEvent> events;
    RecoveryStats stats;
    status = recover(*log, RecoveryOptions{}, events, stats);
    for (const RecoveredEvent& e : events)
        out.emplace(e.state.event(), e.state.image());
    return out;
}

bool same_images(const std::map<EventId, EventImage>& a, const std::map<EventId, EventImage>& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [event, image] : a)
        if (!b.contains(event) || !same_state(image, b.at(event))) return false;
    return true;
}

// A store with kAckedRounds acknowledged rounds, each followed by a crash image,
// then one more round (a new stadium event, megabytes, so its WAL record spans
// many blocks, plus ordinary commands) that was written but never acknowledged.
class CrashImages : public ::testing::Test {
  protected:
    static constexpr int kAckedRounds = 8;

    void SetUp() override {
        ShardSim sim(201);
        const fs::path live = dir_ / "live";
        auto log = open_log(live);
        RoundBatch batch(*log);
        for (EventId e : {1, 2, 3})
            add_all(batch, sim.create(e, theatre()));
        for (int round = 0; round <= kAckedRounds; ++round) {
            if (round > 0) add_all(batch, sim.round(12));
            ASSERT_TRUE(log->commit(batch).ok());
            Acknowledged ack;
            ack.wal_bytes = fs::file_size(newest_wal(live));
            ack.images = sim.images();
            ack.copy = dir_ / ("acked-" + std::to_string(round));
            copy_dir(live, ack.copy);
            acked_.push_back(std::move(ack));
        }
        add_all(batch, sim.create(4, stadium()));
        add_all(batch, sim.round(30));
        ASSERT_TRUE(log->commit(batch).ok());
        unacked_wal_bytes_ = fs::file_size(newest_wal(live));
        unacked_images_ = sim.images();
        unacked_copy_ = dir_ / "unacked";
        copy_dir(live, unacked_copy_);
        ASSERT_GT(unacked_wal_bytes_ - acked_.back().wal_bytes, 20 * kWalBlockBytes);
    }

    // Offsets inside the unacknowledged record: in its first header, just after it,
    // around block boundaries (fragment headers), in the middle, and near the end.
    std::vector<std::uintmax_t> torn_offsets() const {
        const std::uintmax_t from = acked_.back().wal_bytes;
        const std::uintmax_t to = unacked_wal_bytes_;
        std::set<std::uintmax_t> offsets = {from + 1,
                                            from + 3,
                                            from + kWalHeaderBytes - 1,
                                            from + kWalHeaderBytes,
                                            from + kWalHeaderBytes + 1,
                                            from + 100,
                                            (from + to) / 2,
                                            to - kWalHeaderBytes,
                                            to - 1};
        const std::uintmax_t block = (from / kWalBlockBytes + 1) * kWalBlockBytes;
        for (std::uintmax_t b : {block, block + 5 * kWalBlockBytes}) {
            for (std::uintmax_t o : {b - 1, b, b + 1, b + kWalHeaderBytes - 1, b + kWalHeaderBytes})
                offsets.insert(o);
        }
        std::vector<std::uintmax_t> out;
        for (std::uintmax_t o : offsets)
            if (o > from && o < to) out.push_back(o);
        return out;
    }

    TempDir dir_;
    std::vector<Acknowledged> acked_;
    std::uintmax_t unacked_wal_bytes_ = 0;
    std::map<EventId, EventImage> unacked_images_;
    fs::path unacked_copy_;
};

TEST_F(CrashImages, EveryAcknowledgedImageRecoversExactlyItsRounds) {
    for (const Acknowledged& ack : acked_) {
        Status status;
        const auto recovered = recover_image(ack.copy, status);
        ASSERT_TRUE(status.ok()) << ack.copy << ": " << status.to_string();
        EXPECT_TRUE(same_images(recovered, ack.images)) << ack.copy;
    }
    Status status;
    EXPECT_TRUE(same_images(recover_image(unacked_copy_, status), unacked_images_));
    EXPECT_TRUE(status.ok()) << status.to_string();
}

TEST_F(CrashImages, ATornTailKeepsEveryAcknowledgedRoundAndDropsTheTornOneWhole) {
    const std::vector<std::uintmax_t> offsets = torn_offsets();
    ASSERT_GE(offsets.size(), 15u);
    for (std::uintmax_t offset : offsets) {
        const fs::path image = dir_ / ("torn-" + std::to_string(offset));
        copy_dir(unacked_copy_, image);
        fs::resize_file(newest_wal(image), offset);
        Status status;
        const auto recovered = recover_image(image, status);
        ASSERT_TRUE(status.ok()) << "WAL torn at " << offset << ": " << status.to_string();
        // All or nothing: either exactly the acknowledged state, or all of the torn
        // round too. A cut record cannot pass its checksum, so here it is nothing.
        const bool before = same_images(recovered, acked_.back().images);
        const bool after = same_images(recovered, unacked_images_);
        EXPECT_TRUE(before || after) << "WAL torn at " << offset << ": a partial round";
        EXPECT_TRUE(before) << "WAL torn at " << offset << ": a cut record was replayed";
        fs::remove_all(image);
    }
    std::printf(
        "[ info ] %zu torn tails between WAL bytes %ju and %ju: all opened, all acknowledged "
        "rounds kept, torn round dropped whole\n",
        offsets.size(), acked_.back().wal_bytes, unacked_wal_bytes_);
}

TEST_F(CrashImages, ATornTailDuringAnyAcknowledgedRoundLeavesThePreviousOne) {
    for (std::size_t round = 1; round < acked_.size(); ++round) {
        const std::uintmax_t from = acked_[round - 1].wal_bytes;
        const std::uintmax_t to = acked_[round].wal_bytes;
        for (std::uintmax_t offset : {from + 1, (from + to) / 2, to - 1}) {
            const fs::path image = dir_ / "torn";
            copy_dir(acked_[round].copy, image);
            fs::resize_file(newest_wal(image), offset);
            Status status;
            const auto recovered = recover_image(image, status);
            ASSERT_TRUE(status.ok()) << status.to_string();
            EXPECT_TRUE(same_images(recovered, acked_[round - 1].images))
                << "round " << round << " torn at " << offset;
        }
    }
}

// Zeros where the torn round's bytes should be. Where the zeros start at a
// record boundary RocksDB reads them as padding and opens; where they start inside
// a record whose earlier fragments (complete blocks) are intact, it reports "error
// in middle of record" and refuses: safe (nothing acknowledged is lost) but it
// needs an operator, see docs/durability.md.
TEST_F(CrashImages, AZeroFilledTailOpensOnlyAtARecordBoundary) {
    const std::uintmax_t from = acked_.back().wal_bytes;
    {
        const fs::path image = dir_ / "zeros-at-boundary";
        copy_dir(unacked_copy_, image);
        zero_tail(newest_wal(image), from);
        Status status;
        const auto recovered = recover_image(image, status);
        ASSERT_TRUE(status.ok()) << status.to_string();
        EXPECT_TRUE(same_images(recovered, acked_.back().images));
    }
    {
        const std::uintmax_t block = (from / kWalBlockBytes + 3) * kWalBlockBytes;
        const fs::path image = dir_ / "zeros-mid-record";
        copy_dir(unacked_copy_, image);
        zero_tail(newest_wal(image), block);
        Status status;
        recover_image(image, status);
        EXPECT_TRUE(status.is_corruption()) << status.to_string();
        std::printf("[ info ] zeros from inside a multi-block record: %s\n",
                    status.to_string().c_str());
    }
}

TEST_F(CrashImages, DamageInsideAnAcknowledgedRecordRefusesToOpen) {
    const Acknowledged& last = acked_.back();
    struct Case {
        const char* what;
        std::uintmax_t offset;
    };
    const std::uintmax_t mid_from = record_start(acked_[3].wal_bytes);
    const std::uintmax_t mid_to = acked_[4].wal_bytes;
    const std::uintmax_t last_from = record_start(acked_[acked_.size() - 2].wal_bytes);
    const Case cases[] = {
        {"payload of a record in the middle", (mid_from + mid_to) / 2},
        {"length of a record in the middle", mid_from + 4},
        {"checksum of a record in the middle", mid_from + 1},
        {"payload of the last acknowledged record", (last_from + last.wal_bytes) / 2},
    };
    for (const Case& c : cases) {
        const fs::path image = dir_ / "flipped";
        copy_dir(last.copy, image);
        flip_byte(newest_wal(image), c.offset);
        Status status;
        std::unique_ptr<FactLog> log = FactLog::open(image, LogOptions{}, status);
        EXPECT_EQ(log, nullptr) << c.what << ": opened";
        EXPECT_TRUE(status.is_corruption()) << c.what << ": " << status.to_string();
        std::printf("[ info ] %s flipped: %s\n", c.what, status.to_string().c_str());
    }
}

}  // namespace
}  // namespace seat::storage::testing
