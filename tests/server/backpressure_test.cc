// Limits under load: a full shard queue answers `overloaded` (it does not grow),
// a client that stops reading is cut off while others are served, and an idle
// connection is closed.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "tests/server/wire_client.h"
#include "tests/support/seatd_process.h"

namespace seat::server_testing {
namespace {

using seat::testing::kAppKey;
using seat::testing::SeatdOptions;
using seat::testing::SeatdProcess;

// Proves: with a one-request shard queue, a burst gets some `overloaded` answers
// (with a retry hint) and every request still gets exactly one answer.
TEST(ServerBackpressure, FullShardQueueAnswersOverloaded) {
    SeatdOptions options;
    options.shards = 1;
    options.extra_args = {"--shard-queue-max", "1"};
    SeatdProcess seatd(options);
    WireClient c(seatd.port());
    say_hello(c, kAppKey);
    constexpr std::uint64_t kRequests = 3000;
    Bytes burst;
    for (std::uint64_t id = 2; id < 2 + kRequests; ++id)
        append(burst, summary_frame(id, 1));
    ASSERT_TRUE(c.send(burst));
    std::set<std::uint64_t> answered;
    std::size_t overloaded = 0;
    for (std::uint64_t i = 0; i < kRequests; ++i) {
        auto r = c.read();
        ASSERT_TRUE(r) << "answer " << i << " missing";
        answered.insert((*r)->request_id());
        if (r->status() == Status::overloaded) {
            ++overloaded;
            EXPECT_GT((*r)->body_as_ErrorDetail()->retry_after_ms(), 0u);
        } else {
            EXPECT_EQ(r->status(), Status::ok);
        }
    }
    EXPECT_EQ(answered.size(), kRequests);
    EXPECT_GE(overloaded, 1u);
}

// Proves: a client that pipelines requests and never reads is cut off once
// writing its replies makes no progress for --write-timeout-s (the server has
// stopped reading its requests long before), and other clients are still served.
TEST(ServerBackpressure, ClientThatStopsReadingIsCutOff) {
    SeatdOptions options;
    options.extra_args = {"--write-timeout-s", "2"};
    SeatdProcess seatd(options);
    WireClient slow(seatd.port(), std::chrono::seconds(10), 4096);
    say_hello(slow, kAppKey);
    Bytes chunk;
    for (std::uint64_t id = 0; id < 1000; ++id)
        append(chunk, section_frame(id + 2, 1, 0, true));
    // Each answer is ~2.5 KB: 40 chunks ask for ~100 MB that the client does not
    // read. (Reading them to look for the close would drain the queue, so the
    // server's log is watched first.)
    for (int i = 0; i < 40 && slow.send(chunk); ++i) {
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (seatd.log().find("cut off") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_NE(seatd.log().find("cut off"), std::string::npos) << seatd.log();
    EXPECT_TRUE(slow.closed_by_server());

    WireClient other(seatd.port());
    say_hello(other, kAppKey);
    ASSERT_TRUE(other.send(ping_frame(5)));
    auto pong = other.read();
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->status(), Status::ok);
}

// Proves: a connection that sends nothing for --idle-timeout-s is closed.
TEST(ServerBackpressure, IdleConnectionIsClosed) {
    SeatdOptions options;
    options.extra_args = {"--idle-timeout-s", "1"};
    SeatdProcess seatd(options);
    WireClient c(seatd.port());
    say_hello(c, kAppKey);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(c.closed_by_server());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// Proves: connections beyond --max-connections are closed at accept, and a place
// freed by a closing client is available again.
TEST(ServerBackpressure, ConnectionsBeyondTheMaximumAreClosed) {
    SeatdOptions options;
    options.extra_args = {"--max-connections", "1"};
    SeatdProcess seatd(options);
    {
        WireClient first(seatd.port());
        say_hello(first, kAppKey);
        WireClient second(seatd.port());
        EXPECT_TRUE(second.closed_by_server());
        ASSERT_TRUE(first.send(ping_frame(2)));
        EXPECT_EQ(first.read()->status(), Status::ok);
    }
    // The server notices the first client's close asynchronously: retry briefly.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    bool served = false;
    while (!served && std::chrono::steady_clock::now() < deadline) {
        WireClient again(seatd.port());
        served = again.send(hello_frame(1, kAppKey)) && again.read().has_value();
        if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(served);
}

}  // namespace
}  // namespace seat::server_testing
