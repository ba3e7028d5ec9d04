// Proves seatctl's checkout end to end with money: the real seatd started with
// --psp-url in front of the real seat-psp, both on loopback and stopped by PID.
// A card that pays sells the hold (exit 0, the tickets printed), checkout-status
// says the same later, a declined card exits 1 with payment_declined and its
// reason, and the simulator's ledger holds exactly the one charge.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/e2e/e2e_helpers.h"
#include "tests/support/http_client.h"
#include "tests/support/psp_process.h"

namespace seat::e2e {
namespace {

namespace json = boost::json;

testing::SeatdOptions paying(const testing::PspProcess& psp) {
    testing::SeatdOptions o;
    o.extra_args = {"--psp-url", psp.base_url(), "--psp-secret-file",
                    psp.secret_key_file().string()};
    return o;
}

class SeatctlPaidCheckout : public ::testing::Test {
  protected:
    void SetUp() override {
        if (testing::seatctl_binary().empty()) GTEST_SKIP() << "seatctl is not built";
    }
    CommandResult ctl(std::vector<std::string> args) {
        std::vector<std::string> all{"--port", std::to_string(seatd_.port()), "--key",
                                     testing::kAppKey};
        all.insert(all.end(), args.begin(), args.end());
        return run_seatctl(all);
    }
    json::object ctl_json(std::vector<std::string> args, int exit_code = 0) {
        args.push_back("--json");
        const auto r = ctl(args);
        EXPECT_EQ(r.exit_code, exit_code) << r.out << r.err;
        return json::parse(r.out).as_object();
    }
    json::object ledger_totals() {
        testing::HttpClient http(psp_.port());
        const auto r = http.get("/_sim/ledger", {{"Authorization", psp_.authorization()}});
        EXPECT_EQ(r.status, 200u);
        return json::parse(r.body).as_object().at("totals").as_object();
    }

