// Proves tickets changing hands in the engine: an offer revokes the owner's
// code at once and a claim gives the claimer a new one (the token is single
// use, expires, never past the cutoff before the start, and the sender may
// cancel it); a ticket with an open offer or a listing is not admitted,
// offered, listed, reissued or refunded; listings respect the event's cap and
// are bought through the checkout saga (success sells and owes the payout
// minus the fee, a decline or the deadline puts it back, a delisting while a
// buyer pays waits for the payment); KYC holds payouts past the thresholds
// until the seller is verified; the custody chain records every new code; and
// the log replays to the same state. check_invariants() runs after every command
// (the fixture), so one owner per ticket and one valid code per ticket hold
// throughout.
#include <set>

#include "engine/transfers/views.h"
#include "tests/engine/fixture.h"

namespace seat::testing {
namespace {

TokenHash token(std::uint8_t n) {
    TokenHash h;
    for (std::size_t i = 0; i < h.bytes.size(); ++i)
        h.bytes[i] = static_cast<std::uint8_t>(n * 31 + i + 1);
    return h;
}

class Transfers : public EventFixture {
  protected:
    // Sells `names` to buyer-<sess>; returns the first ticket's index.
    std::uint32_t sell(std::uint64_t sess, std::initializer_list<std::string_view> names) {
        const Result h = hold(sess, names);
        EXPECT_TRUE(h.ok());
        const Result p = purchase(reply_of<HoldReply>(h).hold, sess);
        EXPECT_TRUE(p.ok());
        return reply_of<PurchaseReply>(p).first_ticket;
    }
    const Ticket& ticket(std::uint32_t i) const { return state.tickets()[i]; }
    std::string owner(std::uint32_t i) const { return std::string(ticket_owner(state, ticket(i))); }
    Result offer(std::uint32_t t, std::uint8_t tok, std::string from = "buyer-1",
                 std::string to = "friend@example.com", IdempotencyKey k = {}) {
        return run(OfferTransfer{ticket(t).id, from, to, TransferType::direct, token(tok), k});
    }
    Result claim(std::uint8_t tok, std::string who = "friend") {
        return run(ClaimTransfer{token(tok), who, {}});
    }
    Result admit(std::uint32_t t, std::uint32_t version) {
        return run(AdmitTicket{ticket(t).id, version, "north", 0});
    }
    Result list(std::uint32_t t, std::int64_t price, std::string seller = "buyer-1") {
        return run(ListTicket{ticket(t).id, seller, price, "acct_" + seller, {}});
    }
    // Lists ticket t and starts buyer's checkout of it; returns the checkout's index.
    std::uint32_t buy(std::uint32_t t, std::int64_t price, std::string buyer = "fan") {
        const Result l = list(t, price);
        EXPECT_TRUE(l.ok()) << to_string(l.status);
        const Listing& listing = state.listings()[reply_of<ListingReply>(l).listing];
        const Result r = run(BuyListing{listing.id, buyer, "pm_card_visa", {}});
        EXPECT_TRUE(r.ok()) << to_string(r.status);
        return reply_of<CheckoutReply>(r).checkout;
    }
    Result charge(std::uint32_t checkout, bool ok = true) {
        const CheckoutId id = state.checkouts()[checkout].id;
        return run(ok ? SettleCheckout{id, ChargeResult::succeeded, "pi_resale", ""}
                      : SettleCheckout{id, ChargeResult::declined, "", "card_declined"});
    }
    std::set<std::pair<TicketId, std::uint32_t>> revoked() const {
        std::set<std::pair<TicketId, std::uint32_t>> out;
        state.for_each_revoked([&](const TicketId& id, std::uint32_t v) { out.insert({id, v}); });
        return out;
    }
};

TEST_F(Transfers, AnOfferRevokesTheCodeAndAClaimIssuesTheClaimerANewOne) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    const Result o = offer(t, 1);
    ASSERT_EQ(o.status, Status::ok);
    EXPECT_EQ(ticket(t).status, TicketStatus::offered);
    EXPECT_EQ(ticket(t).version, 2u);
    EXPECT_TRUE(revoked().count({ticket(t).id, 1})) << "the owner's code is revoked at once";
    EXPECT_EQ(admit(t, 1).status, Status::ticket_offered);
    EXPECT_EQ(version_issued_at(state, t), 0) << "no code exists while offered";
    const TransferOffer& off = state.offers()[reply_of<OfferReply>(o).offer];
    EXPECT_EQ(off.expires_at, now + kOfferTtlMsDefault);

