// Proves StripeProvider over real sockets against a scripted HTTP server: the
// requests it writes (headers, bodies, the secret only in Authorization;
// charges, searches, refunds and payouts),
// that every callback runs on the provider's thread, the outcome of each kind
// of answer, lost answers and timeouts within the configured deadlines,
// kept-alive connections (and one the server closed, replaced without losing
// the call), the bound on calls in flight, destruction with calls in flight,
// and TLS: SNI, certificates checked against the given CA and the host name.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "server/payments/stripe_provider.h"
#include "tests/payments/outcome_as.h"
#include "tests/payments/provider_calls.h"
#include "tests/payments/scripted_server.h"

namespace seat::payments {
namespace {

using namespace std::chrono_literals;
using testing::as;
using testing::Reply;
using testing::ScriptedServer;
using testing::SeenRequest;

constexpr const char* kSecret = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
constexpr const char* kSucceeded =
    R"({"id":"pi_1","object":"payment_intent","status":"succeeded"})";

std::filesystem::path temp_file(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("seat-payments-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

ChargeRequest a_charge(const std::string& method = "pm_card_visa", const std::string& key = "k-1") {
    ChargeRequest r;
    r.amount_minor = 2500;
    r.currency = "EUR";
    r.payment_method = method;
    r.idempotency_key = key;
    r.metadata = {{"checkout", "c-1"}};
    return r;
}

class StripeOverHttp : public ::testing::Test {
  protected:
    void serve(ScriptedServer::Script script) {
        server = std::make_unique<ScriptedServer>(std::move(script));
    }
    StripeOptions options() const {
        StripeOptions o;
        o.base_url = server->url();
        o.secret_file = secret_file;
        o.connect_timeout = 1s;
        o.response_timeout = 2s;
        return o;
    }
    void TearDown() override { std::filesystem::remove(secret_file); }

    std::filesystem::path secret_file = temp_file("secret", std::string(" ") + kSecret + "\n");
    std::unique_ptr<ScriptedServer> server;
};

TEST_F(StripeOverHttp, AChargeIsSentAsStripeExpectsIt) {
    serve([](const SeenRequest&) { return Reply{200, kSucceeded}; });
    StripeProvider provider(options());
    EXPECT_EQ(as<ChargeSucceeded>(testing::charge(provider, a_charge())).payment_id, "pi_1");

    const std::vector<SeenRequest> seen = server->requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].target, "/v1/payment_intents");
    EXPECT_EQ(seen[0].headers.at("authorization"), std::string("Bearer ") + kSecret);
    EXPECT_EQ(seen[0].headers.at("idempotency-key"), "k-1");
    EXPECT_EQ(seen[0].headers.at("content-type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(seen[0].headers.at("host"), "127.0.0.1:" + std::to_string(server->port()));
    EXPECT_EQ(seen[0].body,
              "amount=2500&currency=eur&payment_method=pm_card_visa&confirm=true"
              "&metadata%5Bcheckout%5D=c-1");
}

TEST_F(StripeOverHttp, SearchesAndRefundsAreSentAsStripeExpectsThem) {
    serve([](const SeenRequest& r) {
        if (r.target.starts_with("/v1/refunds"))
            return Reply{200, R"({"id":"re_1","status":"succeeded"})"};
        return Reply{200, R"({"data":[{"id":"pi_9","status":"succeeded"}]})"};
    });
    StripeProvider provider(options());
    EXPECT_EQ(as<ChargeSucceeded>(testing::find_charge(provider, "checkout", "c 1")).payment_id,
              "pi_9");
    EXPECT_EQ(as<RefundSucceeded>(testing::refund(provider, {"pi_9", 700, "r-1"})).refund_id,
              "re_1");

    const std::vector<SeenRequest> seen = server->requests();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].method, "GET");
    EXPECT_EQ(seen[0].target,
              "/v1/payment_intents/search?query=metadata%5B%27checkout%27%5D%3A%27c%201%27");
    EXPECT_EQ(seen[0].headers.count("idempotency-key"), 0u);
    EXPECT_EQ(seen[0].body, "");
    EXPECT_EQ(seen[1].method, "POST");
    EXPECT_EQ(seen[1].target, "/v1/refunds");
    EXPECT_EQ(seen[1].headers.at("idempotency-key"), "r-1");
    EXPECT_EQ(seen[1].body, "payment_intent=pi_9&amount=700");
}

PayoutRequest a_payout(const std::string& destination = "acct_seller_1",
                       const std::string& key = "payout-1") {
    PayoutRequest r;
    r.amount_minor = 4250;
    r.currency = "EUR";
    r.destination = destination;
    r.idempotency_key = key;
    r.metadata = {{"payout", "po-1"}};
    return r;
}

TEST_F(StripeOverHttp, APayoutIsSentAsStripeExpectsIt) {
    serve([](const SeenRequest&) {
        return Reply{200, R"({"id":"tr_1","object":"transfer","amount":4250,"currency":"eur",)"
                          R"("destination":"acct_seller_1"})"};
    });
    StripeProvider provider(options());
    EXPECT_EQ(as<PayoutSucceeded>(testing::payout(provider, a_payout())).payout_id, "tr_1");

    const std::vector<SeenRequest> seen = server->requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].target, "/v1/transfers");
    EXPECT_EQ(seen[0].headers.at("authorization"), std::string("Bearer ") + kSecret);
    EXPECT_EQ(seen[0].headers.at("idempotency-key"), "payout-1");
    EXPECT_EQ(seen[0].headers.at("content-type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(seen[0].body,
              "amount=4250&currency=eur&destination=acct_seller_1&metadata%5Bpayout%5D=po-1");
}

TEST_F(StripeOverHttp, EachKindOfPayoutAnswerHasItsOutcome) {
    serve([](const SeenRequest& r) {
        const auto has = [&](const char* m) { return r.body.find(m) != std::string::npos; };
        if (has("acct_missing"))
            return Reply{400, R"({"error":{"type":"invalid_request_error","code":)"
                              R"("resource_missing","param":"destination",)"
                              R"("message":"No such destination: 'acct_missing'"}})"};
        if (has("acct_short"))
            return Reply{400, R"({"error":{"type":"invalid_request_error",)"
                              R"("code":"balance_insufficient","message":"short"}})"};
        if (has("acct_forbidden"))
            return Reply{403, R"({"error":{"type":"invalid_request_error"}})"};
        if (has("acct_busy")) return Reply{409, R"({"error":{"type":"idempotency_error"}})"};
        if (has("acct_slow")) return Reply{.body = "{}", .delay = 5s};
        return Reply{502, "<html>bad gateway</html>"};
    });
    StripeOptions o = options();
    o.response_timeout = 300ms;
    StripeProvider provider(o);
    const auto f = as<PayoutFailed>(testing::payout(provider, a_payout("acct_missing")));
    EXPECT_EQ(f.code, "resource_missing");
    EXPECT_EQ(f.message, "No such destination: 'acct_missing'");
    EXPECT_EQ(as<Rejected>(testing::payout(provider, a_payout("acct_short"))).code,
              "balance_insufficient");
    EXPECT_EQ(as<Rejected>(testing::payout(provider, a_payout("acct_forbidden"))).cause,
              RejectCause::permission);
    EXPECT_EQ(as<Unknown>(testing::payout(provider, a_payout("acct_busy"))).cause,
              UnknownCause::conflict);
    EXPECT_EQ(as<Unknown>(testing::payout(provider, a_payout("acct_slow"))).cause,
              UnknownCause::timeout);
    EXPECT_EQ(as<Unknown>(testing::payout(provider, a_payout("acct_x"))).cause,
              UnknownCause::provider_error);
}

TEST_F(StripeOverHttp, EveryCallbackRunsOnTheProvidersOwnThread) {
    serve([](const SeenRequest&) { return Reply{200, kSucceeded}; });
    StripeOptions o = options();
    o.queue_max = 0;
    o.connections_max = 1;
    StripeProvider provider(o);
    auto first = testing::charge_async(provider, a_charge());
    auto refused = testing::charge_async(provider, a_charge());  // over the bound: refused at once
    auto search = testing::find_async(provider, "checkout", "c-1");
    const auto a = testing::wait_for(first);
    const auto b = testing::wait_for(refused);
    const auto c = testing::wait_for(search);
    EXPECT_EQ(as<Unknown>(b.outcome).cause, UnknownCause::overloaded);
    EXPECT_NE(a.thread, std::this_thread::get_id());
    EXPECT_EQ(a.thread, b.thread);  // even the refusal
    EXPECT_EQ(a.thread, c.thread);
}

TEST_F(StripeOverHttp, EachKindOfAnswerHasItsOutcome) {
    serve([](const SeenRequest& r) {
        const auto has = [&](const char* m) { return r.body.find(m) != std::string::npos; };
        if (has("pm_card_chargeDeclined"))
            return Reply{
                402, R"({"error":{"type":"card_error","code":"card_declined",)"
                     R"("decline_code":"generic_decline","message":"Your card was declined."}})"};
        if (has("pm_bad"))
            return Reply{400, R"({"error":{"type":"invalid_request_error",)"
                              R"("code":"resource_missing","message":"No such PaymentMethod"}})"};
        if (has("pm_busy")) return Reply{409, R"({"error":{"type":"idempotency_error"}})"};
        if (has("pm_slow_down")) return Reply{429, R"({"error":{"type":"rate_limit_error"}})"};
        return Reply{500, R"({"error":{"type":"api_error"}})"};
    });
    StripeProvider provider(options());
    const auto d =
        as<ChargeDeclined>(testing::charge(provider, a_charge("pm_card_chargeDeclined")));
    EXPECT_EQ(d.decline_code, "generic_decline");
    const auto r = as<Rejected>(testing::charge(provider, a_charge("pm_bad")));
    EXPECT_EQ(r.cause, RejectCause::invalid_request);
    EXPECT_EQ(r.code, "resource_missing");
    EXPECT_EQ(as<Unknown>(testing::charge(provider, a_charge("pm_busy"))).cause,
              UnknownCause::conflict);
    EXPECT_EQ(as<Unknown>(testing::charge(provider, a_charge("pm_slow_down"))).cause,
              UnknownCause::rate_limited);
    EXPECT_EQ(as<Unknown>(testing::charge(provider, a_charge("pm_x"))).cause,
              UnknownCause::provider_error);
}

TEST_F(StripeOverHttp, ABadSecretIsRejectedAndTheSecretNeverShows) {
    // A provider that echoes the key it was given, as a careless one might.
    serve([](const SeenRequest& r) {
        return Reply{401, R"({"error":{"type":"invalid_request_error","message":"Invalid API Key )"
                          R"(provided: )" +
                              r.headers.at("authorization").substr(7) + "\"}}"};
    });
    StripeProvider provider(options());
    const ChargeOutcome outcome = testing::charge(provider, a_charge());
    const auto r = as<Rejected>(outcome);
    EXPECT_EQ(r.cause, RejectCause::authentication);
    EXPECT_EQ(r.message, "Invalid API Key provided: [secret]");
    EXPECT_EQ(describe(outcome).find(kSecret), std::string::npos);
    EXPECT_EQ(as<Rejected>(testing::refund(provider, {"pi_1", 0, "r"})).cause,
              RejectCause::authentication);
    const PayoutOutcome payout = testing::payout(provider, a_payout());
    EXPECT_EQ(as<Rejected>(payout).message, "Invalid API Key provided: [secret]");
    EXPECT_EQ(describe(payout).find(kSecret), std::string::npos);
}

