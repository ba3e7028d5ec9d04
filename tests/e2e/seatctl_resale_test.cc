// Proves seatctl's transfers and resale end to end: the real seatd started with
// --psp-url in front of the real seat-psp, and the seatctl binary. An offer
// prints its claim token once and the claim makes the claimer the owner (the
// history shows a direct transfer); a second claim is refused with the offer; a
// cancelled offer gives the ticket back. A listing over the face-value cap is
// refused with the cap printed; one under it shows on the listings, is bought
// through the provider, and the history shows the marketplace transfer with its
// price and fee, and the payouts the seller's share. On an event created with
// a tiny --kyc-threshold the payout is held until `kyc verify` releases it. A
// payout to an account the provider does not know fails, and `payouts retry
// --destination` pays it to the corrected one, once; a paid payout is refused
// a retry with what to run instead.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

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

std::string text(const json::value& v) {
    return std::string(v.as_string());
}

class SeatctlResale : public ::testing::Test {
  protected:
    void SetUp() override {
        if (testing::seatctl_binary().empty()) GTEST_SKIP() << "seatctl is not built";
    }
    CommandResult ctl(std::vector<std::string> args, const char* key = testing::kAppKey) {
        std::vector<std::string> all{"--port", std::to_string(seatd_.port()), "--key", key};
        all.insert(all.end(), args.begin(), args.end());
        return run_seatctl(all);
    }
    json::object ctl_json(std::vector<std::string> args, int exit_code = 0,
                          const char* key = testing::kAppKey) {
        args.push_back("--json");
        const auto r = ctl(args, key);
        EXPECT_EQ(r.exit_code, exit_code) << r.out << r.err;
        json::error_code ec;
        json::value v = json::parse(r.out, ec);
        if (ec || !v.is_object()) {
            ADD_FAILURE() << "not a JSON object: " << r.out << r.err;
            return {};
        }
        return v.as_object();
    }
    // A ticket bought at `seat` for `owner` (paid elsewhere), on `event`.
    json::object buy(const std::string& seat, const std::string& owner,
                     const std::string& event = "1") {
        const std::string session = "s-" + seat;
        auto hold = ctl_json({"hold", seat, "--session", session, "--event", event});
        const std::string id = std::to_string(hold["hold"].to_number<std::uint64_t>());
        auto bought = ctl_json({"purchase", id, "--buyer", owner, "--payment", "pay-" + seat,
                                "--session", session, "--event", event});
        const auto& tickets = bought["tickets"].as_array();
        EXPECT_EQ(tickets.size(), 1u);
        return tickets.empty() ? json::object{} : tickets[0].as_object();
    }
    json::array history(const std::string& ticket, const std::string& event = "1") {
        auto o = ctl_json({"ticket", ticket, "--history", "--event", event});
        return o["transfers"].as_array();
    }
    // The event's payouts in `state`, waited for (the payout worker may be settling them).
    json::array payouts(const std::string& event, const char* state) {
        auto o = ctl_json({"payouts", "--state", state, "--event", event}, 0, testing::kAdminKey);
        return o["payouts"].as_array();
    }

