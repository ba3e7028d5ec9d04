// Proves libseatclient's retry_payout against the real seatd in front of the
// real seat-psp: a resale whose payout account the provider does not know ends
// failed (resource_missing); retried to a corrected account it is owed again
// and then paid, with retries 1, and the provider's ledger holds exactly one
// transfer, to the corrected account, and none to the unknown one. Retrying
// the paid payout is invalid_argument, an unknown payout payout_not_found, and
// the call is an admin's.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "seat/client.h"
#include "tests/e2e/e2e_helpers.h"
#include "tests/support/http_client.h"
#include "tests/support/psp_process.h"

namespace seat::e2e {
namespace {

namespace json = boost::json;
namespace sc = seat::client;
using Clock = std::chrono::steady_clock;

constexpr const char* kMissingAccount = "acct_missing_x";  // seat-psp: resource_missing
constexpr const char* kGoodAccount = "acct_good1";

testing::SeatdOptions paying(const testing::PspProcess& psp) {
    testing::SeatdOptions o;
    o.extra_args = {"--psp-url", psp.base_url(), "--psp-secret-file",
                    psp.secret_key_file().string()};
    return o;
}

json::object ledger(const testing::PspProcess& psp) {
    testing::HttpClient http(psp.port());
    const testing::HttpResponse r =
        http.get("/_sim/ledger", {{"Authorization", psp.authorization()}});
    EXPECT_EQ(r.status, 200u) << r.body;
    return json::parse(r.body).as_object();
}

// The event's one payout, once it is in `state` or 15 s pass.
sc::Payout await_payout(Client& admin, sc::PayoutState state) {
    const auto end = Clock::now() + std::chrono::seconds(15);
    sc::Payout last;
    for (;;) {
        const auto r = admin.list_payouts(kDemoEvent);
        EXPECT_TRUE(r.ok()) << r.message;
        if (r.ok() && r.value.payouts.size() == 1) {
            last = r.value.payouts[0];
            if (last.state == state) return last;
        }
        if (Clock::now() > end) return last;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

TEST(PayoutRetry, AFailedPayoutRetriedToACorrectedAccountIsPaidOnce) {
    testing::PspProcess psp;
    testing::SeatdProcess seatd(paying(psp));
    Client app(client_options(seatd.port(), testing::kAppKey));
    Client admin(client_options(seatd.port(), testing::kAdminKey));

    // Bought (paid elsewhere), listed to an account the provider does not know,
    // bought through the provider.
    const sc::Id128 session = sc::Id128::random();
    const auto hold = app.place_hold(kDemoEvent, session, sc::Seats{{}, {"Stalls/G/3"}});
    ASSERT_TRUE(hold.ok()) << hold.message;
    const auto bought = app.purchase(
        kDemoEvent, sc::PurchaseRequest{hold.value.hold, session, "alice@example.com", "pay-1"});
    ASSERT_TRUE(bought.ok()) << bought.message;
    ASSERT_EQ(bought.value.tickets.size(), 1u);
    const sc::Ticket& ticket = bought.value.tickets[0];
    const std::int64_t price = ticket.amount_minor - 500;
    const auto listed = app.list_ticket(
        kDemoEvent,
        sc::ListingRequest{ticket.ticket_id, "alice@example.com", price, kMissingAccount});
    ASSERT_TRUE(listed.ok()) << listed.message;
    sc::BuyListingRequest buy;
    buy.listing_id = listed.value.listing.listing_id;
    buy.buyer_id = "bob@example.com";
    buy.payment_method = "pm_card_visa";
    const auto sold = app.buy_listing(kDemoEvent, buy);
    ASSERT_TRUE(sold.ok()) << sold.message << seatd.log();

    const sc::Payout failed = await_payout(admin, sc::PayoutState::failed);
    ASSERT_EQ(failed.state, sc::PayoutState::failed) << seatd.log();
    EXPECT_EQ(failed.destination, kMissingAccount);
    EXPECT_NE(failed.failure.find("resource_missing"), std::string::npos) << failed.failure;
    EXPECT_EQ(failed.retries, 0u);

    // An app may not retry; an unknown payout is not found.
    EXPECT_EQ(app.retry_payout(kDemoEvent, failed.payout_id, kGoodAccount).status,
              sc::Status::unauthorized);
    EXPECT_EQ(admin.retry_payout(kDemoEvent, sc::Id128::random(), kGoodAccount).status,
              sc::Status::payout_not_found);

    CallOptions once;
    once.idempotency_key = sc::Id128::random();
    const auto retried = admin.retry_payout(kDemoEvent, failed.payout_id, kGoodAccount, once);
    ASSERT_TRUE(retried.ok()) << retried.message;
    EXPECT_FALSE(retried.replayed);
    EXPECT_EQ(retried.value.payout_id, failed.payout_id);
    EXPECT_EQ(retried.value.destination, kGoodAccount);
    EXPECT_EQ(retried.value.retries, 1u);
    EXPECT_NE(retried.value.state, sc::PayoutState::failed);
    // The same key again: the same answer, replayed, not a second retry.
    const auto again = admin.retry_payout(kDemoEvent, failed.payout_id, kGoodAccount, once);
    ASSERT_TRUE(again.ok()) << again.message;
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(again.value.payout_id, failed.payout_id);

    const sc::Payout paid = await_payout(admin, sc::PayoutState::paid);
    ASSERT_EQ(paid.state, sc::PayoutState::paid) << seatd.log();
    EXPECT_EQ(paid.destination, kGoodAccount);
    EXPECT_EQ(paid.retries, 1u);
    EXPECT_EQ(paid.provider_payout_id.rfind("tr_", 0), 0u) << paid.provider_payout_id;

    // The provider paid once, to the corrected account.
    const json::object books = ledger(psp);
    EXPECT_EQ(books.at("totals").at("transfers").to_number<std::int64_t>(), 1) << books;
    EXPECT_EQ(books.at("totals").at("paid_out").to_number<std::int64_t>(), paid.amount_minor);
    const json::object& to = books.at("destinations").as_object();
    ASSERT_TRUE(to.contains(kGoodAccount)) << books;
    EXPECT_EQ(to.at(kGoodAccount).at("transfers").to_number<std::int64_t>(), 1);
    EXPECT_EQ(to.at(kGoodAccount).at("paid_out").to_number<std::int64_t>(), paid.amount_minor);
    EXPECT_FALSE(to.contains(kMissingAccount)) << books;
    const json::array& transfers = books.at("transfers").as_array();
    ASSERT_EQ(transfers.size(), 1u);
    EXPECT_EQ(transfers[0].at("id").as_string(), paid.provider_payout_id);
    EXPECT_EQ(transfers[0].at("destination").as_string(), kGoodAccount);

    // A paid payout is not owed again.
    const auto twice = admin.retry_payout(kDemoEvent, failed.payout_id, kGoodAccount);
    EXPECT_EQ(twice.status, sc::Status::invalid_argument) << twice.message;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(ledger(psp).at("totals").at("transfers").to_number<std::int64_t>(), 1);
}

}  // namespace
}  // namespace seat::e2e