TEST_F(StripeOverHttp, ALostAnswerIsUnknownAndTheCallIsNotSentAgain) {
    serve([](const SeenRequest&) { return Reply{.no_answer = true}; });
    StripeProvider provider(options());
    EXPECT_EQ(as<Unknown>(testing::charge(provider, a_charge())).cause,
              UnknownCause::connection_lost);
    EXPECT_EQ(server->requests().size(), 1u);
}

TEST_F(StripeOverHttp, NoAnswerInTimeIsUnknownWithinTheResponseTimeout) {
    serve([](const SeenRequest&) { return Reply{.delay = 5s}; });
    StripeOptions o = options();
    o.response_timeout = 300ms;
    StripeProvider provider(o);
    const auto start = std::chrono::steady_clock::now();
    const auto u = as<Unknown>(testing::charge(provider, a_charge()));
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(u.cause, UnknownCause::timeout);
    EXPECT_GE(took, 300ms);
    EXPECT_LT(took, 1500ms);
}

TEST_F(StripeOverHttp, ARefusedConnectionIsUnknownAtOnce) {
    serve([](const SeenRequest&) { return Reply{}; });
    StripeOptions o = options();
    o.base_url = "http://127.0.0.1:" + std::to_string(server->port());
    server.reset();  // nothing listens there now
    StripeProvider provider(o);
    const auto u = as<Unknown>(testing::charge(provider, a_charge()));
    EXPECT_EQ(u.cause, UnknownCause::connect_failed);
}

