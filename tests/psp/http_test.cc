// seat-psp as an HTTP/1.1 server, with raw sockets where a well-behaved client
// would not do it: every request needs the bearer secret; malformed HTTP,
// oversize bodies and headers are refused with a JSON answer and a close, while
// other clients go on being served; keep-alive, Connection: close, 100-continue,
// the request timeout and the connection limit behave; bad flags exit 2 and
// SIGTERM exits 0.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "tests/psp/psp_fixture.h"
#include "tests/support/child_process.h"

namespace seat::psp_testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using boost::beast::http::verb;

std::string raw_post(const std::string& body, const std::string& extra_headers = "") {
    return "POST /v1/payment_intents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
           std::string(seat::testing::kPspSecret) +
           "\r\nContent-Type: application/x-www-form-urlencoded\r\n" + extra_headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Proves: without the secret, with another one, or in another scheme, every
// path is 401 api_key_invalid, and nothing is processed.
TEST(Http, EveryRequestNeedsTheSecret) {
    PspProcess psp;
    HttpClient anonymous(psp.port());
    const std::string secret = seat::testing::kPspSecret;
    for (const HttpHeaders& auth :
         {HttpHeaders{}, HttpHeaders{{"Authorization", "Bearer wrong-key-0123456789"}},
          HttpHeaders{{"Authorization", "Bearer " + secret + "x"}},
          HttpHeaders{{"Authorization", "Bearer " + secret.substr(0, secret.size() - 1)}},
          HttpHeaders{{"Authorization", "Basic " + secret}}, HttpHeaders{{"Authorization", secret}},
          HttpHeaders{{"Authorization", "Bearer "}}}) {
        for (const auto& [method, target] : {std::pair{verb::post, std::string(kIntents)},
                                             std::pair{verb::get, std::string(kLedger)},
                                             std::pair{verb::get, std::string(kIntents) + "/pi_x"},
                                             std::pair{verb::post, std::string(kRefunds)},
                                             std::pair{verb::get, std::string("/nope")}}) {
            const HttpResponse r = anonymous.request(method, target, charge_form(100), auth);
            ASSERT_EQ(r.status, 401u) << target;
            boost::json::object e = error_of(r);
            EXPECT_EQ(str(e["type"]), "invalid_request_error");
            EXPECT_EQ(str(e["code"]), "api_key_invalid");
            EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer realm=\"seat-psp\"");
        }
    }
    PspClient client(psp);
    EXPECT_EQ(
        client.post(kIntents, charge_form(100), {{"Authorization", "bearer " + secret}}).status,
        200u);
    EXPECT_EQ(ledger(client)["totals"].as_object()["intents"].as_int64(), 1);
}

// Proves: bytes that are not HTTP get 400 with a JSON error and the connection
// closes, while another client is served as usual.
TEST(Http, MalformedHttpIsRefusedWithoutHarmingOthers) {
    PspProcess psp;
    PspClient healthy(psp);
    ASSERT_EQ(healthy.post(kIntents, charge_form(100)).status, 200u);
    for (const std::string& garbage :
         {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/1.1 extra\r\n\r\n"),
          std::string("POST /v1/payment_intents HTTP/1.1\r\nContent-Length: abc\r\n\r\n"),
          std::string("GET /v1/payment_intents HTTP/1.1\r\nBad Header\r\n\r\n")}) {
        SCOPED_TRACE(garbage);
        HttpClient raw(psp.port());
        ASSERT_TRUE(raw.send_raw(garbage));
        const HttpResponse r = raw.receive();
        EXPECT_EQ(r.status, 400u) << r.error;
        EXPECT_EQ(str(error_of(r)["type"]), "invalid_request_error");
        EXPECT_EQ(r.header("Connection"), "close");
        EXPECT_TRUE(raw.closed_by_server(3s));
        EXPECT_EQ(healthy.post(kIntents, charge_form(100)).status, 200u);
    }
}

