// Proves TLS on the binary protocol against the real seatd, with a throwaway CA
// (tests/support/test_pki.h): a client that trusts the CA holds, buys and
// pipelines, and after a broken connection reconnects (a new handshake) and
// resends with the same idempotency keys; a client that trusts another CA, or
// expects another name, is refused with a clear message and nothing is done; a
// plaintext client on the TLS port is closed and the others are served; a TCP
// client that never completes the handshake is closed at the Hello deadline; a
// TLS client at a plaintext port is told so; seatctl speaks TLS with --tls-ca
// and with SEATCTL_TLS_CA. The last test measures the handshake and a ping over
// TLS and over plain TCP (docs/benchmarks.md, "TLS").
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <future>

#include "tests/e2e/e2e_helpers.h"
#include "tests/support/test_pki.h"

namespace seat::e2e {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using testing::TestPki;

ClientOptions tls_client_options(std::uint16_t port, const fs::path& ca,
                                 const char* key = testing::kAdminKey) {
    ClientOptions o = client_options(port, key);
    o.tls.enabled = true;
    o.tls.ca_file = ca.string();
    return o;
}

testing::SeatdOptions tls_seatd(const TestPki::Issued& server,
                                std::vector<std::string> more_args = {}) {
    testing::SeatdOptions o;
    o.extra_args = {"--tls-cert", server.cert.string(), "--tls-key", server.key.string()};
    o.extra_args.insert(o.extra_args.end(), more_args.begin(), more_args.end());
    return o;
}

// A bare TCP socket on 127.0.0.1: it sends what it is given and nothing else.
class RawTcp {
  public:
    explicit RawTcp(std::uint16_t port, std::chrono::milliseconds timeout) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{static_cast<time_t>(timeout.count() / 1000),
                   static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("connect failed");
    }
    ~RawTcp() { ::close(fd_); }
    bool send(const std::vector<std::uint8_t>& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(bytes.size());
    }
    // True when the server closed the connection (EOF or reset) before the timeout.
    bool closed_by_server() {
        std::uint8_t buf[4096];
        for (;;) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n == 0) return true;
            if (n < 0) return errno == ECONNRESET;
        }
    }

  private:
    int fd_ = -1;
};

// A Ping frame with request_id 1: docs/protocol.md, "An example frame".
const std::vector<std::uint8_t> kPingFrame = {
    0x2c, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x14, 0x00, 0x0c, 0x00, 0x00, 0x00,
    0x07, 0x00, 0x08, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x10, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x04, 0x00, 0x04, 0x00, 0x00, 0x00};

class TlsTest : public ::testing::Test {
  protected:
    TestPki pki_;
    TestPki::Issued server_ = pki_.issue_loopback();
    testing::SeatdProcess seatd_{tls_seatd(server_)};

    ClientOptions options(const char* key = testing::kAdminKey) {
        return tls_client_options(seatd_.port(), pki_.ca_file(), key);
    }
};

TEST_F(TlsTest, ClientWithTheCaHoldsAndPurchases) {
    Client client(options(testing::kAppKey));
    const auto hello = client.connect();
    ASSERT_TRUE(hello.ok()) << hello.message;
    EXPECT_EQ(hello.value.role, sc::Role::app);
    const auto session = sc::Id128::from_name("tls-buyer");
    const auto hold = client.place_hold(kDemoEvent, session, sc::Seats{{}, {"Stalls/A/5"}});
    ASSERT_TRUE(hold.ok()) << hold.message;
    const auto bought =
        client.purchase(kDemoEvent, sc::PurchaseRequest{hold.value.hold, session, "b", "p"});
    ASSERT_TRUE(bought.ok()) << bought.message;
    ASSERT_EQ(bought.value.tickets.size(), 1u);
    const auto ticket = client.get_ticket(kDemoEvent, bought.value.tickets[0].ticket_id);
    ASSERT_TRUE(ticket.ok()) << ticket.message;
    EXPECT_EQ(ticket.value.ticket.seat_name, "Stalls/A/5");
    EXPECT_EQ(client.stats().connects, 1u);
}