    now += 1000;
    const Result c = claim(1, "friend");
    ASSERT_EQ(c.status, Status::ok);
    EXPECT_EQ(reply_of<TicketReply>(c).version, 3u);
    EXPECT_EQ(ticket(t).status, TicketStatus::valid);
    EXPECT_EQ(owner(t), "friend");
    EXPECT_TRUE(revoked().count({ticket(t).id, 2}));
    EXPECT_EQ(admit(t, 1).status, Status::superseded);
    EXPECT_EQ(version_issued_at(state, t), now);
    const std::vector<HistoryEntry> h = ticket_history(state, t);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[0].type, TransferType::issue);
    EXPECT_EQ(h[0].to, "buyer-1");
    EXPECT_EQ(h[0].price_minor, 5000);
    EXPECT_EQ(h[1].type, TransferType::direct);
    EXPECT_EQ(h[1].from, "buyer-1");
    EXPECT_EQ(h[1].to, "friend");
    EXPECT_EQ(h[1].version, 3u);
    EXPECT_EQ(h[1].id, transfer_id(ticket(t).id, 3));
    EXPECT_EQ(admit(t, 3).status, Status::ok);
}

TEST_F(Transfers, ATokenIsSingleUseAndOnlyItsOwnOfferAnswersIt) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    ASSERT_TRUE(offer(t, 1).ok());
    EXPECT_EQ(claim(9).status, Status::offer_not_found);
    ASSERT_TRUE(claim(1, "friend").ok());
    const Result again = claim(1, "thief");
    EXPECT_EQ(again.status, Status::offer_claimed);
    EXPECT_EQ(reply_of<OfferReply>(again).offer, 0u);
    EXPECT_EQ(owner(t), "friend");
    // The new owner may pass it on: the chain grows.
    ASSERT_TRUE(offer(t, 2, "friend", "third@example.com").ok());
    EXPECT_EQ(offer(t, 3, "friend").status, Status::ticket_offered) << "one open offer per ticket";
    ASSERT_TRUE(run(ClaimTransfer{token(2), "third", {}}).ok());
    EXPECT_EQ(ticket_history(state, t).size(), 3u);
}

TEST_F(Transfers, OnlyTheOwnerOffersAndNotToThemselves) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    EXPECT_EQ(offer(t, 1, "buyer-2").status, Status::not_owner);
    EXPECT_EQ(offer(t, 1, "buyer-1", "buyer-1").status, Status::invalid_argument);
    EXPECT_EQ(offer(t, 1, "buyer-1", "").status, Status::invalid_argument);
    EXPECT_EQ(
        run(OfferTransfer{ticket(t).id, "buyer-1", "x", TransferType::marketplace, token(1), {}})
            .status,
        Status::invalid_argument)
        << "marketplace transfers are made by resale, not offers";
    EXPECT_EQ(run(OfferTransfer{ticket(t).id, "buyer-1", "x", TransferType::gift, TokenHash{}, {}})
                  .status,
              Status::invalid_argument);
    EXPECT_EQ(
        run(OfferTransfer{TicketId{9, 9}, "buyer-1", "x", TransferType::gift, token(1), {}}).status,
        Status::ticket_not_found);
    EXPECT_EQ(ticket(t).status, TicketStatus::valid);
    EXPECT_EQ(ticket(t).version, 1u);
}

