// Proves that a connection behaves over TLS as it does over plain TCP (the
// connection is one template for both): pipelined answers matched by id, a
// half-closed client still answered, a closing answer that reaches the client
// before the FIN, the write watchdog, the Hello deadline once the handshake is
// done, and SIGTERM with TLS connections open (one of them still in its
// handshake). The certificates come from a throwaway CA (tests/support/test_pki.h).
#include <gtest/gtest.h>

#include <thread>

#include "tests/server/wire_client.h"
#include "tests/support/seatd_process.h"
#include "tests/support/test_pki.h"

namespace seat::server_testing {
namespace {

using seat::testing::kAppKey;
using seat::testing::SeatdOptions;
using seat::testing::SeatdProcess;
using seat::testing::TestPki;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kDemo = 1;

class TlsTransport : public ::testing::Test {
  protected:
    SeatdOptions tls_options(std::vector<std::string> more = {}) {
        SeatdOptions o;
        o.extra_args = {"--tls-cert", server_.cert.string(), "--tls-key", server_.key.string()};
        o.extra_args.insert(o.extra_args.end(), more.begin(), more.end());
        return o;
    }
    std::string ca() const { return pki_.ca_file().string(); }

    TestPki pki_;
    TestPki::Issued server_ = pki_.issue_loopback();
};

TEST_F(TlsTransport, PipelinedRequestsAreAllAnsweredById) {
    SeatdProcess seatd(tls_options());
    WireClient c(seatd.port(), std::chrono::seconds(10), 0, ca());
    Bytes burst = hello_frame(1, kAppKey);
    constexpr std::uint64_t kRequests = 500;
    for (std::uint64_t id = 2; id < 2 + kRequests; ++id)
        append(burst, id % 2 == 0 ? ping_frame(id) : seat_frame(id, kDemo, id % 200));
    ASSERT_TRUE(c.send(burst));
    std::vector<bool> seen(2 + kRequests, false);
    for (std::uint64_t i = 0; i < 1 + kRequests; ++i) {
        auto r = c.read();
        ASSERT_TRUE(r) << "answer " << i << " missing";
        EXPECT_EQ(r->status(), Status::ok);
        const std::uint64_t id = (*r)->request_id();
        ASSERT_LT(id, seen.size());
        EXPECT_FALSE(seen[id]) << "answered twice: " << id;
        seen[id] = true;
    }
}

// A TCP half-close (no close_notify) after the requests: every answer still comes.
TEST_F(TlsTransport, HalfClosedClientStillGetsItsAnswers) {
    SeatdProcess seatd(tls_options());
    WireClient c(seatd.port(), std::chrono::seconds(10), 0, ca());
    Bytes burst = hello_frame(1, kAppKey);
    for (std::uint64_t id = 2; id < 12; ++id)
        append(burst, summary_frame(id, kDemo));
    ASSERT_TRUE(c.send(burst));
    ASSERT_EQ(::shutdown(c.fd(), SHUT_WR), 0);
    for (int i = 0; i < 11; ++i) {
        auto r = c.read();
        ASSERT_TRUE(r) << "answer " << i << " missing";
        EXPECT_EQ(r->status(), Status::ok);
    }
    EXPECT_TRUE(c.closed_by_server());
}

// The closing answer to a bad frame is read before the connection ends, and
// others are served.
TEST_F(TlsTransport, ClosingAnswerArrivesBeforeTheClose) {
    SeatdProcess seatd(tls_options());
    WireClient c(seatd.port(), std::chrono::seconds(10), 0, ca());
    say_hello(c, kAppKey);
    ASSERT_TRUE(c.send(Bytes{0x00, 0x00, 0x20, 0x00}));  // announces 2 MiB
    auto r = c.read();
    ASSERT_TRUE(r) << "no answer before the close";
    EXPECT_EQ(r->status(), Status::bad_frame);
    EXPECT_TRUE(c.closed_by_server());
    WireClient other(seatd.port(), std::chrono::seconds(10), 0, ca());
    say_hello(other, kAppKey);
    ASSERT_TRUE(other.send(ping_frame(2)));
    auto pong = other.read();
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->status(), Status::ok);
}

// A TLS client that pipelines and never reads is cut off by the write watchdog.
TEST_F(TlsTransport, ClientThatStopsReadingIsCutOff) {
    SeatdProcess seatd(tls_options({"--write-timeout-s", "2"}));
    WireClient slow(seatd.port(), std::chrono::seconds(10), 4096, ca());
    say_hello(slow, kAppKey);
    Bytes chunk;
    for (std::uint64_t id = 0; id < 1000; ++id)
        append(chunk, section_frame(id + 2, kDemo, 0, true));
    for (int i = 0; i < 40 && slow.send(chunk); ++i) {
    }
    const auto deadline = Clock::now() + std::chrono::seconds(15);
    while (seatd.log().find("cut off") == std::string::npos && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_NE(seatd.log().find("cut off"), std::string::npos) << seatd.log();
    EXPECT_TRUE(slow.closed_by_server());
}

// The handshake done, the Hello deadline still counts from accept.
TEST_F(TlsTransport, HandshakeWithoutHelloIsClosedAtTheDeadline) {
    SeatdProcess seatd(tls_options({"--hello-timeout-ms", "400"}));
    const auto start = Clock::now();
    WireClient quiet(seatd.port(), std::chrono::seconds(5), 0, ca());
    EXPECT_TRUE(quiet.closed_by_server());
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(350));
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
    EXPECT_NE(seatd.log().find("no Hello within 400 ms\n"), std::string::npos) << seatd.log();
}

// SIGTERM answers what a TLS client sent, closes a connection still in its
// handshake at once, and exits 0 well within the drain deadline.
TEST_F(TlsTransport, SigtermWithTlsConnectionsExitsCleanly) {
    SeatdProcess seatd(tls_options());
    WireClient c(seatd.port(), std::chrono::seconds(10), 0, ca());
    WireClient in_handshake(seatd.port());  // plain TCP: never sends a ClientHello
    say_hello(c, kAppKey);
    Bytes burst;
    for (std::uint64_t id = 2; id < 202; ++id)
        append(burst, summary_frame(id, kDemo));
    ASSERT_TRUE(c.send(burst));
    auto first = c.read();
    ASSERT_TRUE(first);
    const auto start = Clock::now();
    ASSERT_EQ(kill(seatd.pid(), SIGTERM), 0);
    int answered = 1;
    while (auto r = c.read()) {
        EXPECT_TRUE(r->status() == Status::ok || r->status() == Status::overloaded);
        ++answered;
    }
    EXPECT_EQ(answered, 200);
    EXPECT_TRUE(in_handshake.closed_by_server());
    EXPECT_EQ(seatd.wait(), 0) << seatd.log();
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(4)) << seatd.log();
}

}  // namespace
}  // namespace seat::server_testing
