// The process around the protocol: data survives a restart, SIGTERM ends with
// status 0, and bad configurations are refused at start with status 2.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "tests/server/wire_client.h"
#include "tests/support/seatd_process.h"
#include "venues/generators.h"
#include "venues/venue_json.h"

namespace seat::server_testing {
namespace {

namespace fs = std::filesystem;
using seat::testing::kAppKey;
using seat::testing::run_seatd_to_exit;
using seat::testing::SeatdProcess;

struct Totals {
    std::uint32_t available, held, sold, blocked;
    std::uint64_t sequence;
    friend bool operator==(const Totals&, const Totals&) = default;
};

Totals demo_totals(std::uint16_t port) {
    WireClient c(port);
    say_hello(c, kAppKey);
    if (!c.send(summary_frame(2, 1))) throw std::runtime_error("send failed");
    auto r = c.read();
    if (!r || r->status() != Status::ok) throw std::runtime_error("no summary");
    const auto* s = (*r)->body_as_SummaryReply();
    return {s->totals()->available(), s->totals()->held(), s->totals()->sold(),
            s->totals()->blocked(), s->sequence()};
}

// Proves: what was acknowledged before a clean stop is there after the restart,
// and the demo event is not created twice.
TEST(ServerLifecycle, DataSurvivesRestart) {
    SeatdProcess seatd;
    {
        WireClient c(seatd.port());
        say_hello(c, kAppKey);
        const wire::Id128 session(3, 3);
        ASSERT_TRUE(c.send(hold_frame(2, 1, session, {30, 31}, wire::Id128(6, 1))));
        auto held = c.read();
        ASSERT_EQ(held->status(), Status::ok);
        ASSERT_TRUE(c.send(purchase_frame(3, 1, (*held)->body_as_HoldReply()->hold(), session,
                                          wire::Id128(6, 2))));
        ASSERT_EQ(c.read()->status(), Status::ok);
        ASSERT_TRUE(c.send(hold_frame(4, 1, session, {50}, wire::Id128(6, 3))));
        ASSERT_EQ(c.read()->status(), Status::ok);
    }
    const Totals before = demo_totals(seatd.port());
    EXPECT_EQ(before.sold, 2u);
    EXPECT_EQ(before.held, 1u);
    EXPECT_EQ(seatd.terminate(), 0);
    seatd.restart();
    EXPECT_EQ(demo_totals(seatd.port()), before);
    EXPECT_NE(seatd.log().find("recovered 1 events"), std::string::npos) << seatd.log();
}

// Proves: what was acknowledged survives kill -9 too (the reply came after the fsync).
TEST(ServerLifecycle, AcknowledgedSaleSurvivesKill9) {
    SeatdProcess seatd;
    WireClient c(seatd.port());
    say_hello(c, kAppKey);
    const wire::Id128 session(4, 4);
    ASSERT_TRUE(c.send(hold_frame(2, 1, session, {60}, wire::Id128(9, 1))));
    auto held = c.read();
    ASSERT_EQ(held->status(), Status::ok);
    ASSERT_TRUE(c.send(
        purchase_frame(3, 1, (*held)->body_as_HoldReply()->hold(), session, wire::Id128(9, 2))));
    ASSERT_EQ(c.read()->status(), Status::ok);
    seatd.kill9();
    seatd.restart();
    EXPECT_EQ(demo_totals(seatd.port()).sold, 1u);
}

// Proves: SIGTERM is a clean shutdown: exit status 0 and the log says so.
TEST(ServerLifecycle, SigtermExitsZero) {
    SeatdProcess seatd;
    WireClient c(seatd.port());
    say_hello(c, kAppKey);
    EXPECT_EQ(seatd.terminate(), 0);
    EXPECT_FALSE(seatd.running());
    const std::string log = seatd.log();
    EXPECT_NE(log.find("seatd: listening on 127.0.0.1:"), std::string::npos) << log;
    EXPECT_NE(log.find("stopped cleanly"), std::string::npos) << log;
    EXPECT_TRUE(c.closed_by_server());
}

// Proves: SIGTERM in the middle of a pipelined burst answers every request the
// server took, and each answered mutation is durable: after the restart the
// event's sequence is exactly the creation plus the acknowledged mutations.
TEST(ServerLifecycle, SigtermAnswersWhatItTookAndMakesItDurable) {
    SeatdProcess seatd;
    WireClient c(seatd.port());
    say_hello(c, seat::testing::kAdminKey);
    constexpr std::uint64_t kRequests = 4000;
    Bytes burst;
    for (std::uint64_t id = 2; id < 2 + kRequests; ++id) {
        flatbuffers::FlatBufferBuilder b;
        const std::vector<std::uint32_t> seats = {7};
        const wire::Id128 key(77, id);
        const bool block = id % 2 == 0;
        const auto body = block ? wire::CreateBlockSeatsDirect(b, &seats, nullptr, &key).Union()
                                : wire::CreateUnblockSeatsDirect(b, &seats, nullptr, &key).Union();
        append(
            burst,
            finish(b, id, 1,
                   block ? wire::RequestBody::BlockSeats : wire::RequestBody::UnblockSeats, body));
    }
    ASSERT_TRUE(c.send(burst));
    auto first = c.read();
    ASSERT_TRUE(first);
    ASSERT_EQ(kill(seatd.pid(), SIGTERM), 0);
    std::uint64_t acknowledged = first->status() == Status::ok ? 1 : 0;
    while (auto r = c.read()) {
        if (r->status() == Status::ok) ++acknowledged;
    }
    RecordProperty("acknowledged", static_cast<int>(acknowledged));
    EXPECT_EQ(seatd.wait(), 0) << seatd.log();
    seatd.restart();
    EXPECT_EQ(demo_totals(seatd.port()).sequence, 1 + acknowledged) << seatd.log();
}

// Proves: after a restart (the creating key is forgotten) a CreateEvent asking
// for exactly the existing event is replayed, and one asking for another is
// event_exists (docs/protocol.md, section 7).
TEST(ServerLifecycle, CreateEventRetryAfterRestart) {
    SeatdProcess seatd;
    const std::string venue = venue_to_json(make_theatre());
    auto create = [&](std::uint64_t key_lo, std::int64_t hold_ttl_ms) {
        WireClient c(seatd.port());
        say_hello(c, seat::testing::kAdminKey);
        if (!c.send(create_event_frame(2, 9, venue, wire::Id128(5, key_lo), hold_ttl_ms)))
            throw std::runtime_error("send failed");
        auto r = c.read();
        if (!r) throw std::runtime_error("no answer");
        return std::make_pair(r->status(), (*r)->replayed());
    };
    EXPECT_EQ(create(1, 0), std::make_pair(Status::ok, false));
    EXPECT_EQ(seatd.terminate(), 0);
    seatd.restart();
    EXPECT_EQ(create(1, 0), std::make_pair(Status::ok, true));
    EXPECT_EQ(create(2, 1000), std::make_pair(Status::event_exists, false));
}

// Proves: without a keys file, a non-loopback --listen is refused with status 2.
TEST(ServerLifecycle, NonLoopbackWithoutKeysIsRefused) {
    const fs::path dir = fs::temp_directory_path() / ("seatd-nokeys-" + std::to_string(getpid()));
    std::string output;
    const int status =
        run_seatd_to_exit({"--listen", "0.0.0.0:0", "--data-dir", (dir / "data").string()}, output);
    fs::remove_all(dir);
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("loopback"), std::string::npos) << output;
}

// Proves: a malformed keys file stops start-up with status 2, naming the line.
TEST(ServerLifecycle, MalformedKeysFileIsRefusedWithItsLine) {
    const fs::path dir = fs::temp_directory_path() / ("seatd-badkeys-" + std::to_string(getpid()));
    fs::create_directories(dir);
    {
        std::ofstream keys(dir / "keys");
        keys << "# ok so far\nadmin a-perfectly-fine-admin-key\n\nboss another-key-0123456789\n";
    }
    std::string output;
    const int status =
        run_seatd_to_exit({"--listen", "127.0.0.1:0", "--keys", (dir / "keys").string(),
                           "--data-dir", (dir / "data").string()},
                          output);
    fs::remove_all(dir);
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("line 4"), std::string::npos) << output;
}