// Proves: many requests in flight on one TLS connection (holds on 100 seats by
// 25 sessions, then their purchases, and 2,000 pings) are all answered.
TEST_F(TlsTest, PipelinedCallsAreAllAnswered) {
    Client client(options());
    std::vector<std::future<sc::Result<sc::HoldInfo>>> holds;
    for (std::uint32_t seat = 0; seat < 100; ++seat)
        holds.push_back(client.place_hold_async(
            kDemoEvent, sc::Id128::from_name("s" + std::to_string(seat / 4)), sc::Seats{{seat}}));
    std::vector<std::future<sc::Result<sc::PurchaseInfo>>> purchases;
    for (std::uint32_t seat = 0; seat < 100; ++seat) {
        const auto h = holds[seat].get();
        ASSERT_TRUE(h.ok()) << h.message;
        purchases.push_back(client.purchase_async(
            kDemoEvent,
            sc::PurchaseRequest{h.value.hold, sc::Id128::from_name("s" + std::to_string(seat / 4)),
                                "buyer", "pay"}));
    }
    std::atomic<int> pongs{0};
    std::promise<void> all_pongs;
    constexpr int kPings = 2000;
    for (int i = 0; i < kPings; ++i)
        client.ping_async([&](sc::Result<sc::Pong> r) {
            if (r.ok() && pongs.fetch_add(1) + 1 == kPings) all_pongs.set_value();
        });
    for (auto& p : purchases) {
        const auto r = p.get();
        ASSERT_TRUE(r.ok()) << r.message;
    }
    ASSERT_EQ(all_pongs.get_future().wait_for(std::chrono::seconds(20)), std::future_status::ready);
    const auto summary = client.get_summary(kDemoEvent);
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary.value.totals.sold, 100u);
    EXPECT_EQ(client.stats().connects, 1u);
}

