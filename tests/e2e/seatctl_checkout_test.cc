// Proves seatctl's checkout commands and the checkout settings of `create`
// end to end against the real seatd, started without a payment provider: the
// settings come back in the summary, a checkout is refused as unsupported with
// the server's reason, an unknown checkout is checkout_not_found, there are no
// refunds, and malformed arguments are refused before anything is sent.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "tests/e2e/e2e_helpers.h"
#include "tests/e2e/seatctl_fixture.h"

namespace seat::e2e {
namespace {

constexpr const char* kUnknownId = "00112233-4455-6677-8899-aabbccddeeff";

TEST_F(SeatctlTest, CreateSetsTheCheckoutSettingsAndTheSummaryShowsThem) {
    auto r = ctl({"create", "--generate", "theatre", "--event", "7", "--starts-at",
                  "2027-03-01T19:30:00Z", "--currency", "EUR", "--payment-timeout", "90s"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("starts 2027-03-01T19:30:00Z, currency EUR, payment timeout 90s"),
              std::string::npos)
        << r.out;

    r = ctl({"summary", "--event", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("settings: hold TTL 10m, checkout TTL 15m, max seats per hold 10, max "
                         "holds per session 4"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("starts 2027-03-01T19:30:00Z, currency EUR, payment timeout 90s"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("0 checkouts paying, 0 refunds owed"), std::string::npos) << r.out;

    auto summary = ctl_json({"summary", "--event", "7"});
    auto settings = summary["settings"].as_object();
    EXPECT_EQ(settings["starts_at_ms"].to_number<std::int64_t>(), 1803929400000);
    EXPECT_EQ(settings["currency"].as_string(), "EUR");
    EXPECT_EQ(settings["payment_timeout_ms"].to_number<std::int64_t>(), 90'000);
    EXPECT_EQ(settings["hold_ttl_ms"].to_number<std::int64_t>(), 600'000);

    // Left out: not set, and the server's default timeout.
    summary = ctl_json({"summary"});
    settings = summary["settings"].as_object();
    EXPECT_EQ(settings["starts_at_ms"].to_number<std::int64_t>(), 0);
    EXPECT_EQ(settings["currency"].as_string(), "");
    EXPECT_EQ(settings["payment_timeout_ms"].to_number<std::int64_t>(), 120'000);
    r = ctl({"summary"});
    EXPECT_NE(r.out.find("starts not set, currency the tiers' own, payment timeout 2m"),
              std::string::npos)
        << r.out;

    // The theatre's tiers are in EUR: an event in another currency is the server's to refuse.
    r = ctl({"create", "--generate", "theatre", "--event", "8", "--currency", "USD"});
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("invalid_argument"), std::string::npos) << r.err;
}

TEST_F(SeatctlTest, MalformedStartsAtAndCurrencyAreRefusedBeforeSending) {
    for (const char* bad : {"2027-03-01 19:30:00", "2027-03-01T19:30:00+01:00", "2027-03-01",
                            "2027-03-01T19:30:00.000Z", "2027-02-29T19:30:00Z",
                            "2027-13-01T19:30:00Z", "1969-12-31T23:59:59Z", "tomorrow"}) {
        const auto r = ctl({"create", "--generate", "theatre", "--event", "9", "--starts-at", bad});
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.err.find("--starts-at is a UTC time such as 2027-03-01T19:30:00Z, not \"" +
                             std::string(bad) + "\""),
                  std::string::npos)
            << r.err;
    }
    auto r = ctl({"create", "--generate", "theatre", "--event", "9", "--currency", "eur"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--currency is an ISO 4217 code such as EUR"), std::string::npos) << r.err;
    r = ctl({"create", "--generate", "theatre", "--event", "9", "--payment-timeout", "soon"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    // Nothing was created by any of them.
    EXPECT_EQ(ctl({"summary", "--event", "9"}).exit_code, 1);
    // A leap day that exists is taken.
    r = ctl(
        {"create", "--generate", "theatre", "--event", "9", "--starts-at", "2028-02-29T00:00:00Z"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(SeatctlTest, CheckoutWithoutAPaymentProviderIsUnsupported) {
    auto hold = ctl_json({"hold", "Stalls/A/1", "--session", "alice"});
    const std::string id = std::to_string(hold["hold"].to_number<std::uint64_t>());

    auto r = ctl({"checkout", id, "--buyer", "alice@example.com", "--payment-method",
                  "pm_card_visa", "--session", "alice"},
                 testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("checkout failed: unsupported (16)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("this seatd has no payment provider (start it with --psp-url)"),
              std::string::npos)
        << r.err;

    r = ctl({"checkout", id, "--buyer", "alice@example.com", "--payment-method", "pm_card_visa",
             "--session", "alice", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    const auto o = boost::json::parse(r.out).as_object();
    EXPECT_EQ(o.at("status").as_string(), "unsupported");
    EXPECT_NE(std::string(o.at("message").as_string()).find("no payment provider"),
              std::string::npos);

    // The hold is untouched: it can still be bought the old way.
    r = ctl({"purchase", id, "--buyer", "alice@example.com", "--payment", "pay-1", "--session",
             "alice"});
    EXPECT_EQ(r.exit_code, 0) << r.err;

    r = ctl({"checkout", id, "--buyer", "alice@example.com"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("checkout needs --payment-method"), std::string::npos) << r.err;
}

TEST_F(SeatctlTest, CheckoutStatusOfAnUnknownCheckoutIsNotFound) {
    auto r = ctl({"checkout-status", kUnknownId});
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("checkout-status failed: checkout_not_found (27)"), std::string::npos)
        << r.err;
    r = ctl({"checkout-status", "not-a-uuid"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("a checkout id is a UUID"), std::string::npos) << r.err;
}

TEST_F(SeatctlTest, RefundsListNoneAndAnUnknownRefundIsNotFound) {
    auto r = ctl({"refunds"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "no refunds\n");
    for (const char* state : {"owed", "failed", "succeeded", "all"}) {
        auto o = ctl_json({"refunds", "--state", state, "--after", "3"});
        EXPECT_TRUE(o["refunds"].as_array().empty()) << state;
        EXPECT_FALSE(o["more"].as_bool());
    }
    r = ctl({"refunds", "--state", "pending"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--state takes owed, failed, succeeded or all"), std::string::npos)
        << r.err;
    // Refunds are the admin's.
    r = ctl({"refunds"}, testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("unauthorized"), std::string::npos) << r.err;

    r = ctl({"refund-retry", kUnknownId});
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("refund-retry failed: refund_not_found (28)"), std::string::npos) << r.err;
}

TEST_F(SeatctlTest, UsageListsTheCheckoutCommandsAndSettings) {
    const auto r = ctl({"--help"});
    ASSERT_EQ(r.exit_code, 0);
    for (const char* text :
         {"checkout HOLD --buyer B --payment-method PM", "checkout-status CHECKOUT_ID",
          "refunds [--state owed|failed|succeeded|all] [--after N]", "refund-retry REFUND_ID",
          "--starts-at 2027-03-01T19:30:00Z", "--currency EUR", "--payment-timeout T"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text;
}

}  // namespace
}  // namespace seat::e2e
