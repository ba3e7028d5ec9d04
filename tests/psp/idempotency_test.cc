// Idempotency-Key against the real seat-psp, as the provider keeps it: the same
// key with the same endpoint and parameters replays the stored answer byte for
// byte (declines included) with Idempotent-Replayed; other parameters or
// another endpoint are idempotency_error; a refused request stores nothing; a
// key whose first request is still executing is 409 in use.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/psp/psp_fixture.h"

namespace seat::psp_testing {
namespace {

using Clock = std::chrono::steady_clock;

// Proves: the replay has the first answer's status and exact bytes, says it is
// a replay and which request executed, and the books hold one intent.
TEST(Idempotency, ReplayIsByteForByte) {
    PspProcess psp;
    PspClient client(psp);
    const std::string body = charge_form(4200, "pm_card_visa", {{"checkout", "ck_7"}});
    const HttpResponse first = client.post(kIntents, body, with_key("key-1"));
    ASSERT_EQ(first.status, 200u) << first.body;
    EXPECT_EQ(first.header("Idempotent-Replayed"), "");
    for (int i = 0; i < 3; ++i) {
        const HttpResponse again = client.post(kIntents, body, with_key("key-1"));
        EXPECT_EQ(again.status, 200u);
        EXPECT_EQ(again.body, first.body);
        EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
        EXPECT_EQ(again.header("Original-Request"), first.header("Request-Id"));
        EXPECT_NE(again.header("Request-Id"), first.header("Request-Id"));
    }
    // Another connection is the same to the key.
    PspClient other(psp);
    EXPECT_EQ(other.post(kIntents, body, with_key("key-1")).body, first.body);
    EXPECT_EQ(ledger(client)["totals"].as_object()["intents"].as_int64(), 1);
}

// Proves: the parameters are compared as the provider parses them, a map: the
// same pairs in another order replay.
TEST(Idempotency, OrderOfParametersDoesNotMatter) {
    PspProcess psp;
    PspClient client(psp);
    const HttpResponse first = client.post(kIntents,
                                           form({{"amount", "5"},
                                                 {"currency", "eur"},
                                                 {"payment_method", "pm_card_visa"},
                                                 {"confirm", "true"},
                                                 {"metadata[a]", "1"}}),
                                           with_key("k"));
    ASSERT_EQ(first.status, 200u);
    const HttpResponse again = client.post(kIntents,
                                           form({{"metadata[a]", "1"},
                                                 {"confirm", "true"},
                                                 {"payment_method", "pm_card_visa"},
                                                 {"currency", "eur"},
                                                 {"amount", "5"}}),
                                           with_key("k"));
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(again.body, first.body);
}

// Proves: a decline is stored like a success: the retry gets the same 402 and
// no second intent is made.
TEST(Idempotency, DeclineReplaysAsTheSame402) {
    PspProcess psp;
    PspClient client(psp);
    const std::string body = charge_form(700, "pm_card_chargeDeclinedInsufficientFunds");
    const HttpResponse first = client.post(kIntents, body, with_key("decline-1"));
    ASSERT_EQ(first.status, 402u);
    const HttpResponse again = client.post(kIntents, body, with_key("decline-1"));
    EXPECT_EQ(again.status, 402u);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(ledger(client)["totals"].as_object()["intents"].as_int64(), 1);
}

// Proves: the key with other parameters, or on another endpoint, is 400
// idempotency_error and changes nothing; the original still replays.
TEST(Idempotency, KeyReusedWithOtherParametersIsAnError) {
    PspProcess psp;
    PspClient client(psp);
    const HttpResponse first = client.post(kIntents, charge_form(1000), with_key("reused"));
    ASSERT_EQ(first.status, 200u);
    for (const std::string& body : {charge_form(1001), charge_form(1000, "pm_card_mastercard"),
                                    charge_form(1000, "pm_card_visa", {{"extra", "1"}})}) {
        const HttpResponse r = client.post(kIntents, body, with_key("reused"));
        EXPECT_EQ(r.status, 400u);
        boost::json::object e = error_of(r);
        EXPECT_EQ(str(e["type"]), "idempotency_error");
        EXPECT_NE(str(e["message"]).find("reused"), std::string::npos);
    }
    const std::string pi = str(json(first)["id"]);
    const HttpResponse refund =
        client.post(kRefunds, form({{"payment_intent", pi}}), with_key("reused"));
    EXPECT_EQ(refund.status, 400u);
    EXPECT_EQ(str(error_of(refund)["type"]), "idempotency_error");
    EXPECT_EQ(client.post(kIntents, charge_form(1000), with_key("reused")).body, first.body);
    boost::json::object totals = ledger(client)["totals"].as_object();
    EXPECT_EQ(totals["intents"].as_int64(), 1);
    EXPECT_EQ(totals["refunds"].as_int64(), 0);
}

// Proves: a request refused for its parameters is not stored: the key then
// works for a valid request, which executes (no replay header).
TEST(Idempotency, RefusedRequestStoresNothing) {
    PspProcess psp;
    PspClient client(psp);
    EXPECT_EQ(client.post(kIntents, charge_form(0), with_key("fixable")).status, 400u);
    EXPECT_EQ(client.post(kIntents, charge_form(5, "pm_card_nope"), with_key("fixable")).status,
              400u);
    const HttpResponse fixed = client.post(kIntents, charge_form(5), with_key("fixable"));
    EXPECT_EQ(fixed.status, 200u);
    EXPECT_EQ(fixed.header("Idempotent-Replayed"), "");
}

// Proves: the key is limited to 255 characters and may not be empty.
TEST(Idempotency, KeyLengthIsBounded) {
    PspProcess psp;
    PspClient client(psp);
    EXPECT_EQ(client.post(kIntents, charge_form(5), with_key(std::string(255, 'k'))).status, 200u);
    const HttpResponse long_key =
        client.post(kIntents, charge_form(5), with_key(std::string(256, 'k')));
    EXPECT_EQ(long_key.status, 400u);
    EXPECT_NE(str(error_of(long_key)["message"]).find("Idempotency-Key"), std::string::npos);
    EXPECT_EQ(client.post(kIntents, charge_form(5), with_key("")).status, 400u);
}

// Proves: while the first request with a key is executing (here, in its
// latency), a second with the key is answered at once with 409
// idempotency_key_in_use; the first completes, and then the key replays.
TEST(Idempotency, ConcurrentRequestWithTheKeyIsInUse) {
    PspProcess psp(PspOptions{{"--latency-median-ms", "600"}});
    PspClient first(psp);
    PspClient second(psp);
    const std::string body = charge_form(300);
    ASSERT_TRUE(first.send(boost::beast::http::verb::post, kIntents, body, with_key("racing")));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto start = Clock::now();
    const HttpResponse busy = second.post(kIntents, body, with_key("racing"));
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(400));
    EXPECT_EQ(busy.status, 409u);
    boost::json::object e = error_of(busy);
    EXPECT_EQ(str(e["type"]), "idempotency_error");
    EXPECT_EQ(str(e["code"]), "idempotency_key_in_use");
    const HttpResponse done = first.receive();
    ASSERT_EQ(done.status, 200u) << done.error;
    const HttpResponse replay = second.post(kIntents, body, with_key("racing"));
    EXPECT_EQ(replay.body, done.body);
    EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(ledger(second)["totals"].as_object()["intents"].as_int64(), 1);
}

}  // namespace
}  // namespace seat::psp_testing