// Proves: a broken TLS connection is reconnected with a new handshake and the
// unanswered purchase is resent with its key: it is replayed, not sold twice.
TEST_F(TlsTest, ReconnectsAndResendsWithTheSameKeys) {
    Proxy proxy(seatd_.port());
    Client client(tls_client_options(proxy.port(), pki_.ca_file()));
    const auto s = sc::Id128::from_name("tls-reconnect");
    const auto h = client.place_hold(kDemoEvent, s, sc::Seats{{}, {"Stalls/C/3", "Stalls/C/4"}});
    ASSERT_TRUE(h.ok()) << h.message;
    proxy.set_drop_answers(true);
    auto pending =
        client.purchase_async(kDemoEvent, sc::PurchaseRequest{h.value.hold, s, "buyer", "pay"});
    Client observer(options());
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    for (;;) {
        const auto seat = observer.get_seat(kDemoEvent, "Stalls/C/3");
        ASSERT_TRUE(seat.ok()) << seat.message;
        if (seat.value.status == sc::SeatStatus::sold) break;
        ASSERT_LT(Clock::now(), deadline) << "the purchase never executed";
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_EQ(pending.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    proxy.set_drop_answers(false);
    proxy.cut();
    ASSERT_EQ(pending.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const auto bought = pending.get();
    ASSERT_TRUE(bought.ok()) << bought.message;
    EXPECT_TRUE(bought.replayed);
    EXPECT_GE(client.stats().connects, 2u);
    EXPECT_GE(client.stats().resent, 1u);
    const auto summary = observer.get_summary(kDemoEvent);
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary.value.totals.sold, 2u);
}

// Proves: a client that trusts another CA fails at once (no back-off rounds)
// with connection_failed naming the host, the port and why; seatd logs the
// failed handshake; nothing was done.
TEST_F(TlsTest, ClientTrustingAnotherCaIsRefusedAndNothingIsDone) {
    TestPki other("another CA");
    Client client(tls_client_options(seatd_.port(), other.ca_file()));
    const auto started = Clock::now();
    const auto hold = client.place_hold(kDemoEvent, sc::Id128::from_name("mallory"),
                                        sc::Seats{{}, {"Stalls/A/1"}});
    EXPECT_EQ(hold.status, sc::Status::connection_failed);
    EXPECT_EQ(hold.message, "TLS handshake with 127.0.0.1:" + std::to_string(seatd_.port()) +
                                " failed: certificate verify failed (unable to get local "
                                "issuer certificate)");
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(1));
    EXPECT_EQ(client.stats().connects, 0u);

    Client good(options());
    const auto summary = good.get_summary(kDemoEvent);
    ASSERT_TRUE(summary.ok()) << summary.message;
    EXPECT_EQ(summary.value.totals.held, 0u);
    EXPECT_EQ(summary.value.totals.sold, 0u);
    EXPECT_NE(seatd_.log().find("TLS handshake failed: tlsv1 alert unknown ca"), std::string::npos)
        << seatd_.log();
}

// Proves: the certificate must carry the name the client expects: an IP
// address is matched against its IP addresses, a name against its DNS names,
// and TlsOptions::server_name picks the name.
TEST(TlsNames, TheCertificateMustCarryTheExpectedName) {
    TestPki pki;
    const auto named = pki.issue("named", "seatd.example", {"seatd.example"}, {});
    testing::SeatdProcess seatd(tls_seatd(named));
    Client by_address(tls_client_options(seatd.port(), pki.ca_file()));
    const auto refused = by_address.ping();
    EXPECT_EQ(refused.status, sc::Status::connection_failed);
    EXPECT_NE(refused.message.find("certificate verify failed (IP address mismatch)"),
              std::string::npos)
        << refused.message;

    ClientOptions o = tls_client_options(seatd.port(), pki.ca_file());
    o.tls.server_name = "other.example";
    Client wrong_name(o);
    const auto wrong = wrong_name.ping();
    EXPECT_NE(wrong.message.find("certificate verify failed (hostname mismatch)"),
              std::string::npos)
        << wrong.message;

    o.tls.server_name = "seatd.example";
    Client right_name(o);
    const auto pong = right_name.ping();
    EXPECT_TRUE(pong.ok()) << pong.message;

    // The test-only switch accepts it without a CA or a name.
    ClientOptions insecure = client_options(seatd.port());
    insecure.tls.enabled = true;
    insecure.tls.insecure_skip_verify_for_tests = true;
    Client anyone(insecure);
    EXPECT_TRUE(anyone.ping().ok());
}

// Proves: a client speaking plain TCP to the TLS port is closed (seatd logs the
// failed handshake) while a TLS client connected before it and one connecting
// after it are served; the client library without TLS says what to try.
TEST_F(TlsTest, PlaintextClientIsClosedAndOthersAreServed) {
    Client before(options());
    ASSERT_TRUE(before.ping().ok());

    RawTcp plain(seatd_.port(), std::chrono::seconds(5));
    ASSERT_TRUE(plain.send(kPingFrame));
    EXPECT_TRUE(plain.closed_by_server());

    Client plain_library(client_options(seatd_.port()));
    const auto refused = plain_library.ping();
    EXPECT_EQ(refused.status, sc::Status::connection_failed);
    EXPECT_NE(refused.message.find("without answering the Hello (if it serves TLS, connect with "
                                   "TLS)"),
              std::string::npos)
        << refused.message;

    EXPECT_TRUE(before.ping().ok());
    Client after(options());
    EXPECT_TRUE(after.ping().ok());
    EXPECT_EQ(before.stats().connects, 1u);
    EXPECT_NE(seatd_.log().find("TLS handshake failed: wrong version number (SSL routines) (a "
                                "client without TLS?)"),
              std::string::npos)
        << seatd_.log();
}

// Proves: a TLS client at a plaintext port fails at once and is told why.
TEST(TlsClient, TlsClientAtAPlaintextPortIsToldSo) {
    testing::SeatdProcess seatd;
    TestPki pki;
    Client client(tls_client_options(seatd.port(), pki.ca_file()));
    const auto refused = client.ping();
    EXPECT_EQ(refused.status, sc::Status::connection_failed);
    EXPECT_NE(refused.message.find("TLS handshake with 127.0.0.1:"), std::string::npos)
        << refused.message;
    EXPECT_NE(refused.message.find("is the server speaking TLS?"), std::string::npos)
        << refused.message;
    EXPECT_EQ(client.stats().connects, 0u);
}

// Proves: a TCP client that never completes the handshake (one that sends
// nothing, one that sends the start of a ClientHello) is closed at
// --hello-timeout-ms from accept.
TEST(TlsDeadline, HandshakeNeverCompletedIsClosedAtTheHelloDeadline) {
    TestPki pki;
    testing::SeatdProcess seatd(tls_seatd(pki.issue_loopback(), {"--hello-timeout-ms", "400"}));
    for (const std::vector<std::uint8_t>& sent :
         {std::vector<std::uint8_t>{}, std::vector<std::uint8_t>{0x16, 0x03, 0x01, 0x02, 0x00}}) {
        RawTcp silent(seatd.port(), std::chrono::seconds(5));
        const auto start = Clock::now();
        if (!sent.empty()) {
            ASSERT_TRUE(silent.send(sent));
        }
        EXPECT_TRUE(silent.closed_by_server());
        const auto elapsed = Clock::now() - start;
        EXPECT_GE(elapsed, std::chrono::milliseconds(350));
        EXPECT_LT(elapsed, std::chrono::seconds(3));
    }
    EXPECT_NE(seatd.log().find("no Hello within 400 ms (its TLS handshake did not complete)"),
              std::string::npos)
        << seatd.log();
}

// Proves: seatctl speaks TLS with --tls-ca (its hints repeat it, so a pasted
// purchase reaches the same server) and with SEATCTL_TLS_CA; with the system's
// CAs or without TLS it fails with exit 3 and says why.
TEST_F(TlsTest, SeatctlOverTls) {
    if (testing::seatctl_binary().empty()) GTEST_SKIP() << "seatctl is not built";
    const std::string port = std::to_string(seatd_.port());
    const std::string ca = pki_.ca_file().string();
    auto ctl = [&](std::vector<std::string> args) {
        std::vector<std::string> all = {"--port", port, "--key", testing::kAdminKey};
        all.insert(all.end(), args.begin(), args.end());
        return run_seatctl(all);
    };
    const auto ping = ctl({"--tls-ca", ca, "ping"});
    EXPECT_EQ(ping.exit_code, 0) << ping.out << ping.err;
    EXPECT_NE(ping.out.find("pong from 127.0.0.1:" + port), std::string::npos) << ping.out;

    const auto hold = ctl({"--tls-ca", ca, "hold", "Stalls/B/1", "--session", "tls"});
    ASSERT_EQ(hold.exit_code, 0) << hold.out << hold.err;
    const auto at = hold.out.find("  or: ");  // the purchase (this seatd takes no payments)
    ASSERT_NE(at, std::string::npos) << hold.out;
    std::string next = hold.out.substr(at + 6, hold.out.find('\n', at) - at - 6);
    EXPECT_NE(next.find("--tls-ca " + ca), std::string::npos) << next;
    const std::string hold_id = next.substr(next.find("purchase ") + 9);
    const auto bought = ctl({"--tls-ca", ca, "purchase", hold_id.substr(0, hold_id.find(' ')),
                             "--buyer", "b", "--payment", "p", "--session", "tls"});
    EXPECT_EQ(bought.exit_code, 0) << bought.out << bought.err;
    EXPECT_NE(bought.out.find("1 tickets"), std::string::npos) << bought.out;

    const auto system_store = ctl({"--tls", "ping"});
    EXPECT_EQ(system_store.exit_code, 3) << system_store.out << system_store.err;
    EXPECT_NE(system_store.err.find("certificate verify failed (unable to get local issuer"),
              std::string::npos)
        << system_store.err;

    const auto plain = ctl({"ping"});
    EXPECT_EQ(plain.exit_code, 3);
    EXPECT_NE(plain.err.find("connect with TLS"), std::string::npos) << plain.err;

    const auto from_env = testing::run_program(
        "/bin/sh",
        {"-c", "SEATCTL_TLS_CA='" + ca + "' SEATCTL_KEY=" + testing::kAdminKey + " '" +
                   testing::seatctl_binary().string() + "' --port " + port + " ping"},
        kSeatctlTimeout, kSeatctlEnvironment);
    EXPECT_EQ(from_env.exit_code, 0) << from_env.out << from_env.err;
}

// ---- The measurement of docs/benchmarks.md, "TLS".

struct Timings {
    double connect_us_median = 0;  // resolve, TCP connect, TLS handshake, Hello
    double ping_us_median = 0;
    double ping_us_p99 = 0;
    double pipelined_pings_per_s = 0;
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

Timings measure(const ClientOptions& o) {
    constexpr int kConnects = 50;
    constexpr int kPings = 2000;
    constexpr int kPipelined = 20000;
    Timings t;
    std::vector<double> connects;
    for (int i = 0; i < kConnects; ++i) {
        Client c(o);
        const auto start = Clock::now();
        const auto hello = c.connect();
        if (!hello.ok()) throw std::runtime_error(hello.message);
        connects.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    t.connect_us_median = percentile(connects, 0.5);
    Client c(o);
    std::vector<double> pings;
    for (int i = 0; i < kPings; ++i) {
        const auto pong = c.ping();
        if (!pong.ok()) throw std::runtime_error(pong.message);
        pings.push_back(static_cast<double>(pong.value.round_trip_us));
    }
    t.ping_us_median = percentile(pings, 0.5);
    t.ping_us_p99 = percentile(pings, 0.99);
    std::atomic<int> done{0};
    std::promise<void> all;
    const auto start = Clock::now();
    for (int i = 0; i < kPipelined; ++i)
        c.ping_async([&](sc::Result<sc::Pong>) {
            if (done.fetch_add(1) + 1 == kPipelined) all.set_value();
        });
    all.get_future().wait();
    t.pipelined_pings_per_s =
        kPipelined / std::chrono::duration<double>(Clock::now() - start).count();
    return t;
}

TEST(TlsMeasure, HandshakeAndPingOverTlsAndPlainTcp) {
    TestPki pki;
    testing::SeatdProcess tls(tls_seatd(pki.issue_loopback()));
    testing::SeatdProcess plain;
    const Timings over_tls = measure(tls_client_options(tls.port(), pki.ca_file()));
    const Timings over_tcp = measure(client_options(plain.port()));
    for (const auto& [name, t] : {std::pair{"TLS", over_tls}, std::pair{"TCP", over_tcp}}) {
        std::printf(
            "%s: connect+hello median %.0f us; ping median %.0f us, p99 %.0f us; "
            "pipelined pings %.0f/s\n",
            name, t.connect_us_median, t.ping_us_median, t.ping_us_p99, t.pipelined_pings_per_s);
        ::testing::Test::RecordProperty(std::string(name) + "_connect_us",
                                        static_cast<int>(t.connect_us_median));
        ::testing::Test::RecordProperty(std::string(name) + "_ping_us",
                                        static_cast<int>(t.ping_us_median));
    }
}

}  // namespace
}  // namespace seat::e2e