TEST_F(Transfers, TheSenderCancelsAndGetsANewCode) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    ASSERT_TRUE(offer(t, 1).ok());
    EXPECT_EQ(run(CancelOffer{ticket(t).id, "buyer-2", {}}).status, Status::not_owner);
    const Result c = run(CancelOffer{ticket(t).id, "buyer-1", {}});
    ASSERT_EQ(c.status, Status::ok);
    EXPECT_EQ(state.offers()[0].state, OfferState::cancelled);
    EXPECT_EQ(ticket(t).status, TicketStatus::valid);
    EXPECT_EQ(ticket(t).version, 3u) << "not the escrow version, nor the old code";
    EXPECT_EQ(owner(t), "buyer-1");
    EXPECT_EQ(claim(1).status, Status::offer_cancelled);
    EXPECT_EQ(run(CancelOffer{ticket(t).id, "buyer-1", {}}).status, Status::offer_not_found);
    const std::vector<HistoryEntry> h = ticket_history(state, t);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[1].type, TransferType::reissue);
    EXPECT_EQ(h[1].from, h[1].to);
    EXPECT_EQ(admit(t, 3).status, Status::ok);
}

TEST_F(Transfers, AnOfferExpiresByTheTimerOrAtItsClaim) {
    SaleSettings s;
    s.transfers.offer_ttl_ms = 60'000;
    create(s);
    const std::uint32_t a = sell(1, {"A/1/1"});
    const std::uint32_t b = sell(1, {"A/1/2"});
    ASSERT_TRUE(offer(a, 1).ok());
    ASSERT_TRUE(offer(b, 2).ok());
    now += 60'000;
    // A claim at the expiry finds it expired, and expires it.
    EXPECT_EQ(claim(1).status, Status::offer_expired);
    EXPECT_EQ(state.offers()[0].state, OfferState::expired);
    EXPECT_EQ(ticket(a).status, TicketStatus::valid);
    const Result e = run(ExpireOffers{});
    EXPECT_EQ(reply_of<ExpireReply>(e).holds_expired, 1u);
    EXPECT_EQ(state.offers()[1].state, OfferState::expired);
    EXPECT_EQ(owner(b), "buyer-1");
    EXPECT_EQ(ticket(b).version, 3u);
    EXPECT_TRUE(state.open_offers().empty());
    EXPECT_EQ(reply_of<ExpireReply>(run(ExpireOffers{})).holds_expired, 0u);
}

TEST_F(Transfers, OffersNeverOutliveTheCutoffBeforeTheStart) {
    SaleSettings s;
    s.starts_at_ms = kStart + 5 * 3'600'000;  // in five hours; the cutoff is one hour before
    create(s);
    const std::uint32_t t = sell(1, {"A/1/1"});
    ASSERT_TRUE(offer(t, 1).ok());
    EXPECT_EQ(state.offers()[0].expires_at, s.starts_at_ms - kTransferCutoffMsDefault);
    ASSERT_TRUE(run(CancelOffer{ticket(t).id, "buyer-1", {}}).ok());
    now = s.starts_at_ms - kTransferCutoffMsDefault;
    EXPECT_EQ(offer(t, 2).status, Status::transfer_window_closed);
    EXPECT_EQ(list(t, 100).status, Status::transfer_window_closed);
}

TEST_F(Transfers, TheEventsRulesAreKept) {
    SaleSettings s;
    s.transfers.max_transfers_per_ticket = 1;
    create(s);
    const std::uint32_t t = sell(1, {"A/1/1"});
    ASSERT_TRUE(offer(t, 1).ok());
    ASSERT_TRUE(claim(1, "friend").ok());
    EXPECT_EQ(offer(t, 2, "friend").status, Status::transfer_limit);
    EXPECT_EQ(list(t, 100, "friend").status, Status::transfer_limit);

    s = SaleSettings{};
    s.transfers.transfers_allowed = false;
    s.transfers.resale_allowed = false;
    create(s);
    const std::uint32_t u = sell(1, {"A/1/1"});
    EXPECT_EQ(offer(u, 1).status, Status::transfers_disabled);
    EXPECT_EQ(list(u, 100).status, Status::resale_disabled);
}