    // The event's only payout, once it is in `state` (the payout worker settles it) or 15 s pass.
    json::object await_payout(const char* state) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        for (;;) {
            const json::array all = payouts("1", "all");
            if (all.size() == 1 && text(all[0].as_object().at("state")) == state)
                return all[0].as_object();
            if (std::chrono::steady_clock::now() > end)
                return all.size() == 1 ? all[0].as_object() : json::object{};
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    json::object ledger() {
        testing::HttpClient http(psp_.port());
        const auto r = http.get("/_sim/ledger", {{"Authorization", psp_.authorization()}});
        EXPECT_EQ(r.status, 200u) << r.body;
        return json::parse(r.body).as_object();
    }

    testing::PspProcess psp_;
    testing::SeatdProcess seatd_{paying(psp_)};
};

TEST_F(SeatctlResale, AnOfferIsClaimedOnceAndACancelledOneGoesBack) {
    const json::object ticket = buy("Stalls/E/1", "alice@example.com");
    const std::string id = text(ticket.at("ticket_id"));

    auto r =
        ctl({"transfer", "offer", id, "--from", "alice@example.com", "--to", "bob@example.com"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("claim token "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("shown once"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("claim?token="), std::string::npos) << "the link hint: " << r.out;
    auto shown = ctl_json({"transfer", "show", id});
    EXPECT_EQ(text(shown["offer"].as_object().at("state")), "open");
    const std::string token = [&] {
        const auto at = r.out.find("claim token ");
        return at == std::string::npos ? std::string() : r.out.substr(at + 12, 32);
    }();
    ASSERT_EQ(token.size(), 32u) << r.out;
    auto t = ctl_json({"ticket", id});
    EXPECT_EQ(text(t["ticket"].as_object().at("status")), "offered");

    auto claimed = ctl_json({"transfer", "claim", token, "--claimer", "bob@example.com"});
    const json::object& now = claimed["ticket"].as_object();
    EXPECT_EQ(text(now.at("owner_id")), "bob@example.com");
    EXPECT_GT(now.at("version").to_number<std::uint32_t>(),
              ticket.at("version").to_number<std::uint32_t>());

    // The second claim is refused, with the offer and what happened to it.
    r = ctl({"transfer", "claim", token, "--claimer", "carol@example.com"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("offer_claimed"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("claimed by bob@example.com"), std::string::npos) << r.out;
    auto refused = ctl_json({"transfer", "claim", token, "--claimer", "carol@example.com"}, 1);
    EXPECT_EQ(text(refused["status"]), "offer_claimed");
    EXPECT_EQ(text(refused["offer"].as_object().at("claimer")), "bob@example.com");

    const json::array chain = history(id);
    ASSERT_GE(chain.size(), 2u);
    EXPECT_EQ(text(chain.front().as_object().at("type")), "issue");
    const json::object& direct = chain.back().as_object();
    EXPECT_EQ(text(direct.at("type")), "direct");
    EXPECT_EQ(text(direct.at("from_owner")), "alice@example.com");
    EXPECT_EQ(text(direct.at("to_owner")), "bob@example.com");
    r = ctl({"ticket", id, "--history"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("alice@example.com → bob@example.com"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("direct"), std::string::npos) << r.out;

    // Alice no longer owns it: the refusal says how to find who does.
    r = ctl({"transfer", "offer", id, "--from", "alice@example.com", "--to", "x@example.com"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("not_owner"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("ticket " + id), std::string::npos) << r.err;

    // An offer cancelled by its sender: the ticket is hers again, with a new code.
    const json::object other = buy("Stalls/E/2", "alice@example.com");
    const std::string other_id = text(other.at("ticket_id"));
    ASSERT_EQ(ctl({"transfer", "offer", other_id, "--from", "alice@example.com", "--to",
                   "carol@example.com", "--gift"})
                  .exit_code,
              0);
    r = ctl({"resale", "list", other_id, "--seller", "alice@example.com", "--price", "100",
             "--payout-account", "acct_alice"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("ticket_offered"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("transfer cancel " + other_id), std::string::npos) << r.err;
    auto cancelled = ctl_json({"transfer", "cancel", other_id, "--from", "alice@example.com"});
    EXPECT_EQ(text(cancelled["offer"].as_object().at("state")), "cancelled");
    EXPECT_EQ(text(cancelled["ticket"].as_object().at("owner_id")), "alice@example.com");
    EXPECT_EQ(text(cancelled["ticket"].as_object().at("status")), "valid");
    shown = ctl_json({"transfer", "show", other_id});
    EXPECT_EQ(text(shown["offer"].as_object().at("state")), "cancelled");
    EXPECT_EQ(text(shown["offer"].as_object().at("type")), "gift");
}

TEST_F(SeatctlResale, AListingUnderTheCapIsBoughtThroughTheProviderAndPaysTheSeller) {
    const json::object ticket = buy("Stalls/F/1", "alice@example.com");
    const std::string id = text(ticket.at("ticket_id"));
    const std::int64_t face = ticket.at("amount_minor").to_number<std::int64_t>();
    const std::string face_text = std::to_string(face);

    // Over the cap (the face value, by default): refused, and the cap is printed.
    auto r = ctl({"resale", "list", id, "--seller", "alice@example.com", "--price",
                  std::to_string(face + 1000), "--payout-account", "acct_alice"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("price_over_cap"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("is " + face_text + " (minor units"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--price " + face_text + " or less"), std::string::npos) << r.err;
    auto over = ctl_json({"resale", "list", id, "--seller", "alice@example.com", "--price",
                          std::to_string(face + 1000), "--payout-account", "acct_alice"},
                         1);
    EXPECT_EQ(text(over["status"]), "price_over_cap");
    EXPECT_EQ(over["cap_minor"].to_number<std::int64_t>(), face);

    const std::int64_t price = face - 500;
    auto listed = ctl_json({"resale", "list", id, "--seller", "alice@example.com", "--price",
                            std::to_string(price), "--payout-account", "acct_alice"});
    const std::string listing = text(listed["listing"].as_object().at("listing_id"));
    auto page = ctl_json({"resale", "listings"});
    bool on_sale = false;
    for (const auto& l : page["listings"].as_array())
        on_sale = on_sale || (text(l.as_object().at("listing_id")) == listing &&
                              l.as_object().at("price_minor").to_number<std::int64_t>() == price);
    EXPECT_TRUE(on_sale) << page;
    r = ctl({"resale", "listings", "--section", "Stalls"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find(listing), std::string::npos) << r.out;

    r = ctl({"resale", "buy", listing, "--buyer", "dave@example.com", "--payment-method",
             "pm_card_visa"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err << seatd_.log();
    EXPECT_NE(r.out.find("sold"), std::string::npos) << r.out;
    auto t = ctl_json({"ticket", id});
    EXPECT_EQ(text(t["ticket"].as_object().at("owner_id")), "dave@example.com");
    // Sold: the listing is gone, and buying it again is refused.
    r = ctl({"resale", "buy", listing, "--buyer", "erin@example.com", "--payment-method",
             "pm_card_visa"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("listing_unavailable"), std::string::npos) << r.err;

    const std::int64_t fee = price * 1000 / 10000;  // the default fee, 10 %
    const json::array chain = history(id);
    ASSERT_GE(chain.size(), 2u);
    const json::object& resale = chain.back().as_object();
    EXPECT_EQ(text(resale.at("type")), "marketplace");
    EXPECT_EQ(text(resale.at("from_owner")), "alice@example.com");
    EXPECT_EQ(text(resale.at("to_owner")), "dave@example.com");
    EXPECT_EQ(resale.at("price_minor").to_number<std::int64_t>(), price);
    EXPECT_EQ(resale.at("fee_minor").to_number<std::int64_t>(), fee);
    r = ctl({"ticket", id, "--history"});
    EXPECT_NE(r.out.find("marketplace"), std::string::npos) << r.out;

    const json::array all = payouts("1", "all");
    ASSERT_EQ(all.size(), 1u);
    const json::object& p = all[0].as_object();
    EXPECT_EQ(text(p.at("seller")), "alice@example.com");
    EXPECT_EQ(text(p.at("destination")), "acct_alice");
    EXPECT_EQ(p.at("gross_minor").to_number<std::int64_t>(), price);
    EXPECT_EQ(p.at("fee_minor").to_number<std::int64_t>(), fee);
    EXPECT_EQ(p.at("amount_minor").to_number<std::int64_t>(), price - fee);
    const std::string state = text(p.at("state"));
    EXPECT_TRUE(state == "owed" || state == "paid") << p;
    r = ctl({"payouts"}, testing::kAdminKey);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("alice@example.com (acct_alice)"), std::string::npos) << r.out;
    // Payouts are an admin's.
    EXPECT_EQ(ctl({"payouts"}).exit_code, 1);
}

TEST_F(SeatctlResale, APayoutPastTheKycThresholdIsHeldUntilTheSellerIsVerified) {
    auto r = ctl({"create", "--event", "2", "--generate", "theatre", "--currency", "EUR",
                  "--kyc-threshold", "1", "--resale-fee-bps", "500"},
                 testing::kAdminKey);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("fee 5.00%"), std::string::npos) << r.out;
    const json::object ticket = buy("Balcony/A/1", "frank@example.com", "2");
    const std::string id = text(ticket.at("ticket_id"));
    const std::int64_t price = ticket.at("amount_minor").to_number<std::int64_t>();
    auto listed =
        ctl_json({"resale", "list", id, "--seller", "frank@example.com", "--price",
                  std::to_string(price), "--payout-account", "acct_frank", "--event", "2"});
    const std::string listing = text(listed["listing"].as_object().at("listing_id"));
    r = ctl({"resale", "buy", listing, "--buyer", "gina@example.com", "--payment-method",
             "pm_card_visa", "--event", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err << seatd_.log();

    const json::array held = payouts("2", "held_kyc");
    ASSERT_EQ(held.size(), 1u) << seatd_.log();
    EXPECT_EQ(text(held[0].as_object().at("seller")), "frank@example.com");
    EXPECT_EQ(held[0].as_object().at("fee_minor").to_number<std::int64_t>(), price * 500 / 10000);
    r = ctl({"payouts", "--event", "2"}, testing::kAdminKey);
    EXPECT_NE(r.out.find("kyc verify SELLER"), std::string::npos) << "the hint: " << r.out;
    auto summary = ctl_json({"summary", "--event", "2"});
    EXPECT_EQ(summary["payouts_held_kyc"].to_number<std::uint32_t>(), 1u);

    auto verified =
        ctl_json({"kyc", "verify", "frank@example.com", "--event", "2"}, 0, testing::kAdminKey);
    EXPECT_EQ(verified["released"].to_number<std::uint32_t>(), 1u);
    EXPECT_TRUE(payouts("2", "held_kyc").empty());
    const json::array all = payouts("2", "all");
    ASSERT_EQ(all.size(), 1u);
    const std::string state = text(all[0].as_object().at("state"));
    EXPECT_TRUE(state == "owed" || state == "paid") << all;
    EXPECT_NE(all[0].as_object().at("released_at_ms").to_number<std::int64_t>(), 0);
}

TEST_F(SeatctlResale, AFailedPayoutIsRetriedToACorrectedAccountAndPaidOnce) {
    const json::object ticket = buy("Stalls/G/1", "hana@example.com");
    const std::string id = text(ticket.at("ticket_id"));
    const std::int64_t price = ticket.at("amount_minor").to_number<std::int64_t>() - 500;
    auto listed = ctl_json({"resale", "list", id, "--seller", "hana@example.com", "--price",
                            std::to_string(price), "--payout-account", "acct_missing_x"});
    const std::string listing = text(listed["listing"].as_object().at("listing_id"));
    auto r = ctl({"resale", "buy", listing, "--buyer", "ivan@example.com", "--payment-method",
                  "pm_card_visa"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err << seatd_.log();

    const json::object failed = await_payout("failed");
    ASSERT_EQ(text(failed.at("state")), "failed") << failed << seatd_.log();
    EXPECT_NE(text(failed.at("failure")).find("resource_missing"), std::string::npos) << failed;
    EXPECT_EQ(failed.at("retries").to_number<std::uint32_t>(), 0u);
    const std::string payout = text(failed.at("payout_id"));
    r = ctl({"payouts"}, testing::kAdminKey);
    EXPECT_NE(r.out.find("payouts retry PAYOUT_ID --destination ACCT"), std::string::npos)
        << "the hint: " << r.out;

    // Usage and roles first: nothing is sent for a malformed id, an app is refused.
    r = ctl({"payouts", "retry", "not-a-uuid"}, testing::kAdminKey);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    r = ctl({"payouts", "retry", payout, "--destination", "acct_good1"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("payouts retry failed: unauthorized"), std::string::npos) << r.err;

    auto retried = ctl_json({"payouts", "retry", payout, "--destination", "acct_good1"}, 0,
                            testing::kAdminKey);
    const json::object& owed = retried["payout"].as_object();
    EXPECT_EQ(text(owed.at("payout_id")), payout);
    EXPECT_EQ(text(owed.at("destination")), "acct_good1");
    EXPECT_EQ(owed.at("retries").to_number<std::uint32_t>(), 1u);
    EXPECT_FALSE(retried["replayed"].as_bool());

    const json::object paid = await_payout("paid");
    ASSERT_EQ(text(paid.at("state")), "paid") << paid << seatd_.log();
    EXPECT_EQ(text(paid.at("destination")), "acct_good1");
    EXPECT_EQ(paid.at("retries").to_number<std::uint32_t>(), 1u);
    r = ctl({"payouts"}, testing::kAdminKey);
    EXPECT_NE(r.out.find("(acct_good1)  paid"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("retries 1"), std::string::npos) << r.out;
    const json::object books = ledger();
    EXPECT_EQ(books.at("totals").at("transfers").to_number<std::int64_t>(), 1) << books;
    const json::object& to = books.at("destinations").as_object();
    EXPECT_TRUE(to.contains("acct_good1")) << books;
    EXPECT_FALSE(to.contains("acct_missing_x")) << books;

    // A paid payout: refused, with what to look at instead.
    r = ctl({"payouts", "retry", payout}, testing::kAdminKey);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("payouts retry failed: invalid_argument"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("only a failed payout can be retried; see "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("payouts --state failed"), std::string::npos) << r.err;
    auto refused = ctl_json({"payouts", "retry", payout}, 1, testing::kAdminKey);
    EXPECT_EQ(text(refused["status"]), "invalid_argument");
    EXPECT_NE(text(refused["hint"]).find("only a failed payout can be retried"), std::string::npos);
    EXPECT_EQ(ledger().at("totals").at("transfers").to_number<std::int64_t>(), 1);
}

}  // namespace
}  // namespace seat::e2e
