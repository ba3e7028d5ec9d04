// Proves libseatclient's transfer and resale calls against the real seatd (its
// demo theatre, no payment provider): an offer revokes the code and carries a
// claim token once (a replay has none); the claim makes the claimer the owner
// with a new version, a second claim is offer_claimed with the offer; a
// cancelled offer gives the ticket back with a new code; the history is the
// sale then the direct transfer; a named owner who is not the owner is
// not_owner; a listing over the face-value cap is price_over_cap with the cap,
// one under it is listed (on the listings page, in the summary's counters) and
// delisted with a new code; and the payout and KYC calls answer an admin.
#include <gtest/gtest.h>

#include <string>

#include "seat/client.h"
#include "tests/support/seatd_process.h"

namespace seat {
namespace {

namespace sc = seat::client;

constexpr std::uint64_t kDemoEvent = 1;

class TransfersAgainstSeatd : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { seatd_ = new testing::SeatdProcess(); }
    static void TearDownTestSuite() {
        delete seatd_;
        seatd_ = nullptr;
    }

    static ClientOptions options(const char* key) {
        ClientOptions o;
        o.port = seatd_->port();
        o.api_key = key;
        return o;
    }

    // A ticket bought for `owner` (paid elsewhere: Purchase), at `seat`.
    sc::Ticket buy(const std::string& seat, const std::string& owner) {
        const sc::Id128 session = sc::Id128::random();
        const auto hold = app_.place_hold(kDemoEvent, session, sc::Seats{{}, {seat}});
        EXPECT_TRUE(hold.ok()) << hold.message;
        const auto bought = app_.purchase(
            kDemoEvent, sc::PurchaseRequest{hold.value.hold, session, owner, "pay-" + seat});
        EXPECT_TRUE(bought.ok()) << bought.message;
        if (!bought.ok() || bought.value.tickets.size() != 1) return {};
        return bought.value.tickets[0];
    }