TEST_F(StripeOverHttp, ConnectionsAreKeptAlive) {
    serve([](const SeenRequest&) { return Reply{200, kSucceeded}; });
    StripeProvider provider(options());
    for (int i = 0; i < 3; ++i)
        as<ChargeSucceeded>(testing::charge(provider, a_charge()));
    EXPECT_EQ(server->connections(), 1);
}

TEST_F(StripeOverHttp, AnAnswerThatClosesTheConnectionIsNotReused) {
    serve([](const SeenRequest&) { return Reply{.body = kSucceeded, .connection_close = true}; });
    StripeProvider provider(options());
    as<ChargeSucceeded>(testing::charge(provider, a_charge()));
    as<ChargeSucceeded>(testing::charge(provider, a_charge()));
    EXPECT_EQ(server->connections(), 2);
}

TEST_F(StripeOverHttp, AConnectionTheServerClosedIsReplacedWithoutLosingTheCall) {
    // Each answer says keep-alive, then the server closes the connection anyway.
    serve([](const SeenRequest&) { return Reply{.body = kSucceeded, .close_silently = true}; });
    StripeProvider provider(options());
    as<ChargeSucceeded>(testing::charge(provider, a_charge("pm_card_visa", "k-1")));
    std::this_thread::sleep_for(50ms);  // the close reaches the client
    as<ChargeSucceeded>(testing::charge(provider, a_charge("pm_card_visa", "k-2")));
    EXPECT_EQ(server->requests().size(), 2u);  // the second call reached the server once
    EXPECT_EQ(server->connections(), 2);
}