// Proves: a malformed ticket key file stops start-up with status 2, naming the
// line, and the secret on that line never reaches the log.
TEST(ServerLifecycle, MalformedTicketKeysFileIsRefusedWithoutShowingTheSecret) {
    const fs::path dir =
        fs::temp_directory_path() / ("seatd-badticketkeys-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=";
    {
        std::ofstream keys(dir / "ticket-keys");
        keys << "# keys\nh-1 hmac sometimes " << secret << "\n";
    }
    std::string output;
    const int status =
        run_seatd_to_exit({"--listen", "127.0.0.1:0", "--ticket-keys",
                           (dir / "ticket-keys").string(), "--data-dir", (dir / "data").string()},
                          output);
    fs::remove_all(dir);
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("line 2"), std::string::npos) << output;
    EXPECT_EQ(output.find(secret), std::string::npos) << "the secret leaked: " << output;
}

// Proves: --help documents the flags other tools rely on and exits 0.
TEST(ServerLifecycle, HelpDocumentsTheFlags) {
    std::string output;
    EXPECT_EQ(run_seatd_to_exit({"--help"}, output), 0);
    for (const char* flag :
         {"--listen", "--data-dir", "--shards", "--io-threads", "--keys", "--config", "--no-demo",
          "--snapshot-every", "--max-connections", "--idle-timeout-s", "--shard-queue-max",
          "--port-file", "--ticket-keys"})
        EXPECT_NE(output.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace seat::server_testing
