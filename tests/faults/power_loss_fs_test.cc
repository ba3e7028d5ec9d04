// Proves the power-loss file system itself keeps what a disk keeps and no more:
// unsynced bytes are lost (or a prefix of them kept), a file created, renamed over
// or deleted without a directory sync comes back as it was, power off refuses every
// later write, and injected failures hit only the files and the count asked for.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "tests/support/power_loss_fs.h"

namespace seat::testing {
namespace {

namespace fs = std::filesystem;
using rocksdb::FileOptions;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class PowerLossFsTest : public ::testing::Test {
  protected:
    PowerLossFsTest() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::path(::testing::TempDir()) /
               ("seatd-powerfs-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~PowerLossFsTest() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    std::unique_ptr<rocksdb::FSWritableFile> create(const std::string& name) {
        std::unique_ptr<rocksdb::FSWritableFile> file;
        EXPECT_TRUE(fs_->NewWritableFile(path(name), FileOptions(), &file, nullptr).ok());
        return file;
    }
    IOStatus append(rocksdb::FSWritableFile& file, const std::string& bytes) {
        return file.Append(Slice(bytes), IOOptions(), nullptr);
    }
    IOStatus sync(rocksdb::FSWritableFile& file) { return file.Sync(IOOptions(), nullptr); }
    IOStatus sync_dir() {
        std::unique_ptr<rocksdb::FSDirectory> dir;
        EXPECT_TRUE(fs_->NewDirectory(dir_.string(), IOOptions(), &dir, nullptr).ok());
        return dir->Fsync(IOOptions(), nullptr);
    }
    // A file whose bytes and name are durable.
    void durable(const std::string& name, const std::string& bytes) {
        auto file = create(name);
        ASSERT_TRUE(append(*file, bytes).ok());
        ASSERT_TRUE(sync(*file).ok());
        ASSERT_TRUE(file->Close(IOOptions(), nullptr).ok());
        ASSERT_TRUE(sync_dir().ok());
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    fs::path dir_;
    std::shared_ptr<PowerLossFs> fs_ = std::make_shared<PowerLossFs>();
};

TEST_F(PowerLossFsTest, UnsyncedBytesAreLostSyncedBytesKept) {
    auto file = create("wal");
    ASSERT_TRUE(append(*file, "acked").ok());
    ASSERT_TRUE(sync(*file).ok());
    ASSERT_TRUE(sync_dir().ok());
    ASSERT_TRUE(append(*file, "-not-yet").ok());
    EXPECT_EQ(contents(path("wal")), "acked-not-yet");  // the page cache has it
    file.reset();
    fs_->restore_power(1, false);
    EXPECT_EQ(contents(path("wal")), "acked");
    EXPECT_EQ(fs_->stats().bytes_dropped, 8u);
}

TEST_F(PowerLossFsTest, ATornTailKeepsAPrefixOfTheUnsyncedBytes) {
    std::set<std::size_t> sizes;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        durable("wal", "acked");
        auto file = create("wal");  // truncates: write it again, synced, plus a tail
        ASSERT_TRUE(append(*file, "acked").ok());
        ASSERT_TRUE(sync(*file).ok());
        ASSERT_TRUE(sync_dir().ok());
        ASSERT_TRUE(append(*file, "0123456789").ok());
        file.reset();
        fs_->restore_power(seed);
        const std::string left = contents(path("wal"));
        ASSERT_EQ(left, std::string("acked0123456789").substr(0, left.size()));
        ASSERT_GE(left.size(), 5u);
        sizes.insert(left.size());
    }
    EXPECT_GT(sizes.size(), 3u) << "the cut should fall at many places";
}

TEST_F(PowerLossFsTest, AFileCreatedWithoutADirectorySyncDisappears) {
    auto file = create("000007.log");
    ASSERT_TRUE(append(*file, "synced but nameless").ok());
    ASSERT_TRUE(sync(*file).ok());
    file.reset();
    fs_->restore_power(1);
    EXPECT_FALSE(fs::exists(path("000007.log")));
    EXPECT_EQ(fs_->stats().files_removed, 1u);
}

TEST_F(PowerLossFsTest, ARenameWithoutADirectorySyncIsUndone) {
    durable("CURRENT", "MANIFEST-000001\n");
    auto tmp = create("000002.dbtmp");
    ASSERT_TRUE(append(*tmp, "MANIFEST-000002\n").ok());
    ASSERT_TRUE(sync(*tmp).ok());
    tmp.reset();
    ASSERT_TRUE(fs_->RenameFile(path("000002.dbtmp"), path("CURRENT"), IOOptions(), nullptr).ok());
    EXPECT_EQ(contents(path("CURRENT")), "MANIFEST-000002\n");
    fs_->restore_power(1);
    EXPECT_EQ(contents(path("CURRENT")), "MANIFEST-000001\n");
    EXPECT_FALSE(fs::exists(path("000002.dbtmp")));
}

TEST_F(PowerLossFsTest, ARenameFollowedByADirectorySyncStays) {
    durable("CURRENT", "MANIFEST-000001\n");
    auto tmp = create("000002.dbtmp");
    ASSERT_TRUE(append(*tmp, "MANIFEST-000002\n").ok());
    ASSERT_TRUE(sync(*tmp).ok());
    tmp.reset();
    ASSERT_TRUE(fs_->RenameFile(path("000002.dbtmp"), path("CURRENT"), IOOptions(), nullptr).ok());
    ASSERT_TRUE(sync_dir().ok());
    fs_->restore_power(1);
    EXPECT_EQ(contents(path("CURRENT")), "MANIFEST-000002\n");
}

TEST_F(PowerLossFsTest, ADeleteWithoutADirectorySyncIsUndone) {
    durable("000003.log", "old wal");
    ASSERT_TRUE(fs_->DeleteFile(path("000003.log"), IOOptions(), nullptr).ok());
    EXPECT_FALSE(fs::exists(path("000003.log")));
    fs_->restore_power(1);
    EXPECT_EQ(contents(path("000003.log")), "old wal");
    ASSERT_TRUE(fs_->DeleteFile(path("000003.log"), IOOptions(), nullptr).ok());
    ASSERT_TRUE(sync_dir().ok());
    fs_->restore_power(1);
    EXPECT_FALSE(fs::exists(path("000003.log")));
}

TEST_F(PowerLossFsTest, PowerOffAfterNOperationsRefusesEveryLaterWriteAndSync) {
    auto file = create("wal");  // one operation
    fs_->power_off_after(2);
    EXPECT_TRUE(append(*file, "a").ok());
    EXPECT_TRUE(sync(*file).ok());
    EXPECT_TRUE(append(*file, "b").IsIOError());
    EXPECT_FALSE(fs_->powered());
    EXPECT_TRUE(sync(*file).IsIOError());
    EXPECT_TRUE(sync_dir().IsIOError());
    EXPECT_TRUE(fs_->DeleteFile(path("wal"), IOOptions(), nullptr).IsIOError());
    file.reset();
    fs_->restore_power(1, false);
    EXPECT_TRUE(fs_->powered());
    EXPECT_FALSE(fs::exists(path("wal"))) << "created without a directory sync";
}

TEST_F(PowerLossFsTest, InjectedFailuresHitOnlyTheNamedFilesAndOnlyAsOftenAsAsked) {
    auto wal = create("000004.log");
    auto table = create("000005.sst");
    fs_->fail_next(FsOp::sync, ".log", 2);
    fs_->fail_next(FsOp::write, ".sst");
    EXPECT_TRUE(append(*wal, "x").ok());
    EXPECT_TRUE(sync(*table).ok());
    const IOStatus s = sync(*wal);
    EXPECT_TRUE(s.IsIOError());
    EXPECT_NE(s.ToString().find("injected sync failure"), std::string::npos) << s.ToString();
    EXPECT_TRUE(sync(*wal).IsIOError());
    EXPECT_TRUE(sync(*wal).ok());
    EXPECT_TRUE(append(*table, "y").IsIOError());
    EXPECT_TRUE(append(*table, "y").ok());
    EXPECT_EQ(fs_->stats().failures_injected, 3u);
    EXPECT_TRUE(fs_->powered());
}

}  // namespace
}  // namespace seat::testing