    testing::PspProcess psp_;
    testing::SeatdProcess seatd_{paying(psp_)};
};

TEST_F(SeatctlPaidCheckout, APayingCardSellsAndADeclinedOneExitsWithTheReason) {
    auto hold = ctl_json({"hold", "Stalls/B/1", "Stalls/B/2", "--session", "alice"});
    const std::string hold_id = std::to_string(hold["hold"].to_number<std::uint64_t>());
    auto r = ctl({"checkout", hold_id, "--buyer", "alice@example.com", "--payment-method",
                  "pm_card_visa", "--session", "alice"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("sold"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2 tickets"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("pi_"), std::string::npos) << r.out;

    hold = ctl_json({"hold", "Stalls/B/3", "--session", "bob"});
    const std::string declined_hold = std::to_string(hold["hold"].to_number<std::uint64_t>());
    auto o = ctl_json({"checkout", declined_hold, "--buyer", "bob@example.com", "--payment-method",
                       "pm_card_chargeDeclinedInsufficientFunds", "--session", "bob"},
                      1);
    EXPECT_EQ(o["status"].as_string(), "payment_declined");
    const auto checkout = o["checkout"].as_object();
    EXPECT_EQ(checkout.at("state").as_string(), "declined");
    EXPECT_NE(std::string(checkout.at("decline_reason").as_string()).find("insufficient_funds"),
              std::string::npos)
        << checkout;

    o = ctl_json({"checkout-status", std::string(checkout.at("checkout_id").as_string())});
    EXPECT_EQ(o["checkout"].as_object().at("state").as_string(), "declined") << o;
    // The declined seat is on sale again.
    EXPECT_EQ(ctl({"hold", "Stalls/B/3", "--session", "carol"}).exit_code, 0);

    const json::object totals = ledger_totals();
    EXPECT_EQ(totals.at("succeeded").to_number<std::int64_t>(), 1);
    EXPECT_EQ(totals.at("captured").to_number<std::int64_t>(), 2 * 8900);
}

// Proves the operator's path for a refund the provider refuses for good: a
// charge that succeeds after the checkout's deadline is owed back, seat-psp
// fails that refund (--failing-refunds 1), `seatctl refunds --state failed`
// shows it with the provider's reason, `seatctl refund-retry` owes it again,
// and the outbox delivers it under a new idempotency key, so the provider
// refunds the charge exactly once and the failed attempt returned nothing.
TEST(SeatctlRefunds, AFailedRefundIsRetriedByTheOperatorAndPaidOnce) {
    if (testing::seatctl_binary().empty()) GTEST_SKIP() << "seatctl is not built";
    testing::PspProcess psp(
        testing::PspOptions{{"--latency-median-ms", "2500", "--failing-refunds", "1"}});
    testing::SeatdOptions options = paying(psp);
    for (const char* arg : {"--psp-timeout-ms", "8000", "--checkout-wait-ms", "100"})
        options.extra_args.emplace_back(arg);
    testing::SeatdProcess seatd(options);
    const auto ctl = [&](std::vector<std::string> args, bool json_out = true) {
        std::vector<std::string> all{
            "--port", std::to_string(seatd.port()), "--key", testing::kAdminKey, "--event", "2"};
        all.insert(all.end(), args.begin(), args.end());
        if (json_out) all.emplace_back("--json");
        return run_seatctl(all);
    };
    const auto refunds = [&](const char* state) {
        const auto r = ctl({"refunds", "--state", state});
        EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
        return json::parse(r.out).as_object().at("refunds").as_array();
    };
    const auto await_refunds = [&](const char* state) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        for (;;) {
            json::array found = refunds(state);
            if (!found.empty() || std::chrono::steady_clock::now() > end) return found;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    };

    auto r = ctl(
        {"create", "--generate", "theatre", "--currency", "EUR", "--payment-timeout", "1s"}, false);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    r = ctl({"hold", "Stalls/C/4", "--session", "dana"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const std::string hold =
        std::to_string(json::parse(r.out).as_object().at("hold").to_number<std::uint64_t>());
    // The provider takes 2.5 s; the checkout's deadline is 1 s: still paying when answered.
    r = ctl({"checkout", hold, "--buyer", "dana@example.com", "--payment-method", "pm_card_visa",
             "--session", "dana"});
    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(json::parse(r.out).as_object().at("status").as_string(), "payment_pending") << r.out;

    json::array failed = await_refunds("failed");
    ASSERT_EQ(failed.size(), 1u) << seatd.log();
    const json::object& refund = failed[0].as_object();
    EXPECT_EQ(refund.at("reason").as_string(), "compensation");
    EXPECT_EQ(refund.at("amount_minor").to_number<std::int64_t>(), 8900);
    EXPECT_NE(std::string(refund.at("failure").as_string()).find("expired_or_canceled_card"),
              std::string::npos)
        << refund;
    const std::string refund_id(refund.at("refund_id").as_string());
    EXPECT_TRUE(refunds("succeeded").empty());

    r = ctl({"refund-retry", refund_id}, false);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("owed again"), std::string::npos) << r.out;
    const json::array paid = await_refunds("succeeded");
    ASSERT_EQ(paid.size(), 1u) << seatd.log();
    EXPECT_EQ(paid[0].as_object().at("refund_id").as_string(), refund_id);
    EXPECT_NE(std::string(paid[0].as_object().at("provider_refund_id").as_string()).find("re_"),
              std::string::npos);
    EXPECT_TRUE(refunds("failed").empty());
    // A second retry of a refund that has been paid is refused.
    r = ctl({"refund-retry", refund_id}, false);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;

    testing::HttpClient http(psp.port());
    const auto books = http.get("/_sim/ledger", {{"Authorization", psp.authorization()}});
    ASSERT_EQ(books.status, 200u);
    const json::object totals = json::parse(books.body).as_object().at("totals").as_object();
    EXPECT_EQ(totals.at("captured").to_number<std::int64_t>(), 8900);
    EXPECT_EQ(totals.at("refunded").to_number<std::int64_t>(), 8900);
    EXPECT_EQ(totals.at("refunds").to_number<std::int64_t>(), 1);
    EXPECT_EQ(totals.at("refunds_failed").to_number<std::int64_t>(), 1);
    EXPECT_EQ(totals.at("net").to_number<std::int64_t>(), 0);
}

}  // namespace
}  // namespace seat::e2e
