// Proves (issue 10): a restart on a full disk is refused with a message and a
// clean exit status — not the assertion RocksDB's write path hits on a full disk
// in Debian's build — and writes nothing; once room is made, seatd starts and
// every acknowledged sale is there. The disk is a small tmpfs mounted by the
// test (it needs the privilege to mount; without it the test is skipped, and
// says so).
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "tests/server/wire_client.h"
#include "tests/support/seatd_process.h"

namespace seat::server_testing {
namespace {

namespace fs = std::filesystem;
using seat::testing::kAdminKey;
using seat::testing::SeatdOptions;
using seat::testing::SeatdProcess;

class SmallDisk {
  public:
    explicit SmallDisk(std::size_t mib) {
        path_ = fs::temp_directory_path() / ("seatd-small-disk-" + std::to_string(::getpid()));
        fs::create_directories(path_);
        const std::string options = "size=" + std::to_string(mib) + "m";
        mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    bool mounted() const { return mounted_; }
    const fs::path& path() const { return path_; }
    // Writes zeros until the disk is full, leaving `keep_kib` free.
    void fill(std::size_t keep_kib) {
        std::ofstream filler(path_ / "filler", std::ios::binary);
        const std::vector<char> block(4096, 0);
        while (fs::space(path_).available > keep_kib * 1024 + block.size() && filler)
            filler.write(block.data(), static_cast<std::streamsize>(block.size())).flush();
    }
    void make_room() { fs::remove(path_ / "filler"); }

  private:
    fs::path path_;
    bool mounted_ = false;
};

std::map<std::string, std::uintmax_t> listing(const fs::path& dir) {
    std::map<std::string, std::uintmax_t> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out[e.path().string()] = e.file_size();
    return out;
}

TEST(DiskFull, RestartOnAFullDiskIsRefusedCleanlyAndWritesNothing) {
    SmallDisk disk(64);
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root): not tested";
    SeatdOptions options;
    options.data_dir = disk.path() / "data";
    options.extra_args = {"--min-free-disk-mb", "16"};
    std::uint64_t sequence = 0;
    {
        SeatdProcess seatd(options);
        WireClient c(seatd.port());
        say_hello(c, kAdminKey);
        const wire::Id128 session(1, 1);
        ASSERT_TRUE(c.send(hold_frame(2, 1, session, {0, 1}, wire::Id128(2, 2))));
        auto held = c.read();
        ASSERT_TRUE(held && held->status() == Status::ok);
        ASSERT_TRUE(c.send(purchase_frame(3, 1, (*held)->body_as_HoldReply()->hold(), session,
                                          wire::Id128(3, 3))));
        auto sold = c.read();
        ASSERT_TRUE(sold && sold->status() == Status::ok);
        ASSERT_TRUE(c.send(summary_frame(4, 1)));
        sequence = (*c.read())->body_as_SummaryReply()->sequence();
        seatd.kill9();
    }
    disk.fill(/*keep_kib=*/512);
    const auto before = listing(options.data_dir);
    std::string output;
    const int status =
        seat::testing::run_seatd_to_exit({"--listen", "127.0.0.1:0", "--data-dir",
                                          options.data_dir.string(), "--min-free-disk-mb", "16"},
                                         output);
    EXPECT_EQ(status, 1) << output;  // a refusal, not SIGABRT (134)
    EXPECT_NE(output.find("refusing to start: the disk holding"), std::string::npos) << output;
    EXPECT_NE(output.find("MiB free"), std::string::npos) << output;
    EXPECT_EQ(listing(options.data_dir), before) << "something was written";

    disk.make_room();
    SeatdProcess again(options);
    WireClient c(again.port());
    say_hello(c, kAdminKey);
    ASSERT_TRUE(c.send(seat_frame(5, 1, 0)));
    auto seat = c.read();
    ASSERT_TRUE(seat);
    EXPECT_EQ((*seat)->body_as_SeatReply()->status(), wire::SeatStatus::sold);
    ASSERT_TRUE(c.send(summary_frame(6, 1)));
    EXPECT_EQ((*c.read())->body_as_SummaryReply()->sequence(), sequence);
}

}  // namespace
}  // namespace seat::server_testing
