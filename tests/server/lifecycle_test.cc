// The process around the protocol: data survives a restart, SIGTERM ends with
// status 0, and bad configurations are refused at start with status 2: a
// non-loopback listen without keys, or without TLS unless allowed, and TLS
// files that cannot serve.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <sstream>

#include "tests/server/wire_client.h"
#include "tests/support/seatd_process.h"
#include "tests/support/test_pki.h"
#include "venues/generators.h"
#include "venues/venue_json.h"

namespace seat::server_testing {
namespace {

namespace fs = std::filesystem;
using seat::testing::kAppKey;
using seat::testing::run_seatd_to_exit;
using seat::testing::SeatdProcess;
using seat::testing::TestPki;

std::string file_text(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

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

// Proves: with keys, a non-loopback --listen without TLS is refused with status
// 2 unless --allow-plaintext-remote is given (then accepted, with a warning in
// the log), and with TLS it is accepted. Accepted runs stop at a data directory
// that cannot be made (status 1), so no port is ever opened to the network.
TEST(ServerLifecycle, NonLoopbackWithoutTlsIsRefusedUnlessAllowed) {
    TestPki pki;
    const auto server = pki.issue_loopback();
    const fs::path dir = pki.dir();
    {
        std::ofstream keys(dir / "keys");
        keys << "admin " << seat::testing::kAdminKey << "\n";
        std::ofstream not_a_directory(dir / "file");
    }
    const std::vector<std::string> base = {"--listen",   "0.0.0.0:0",
                                           "--keys",     (dir / "keys").string(),
                                           "--data-dir", (dir / "file" / "data").string()};
    auto run = [&](std::vector<std::string> more, std::string& output) {
        std::vector<std::string> args = base;
        args.insert(args.end(), more.begin(), more.end());
        return run_seatd_to_exit(args, output);
    };
    std::string output;
    EXPECT_EQ(run({}, output), 2) << output;
    EXPECT_NE(output.find("a non-loopback --listen (0.0.0.0) needs TLS"), std::string::npos)
        << output;
    EXPECT_NE(output.find("--allow-plaintext-remote"), std::string::npos) << output;

    EXPECT_EQ(run({"--allow-plaintext-remote"}, output), 1) << output;
    EXPECT_NE(output.find("serving plain TCP on 0.0.0.0"), std::string::npos) << output;

    EXPECT_EQ(run({"--tls-cert", server.cert.string(), "--tls-key", server.key.string()}, output),
              1)
        << output;
    EXPECT_NE(output.find("TLS on the port: certificate /CN=localhost"), std::string::npos)
        << output;
}

// Proves: TLS files that cannot serve stop start-up with status 2 and a sentence
// naming the file: one flag without the other, a file that is not there, a
// certificate file without a certificate, a key file without a key, an
// encrypted key (refused, not prompted for), another certificate's key. What
// is in the key files never reaches the log.
TEST(ServerLifecycle, UnusableTlsFilesAreRefusedAtStart) {
    TestPki pki;
    const auto a = pki.issue_loopback("a");
    const auto b = pki.issue_loopback("b");
    const fs::path encrypted = pki.encrypted_copy(a.key, "a passphrase nobody types");
    const fs::path missing = pki.dir() / "missing.pem";
    struct Case {
        std::vector<fs::path> cert_and_key;  // empty path: the flag is left out
        std::string says;
    };
    const std::vector<Case> cases = {
        {{a.cert, {}}, "--tls-cert and --tls-key go together"},
        {{{}, a.key}, "--tls-cert and --tls-key go together"},
        {{a.cert, missing}, "cannot read --tls-key " + missing.string() + ": No such file"},
        {{missing, a.key}, "cannot read --tls-cert " + missing.string() + ": No such file"},
        {{a.key, a.key}, "--tls-cert " + a.key.string() + " is not a PEM certificate chain"},
        {{a.cert, a.cert},
         "--tls-key " + a.cert.string() + " is not an unencrypted PEM private key"},
        {{a.cert, encrypted}, "--tls-key " + encrypted.string() + " is not an unencrypted PEM"},
        {{a.cert, b.key}, "--tls-key " + b.key.string() + " is not the key of the certificate"},
    };
    std::vector<std::string> key_lines;
    for (const fs::path& key : {a.key, b.key, encrypted}) {
        std::istringstream lines(file_text(key));
        for (std::string line; std::getline(lines, line);)
            if (line.find("-----") == std::string::npos) key_lines.push_back(line);
    }
    for (const Case& c : cases) {
        std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--data-dir",
                                         (pki.dir() / "data").string()};
        if (!c.cert_and_key[0].empty()) {
            args.push_back("--tls-cert");
            args.push_back(c.cert_and_key[0].string());
        }
        if (!c.cert_and_key[1].empty()) {
            args.push_back("--tls-key");
            args.push_back(c.cert_and_key[1].string());
        }
        std::string output;
        EXPECT_EQ(run_seatd_to_exit(args, output, std::chrono::seconds(10)), 2) << output;
        EXPECT_NE(output.find(c.says), std::string::npos) << c.says << "\n" << output;
        EXPECT_EQ(output.find("PRIVATE KEY"), std::string::npos) << output;
        for (const std::string& line : key_lines)
            EXPECT_EQ(output.find(line), std::string::npos) << "key material leaked: " << output;
    }
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
          "--port-file", "--ticket-keys", "--tls-cert", "--tls-key", "--allow-plaintext-remote"})
        EXPECT_NE(output.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace seat::server_testing