// Proves: a body over the limit is refused with 413 as soon as its length is
// known (the body is not awaited), a chunked one when it passes the limit, and
// the connection closes; other clients are unaffected.
TEST(Http, OversizeBodyIs413) {
    PspProcess psp;
    PspClient healthy(psp);
    HttpClient announced(psp.port());
    ASSERT_TRUE(announced.send_raw(
        "POST /v1/payment_intents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
        std::string(seat::testing::kPspSecret) +
        "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
        "10000000\r\n\r\namount=1"));
    const HttpResponse r = announced.receive();
    EXPECT_EQ(r.status, 413u) << r.error;
    EXPECT_NE(str(error_of(r)["message"]).find("larger"), std::string::npos);
    EXPECT_TRUE(announced.closed_by_server(5s));
    EXPECT_EQ(healthy.post(kIntents, charge_form(100)).status, 200u);

    PspClient whole(psp);
    const HttpResponse sent =
        whole.post(kIntents, charge_form(100) + "&pad=" + std::string(200'000, 'x'));
    EXPECT_EQ(sent.status, 413u) << sent.error;

    HttpClient chunked(psp.port());
    std::string chunks =
        "POST /v1/payment_intents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 40; ++i)
        chunks += "1000\r\n" + std::string(4096, 'x') + "\r\n";
    ASSERT_TRUE(chunked.send_raw(chunks));
    EXPECT_EQ(chunked.receive().status, 413u);
    EXPECT_EQ(healthy.post(kIntents, charge_form(100)).status, 200u);
    EXPECT_EQ(ledger(healthy)["totals"].as_object()["intents"].as_int64(), 2);
}

// Proves: headers over the limit are refused with 431 and a close.
TEST(Http, OversizeHeadersAre431) {
    PspProcess psp;
    PspClient client(psp);
    const HttpResponse r =
        client.post(kIntents, charge_form(100), {{"X-Padding", std::string(20'000, 'p')}});
    EXPECT_EQ(r.status, 431u) << r.error;
    EXPECT_EQ(client.post(kIntents, charge_form(100)).status, 200u);
}

// Proves: one connection carries many requests (keep-alive), and a client that
// asks to close gets Connection: close and the server closes.
TEST(Http, KeepAliveAndConnectionClose) {
    PspProcess psp;
    PspClient client(psp);
    for (int i = 0; i < 20; ++i) {
        ASSERT_EQ(client.post(kIntents, charge_form(100)).status, 200u);
        ASSERT_TRUE(client.connected());
    }
    EXPECT_EQ(client.get(kLedger).status, 200u);
    // Every request line in the log names the same client address and port.
    std::set<std::string> peers;
    std::istringstream log(psp.log());
    for (std::string line; std::getline(log, line);) {
        const std::size_t at = line.find(" POST /v1/payment_intents ");
        if (at != std::string::npos) peers.insert(line.substr(0, at));
    }
    EXPECT_EQ(peers.size(), 1u) << psp.log();

    HttpClient closing(psp.port());
    ASSERT_TRUE(closing.send_raw(raw_post(charge_form(100), "Connection: close\r\n")));
    const HttpResponse r = closing.receive();
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_FALSE(closing.connected());
}

// Proves: a request with Expect: 100-continue gets "100 Continue" before it
// sends its body, then the answer.
TEST(Http, ExpectContinueIsAnswered) {
    PspProcess psp;
    HttpClient raw(psp.port());
    const std::string body = charge_form(100);
    const std::string request = raw_post(body, "Expect: 100-continue\r\n");
    ASSERT_TRUE(raw.send_raw(request.substr(0, request.size() - body.size())));
    const HttpResponse interim = raw.receive();
    EXPECT_EQ(interim.status, 100u);
    ASSERT_TRUE(raw.send_raw(body));
    const HttpResponse r = raw.receive();
    EXPECT_EQ(r.status, 200u) << r.error;
    EXPECT_EQ(str(json(r)["status"]), "succeeded");
}

// Proves: a client that sends half a request does not hold up others, and is
// closed at --request-timeout-s; so is a connection that sends nothing.
TEST(Http, SlowAndIdleClientsAreClosedAtTheRequestTimeout) {
    PspProcess psp(PspOptions{{"--request-timeout-s", "1"}});
    HttpClient slow(psp.port());
    ASSERT_TRUE(slow.send_raw("POST /v1/payment_intents HTTP/1.1\r\nHost: x\r\nContent-Le"));
    HttpClient idle(psp.port());
    ASSERT_TRUE(idle.send_raw(""));
    PspClient healthy(psp);
    const auto start = Clock::now();
    EXPECT_EQ(healthy.post(kIntents, charge_form(100)).status, 200u);
    EXPECT_LT(Clock::now() - start, 500ms);
    EXPECT_TRUE(slow.closed_by_server(4s));
    EXPECT_TRUE(idle.closed_by_server(4s));
    EXPECT_GE(Clock::now() - start, 900ms);
    PspClient later(psp);
    EXPECT_EQ(later.post(kIntents, charge_form(100)).status, 200u);
}

// Proves: beyond --max-connections a connection is closed at accept; once one
// closes, a new one is served.
TEST(Http, ConnectionLimit) {
    PspProcess psp(PspOptions{{"--max-connections", "2"}});
    PspClient a(psp);
    PspClient b(psp);
    ASSERT_EQ(a.get(kLedger).status, 200u);
    ASSERT_EQ(b.get(kLedger).status, 200u);
    HttpClient third(psp.port());
    ASSERT_TRUE(third.send_raw(""));
    EXPECT_TRUE(third.closed_by_server(3s));
    a.disconnect();
    std::this_thread::sleep_for(200ms);
    PspClient fourth(psp);
    EXPECT_EQ(fourth.get(kLedger).status, 200u);
    EXPECT_NE(psp.log().find("--max-connections=2"), std::string::npos);
}

int run_to_exit(const std::vector<std::string>& flags, std::string& log) {
    const std::filesystem::path dir = seat::testing::make_test_dir("seat-psp-flags");
    std::vector<std::string> args = {seat::testing::psp_binary().string()};
    args.insert(args.end(), flags.begin(), flags.end());
    const int status =
        seat::testing::reap_within(seat::testing::spawn_logged(args, dir / "log"), 10s);
    log = seat::testing::read_whole_file(dir / "log");
    std::filesystem::remove_all(dir);
    return status;
}

// Proves: bad flags and a bad secret file stop seat-psp with status 2 and a
// sentence naming the flag; SIGTERM stops it with 0.
TEST(Http, BadFlagsExit2AndSigtermExits0) {
    PspProcess psp;
    const std::string key = psp.secret_key_file().string();
    std::string log;
    EXPECT_EQ(run_to_exit({"--listen", "127.0.0.1:0"}, log), 2);
    EXPECT_NE(log.find("--secret-key-file is required"), std::string::npos) << log;
    EXPECT_EQ(run_to_exit({"--secret-key-file", key, "--decline-share", "1.5"}, log), 2);
    EXPECT_NE(log.find("--decline-share"), std::string::npos) << log;
    EXPECT_EQ(
        run_to_exit(
            {"--secret-key-file", key, "--latency-median-ms", "50", "--latency-p99-ms", "10"}, log),
        2);
    EXPECT_EQ(run_to_exit({"--secret-key-file", key, "--listen", "nowhere"}, log), 2);
    EXPECT_EQ(run_to_exit({"--secret-key-file", (psp.dir() / "missing").string()}, log), 2);
    EXPECT_EQ(run_to_exit({"--help"}, log), 0);
    EXPECT_NE(log.find("--lost-response-share"), std::string::npos);
    EXPECT_EQ(psp.terminate(), 0);
    EXPECT_NE(psp.log().find("stopped cleanly"), std::string::npos);
}

}  // namespace
}  // namespace seat::psp_testing
