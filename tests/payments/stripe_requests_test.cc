// Proves the adapter sends exactly the Stripe subset: the form bodies and
// targets of the four calls byte for byte, percent-encoding that keeps every
// value intact ("&", "=", "+", brackets, spaces, UTF-8), the search query's
// quoting, and that a request outside the limits stops the process instead of
// going out.
#include <gtest/gtest.h>

#include "server/payments/http/form_encoding.h"
#include "server/payments/stripe/stripe_requests.h"

namespace seat::payments {
namespace {

using http::HttpCall;

TEST(FormEncoding, KeepsUnreservedCharactersAndEncodesEveryOtherByte) {
    EXPECT_EQ(http::percent_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(http::percent_encode("a b&c=d+e"), "a%20b%26c%3Dd%2Be");
    EXPECT_EQ(http::percent_encode("[x]/?#%'"), "%5Bx%5D%2F%3F%23%25%27");
    EXPECT_EQ(http::percent_encode("\xC3\xA9\n"), "%C3%A9%0A");  // é and a line break
    EXPECT_EQ(http::percent_encode(std::string("\0", 1)), "%00");
}

TEST(FormEncoding, JoinsPairsWithAmpersands) {
    http::FormBody form;
    form.add("a", "1");
    form.add("b c", "x&y");
    EXPECT_EQ(form.text(), "a=1&b%20c=x%26y");
}

ChargeRequest a_charge() {
    ChargeRequest r;
    r.amount_minor = 1999;
    r.currency = "EUR";
    r.payment_method = "pm_card_visa";
    r.idempotency_key = "checkout-7-attempt-1";
    r.metadata = {{"checkout", "c 1&x=y"}, {"event", "E\xC3\xA9"}};
    return r;
}

TEST(StripeRequests, AChargeIsAConfirmedPaymentIntentWithItsMetadata) {
    const HttpCall call = stripe::charge_call(a_charge());
    EXPECT_EQ(call.method, HttpCall::Method::post);
    EXPECT_EQ(call.target, "/v1/payment_intents");
    EXPECT_EQ(call.idempotency_key, "checkout-7-attempt-1");
    EXPECT_EQ(call.form,
              "amount=1999&currency=eur&payment_method=pm_card_visa&confirm=true"
              "&metadata%5Bcheckout%5D=c%201%26x%3Dy&metadata%5Bevent%5D=E%C3%A9");
}

TEST(StripeRequests, ASearchQuotesTheMetadataAndEncodesTheQuery) {
    EXPECT_EQ(stripe::metadata_query("checkout", "c-1"), "metadata['checkout']:'c-1'");
    EXPECT_EQ(stripe::metadata_query("k", "it's a \\ test"), "metadata['k']:'it\\'s a \\\\ test'");
    const HttpCall call = stripe::search_call("checkout", "c-1");
    EXPECT_EQ(call.method, HttpCall::Method::get);
    EXPECT_EQ(call.target,
              "/v1/payment_intents/search?query=metadata%5B%27checkout%27%5D%3A%27c-1%27");
    EXPECT_TRUE(call.form.empty());
    EXPECT_TRUE(call.idempotency_key.empty());
}

TEST(StripeRequests, ARefundSendsTheAmountOnlyWhenItIsAPart) {
    HttpCall call = stripe::refund_call({"pi_123", 0, "refund-1"});
    EXPECT_EQ(call.method, HttpCall::Method::post);
    EXPECT_EQ(call.target, "/v1/refunds");
    EXPECT_EQ(call.form, "payment_intent=pi_123");
    EXPECT_EQ(call.idempotency_key, "refund-1");
    call = stripe::refund_call({"pi_123", 500, "refund-2"});
    EXPECT_EQ(call.form, "payment_intent=pi_123&amount=500");
}

PayoutRequest a_payout() {
    PayoutRequest r;
    r.amount_minor = 4250;
    r.currency = "EUR";
    r.destination = "acct_1Nv0FGQ9RKHgCVdK";
    r.idempotency_key = "seatd-payout-9";
    r.metadata = {{"payout", "po 9&x=y"}, {"event", "E\xC3\xA9"}};
    return r;
}

TEST(StripeRequests, APayoutIsATransferToTheSellersAccountWithItsMetadata) {
    const HttpCall call = stripe::payout_call(a_payout());
    EXPECT_EQ(call.method, HttpCall::Method::post);
    EXPECT_EQ(call.target, "/v1/transfers");
    EXPECT_EQ(call.idempotency_key, "seatd-payout-9");
    EXPECT_EQ(call.form,
              "amount=4250&currency=eur&destination=acct_1Nv0FGQ9RKHgCVdK"
              "&metadata%5Bevent%5D=E%C3%A9&metadata%5Bpayout%5D=po%209%26x%3Dy");
    PayoutRequest bare = a_payout();
    bare.metadata.clear();
    EXPECT_EQ(stripe::payout_call(bare).form,
              "amount=4250&currency=eur&destination=acct_1Nv0FGQ9RKHgCVdK");
}

TEST(StripeRequestsDeathTest, PayoutsOutsideTheLimitsAreNeverSent) {
    PayoutRequest r = a_payout();
    r.amount_minor = 0;
    EXPECT_DEATH(stripe::payout_call(r), "a payout of nothing");
    r = a_payout();
    r.amount_minor = -5;
    EXPECT_DEATH(stripe::payout_call(r), "a payout of nothing");
    r = a_payout();
    r.currency = "E1R";
    EXPECT_DEATH(stripe::payout_call(r), "currency");
    r = a_payout();
    r.destination.clear();
    EXPECT_DEATH(stripe::payout_call(r), "destination");
    r = a_payout();
    r.destination = "acct_" + std::string(kDestinationBytesMax, 'x');
    EXPECT_DEATH(stripe::payout_call(r), "destination");
    r = a_payout();
    r.idempotency_key = std::string(kIdempotencyKeyBytesMax + 1, 'k');
    EXPECT_DEATH(stripe::payout_call(r), "idempotency key");
    r = a_payout();
    r.metadata["x]"] = "y";
    EXPECT_DEATH(stripe::payout_call(r), "bracket");
}

TEST(StripeRequestsDeathTest, RequestsOutsideTheLimitsAreNeverSent) {
    ChargeRequest r = a_charge();
    r.amount_minor = 0;
    EXPECT_DEATH(stripe::charge_call(r), "a charge of nothing");
    r = a_charge();
    r.currency = "EURO";
    EXPECT_DEATH(stripe::charge_call(r), "currency");
    r = a_charge();
    r.idempotency_key.clear();
    EXPECT_DEATH(stripe::charge_call(r), "idempotency key");
    r = a_charge();
    r.metadata["a[b]"] = "x";  // would read as a nested field
    EXPECT_DEATH(stripe::charge_call(r), "bracket");
    r = a_charge();
    for (int i = 0; i < 10; ++i)
        r.metadata["k" + std::to_string(i)] = "v";
    EXPECT_DEATH(stripe::charge_call(r), "metadata entries");
    EXPECT_DEATH(stripe::refund_call({"pi_1", -1, "k"}), "negative");
    EXPECT_DEATH(stripe::search_call("", "v"), "metadata key");
}

}  // namespace
}  // namespace seat::payments