TEST_F(StripeOverHttp, WhenOneIdleConnectionWasClosedTheOthersAreNotTriedEither) {
    // Two connections carry two calls at once; the server closes both afterwards.
    serve([](const SeenRequest&) {
        return Reply{.body = kSucceeded, .delay = 100ms, .close_silently = true};
    });
    StripeProvider provider(options());
    auto a = testing::charge_async(provider, a_charge("pm_card_visa", "k-a"));
    auto b = testing::charge_async(provider, a_charge("pm_card_visa", "k-b"));
    as<ChargeSucceeded>(testing::wait_for(a).outcome);
    as<ChargeSucceeded>(testing::wait_for(b).outcome);
    ASSERT_EQ(server->connections(), 2);
    std::this_thread::sleep_for(50ms);
    as<ChargeSucceeded>(testing::charge(provider, a_charge("pm_card_visa", "k-c")));
    EXPECT_EQ(server->connections(), 3);
    EXPECT_EQ(server->requests().size(), 3u);
}

TEST_F(StripeOverHttp, CallsInFlightAreBounded) {
    // Long enough that none finishes before all seven are made.
    serve([](const SeenRequest&) { return Reply{.body = kSucceeded, .delay = 1s}; });
    StripeOptions o = options();
    o.connections_max = 2;
    o.queue_max = 3;
    StripeProvider provider(o);
    EXPECT_EQ(provider.in_flight_max(), 5u);
    std::vector<std::future<testing::Called<ChargeOutcome>>> calls;
    for (int i = 0; i < 7; ++i)
        calls.push_back(testing::charge_async(provider, a_charge()));
    EXPECT_EQ(provider.in_flight(), 5u);
    const testing::ChargeTally tally = testing::tally(calls);
    EXPECT_EQ(tally.succeeded, 5);
    EXPECT_EQ(tally.overloaded, 2);
    EXPECT_EQ(server->requests().size(), 5u);
    EXPECT_LE(server->connections(), 2);
    EXPECT_EQ(provider.in_flight(), 0u);
}

TEST_F(StripeOverHttp, DestroyingTheProviderEndsEveryCallInFlight) {
    serve([](const SeenRequest&) { return Reply{.delay = 10s}; });
    StripeOptions o = options();
    o.connections_max = 1;
    auto provider = std::make_unique<StripeProvider>(o);
    auto sent = testing::charge_async(*provider, a_charge());
    auto queued = testing::charge_async(*provider, a_charge());
    while (server->requests().empty())
        std::this_thread::sleep_for(5ms);
    provider.reset();
    ASSERT_EQ(sent.wait_for(0s), std::future_status::ready);
    ASSERT_EQ(queued.wait_for(0s), std::future_status::ready);
    EXPECT_EQ(as<Unknown>(sent.get().outcome).cause, UnknownCause::stopped);
    EXPECT_EQ(as<Unknown>(queued.get().outcome).cause, UnknownCause::stopped);
}

TEST_F(StripeOverHttp, AnOversizedAnswerIsUnknown) {
    serve([](const SeenRequest&) { return Reply{200, std::string(2 << 20, 'x')}; });
    StripeProvider provider(options());
    EXPECT_EQ(as<Unknown>(testing::charge(provider, a_charge())).cause,
              UnknownCause::malformed_answer);
}