TEST_F(Transfers, ATicketOutOfItsOwnersHandsIsNotAdmittedReissuedRefundedOrListed) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    ASSERT_TRUE(offer(t, 1).ok());
    EXPECT_EQ(admit(t, 2).status, Status::ticket_offered) << "not even the escrow version";
    EXPECT_EQ(run(ReissueTicket{ticket(t).id, "", {}}).status, Status::ticket_offered);
    EXPECT_EQ(run(CancelTicket{ticket(t).id, {}}).status, Status::ticket_offered);
    EXPECT_EQ(list(t, 100).status, Status::ticket_offered);
    ASSERT_TRUE(claim(1, "friend").ok());
    ASSERT_TRUE(list(t, 100, "friend").ok());
    EXPECT_EQ(admit(t, 3).status, Status::ticket_listed);
    EXPECT_EQ(run(CancelTicket{ticket(t).id, {}}).status, Status::ticket_listed);
    EXPECT_EQ(offer(t, 2, "friend").status, Status::ticket_listed);
    EXPECT_EQ(list(t, 100, "friend").status, Status::ticket_listed);
    EXPECT_EQ(state.seat(ticket(t).seat).status, SeatStatus::sold) << "escrow keeps the seat sold";
}

TEST_F(Transfers, AListingOverTheCapIsRefusedWithTheCap) {
    const std::uint32_t t = sell(1, {"A/1/1"});  // face value 5000
    const Result over = list(t, 5001);
    EXPECT_EQ(over.status, Status::price_over_cap);
    EXPECT_EQ(reply_of<ListingReply>(over).cap_minor, 5000);
    EXPECT_EQ(reply_of<ListingReply>(over).listing, kNone);
    EXPECT_EQ(ticket(t).status, TicketStatus::valid);
    EXPECT_TRUE(list(t, 5000).ok());

    SaleSettings s;
    s.transfers.cap = ResaleCap::percent_above_face;
    s.transfers.cap_percent = 10;
    create(s);
    const std::uint32_t u = sell(1, {"BOX/1/1", "BOX/1/2", "BOX/1/3", "BOX/1/4"});  // 12000 each
    EXPECT_EQ(reply_of<ListingReply>(list(u, 13201)).cap_minor, 13200);
    EXPECT_TRUE(list(u, 13200).ok());
    s.transfers.cap = ResaleCap::none;
    create(s);
    EXPECT_TRUE(list(sell(1, {"A/1/1"}), 1'000'000).ok());
    EXPECT_EQ(list(sell(1, {"A/1/2"}), 0).status, Status::invalid_argument);
}

TEST_F(Transfers, ABuyerPaysAndGetsTheTicketAndTheSellerIsOwedThePriceLessTheFee) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    const std::uint32_t c = buy(t, 4000);
    const Listing& l = state.listings()[0];
    EXPECT_EQ(l.state, ListingState::paying);
    EXPECT_EQ(state.checkouts()[c].amount_minor, 4000);
    EXPECT_EQ(state.checkouts()[c].currency, "EUR");
    EXPECT_EQ(run(BuyListing{l.id, "rival", "pm_card_visa", {}}).status,
              Status::listing_in_checkout);
    EXPECT_EQ(charge(c).status, Status::ok);
    EXPECT_EQ(state.listings()[0].state, ListingState::sold);
    EXPECT_EQ(state.checkouts()[c].state, CheckoutState::sold);
    EXPECT_EQ(owner(t), "fan");
    EXPECT_EQ(ticket(t).status, TicketStatus::valid);
    EXPECT_EQ(ticket(t).version, 3u);
    ASSERT_EQ(state.payouts().size(), 1u);
    const Payout& p = state.payouts()[0];
    EXPECT_EQ(p.state, PayoutState::owed);
    EXPECT_EQ(p.gross_minor, 4000);
    EXPECT_EQ(p.fee_minor, 400);  // 10 %
    EXPECT_EQ(p.amount_minor, 3600);
    EXPECT_EQ(p.destination, "acct_buyer-1");
    EXPECT_EQ(state.owed_payouts().size(), 1u);
    const std::vector<HistoryEntry> h = ticket_history(state, t);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[1].type, TransferType::marketplace);
    EXPECT_EQ(h[1].price_minor, 4000);
    EXPECT_EQ(h[1].fee_minor, 400);
    EXPECT_EQ(run(BuyListing{l.id, "late", "pm_card_visa", {}}).status,
              Status::listing_unavailable);
    // The charge's repeated report changes nothing.
    const std::size_t facts = log.size();
    EXPECT_EQ(charge(c).status, Status::ok);
    EXPECT_EQ(log.size(), facts);
    // The payout worker's answers, once.
    ASSERT_TRUE(run(SettlePayout{p.id, true, "tr_1", "", 1}).ok());
    EXPECT_EQ(state.payouts()[0].state, PayoutState::paid);
    EXPECT_TRUE(run(SettlePayout{p.id, false, "", "late", 2}).ok());
    EXPECT_EQ(state.payouts()[0].state, PayoutState::paid);
    EXPECT_EQ(run(SettlePayout{PayoutId{1, 2}, true, "tr_2", "", 1}).status,
              Status::payout_not_found);
}