    static testing::SeatdProcess* seatd_;
    Client app_{options(testing::kAppKey)};
    Client admin_{options(testing::kAdminKey)};
};
testing::SeatdProcess* TransfersAgainstSeatd::seatd_ = nullptr;

TEST_F(TransfersAgainstSeatd, AnOfferIsClaimedOnceAndItsTokenShownOnce) {
    const sc::Ticket t = buy("Stalls/H/5", "alice@example.com");
    ASSERT_FALSE(t.ticket_id.is_zero());
    EXPECT_EQ(t.owner_id, "alice@example.com");

    CallOptions once;
    once.idempotency_key = sc::Id128::random();
    const sc::OfferRequest req{t.ticket_id, "alice@example.com", "bob@example.com", false};
    const auto offered = app_.offer_transfer(kDemoEvent, req, once);
    ASSERT_TRUE(offered.ok()) << offered.message;
    EXPECT_EQ(offered.value.claim_token.size(), 32u);
    EXPECT_EQ(offered.value.offer.state, sc::OfferState::open);
    EXPECT_EQ(offered.value.offer.type, sc::TransferType::direct);
    EXPECT_EQ(offered.value.offer.to, "bob@example.com");
    const auto replayed = app_.offer_transfer(kDemoEvent, req, once);
    ASSERT_TRUE(replayed.ok()) << replayed.message;
    EXPECT_TRUE(replayed.replayed);
    EXPECT_TRUE(replayed.value.claim_token.empty()) << "the token is shown once";
    EXPECT_EQ(replayed.value.offer.offer_id, offered.value.offer.offer_id);

    const auto offered_ticket = app_.get_ticket(kDemoEvent, t.ticket_id);
    ASSERT_TRUE(offered_ticket.ok()) << offered_ticket.message;
    EXPECT_EQ(offered_ticket.value.ticket.status, sc::TicketStatus::offered);
    EXPECT_TRUE(offered_ticket.value.ticket.code.empty()) << "no code admits an offered ticket";

    const auto claimed =
        app_.claim_transfer(kDemoEvent, offered.value.claim_token, "bob@example.com");
    ASSERT_TRUE(claimed.ok()) << claimed.message;
    const sc::Ticket& now = claimed.value.ticket.ticket;
    EXPECT_EQ(now.owner_id, "bob@example.com");
    EXPECT_EQ(now.status, sc::TicketStatus::valid);
    EXPECT_GT(now.version, t.version);
    EXPECT_FALSE(now.code.empty());
    EXPECT_NE(now.version_issued_at_ms, 0);

    const auto again =
        app_.claim_transfer(kDemoEvent, offered.value.claim_token, "carol@example.com");
    EXPECT_EQ(again.status, sc::Status::offer_claimed) << again.message;
    EXPECT_EQ(again.value.offer.state, sc::OfferState::claimed);
    EXPECT_EQ(again.value.offer.claimer, "bob@example.com");

    const auto history = app_.get_ticket_history(kDemoEvent, t.ticket_id);
    ASSERT_TRUE(history.ok()) << history.message;
    ASSERT_GE(history.value.transfers.size(), 2u);
    EXPECT_EQ(history.value.transfers.front().type, sc::TransferType::issue);
    const sc::Transfer& direct = history.value.transfers.back();
    EXPECT_EQ(direct.type, sc::TransferType::direct);
    EXPECT_EQ(direct.from_owner, "alice@example.com");
    EXPECT_EQ(direct.to_owner, "bob@example.com");
    EXPECT_EQ(direct.version, now.version);

    // Alice no longer owns it.
    const auto not_hers = app_.offer_transfer(
        kDemoEvent, sc::OfferRequest{t.ticket_id, "alice@example.com", "dan@example.com", true});
    EXPECT_EQ(not_hers.status, sc::Status::not_owner) << not_hers.message;
}

TEST_F(TransfersAgainstSeatd, ACancelledOfferGivesTheTicketBackWithANewCode) {
    const sc::Ticket t = buy("Stalls/H/6", "alice@example.com");
    ASSERT_FALSE(t.ticket_id.is_zero());
    const auto offered = app_.offer_transfer(
        kDemoEvent, sc::OfferRequest{t.ticket_id, "alice@example.com", "bob@example.com", true});
    ASSERT_TRUE(offered.ok()) << offered.message;
    EXPECT_EQ(offered.value.offer.type, sc::TransferType::gift);
    const auto cancelled = app_.cancel_offer(kDemoEvent, t.ticket_id, "alice@example.com");
    ASSERT_TRUE(cancelled.ok()) << cancelled.message;
    EXPECT_EQ(cancelled.value.offer.state, sc::OfferState::cancelled);
    EXPECT_EQ(cancelled.value.ticket.owner_id, "alice@example.com");
    EXPECT_EQ(cancelled.value.ticket.status, sc::TicketStatus::valid);
    EXPECT_GT(cancelled.value.ticket.version, t.version);

    const auto shown = app_.get_offer(kDemoEvent, t.ticket_id);
    ASSERT_TRUE(shown.ok()) << shown.message;
    EXPECT_EQ(shown.value.offer.state, sc::OfferState::cancelled);
    EXPECT_TRUE(shown.value.claim_token.empty());
    const auto late = app_.claim_transfer(kDemoEvent, offered.value.claim_token, "bob@example.com");
    EXPECT_EQ(late.status, sc::Status::offer_cancelled) << late.message;
    EXPECT_EQ(app_.claim_transfer(kDemoEvent, std::string(32, '0'), "bob@example.com").status,
              sc::Status::offer_not_found);
}

TEST_F(TransfersAgainstSeatd, AListingIsCappedAtFaceValueShownOnTheListingsAndDelisted) {
    const sc::Ticket t = buy("Stalls/H/7", "erin@example.com");
    ASSERT_FALSE(t.ticket_id.is_zero());
    sc::ListingRequest req{t.ticket_id, "erin@example.com", t.amount_minor + 1, "acct_erin"};
    const auto over = app_.list_ticket(kDemoEvent, req);
    EXPECT_EQ(over.status, sc::Status::price_over_cap) << over.message;
    EXPECT_EQ(over.value.cap_minor, t.amount_minor) << "the demo event caps at face value";

    req.price_minor = t.amount_minor - 100;
    const auto listed = app_.list_ticket(kDemoEvent, req);
    ASSERT_TRUE(listed.ok()) << listed.message;
    const sc::Listing& l = listed.value.listing;
    EXPECT_EQ(l.state, sc::ListingState::listed);
    EXPECT_EQ(l.price_minor, t.amount_minor - 100);
    EXPECT_EQ(l.face_value_minor, t.amount_minor);
    EXPECT_EQ(l.ticket_id, t.ticket_id);
    EXPECT_EQ(app_.get_ticket(kDemoEvent, t.ticket_id).value.ticket.status,
              sc::TicketStatus::listed);

    const auto page = app_.list_listings(kDemoEvent);
    ASSERT_TRUE(page.ok()) << page.message;
    bool found = false;
    for (const auto& x : page.value.listings) {
        found = found || x.listing_id == l.listing_id;
        EXPECT_TRUE(x.seller.empty()) << "browsing does not name sellers";
    }
    EXPECT_TRUE(found);
    sc::ListingFilter cheap;
    cheap.max_price_minor = t.amount_minor - 101;
    const auto cheaper = app_.list_listings(kDemoEvent, cheap);
    ASSERT_TRUE(cheaper.ok()) << cheaper.message;
    for (const auto& x : cheaper.value.listings)
        EXPECT_NE(x.listing_id, l.listing_id);
    const auto summary = app_.get_summary(kDemoEvent);
    ASSERT_TRUE(summary.ok()) << summary.message;
    EXPECT_GE(summary.value.listings_on_sale, 1u);
    ASSERT_TRUE(summary.value.settings.transfers.has_value());
    EXPECT_EQ(summary.value.settings.transfers->cap, sc::ResaleCap::face_value);

    const auto delisted = app_.delist_ticket(kDemoEvent, t.ticket_id, "erin@example.com");
    ASSERT_TRUE(delisted.ok()) << delisted.message;
    EXPECT_EQ(delisted.value.listing.state, sc::ListingState::delisted);
    EXPECT_EQ(delisted.value.ticket.owner_id, "erin@example.com");
    EXPECT_EQ(delisted.value.ticket.status, sc::TicketStatus::valid);
    EXPECT_GT(delisted.value.ticket.version, t.version);
}

TEST_F(TransfersAgainstSeatd, PayoutsAndVerificationAreAnAdminsAndAnswerOne) {
    const auto payouts = admin_.list_payouts(kDemoEvent);
    ASSERT_TRUE(payouts.ok()) << payouts.message;
    EXPECT_FALSE(payouts.value.more);
    const auto verified = admin_.verify_seller(kDemoEvent, "nobody@example.com");
    ASSERT_TRUE(verified.ok()) << verified.message;
    EXPECT_EQ(verified.value.seller, "nobody@example.com");
    EXPECT_EQ(verified.value.released, 0u);
    EXPECT_EQ(app_.list_payouts(kDemoEvent).status, sc::Status::unauthorized);
}

}  // namespace
}  // namespace seat