TEST_F(StripeOverHttp, ConstructionRefusesUnusableConfiguration) {
    serve([](const SeenRequest&) { return Reply{}; });
    StripeOptions o = options();
    o.secret_file = "/nonexistent/secret";
    EXPECT_THROW(StripeProvider{o}, std::runtime_error);
    o = options();
    o.base_url = "127.0.0.1:7490";
    EXPECT_THROW(StripeProvider{o}, std::invalid_argument);
    o = options();
    o.connections_max = 0;
    EXPECT_THROW(StripeProvider{o}, std::invalid_argument);
}

// ---- TLS

class StripeOverTls : public ::testing::Test {
  protected:
    void TearDown() override {
        for (const auto& f : files)
            std::filesystem::remove(f);
    }
    std::filesystem::path file(const std::string& name, const std::string& text) {
        files.push_back(temp_file(name, text));
        return files.back();
    }
    StripeOptions options(const std::string& url, const std::filesystem::path& ca) {
        StripeOptions o;
        o.base_url = url;
        o.secret_file = file("tls-secret", kSecret);
        o.ca_file = ca;
        o.connect_timeout = 1s;
        o.response_timeout = 2s;
        return o;
    }

    testing::TestCertificate certificate =
        testing::make_test_certificate("DNS:localhost,IP:127.0.0.1");
    ScriptedServer server{[](const SeenRequest&) { return Reply{200, kSucceeded}; }, &certificate};
    std::string port = std::to_string(server.port());
    std::vector<std::filesystem::path> files;
};

TEST_F(StripeOverTls, SpeaksTlsWithTheHostNameAsSni) {
    StripeProvider provider(
        options("https://localhost:" + port, file("ca.pem", certificate.certificate_pem)));
    as<ChargeSucceeded>(testing::charge(provider, a_charge()));
    ASSERT_EQ(server.requests().size(), 1u);
    EXPECT_EQ(server.requests()[0].server_name, "localhost");
    EXPECT_EQ(server.requests()[0].headers.at("authorization"), std::string("Bearer ") + kSecret);
}

TEST_F(StripeOverTls, AnAddressIsCheckedAgainstTheCertificateWithoutSni) {
    StripeProvider provider(
        options("https://127.0.0.1:" + port, file("ca.pem", certificate.certificate_pem)));
    as<ChargeSucceeded>(testing::charge(provider, a_charge()));
    EXPECT_EQ(server.requests().at(0).server_name, "");
}

TEST_F(StripeOverTls, ACertificateFromAnUntrustedIssuerIsRefused) {
    const auto other = testing::make_test_certificate("DNS:localhost");
    for (const auto& ca : {file("other.pem", other.certificate_pem), std::filesystem::path()}) {
        StripeProvider provider(options("https://localhost:" + port, ca));  // empty: system store
        const auto u = as<Unknown>(testing::charge(provider, a_charge()));
        EXPECT_EQ(u.cause, UnknownCause::connect_failed);
        EXPECT_NE(u.detail.find("certificate verify failed"), std::string::npos) << u.detail;
    }
    EXPECT_TRUE(server.requests().empty());
}

TEST_F(StripeOverTls, ACertificateForAnotherHostIsRefused) {
    const auto elsewhere = testing::make_test_certificate("DNS:api.example.com");
    ScriptedServer impostor([](const SeenRequest&) { return Reply{200, kSucceeded}; }, &elsewhere);
    StripeProvider provider(options("https://localhost:" + std::to_string(impostor.port()),
                                    file("elsewhere.pem", elsewhere.certificate_pem)));
    const auto u = as<Unknown>(testing::charge(provider, a_charge()));
    EXPECT_EQ(u.cause, UnknownCause::connect_failed);
    EXPECT_TRUE(impostor.requests().empty());
}

TEST_F(StripeOverTls, AHandshakeThatNeverEndsFailsWithinTheConnectTimeout) {
    testing::SilentServer silent;
    StripeOptions o = options("https://127.0.0.1:" + std::to_string(silent.port()),
                              file("ca.pem", certificate.certificate_pem));
    o.connect_timeout = 300ms;
    StripeProvider provider(o);
    const auto start = std::chrono::steady_clock::now();
    const auto u = as<Unknown>(testing::charge(provider, a_charge()));
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(u.cause, UnknownCause::connect_failed);
    EXPECT_GE(took, 300ms);
    EXPECT_LT(took, 1500ms);
}

}  // namespace
}  // namespace seat::payments