TEST_F(Transfers, AFailedPayoutIsOwedAgainByAnAdminMaybeElsewhere) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    ASSERT_TRUE(charge(buy(t, 4000)).ok());
    const PayoutId id = state.payouts()[0].id;
    EXPECT_EQ(run(RetryPayout{id, "", {}}).status, Status::invalid_argument) << "not failed";
    ASSERT_TRUE(run(SettlePayout{id, false, "", "resource_missing", 1}).ok());
    EXPECT_EQ(state.payouts()[0].state, PayoutState::failed);
    EXPECT_TRUE(state.owed_payouts().empty());
    const Result r = run(RetryPayout{id, "acct_fixed", key(3)});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(reply_of<PayoutReply>(r).payout, 0u);
    EXPECT_EQ(state.payouts()[0].state, PayoutState::owed);
    EXPECT_EQ(state.payouts()[0].destination, "acct_fixed");
    EXPECT_EQ(state.payouts()[0].retries, 1u);
    EXPECT_EQ(state.owed_payouts().size(), 1u);
    EXPECT_TRUE(run(RetryPayout{id, "acct_fixed", key(3)}).replayed);
    EXPECT_EQ(run(RetryPayout{PayoutId{7, 7}, "", {}}).status, Status::payout_not_found);
    ASSERT_TRUE(run(SettlePayout{id, true, "tr_9", "", 2}).ok());
    EXPECT_EQ(state.payouts()[0].state, PayoutState::paid);
}

TEST_F(Transfers, ADeclinedOrAbandonedPaymentPutsTheListingBackOnSale) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    const std::uint32_t c = buy(t, 4000);
    EXPECT_EQ(charge(c, false).status, Status::payment_declined);
    EXPECT_EQ(state.listings()[0].state, ListingState::listed);
    EXPECT_EQ(ticket(t).status, TicketStatus::listed);
    EXPECT_EQ(owner(t), "buyer-1");
    const Result again = run(BuyListing{state.listings()[0].id, "fan2", "pm_card_visa", {}});
    ASSERT_TRUE(again.ok());
    const std::uint32_t c2 = reply_of<CheckoutReply>(again).checkout;
    now += SaleSettings{}.payment_timeout_ms;
    run(ExpireCheckouts{});
    EXPECT_EQ(state.checkouts()[c2].state, CheckoutState::abandoned);
    EXPECT_EQ(state.listings()[0].state, ListingState::listed);
    // The charge succeeds after all: the money goes back, the ticket stays listed.
    EXPECT_EQ(charge(c2).status, Status::payment_refunded);
    EXPECT_EQ(state.refunds().size(), 1u);
    EXPECT_EQ(state.refunds()[0].amount_minor, 4000);
    EXPECT_EQ(ticket(t).status, TicketStatus::listed);
    EXPECT_TRUE(state.payouts().empty());
}

