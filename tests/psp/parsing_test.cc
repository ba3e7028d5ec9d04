// The simulator's pure parts, without a process: form decoding refuses every
// malformed encoding with a reason, the search query accepts exactly
// metadata['K']:'V', the idempotency fingerprint ignores the order of names but
// nothing else, a transfer's destination must be an account id (and which ids
// do not exist), and the fault draws are reproducible from the seed and shaped
// as configured.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "tools/seat-psp/fault_injector.h"
#include "tools/seat-psp/form.h"
#include "tools/seat-psp/idempotency_store.h"
#include "tools/seat-psp/limits.h"
#include "tools/seat-psp/params.h"
#include "tools/seat-psp/search_query.h"
#include "tools/seat-psp/test_accounts.h"

namespace seat::psp {
namespace {

Form parsed(std::string_view text) {
    Form form;
    std::string error;
    EXPECT_TRUE(parse_form(text, form, error)) << text << ": " << error;
    return form;
}

std::string refusal(std::string_view text) {
    Form form;
    std::string error;
    EXPECT_FALSE(parse_form(text, form, error)) << text;
    return error;
}

// Proves: '+' is a space, %XX any byte, order kept, empty segments skipped.
TEST(Form, DecodesPairsInOrder) {
    const Form form = parsed("b=x+y&a=%41%2b%26&&c=&");
    ASSERT_EQ(form.size(), 3u);
    EXPECT_EQ(form[0].name, "b");
    EXPECT_EQ(form[0].value, "x y");
    EXPECT_EQ(form[1].name, "a");
    EXPECT_EQ(form[1].value, "A+&");
    EXPECT_EQ(form[2].name, "c");
    EXPECT_EQ(form[2].value, "");
    EXPECT_EQ(parsed("metadata%5Border%5D=42")[0].name, "metadata[order]");
    EXPECT_TRUE(parsed("").empty());
}

// Proves: every malformed encoding is refused, each with a reason.
TEST(Form, RefusesMalformedEncodings) {
    EXPECT_NE(refusal("amount=%").find("'%'"), std::string::npos);
    EXPECT_NE(refusal("amount=%4").find("'%'"), std::string::npos);
    EXPECT_NE(refusal("amount=%zz").find("'%'"), std::string::npos);
    EXPECT_NE(refusal("amount").find("no '='"), std::string::npos);
    EXPECT_NE(refusal("=5").find("empty name"), std::string::npos);
    EXPECT_NE(refusal("name=%FF").find("UTF-8"), std::string::npos);
    EXPECT_NE(refusal("name=%C0%AF").find("UTF-8"), std::string::npos);     // overlong '/'
    EXPECT_NE(refusal("name=%ED%A0%80").find("UTF-8"), std::string::npos);  // a surrogate
    std::string many;
    for (std::size_t i = 0; i <= kFormParamsMax; ++i)
        many += "p" + std::to_string(i) + "=1&";
    EXPECT_NE(refusal(many).find("Too many"), std::string::npos);
}

// Proves: what percent_encode makes, parse_form reads back unchanged.
TEST(Form, EncodeDecodeRoundTrip) {
    const std::string text = "a b&c=d%e+f/é'\"[]";
    std::string back;
    ASSERT_TRUE(percent_decode(percent_encode(text), back));
    EXPECT_EQ(back, text);
    EXPECT_TRUE(valid_utf8("plain ascii and é and 😀"));
}

// Proves: metadata['K']:'V' is read with its escapes, and nothing else is.
TEST(SearchQuery, AcceptsExactlyOneMetadataClause) {
    MetadataClause c;
    std::string error;
    ASSERT_TRUE(parse_metadata_query("metadata['checkout']:'ck_42'", c, error)) << error;
    EXPECT_EQ(c.key, "checkout");
    EXPECT_EQ(c.value, "ck_42");
    ASSERT_TRUE(parse_metadata_query(R"(metadata['k']:'it\'s a \\ test')", c, error)) << error;
    EXPECT_EQ(c.value, R"(it's a \ test)");
    ASSERT_TRUE(parse_metadata_query("metadata['k']:''", c, error));
    EXPECT_EQ(c.value, "");
    for (const char* bad :
         {"metadata[\"k\"]:\"v\"", "metadata['k']: 'v'", "metadata['k']:'v' ",
          "metadata['k']:'v' AND metadata['j']:'w'", "status:'succeeded'", "metadata['k']:'v",
          "metadata['k':'v'", "metadata['']:'v'", "metadata['k']:'a\\b'", "", "metadata['k']"}) {
        EXPECT_FALSE(parse_metadata_query(bad, c, error)) << bad;
        EXPECT_FALSE(error.empty());
    }
}

// Proves: the fingerprint is the same for the same parameters in another order,
// and differs for another endpoint, another value, or a shifted boundary.
TEST(Fingerprint, OrderOfNamesDoesNotMatterAnythingElseDoes) {
    const Form a = parsed("amount=5&currency=eur");
    const Form b = parsed("currency=eur&amount=5");
    EXPECT_EQ(request_fingerprint("POST /v1/payment_intents", a),
              request_fingerprint("POST /v1/payment_intents", b));
    EXPECT_NE(request_fingerprint("POST /v1/payment_intents", a),
              request_fingerprint("POST /v1/refunds", a));
    EXPECT_NE(request_fingerprint("POST /v1/payment_intents", a),
              request_fingerprint("POST /v1/payment_intents", parsed("amount=6&currency=eur")));
    EXPECT_NE(request_fingerprint("e", parsed("a=bc")), request_fingerprint("e", parsed("ab=c")));
    EXPECT_NE(request_fingerprint("e", parsed("a=1")), request_fingerprint("e", parsed("a=1&b=")));
}

// Proves: a key is in use while reserved, replays once complete, is free again
// once released, and refuses other parameters in every state.
TEST(IdempotencyStore, ReserveCompleteRelease) {
    IdempotencyStore store(10);
    const Fingerprint fp = request_fingerprint("e", parsed("a=1"));
    const Fingerprint other = request_fingerprint("e", parsed("a=2"));
    const StoredResponse* stored = nullptr;
    EXPECT_EQ(store.find("k", fp, stored), IdempotencyStore::Found::none);
    store.reserve("k", fp);
    EXPECT_EQ(store.find("k", fp, stored), IdempotencyStore::Found::in_use);
    EXPECT_EQ(store.find("k", other, stored), IdempotencyStore::Found::mismatch);
    store.release("k");
    EXPECT_EQ(store.find("k", fp, stored), IdempotencyStore::Found::none);
    store.reserve("k", fp);
    store.complete("k", StoredResponse{402, "{\"x\":1}", "req_1"});
    ASSERT_EQ(store.find("k", fp, stored), IdempotencyStore::Found::replay);
    EXPECT_EQ(stored->status, 402u);
    EXPECT_EQ(stored->body, "{\"x\":1}");
    EXPECT_EQ(store.find("k", other, stored), IdempotencyStore::Found::mismatch);
}

// Proves: an empty metadata value sets nothing (the provider's "unset"), and
// limits are counted on what was sent.
TEST(Params, EmptyMetadataValueIsDropped) {
    CreateIntent out;
    const auto error = read_create_intent(
        parsed("amount=5&currency=eur&payment_method=pm_card_visa&confirm=true&metadata[a]=&"
               "metadata[b]=2"),
        out);
    ASSERT_FALSE(error) << error->message;
    ASSERT_EQ(out.metadata.size(), 1u);
    EXPECT_EQ(out.metadata[0].first, "b");
}

// Proves: a destination is "acct_" and 1..64 of [A-Za-z0-9_]; the ones that
// begin acct_missing are well formed but do not exist; a transfer's
// parameters carry it through.
TEST(TestAccounts, AccountIdsAndTheOnesThatDoNotExist) {
    for (const std::string& ok :
         std::vector<std::string>{"acct_1", "acct_Seller_42", "acct_" + std::string(64, 'z'),
                                  "acct_missing", "acct_missing_7"})
        EXPECT_TRUE(is_account_id(ok)) << ok;
    for (const std::string& bad :
         std::vector<std::string>{"", "acct_", "acct", "ACCT_1", "acct_a-b", "acct_a b",
                                  "acct_\xC3\xA9", "cus_1", "acct_" + std::string(65, 'z')})
        EXPECT_FALSE(is_account_id(bad)) << bad;
    EXPECT_TRUE(is_missing_account("acct_missing"));
    EXPECT_TRUE(is_missing_account("acct_missing_seller"));
    EXPECT_FALSE(is_missing_account("acct_missin"));
    EXPECT_FALSE(is_missing_account("acct_missing-1"));  // not an account id at all
    EXPECT_FALSE(is_missing_account("acct_seller"));

    CreateTransfer out;
    const auto error = read_create_transfer(
        parsed("amount=42&currency=usd&destination=acct_s1&metadata[payout]=po_1&metadata[x]="),
        out);
    ASSERT_FALSE(error) << error->message;
    EXPECT_EQ(out.amount, 42);
    EXPECT_EQ(out.currency, "usd");
    EXPECT_EQ(out.destination, "acct_s1");
    ASSERT_EQ(out.metadata.size(), 1u);
    EXPECT_EQ(out.metadata[0].second, "po_1");
}

std::vector<bool> draws(FaultOptions options, int n, bool (FaultInjector::*draw)()) {
    FaultInjector faults(options, FaultInjector::Clock::now());
    std::vector<bool> out;
    for (int i = 0; i < n; ++i)
        out.push_back((faults.*draw)());
    return out;
}

// Proves: the same seed gives the same draws, another seed others; a share of 0
// never fires, 1 always, 0.3 about 30% of the time; and one fault's share does
// not move another fault's draws.
TEST(FaultInjector, DrawsAreSeededAndIndependent) {
    FaultOptions o;
    o.seed = 7;
    o.decline_share = 0.3;
    const auto a = draws(o, 2000, &FaultInjector::draw_decline);
    EXPECT_EQ(a, draws(o, 2000, &FaultInjector::draw_decline));
    const long fired = std::count(a.begin(), a.end(), true);
    EXPECT_GT(fired, 500);
    EXPECT_LT(fired, 700);
    FaultOptions other_seed = o;
    other_seed.seed = 8;
    EXPECT_NE(a, draws(other_seed, 2000, &FaultInjector::draw_decline));
    FaultOptions with_errors = o;
    with_errors.error_share = 0.9;
    EXPECT_EQ(a, draws(with_errors, 2000, &FaultInjector::draw_decline));
    o.error_share = 0;
    o.lost_response_share = 1;
    const auto never = draws(o, 100, &FaultInjector::draw_error);
    const auto always = draws(o, 100, &FaultInjector::draw_lost_response);
    EXPECT_EQ(std::count(never.begin(), never.end(), true), 0);
    EXPECT_EQ(std::count(always.begin(), always.end(), true), 100);
}

// Proves: the latency is lognormal with the configured median and 99th
// percentile (within a few percent over 20,000 draws), and absent when 0.
TEST(FaultInjector, LatencyHasTheConfiguredMedianAndP99) {
    FaultOptions o;
    o.latency_median_ms = 50;
    o.latency_p99_ms = 400;
    FaultInjector faults(o, FaultInjector::Clock::now());
    std::vector<double> ms;
    for (int i = 0; i < 20000; ++i)
        ms.push_back(static_cast<double>(faults.draw_latency().count()) / 1000.0);
    std::sort(ms.begin(), ms.end());
    EXPECT_NEAR(ms[10000], 50, 50 * 0.05);
    EXPECT_NEAR(ms[19800], 400, 400 * 0.12);
    EXPECT_LE(ms.back(), kLatencyMaxMs);
    FaultOptions none;
    EXPECT_EQ(FaultInjector(none, FaultInjector::Clock::now()).draw_latency().count(), 0);
    FaultOptions constant;
    constant.latency_median_ms = 20;
    FaultInjector fixed(constant, FaultInjector::Clock::now());
    EXPECT_NEAR(static_cast<double>(fixed.draw_latency().count()), 20000, 1);
}

// Proves: the outage window is [start, start + duration) from the given start.
TEST(FaultInjector, OutageWindow) {
    using namespace std::chrono_literals;
    FaultOptions o;
    o.outage_start_s = 10;
    o.outage_duration_s = 5;
    const auto t0 = FaultInjector::Clock::now();
    FaultInjector faults(o, t0);
    EXPECT_FALSE(faults.in_outage(t0 + 9999ms));
    EXPECT_TRUE(faults.in_outage(t0 + 10s));
    EXPECT_TRUE(faults.in_outage(t0 + 14999ms));
    EXPECT_FALSE(faults.in_outage(t0 + 15s));
    EXPECT_FALSE(FaultInjector(FaultOptions{}, t0).in_outage(t0));
}

}  // namespace
}  // namespace seat::psp
