// Hostile clients against the real seatd (issue 10): sockets that never say
// Hello are closed at a deadline that dripped bytes do not extend, and they can
// take only their share of the connection slots; the idle timeout counts from
// the last complete request; and clients that pipeline reads and never read the
// answers cannot grow the process past its memory budget, while a healthy client
// is served. Each test names the numbers it holds the server to.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "tests/server/wire_client.h"
#include "tests/support/seatd_process.h"

namespace seat::server_testing {
namespace {

using seat::testing::kAdminKey;
using seat::testing::kAppKey;
using seat::testing::SeatdOptions;
using seat::testing::SeatdProcess;
using Clock = std::chrono::steady_clock;

long rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// Proves: a socket that sends nothing is closed at --hello-timeout-ms after accept.
TEST(HostileClients, SocketWithoutHelloIsClosedAtTheDeadline) {
    SeatdOptions options;
    options.extra_args = {"--hello-timeout-ms", "300"};
    SeatdProcess seatd(options);
    WireClient silent(seatd.port());
    const auto start = Clock::now();
    EXPECT_TRUE(silent.closed_by_server());
    const auto elapsed = Clock::now() - start;
    EXPECT_GE(elapsed, std::chrono::milliseconds(250));
    EXPECT_LT(elapsed, std::chrono::seconds(3));
    EXPECT_NE(seatd.log().find("no Hello within 300 ms"), std::string::npos) << seatd.log();
}

// Proves: a Hello dripped one byte every 50 ms (so bytes keep arriving) is cut
// at the deadline all the same.
TEST(HostileClients, DrippedBytesDoNotExtendTheHelloDeadline) {
    SeatdOptions options;
    options.extra_args = {"--hello-timeout-ms", "400"};
    SeatdProcess seatd(options);
    WireClient drip(seatd.port(), std::chrono::seconds(5));
    const Bytes hello = hello_frame(1, kAppKey);
    const auto start = Clock::now();
    bool closed = false;
    for (std::size_t i = 0; i + 1 < hello.size() && !closed; ++i) {
        closed = !drip.send(std::span<const std::uint8_t>(&hello[i], 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (Clock::now() - start > std::chrono::seconds(3)) break;
    }
    EXPECT_TRUE(closed || drip.closed_by_server());
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
    EXPECT_NE(seatd.log().find("no Hello within 400 ms"), std::string::npos) << seatd.log();
}

// Proves: 30 sockets that never say Hello, against --max-connections 20 and
// --max-unauthenticated 5, cannot lock a real client out: each new socket makes
// the oldest silent one close, so a client that says Hello is always served.
TEST(HostileClients, SocketsWithoutHelloCannotTakeEverySlot) {
    SeatdOptions options;
    options.extra_args = {"--max-connections",  "20",   "--max-unauthenticated", "5",
                          "--hello-timeout-ms", "60000"};
    SeatdProcess seatd(options);
    std::vector<std::unique_ptr<WireClient>> silent;
    for (int i = 0; i < 30; ++i)
        silent.push_back(std::make_unique<WireClient>(seatd.port(), std::chrono::seconds(2)));
    WireClient client(seatd.port());
    say_hello(client, kAppKey);
    ASSERT_TRUE(client.send(ping_frame(2)));
    auto pong = client.read();
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->status(), Status::ok);
    // The oldest silent sockets were closed to make room; the newest were kept.
    EXPECT_TRUE(silent.front()->closed_by_server());
    EXPECT_NE(seatd.log().find("--max-unauthenticated=5 reached"), std::string::npos);
}

// Proves: the idle timeout counts from the last complete request, so a client
// that drips the bytes of a request that never completes is closed.
TEST(HostileClients, IdleTimeoutCountsFromTheLastCompleteRequest) {
    SeatdOptions options;
    options.extra_args = {"--idle-timeout-s", "1"};
    SeatdProcess seatd(options);
    WireClient drip(seatd.port(), std::chrono::seconds(6));
    say_hello(drip, kAppKey);
    const Bytes ping = ping_frame(2);
    const auto start = Clock::now();
    bool closed = false;
    // Never the last byte: the request stays incomplete.
    for (std::size_t i = 0; i + 1 < ping.size() && !closed; ++i) {
        closed = !drip.send(std::span<const std::uint8_t>(&ping[i], 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    EXPECT_TRUE(closed || drip.closed_by_server());
    const auto elapsed = Clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::seconds(4));
    EXPECT_NE(seatd.log().find("idle for 1 s"), std::string::npos) << seatd.log();
}

// Proves: 50 clients that pipeline section reads of a stadium and never read an
// answer keep seatd's RSS under its --memory-budget-mb plus the RSS it had before
// them plus 48 MiB (allocator slack, thread stacks, the kernel's view of freed
// pages); the heaviest of them are cut off; and a healthy client's pings are
// answered throughout, with p99 under 250 ms.
TEST(HostileClients, NonReadingClientsStayWithinTheMemoryBudget) {
    constexpr long kBudgetMiB = 64;
    constexpr long kSlackMiB = 48;
    SeatdOptions options;
    options.shards = 1;
    options.extra_args = {"--memory-budget-mb", std::to_string(kBudgetMiB), "--write-timeout-s",
                          "60"};
    SeatdProcess seatd(options);
    {
        WireClient admin(seatd.port());
        say_hello(admin, kAdminKey);
        flatbuffers::FlatBufferBuilder b;
        const wire::Id128 key(9, 9);
        const auto body =
            wire::CreateCreateEventDirect(b, nullptr, "Stadium", 0, 0, 0, 0, &key, "stadium");
        ASSERT_TRUE(admin.send(finish(b, 2, 42, wire::RequestBody::CreateEvent, body.Union())));
        auto created = admin.read();
        ASSERT_TRUE(created);
        ASSERT_EQ(created->status(), Status::ok);
    }
    const long base_kib = rss_kib(seatd.pid());
    ASSERT_GT(base_kib, 0);

    // Section reads with labels: each answer is tens of KB.
    Bytes burst;
    for (std::uint64_t id = 0; id < 500; ++id)
        append(burst, section_frame(id + 2, 42, static_cast<std::uint16_t>(id % 8), true));
    std::vector<std::unique_ptr<WireClient>> hoarders;
    for (int i = 0; i < 50; ++i) {
        hoarders.push_back(
            std::make_unique<WireClient>(seatd.port(), std::chrono::seconds(1), 4096));
        say_hello(*hoarders.back(), kAppKey);
    }
    std::atomic<bool> done{false};
    std::thread flood([&] {
        while (!done) {
            bool any = false;
            for (auto& h : hoarders)
                any |= h->send(burst);  // times out once the server stops reading it
            if (!any) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });

    WireClient healthy(seatd.port(), std::chrono::seconds(10));
    say_hello(healthy, kAppKey);
    std::vector<long> latency_us;
    long peak_kib = 0;
    const auto end = Clock::now() + std::chrono::seconds(6);
    for (std::uint64_t id = 100; Clock::now() < end; ++id) {
        const auto sent = Clock::now();
        ASSERT_TRUE(healthy.send(ping_frame(id)));
        auto pong = healthy.read();
        ASSERT_TRUE(pong) << "the healthy client was not answered";
        EXPECT_EQ(pong->status(), Status::ok);
        latency_us.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent).count());
        peak_kib = std::max(peak_kib, rss_kib(seatd.pid()));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    done = true;
    flood.join();

    std::sort(latency_us.begin(), latency_us.end());
    const long p99_us = latency_us[latency_us.size() * 99 / 100];
    RecordProperty("rss_base_kib", static_cast<int>(base_kib));
    RecordProperty("rss_peak_kib", static_cast<int>(peak_kib));
    RecordProperty("healthy_p99_us", static_cast<int>(p99_us));
    std::printf(
        "RSS base %ld KiB, peak %ld KiB (budget %ld MiB); healthy ping p99 %ld us over %zu pings\n",
        base_kib, peak_kib, kBudgetMiB, p99_us, latency_us.size());
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer's shadow memory and quarantine are not seatd's: RSS says
    // nothing about the budget in that build; the rest of the test still holds.
    (void)kSlackMiB;
#else
    EXPECT_LT(peak_kib, base_kib + (kBudgetMiB + kSlackMiB) * 1024);
#endif
#if defined(__SANITIZE_ADDRESS__)
    // The sanitizer build is unoptimised and instruments every access: on two
    // cores shared with the flood it answers a ping in up to ~0.8 s. The bound
    // still catches a server that stops answering the healthy client.
    EXPECT_LT(p99_us, 3'000'000);
#else
    EXPECT_LT(p99_us, 250'000);
#endif
    EXPECT_NE(seatd.log().find("cut off"), std::string::npos) << seatd.log();
}

}  // namespace
}  // namespace seat::server_testing