TEST_F(Transfers, DelistingWhileABuyerPaysWaitsForThePayment) {
    const std::uint32_t t = sell(1, {"A/1/1", "A/1/2"});
    const std::uint32_t c = buy(t, 3000);
    EXPECT_EQ(run(DelistTicket{ticket(t).id, "buyer-2", {}}).status, Status::not_owner);
    ASSERT_TRUE(run(DelistTicket{ticket(t).id, "buyer-1", {}}).ok());
    EXPECT_TRUE(state.listings()[0].delist_requested);
    EXPECT_EQ(ticket(t).status, TicketStatus::listed);
    EXPECT_TRUE(browse_listings(state, std::nullopt, 0, 10).listings.empty());
    ASSERT_EQ(charge(c, false).status, Status::payment_declined);
    EXPECT_EQ(state.listings()[0].state, ListingState::delisted);
    EXPECT_EQ(ticket(t).status, TicketStatus::valid);
    EXPECT_EQ(owner(t), "buyer-1");
    EXPECT_EQ(ticket(t).version, 3u);

    // A delisting during a payment that succeeds: the sale stands.
    const std::uint32_t u = t + 1;
    const std::uint32_t c2 = buy(u, 3000);
    ASSERT_TRUE(run(DelistTicket{ticket(u).id, "buyer-1", {}}).ok());
    ASSERT_TRUE(charge(c2).ok());
    EXPECT_EQ(owner(u), "fan");
    EXPECT_EQ(state.listings()[1].state, ListingState::sold);

    // A plain delisting returns the ticket at once with a new code.
    const std::uint32_t v = sell(3, {"A/2/1"});
    ASSERT_TRUE(list(v, 100, "buyer-3").ok());
    ASSERT_TRUE(run(DelistTicket{ticket(v).id, "buyer-3", {}}).ok());
    EXPECT_EQ(ticket(v).status, TicketStatus::valid);
    EXPECT_EQ(ticket(v).version, 3u);
    EXPECT_EQ(run(DelistTicket{ticket(v).id, "buyer-3", {}}).status, Status::listing_not_found);
}

TEST_F(Transfers, BrowsingShowsWhatIsOnSaleCheapestFirst) {
    const std::uint32_t a = sell(1, {"A/1/1", "A/1/2", "A/1/3"});
    const std::uint32_t box = sell(2, {"BOX/1/1", "BOX/1/2", "BOX/1/3", "BOX/1/4"});
    ASSERT_TRUE(list(a, 4000).ok());
    ASSERT_TRUE(list(a + 1, 3000).ok());
    ASSERT_TRUE(list(box, 9000, "buyer-2").ok());
    ListingPage all = browse_listings(state, std::nullopt, 0, 10);
    ASSERT_EQ(all.listings.size(), 3u);
    EXPECT_EQ(state.listings()[all.listings[0]].price_minor, 3000);
    EXPECT_EQ(state.listings()[all.listings[2]].price_minor, 9000);
    EXPECT_EQ(browse_listings(state, std::nullopt, 4000, 10).listings.size(), 2u);
    const SectionId box_section = state.venue().seats[ticket(box).seat].section;
    EXPECT_EQ(browse_listings(state, box_section, 0, 10).listings.size(), 1u);
    const ListingPage one = browse_listings(state, std::nullopt, 0, 1);
    EXPECT_EQ(one.listings.size(), 1u);
    EXPECT_TRUE(one.more);
}

TEST_F(Transfers, PayoutsPastTheKycThresholdWaitForTheSellersVerification) {
    SaleSettings s;
    s.transfers.kyc_threshold_minor = 7000;  // the second sale passes it
    s.transfers.kyc_threshold_sales = 0;
    create(s);
    const std::uint32_t t = sell(1, {"A/1/1", "A/1/2"});
    ASSERT_TRUE(charge(buy(t, 4000)).ok());
    EXPECT_EQ(state.payouts()[0].state, PayoutState::owed);
    ASSERT_TRUE(charge(buy(t + 1, 4000, "fan2")).ok());
    EXPECT_EQ(state.payouts()[1].state, PayoutState::held_kyc);
    EXPECT_EQ(state.owed_payouts().size(), 1u) << "the worker does not see a held payout";
    const Result v = run(VerifySeller{"buyer-1", key(1)});
    EXPECT_EQ(reply_of<KycReply>(v).released, 1u);
    EXPECT_EQ(state.payouts()[1].state, PayoutState::owed);
    EXPECT_EQ(state.payouts()[1].released_at, now);
    EXPECT_EQ(state.owed_payouts().size(), 2u);
    EXPECT_TRUE(state.seller_verified("buyer-1"));
    // A retry is the first answer; a second verification does nothing.
    EXPECT_TRUE(run(VerifySeller{"buyer-1", key(1)}).replayed);
    const std::size_t facts = log.size();
    EXPECT_EQ(reply_of<KycReply>(run(VerifySeller{"buyer-1", {}})).released, 0u);
    EXPECT_EQ(log.size(), facts);
}

