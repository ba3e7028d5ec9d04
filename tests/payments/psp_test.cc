// Proves StripeProvider against the real simulator, seat-psp, started on a
// loopback port and stopped by its PID (tests/support/psp_process.h): a
// succeeded charge with its metadata in the books, the decline of every test
// method, a charge whose answer is lost (unknown, then found by its metadata,
// then replayed by its key without a second charge in the ledger), 5xx and
// held requests as unknown within the configured timeout, a key in use as
// unknown, refunds full, partial, twice and too large, payouts (paid once
// under their key, a lost answer replayed, a destination that does not exist
// or is malformed as a failed payout, the ledger per destination), the bound on
// calls in flight, and a wrong secret as a rejection that nothing retries.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <vector>

#include "server/payments/stripe_provider.h"
#include "tests/payments/outcome_as.h"
#include "tests/payments/provider_calls.h"
#include "tests/support/http_client.h"
#include "tests/support/psp_process.h"

namespace seat::payments {
namespace {

using namespace std::chrono_literals;
using seat::testing::PspOptions;
using seat::testing::PspProcess;
using testing::as;

StripeOptions options_for(const PspProcess& psp) {
    StripeOptions o;
    o.base_url = psp.base_url();
    o.secret_file = psp.secret_key_file();
    o.connect_timeout = 1s;
    o.response_timeout = 3s;
    return o;
}

ChargeRequest a_charge(const std::string& checkout, const std::string& method = "pm_card_visa",
                       std::int64_t amount = 4200) {
    ChargeRequest r;
    r.amount_minor = amount;
    r.currency = "EUR";
    r.payment_method = method;
    r.idempotency_key = "charge-" + checkout;
    r.metadata = {{"checkout", checkout}, {"event", "E 1&2"}};
    return r;
}

// seat-psp's books: GET /_sim/ledger.
boost::json::object ledger(const PspProcess& psp) {
    seat::testing::HttpClient client(psp.port());
    client.set_header("Authorization", psp.authorization());
    const seat::testing::HttpResponse r = client.get("/_sim/ledger");
    EXPECT_EQ(r.status, 200u) << r.body;
    return boost::json::parse(r.body).as_object();
}

std::int64_t total(const boost::json::object& ledger, const char* name) {
    return ledger.at("totals").at(name).to_number<std::int64_t>();
}

TEST(AgainstPsp, ASucceededChargeIsInTheBooksWithItsMetadata) {
    PspProcess psp;
    StripeProvider provider(options_for(psp));
    const auto charged = as<ChargeSucceeded>(testing::charge(provider, a_charge("ck_1")));
    EXPECT_TRUE(charged.payment_id.starts_with("pi_")) << charged.payment_id;

    const boost::json::object books = ledger(psp);
    ASSERT_EQ(total(books, "intents"), 1);
    const auto& intent = books.at("intents").at(0).as_object();
    EXPECT_EQ(intent.at("id").as_string(), charged.payment_id);
    EXPECT_EQ(intent.at("currency").as_string(), "eur");
    EXPECT_EQ(intent.at("captured").to_number<std::int64_t>(), 4200);
    EXPECT_EQ(intent.at("metadata").at("checkout").as_string(), "ck_1");
    EXPECT_EQ(intent.at("metadata").at("event").as_string(), "E 1&2");
}

TEST(AgainstPsp, EveryTestMethodHasItsOutcome) {
    PspProcess psp;
    StripeProvider provider(options_for(psp));
    as<ChargeSucceeded>(testing::charge(provider, a_charge("ck_v", "pm_card_visa")));
    as<ChargeSucceeded>(testing::charge(provider, a_charge("ck_m", "pm_card_mastercard")));
    struct Decline {
        const char* method;
        const char* code;
        const char* decline_code;
    };
    for (const Decline& d :
         {Decline{"pm_card_chargeDeclined", "card_declined", "generic_decline"},
          Decline{"pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds"},
          Decline{"pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card"}}) {
        const auto declined =
            as<ChargeDeclined>(testing::charge(provider, a_charge(d.method, d.method)));
        EXPECT_EQ(declined.code, d.code) << d.method;
        EXPECT_EQ(declined.decline_code, d.decline_code) << d.method;
        EXPECT_FALSE(declined.message.empty()) << d.method;
    }
    const auto rejected = as<Rejected>(testing::charge(provider, a_charge("ck_x", "pm_nonsense")));
    EXPECT_EQ(rejected.cause, RejectCause::invalid_request);
    EXPECT_EQ(rejected.code, "resource_missing");

    const boost::json::object books = ledger(psp);
    EXPECT_EQ(total(books, "succeeded"), 2);
    EXPECT_EQ(total(books, "declined"), 3);
}

TEST(AgainstPsp, FindChargeTellsDeclinedFromNotFound) {
    PspProcess psp;
    StripeProvider provider(options_for(psp));
    as<ChargeDeclined>(testing::charge(provider, a_charge("ck_d", "pm_card_chargeDeclined")));
    EXPECT_EQ(as<ChargeDeclined>(testing::find_charge(provider, "checkout", "ck_d")).decline_code,
              "generic_decline");
    EXPECT_TRUE(std::holds_alternative<ChargeNotFound>(
        testing::find_charge(provider, "checkout", "ck_never")));
}

TEST(AgainstPsp, ALostAnswerIsUnknownThenFoundThenReplayedWithoutASecondCharge) {
    PspProcess psp(PspOptions{{"--lost-response-share", "1"}});
    StripeProvider provider(options_for(psp));
    const ChargeRequest request = a_charge("ck_lost");
    EXPECT_EQ(as<Unknown>(testing::charge(provider, request)).cause, UnknownCause::connection_lost);

    // Recovery only knows the checkout: the search finds the charge.
    const auto found = as<ChargeSucceeded>(testing::find_charge(provider, "checkout", "ck_lost"));
    // The saga's retry with the same key gets the original outcome back.
    const auto retried = as<ChargeSucceeded>(testing::charge(provider, request));
    EXPECT_EQ(retried.payment_id, found.payment_id);

    const boost::json::object books = ledger(psp);
    EXPECT_EQ(total(books, "intents"), 1);
    EXPECT_EQ(total(books, "captured"), 4200);
}

TEST(AgainstPsp, ServerErrorsAreUnknownAndNothingIsCharged) {
    PspProcess psp(PspOptions{{"--error-share", "1"}});
    StripeProvider provider(options_for(psp));
    EXPECT_EQ(as<Unknown>(testing::charge(provider, a_charge("ck_5xx"))).cause,
              UnknownCause::provider_error);
    EXPECT_EQ(total(ledger(psp), "intents"), 0);
}

TEST(AgainstPsp, AHeldRequestIsUnknownWithinTheResponseTimeout) {
    PspProcess psp(PspOptions{{"--timeout-share", "1"}});
    StripeOptions o = options_for(psp);
    o.response_timeout = 500ms;
    StripeProvider provider(o);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(as<Unknown>(testing::charge(provider, a_charge("ck_slow"))).cause,
              UnknownCause::timeout);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_GE(took, 500ms);
    EXPECT_LT(took, 2s);
}

TEST(AgainstPsp, AKeyStillInUseIsUnknown) {
    PspProcess psp(PspOptions{{"--latency-median-ms", "1000"}});
    StripeProvider provider(options_for(psp));
    auto first = testing::charge_async(provider, a_charge("ck_twice"));
    std::this_thread::sleep_for(100ms);  // the first is executing
    auto second = testing::charge_async(provider, a_charge("ck_twice"));
    const auto a = testing::wait_for(first).outcome;
    const auto b = testing::wait_for(second).outcome;
    EXPECT_TRUE(std::holds_alternative<ChargeSucceeded>(a)) << describe(a);
    EXPECT_EQ(as<Unknown>(b).cause, UnknownCause::conflict);
    EXPECT_EQ(total(ledger(psp), "intents"), 1);
}

TEST(AgainstPsp, RefundsPartialFullTwiceAndTooLarge) {
    PspProcess psp;
    StripeProvider provider(options_for(psp));
    const std::string pi =
        as<ChargeSucceeded>(testing::charge(provider, a_charge("ck_r", "pm_card_visa", 1000)))
            .payment_id;

    const auto part = as<RefundSucceeded>(testing::refund(provider, {pi, 300, "refund-r-1"}));
    EXPECT_TRUE(part.refund_id.starts_with("re_")) << part.refund_id;
    // The same key again is the same refund, not a second one.
    EXPECT_EQ(as<RefundSucceeded>(testing::refund(provider, {pi, 300, "refund-r-1"})).refund_id,
              part.refund_id);
    EXPECT_EQ(as<RefundFailed>(testing::refund(provider, {pi, 800, "refund-r-2"})).code,
              "amount_too_large");
    as<RefundSucceeded>(testing::refund(provider, {pi, 0, "refund-r-3"}));  // the 700 left
    EXPECT_EQ(as<RefundFailed>(testing::refund(provider, {pi, 0, "refund-r-4"})).code,
              "charge_already_refunded");
    EXPECT_EQ(as<RefundFailed>(testing::refund(provider, {"pi_unknown", 0, "refund-r-5"})).code,
              "resource_missing");

    const boost::json::object books = ledger(psp);
    EXPECT_EQ(total(books, "refunds"), 2);
    EXPECT_EQ(total(books, "refunded"), 1000);
    EXPECT_EQ(total(books, "net"), 0);
}

PayoutRequest a_payout(const std::string& payout, const std::string& destination,
                       std::int64_t amount = 4250) {
    PayoutRequest r;
    r.amount_minor = amount;
    r.currency = "EUR";
    r.destination = destination;
    r.idempotency_key = "seatd-payout-" + payout;
    r.metadata = {{"payout", payout}};
    return r;
}

TEST(AgainstPsp, PayoutsArePaidOnceUnderTheirKeyAndFailForAMissingDestination) {
    PspProcess psp;
    StripeProvider provider(options_for(psp));
    const auto paid = as<PayoutSucceeded>(testing::payout(provider, a_payout("po_1", "acct_a")));
    EXPECT_TRUE(paid.payout_id.starts_with("tr_")) << paid.payout_id;
    // The same key again is the same transfer, not a second one.
    EXPECT_EQ(as<PayoutSucceeded>(testing::payout(provider, a_payout("po_1", "acct_a"))).payout_id,
              paid.payout_id);
    as<PayoutSucceeded>(testing::payout(provider, a_payout("po_2", "acct_a", 750)));
    const auto missing =
        as<PayoutFailed>(testing::payout(provider, a_payout("po_3", "acct_missing")));
    EXPECT_EQ(missing.code, "resource_missing");
    EXPECT_EQ(missing.message, "No such destination: 'acct_missing'");
    EXPECT_EQ(as<PayoutFailed>(testing::payout(provider, a_payout("po_4", "bob"))).code,
              "invalid_request_error");  // not an account id: no code, param destination

    const boost::json::object books = ledger(psp);
    EXPECT_EQ(total(books, "transfers"), 2);
    EXPECT_EQ(total(books, "paid_out"), 5000);
    const auto& a = books.at("destinations").at("acct_a").as_object();
    EXPECT_EQ(a.at("transfers").to_number<std::int64_t>(), 2);
    EXPECT_EQ(a.at("paid_out").to_number<std::int64_t>(), 5000);
    const auto& first = books.at("transfers").at(0).as_object();
    EXPECT_EQ(first.at("id").as_string(), paid.payout_id);
    EXPECT_EQ(first.at("currency").as_string(), "eur");
    EXPECT_EQ(first.at("metadata").at("payout").as_string(), "po_1");
}

TEST(AgainstPsp, ALostPayoutAnswerIsUnknownThenReplayedWithoutASecondPayout) {
    PspProcess psp(PspOptions{{"--lost-response-share", "1"}});
    StripeProvider provider(options_for(psp));
    const PayoutRequest request = a_payout("po_lost", "acct_a");
    EXPECT_EQ(as<Unknown>(testing::payout(provider, request)).cause, UnknownCause::connection_lost);
    as<PayoutSucceeded>(testing::payout(provider, request));
    const boost::json::object books = ledger(psp);
    EXPECT_EQ(total(books, "transfers"), 1);
    EXPECT_EQ(total(books, "paid_out"), 4250);
}

TEST(AgainstPsp, PayoutServerErrorsAreUnknownAndPayNothing) {
    PspProcess psp(PspOptions{{"--error-share", "1"}});
    StripeProvider provider(options_for(psp));
    EXPECT_EQ(as<Unknown>(testing::payout(provider, a_payout("po_5xx", "acct_a"))).cause,
              UnknownCause::provider_error);
    EXPECT_EQ(total(ledger(psp), "transfers"), 0);
}

TEST(AgainstPsp, CallsBeyondTheBoundAreRefusedWithoutBeingSent) {
    PspProcess psp(PspOptions{{"--latency-median-ms", "1000"}});
    StripeOptions o = options_for(psp);
    o.connections_max = 2;
    o.queue_max = 2;
    StripeProvider provider(o);
    std::vector<std::future<testing::Called<ChargeOutcome>>> calls;
    for (int i = 0; i < 6; ++i)
        calls.push_back(testing::charge_async(provider, a_charge("ck_b" + std::to_string(i))));
    const testing::ChargeTally tally = testing::tally(calls);
    EXPECT_EQ(tally.succeeded, 4);
    EXPECT_EQ(tally.overloaded, 2);
    EXPECT_EQ(total(ledger(psp), "intents"), 4);
}

TEST(AgainstPsp, AWrongSecretIsARejectionAndChargesNothing) {
    PspProcess psp;
    const auto wrong = std::filesystem::temp_directory_path() /
                       ("seat-psp-wrong-secret-" + std::to_string(::getpid()));
    std::ofstream(wrong) << "sk_test_not_the_right_one\n";
    StripeOptions o = options_for(psp);
    o.secret_file = wrong;
    StripeProvider provider(o);
    const ChargeOutcome outcome = testing::charge(provider, a_charge("ck_auth"));
    const auto rejected = as<Rejected>(outcome);
    EXPECT_EQ(rejected.cause, RejectCause::authentication);
    EXPECT_EQ(rejected.code, "api_key_invalid");
    EXPECT_EQ(describe(outcome).find("sk_test_not_the_right_one"), std::string::npos);
    EXPECT_EQ(as<Rejected>(testing::refund(provider, {"pi_1", 0, "r"})).cause,
              RejectCause::authentication);
    EXPECT_EQ(as<Rejected>(testing::payout(provider, a_payout("po_auth", "acct_a"))).cause,
              RejectCause::authentication);
    std::filesystem::remove(wrong);
    EXPECT_EQ(total(ledger(psp), "intents"), 0);
    EXPECT_EQ(total(ledger(psp), "transfers"), 0);
}

}  // namespace
}  // namespace seat::payments
