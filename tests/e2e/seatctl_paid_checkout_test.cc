// Proves seatctl's checkout end to end with money: the real seatd started with
// --psp-url in front of the real seat-psp, both on loopback and stopped by PID.
// A card that pays sells the hold (exit 0, the tickets printed), checkout-status
// says the same later, a declined card exits 1 with payment_declined and its
// reason, and the simulator's ledger holds exactly the one charge.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

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

}  // namespace
}  // namespace seat::e2e
