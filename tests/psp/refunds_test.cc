// POST /v1/refunds against the real seat-psp: a refund without an amount takes
// what is left, partial refunds add up, more than is left is amount_too_large,
// nothing left (refunded in full, or never captured) is charge_already_refunded,
// an unknown intent is 404; a refund's answer replays under its key.
#include <gtest/gtest.h>

#include <optional>

#include "tests/psp/psp_fixture.h"

namespace seat::psp_testing {
namespace {

std::string charge(PspClient& client, std::int64_t amount,
                   const std::string& method = "pm_card_visa") {
    const HttpResponse r = client.post(kIntents, charge_form(amount, method));
    EXPECT_TRUE(r.status == 200u || r.status == 402u) << r.body;
    boost::json::object o = json(r);
    if (r.status == 402u) return str(o["error"].as_object()["payment_intent"].as_object()["id"]);
    return str(o["id"]);
}

HttpResponse refund(PspClient& client, const std::string& pi,
                    std::optional<std::int64_t> amount = {}, const HttpHeaders& headers = {}) {
    Pairs p = {{"payment_intent", pi}};
    if (amount) p.emplace_back("amount", std::to_string(*amount));
    return client.post(kRefunds, form(p), headers);
}

std::int64_t refunded(PspClient& client, const std::string& pi) {
    const HttpResponse r = client.get(std::string(kIntents) + "/" + pi);
    return json(r)["amount_refunded"].as_int64();
}

// Proves: a refund without an amount refunds the whole charge, has the
// provider's shape, and shows on the intent; a second is charge_already_refunded.
TEST(Refunds, FullRefundByDefaultThenNothingLeft) {
    PspProcess psp;
    PspClient client(psp);
    const std::string pi = charge(client, 2500);
    const HttpResponse r = refund(client, pi);
    ASSERT_EQ(r.status, 200u) << r.body;
    boost::json::object re = json(r);
    EXPECT_EQ(str(re["id"]).rfind("re_", 0), 0u);
    EXPECT_EQ(str(re["id"]).size(), 27u);
    EXPECT_EQ(str(re["object"]), "refund");
    EXPECT_EQ(re["amount"].as_int64(), 2500);
    EXPECT_EQ(str(re["currency"]), "eur");
    EXPECT_EQ(str(re["payment_intent"]), pi);
    EXPECT_EQ(str(re["status"]), "succeeded");
    EXPECT_TRUE(re["created"].is_int64());
    EXPECT_EQ(refunded(client, pi), 2500);

    const HttpResponse twice = refund(client, pi);
    EXPECT_EQ(twice.status, 400u);
    EXPECT_EQ(str(error_of(twice)["code"]), "charge_already_refunded");
    EXPECT_EQ(refund(client, pi, 1).status, 400u);
}

// Proves: partial refunds add up, one for more than is left is
// amount_too_large and changes nothing, and the rest can still be refunded.
TEST(Refunds, PartialRefundsAddUpAndCannotExceedTheCharge) {
    PspProcess psp;
    PspClient client(psp);
    const std::string pi = charge(client, 1000);
    EXPECT_EQ(json(refund(client, pi, 300))["amount"].as_int64(), 300);
    const HttpResponse too_large = refund(client, pi, 800);
    EXPECT_EQ(too_large.status, 400u);
    boost::json::object e = error_of(too_large);
    EXPECT_EQ(str(e["type"]), "invalid_request_error");
    EXPECT_EQ(str(e["code"]), "amount_too_large");
    EXPECT_EQ(str(e["param"]), "amount");
    EXPECT_EQ(refunded(client, pi), 300);
    EXPECT_EQ(json(refund(client, pi))["amount"].as_int64(), 700);
    EXPECT_EQ(refunded(client, pi), 1000);
    EXPECT_EQ(str(error_of(refund(client, pi, 1))["code"]), "charge_already_refunded");
    boost::json::object totals = ledger(client)["totals"].as_object();
    EXPECT_EQ(totals["refunds"].as_int64(), 2);
    EXPECT_EQ(totals["net"].as_int64(), 0);
}

// Proves: a declined intent has nothing to refund (charge_already_refunded),
// and an unknown one is 404 resource_missing.
TEST(Refunds, DeclinedOrUnknownIntentsAreRefused) {
    PspProcess psp;
    PspClient client(psp);
    const std::string declined = charge(client, 500, "pm_card_chargeDeclined");
    const HttpResponse r = refund(client, declined);
    EXPECT_EQ(r.status, 400u);
    EXPECT_EQ(str(error_of(r)["code"]), "charge_already_refunded");
    const HttpResponse unknown = refund(client, "pi_nothere");
    EXPECT_EQ(unknown.status, 404u);
    boost::json::object e = error_of(unknown);
    EXPECT_EQ(str(e["code"]), "resource_missing");
    EXPECT_EQ(str(e["param"]), "payment_intent");
}

// Proves: malformed refund parameters are 400 naming the parameter.
TEST(Refunds, MalformedParametersAreRefused) {
    PspProcess psp;
    PspClient client(psp);
    const std::string pi = charge(client, 500);
    struct Case {
        std::string body;
        std::string param;
    };
    for (const Case& c :
         {Case{"amount=5", "payment_intent"}, Case{"payment_intent=", "payment_intent"},
          Case{"payment_intent=" + pi + "&amount=0", "amount"},
          Case{"payment_intent=" + pi + "&amount=x", "amount"},
          Case{"payment_intent=" + pi + "&reason=duplicate", "reason"},
          Case{"payment_intent=" + pi + "&payment_intent=" + pi, "payment_intent"}}) {
        SCOPED_TRACE(c.body);
        const HttpResponse r = client.post(kRefunds, c.body);
        EXPECT_EQ(r.status, 400u);
        EXPECT_EQ(str(error_of(r)["param"]), c.param);
    }
    EXPECT_EQ(refunded(client, pi), 0);
}

// Proves: a refund retried with its key replays (no second refund), and a
// refused refund is stored too: it began executing against the books.
TEST(Refunds, RefundReplaysUnderItsKey) {
    PspProcess psp;
    PspClient client(psp);
    const std::string pi = charge(client, 900);
    const HttpResponse first = refund(client, pi, 400, with_key("refund-1"));
    ASSERT_EQ(first.status, 200u);
    const HttpResponse again = refund(client, pi, 400, with_key("refund-1"));
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(refunded(client, pi), 400);
    const HttpResponse too_large = refund(client, pi, 600, with_key("refund-2"));
    EXPECT_EQ(too_large.status, 400u);
    EXPECT_EQ(refund(client, pi, 500).status, 200u);  // now nothing is left
    const HttpResponse replayed = refund(client, pi, 600, with_key("refund-2"));
    EXPECT_EQ(replayed.body, too_large.body);
    EXPECT_EQ(replayed.header("Idempotent-Replayed"), "true");
}

}  // namespace
}  // namespace seat::psp_testing