TEST_F(Transfers, TheSalesCountThresholdAndTheWindowCount) {
    SaleSettings s;
    s.transfers.kyc_threshold_minor = 0;
    s.transfers.kyc_threshold_sales = 2;
    s.transfers.kyc_window_ms = 3'600'000;
    create(s);
    const std::uint32_t t = sell(1, {"A/1/1", "A/1/2", "A/1/3"});
    ASSERT_TRUE(charge(buy(t, 100)).ok());
    ASSERT_TRUE(charge(buy(t + 1, 100, "fan2")).ok());
    EXPECT_EQ(state.payouts()[1].state, PayoutState::held_kyc) << "the second sale in the window";
    now += 3'600'001;  // both earlier sales fall out of the window
    ASSERT_TRUE(charge(buy(t + 2, 100, "fan3")).ok());
    EXPECT_EQ(state.payouts()[2].state, PayoutState::owed);
}

TEST_F(Transfers, RetriesAnswerTheFirstOutcome) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    ASSERT_TRUE(offer(t, 1, "buyer-1", "friend@example.com", key(7)).ok());
    const std::size_t facts = log.size();
    // The retry carries a token of its own; it is the same offer all the same.
    const Result again = offer(t, 2, "buyer-1", "friend@example.com", key(7));
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(reply_of<OfferReply>(again).offer, 0u);
    EXPECT_EQ(log.size(), facts);
    EXPECT_EQ(offer(t, 2, "buyer-1", "someone@else", key(7)).status,
              Status::idempotency_key_reused);
    const Result c1 = run(ClaimTransfer{token(1), "friend", key(8)});
    const Result c2 = run(ClaimTransfer{token(1), "friend", key(8)});
    EXPECT_TRUE(c2.replayed);
    EXPECT_EQ(reply_of<TicketReply>(c2), reply_of<TicketReply>(c1));
}

TEST_F(Transfers, ABuyerCannotBuyTheirOwnListing) {
    const std::uint32_t t = sell(1, {"A/1/1"});
    ASSERT_TRUE(list(t, 100).ok());
    EXPECT_EQ(run(BuyListing{state.listings()[0].id, "buyer-1", "pm_card_visa", {}}).status,
              Status::invalid_argument);
    EXPECT_EQ(run(BuyListing{ListingId{5, 5}, "fan", "pm_card_visa", {}}).status,
              Status::listing_not_found);
}

TEST_F(Transfers, ReissuesJoinTheChainAndEverythingReplays) {
    const std::uint32_t t = sell(1, {"A/1/1", "A/1/2"});
    ASSERT_TRUE(run(ReissueTicket{ticket(t).id, "cousin", {}}).ok());
    ASSERT_TRUE(run(ReissueTicket{ticket(t).id, "", {}}).ok());
    ASSERT_TRUE(offer(t, 1, "cousin").ok());
    ASSERT_TRUE(claim(1, "friend").ok());
    ASSERT_TRUE(charge(buy(t + 1, 2000)).ok());
    const std::vector<HistoryEntry> h = ticket_history(state, t);
    ASSERT_EQ(h.size(), 4u);
    EXPECT_EQ(h[1].type, TransferType::reissue);
    EXPECT_EQ(h[1].to, "cousin");
    EXPECT_EQ(h[2].from, "cousin");
    EXPECT_EQ(h[2].to, "cousin");
    EXPECT_EQ(h[3].type, TransferType::direct);
    EXPECT_EQ(h[3].version, 5u);
    const EventState fresh = replayed();
    EXPECT_TRUE(same_state(fresh.image(), state.image()));
    EXPECT_EQ(EventState::from_image(state.image()).check_invariants(), "");
}

}  // namespace
}  // namespace seat::testing
