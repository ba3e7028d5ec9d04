// Proves the checkout saga's rules in the engine: a checkout charges the hold's
// seats' prices in one currency and pins the hold (nothing but its outcome or
// its deadline ends it); a success sells it with the provider's payment id, a
// decline gives the seats back at once, the deadline abandons it, and a success
// that arrives after that is refunded, once; repeated answers change nothing;
// refunds are settled, failed and retried; retries of StartCheckout answer with
// where the checkout is now; and the whole log replays to the same state.
#include <gtest/gtest.h>

#include "tests/engine/fixture.h"

namespace seat::testing {
namespace {

class Checkouts : public EventFixture {
  protected:
    // Holds and starts a checkout; returns the checkout's index.
    std::uint32_t start(std::uint64_t sess, std::initializer_list<std::string_view> names,
                        IdempotencyKey k = {}) {
        const Result h = hold(sess, names);
        EXPECT_TRUE(h.ok());
        held = reply_of<HoldReply>(h).hold;
        const Result r = run(
            StartCheckout{held, session(sess), "buyer-" + std::to_string(sess), "pm_card_visa", k});
        EXPECT_EQ(r.status, Status::ok);
        return reply_of<CheckoutReply>(r).checkout;
    }
    const Checkout& checkout(std::uint32_t i) const { return state.checkouts()[i]; }
    Result settle_ok(std::uint32_t i, const std::string& payment = "pi_1") {
        return run(SettleCheckout{checkout(i).id, ChargeResult::succeeded, payment, ""});
    }

    HoldId held;
};

TEST_F(Checkouts, ChargesTheSeatsPricesAndPinsTheHold) {
    const std::uint32_t c = start(1, {"A/1/1", "BOX/1/1", "BOX/1/2", "BOX/1/3", "BOX/1/4"});
    EXPECT_EQ(checkout(c).amount_minor, 5000 + 4 * 12000);
    EXPECT_EQ(checkout(c).currency, "EUR");
    EXPECT_EQ(checkout(c).state, CheckoutState::paying);
    EXPECT_EQ(checkout(c).deadline, now + SaleSettings{}.payment_timeout_ms);
    // Neither the buyer nor time can end a hold being paid for.
    EXPECT_EQ(run(ReleaseHold{held, session(1), {}}).status, Status::hold_in_checkout);
    EXPECT_EQ(run(ExtendHold{held, session(1), {}}).status, Status::hold_in_checkout);
    EXPECT_EQ(purchase(held, 1).status, Status::hold_in_checkout);
    EXPECT_EQ(run(StartCheckout{held, session(1), "b", "pm_card_visa", {}}).status,
              Status::hold_in_checkout);
    now += SaleSettings{}.hold_ttl_ms + 1;  // past the hold's own time, inside the payment's
    run(ExpireHolds{});
    EXPECT_NE(state.live_hold(held), nullptr);
    EXPECT_EQ(hold(2, {"A/1/1"}).status, Status::seats_unavailable);  // not taken over either
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::held);
}

TEST_F(Checkouts, ASuccessSellsWithThePaymentIdAndRepeatsChangeNothing) {
    const std::uint32_t c = start(1, {"A/1/1", "A/1/2"});
    const Result sold = settle_ok(c, "pi_abc");
    EXPECT_EQ(sold.status, Status::ok);
    EXPECT_EQ(checkout(c).state, CheckoutState::sold);
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::sold);
    const PurchaseRecord& p = state.purchases()[checkout(c).purchase];
    EXPECT_EQ(p.payment_ref, "pi_abc");
    EXPECT_EQ(p.buyer_id, "buyer-1");
    EXPECT_EQ(p.ticket_count, 2u);
    const std::size_t facts = log.size();
    EXPECT_EQ(settle_ok(c, "pi_abc").status, Status::ok);  // the worker's retry
    EXPECT_EQ(run(SettleCheckout{checkout(c).id, ChargeResult::declined, "", "late"}).status,
              Status::ok);  // a contradicting late answer cannot unsell
    EXPECT_EQ(log.size(), facts);
    EXPECT_EQ(state.tickets().size(), 2u);
}

TEST_F(Checkouts, ADeclineGivesTheSeatsBackAtOnce) {
    const std::uint32_t c = start(1, {"A/2/3"});
    const Result r =
        run(SettleCheckout{checkout(c).id, ChargeResult::declined, "", "insufficient_funds"});
    EXPECT_EQ(r.status, Status::payment_declined);
    EXPECT_EQ(checkout(c).state, CheckoutState::declined);
    EXPECT_EQ(checkout(c).decline_reason, "insufficient_funds");
    EXPECT_EQ(status_of("A/2/3"), SeatStatus::available);
    EXPECT_EQ(state.live_hold(held), nullptr);
    EXPECT_TRUE(hold(2, {"A/2/3"}).ok());
    EXPECT_TRUE(state.refunds().empty());
}

TEST_F(Checkouts, TheDeadlineAbandonsAndALateSuccessIsRefundedOnce) {
    const std::uint32_t c = start(1, {"A/1/5", "A/1/6"});
    now = checkout(c).deadline - 1;
    run(ExpireCheckouts{});
    EXPECT_EQ(checkout(c).state, CheckoutState::paying);
    now = checkout(c).deadline;
    run(ExpireCheckouts{});
    EXPECT_EQ(checkout(c).state, CheckoutState::abandoned);
    EXPECT_EQ(status_of("A/1/5"), SeatStatus::available);
    ASSERT_TRUE(hold(2, {"A/1/5"}).ok());  // sold to someone else meanwhile

    const Result late = settle_ok(c, "pi_late");
    EXPECT_EQ(late.status, Status::payment_refunded);
    EXPECT_EQ(checkout(c).state, CheckoutState::refunded);
    ASSERT_EQ(state.refunds().size(), 1u);
    const Refund& refund = state.refunds()[0];
    EXPECT_EQ(refund.payment_id, "pi_late");
    EXPECT_EQ(refund.amount_minor, checkout(c).amount_minor);
    EXPECT_EQ(refund.reason, RefundReason::compensation);
    EXPECT_EQ(refund.state, RefundState::owed);
    EXPECT_EQ(state.owed_refunds().size(), 1u);
    EXPECT_EQ(settle_ok(c, "pi_late").status, Status::payment_refunded);
    EXPECT_EQ(state.refunds().size(), 1u) << "a repeated late answer owes nothing more";
}

TEST_F(Checkouts, RefundsAreSettledFailedAndRetried) {
    const std::uint32_t c = start(1, {"A/1/9"});
    now = checkout(c).deadline;
    run(ExpireCheckouts{});
    settle_ok(c);
    const RefundId id = state.refunds()[0].id;
    EXPECT_TRUE(run(SettleRefund{id, false, "", "card_closed", 5}).ok());
    EXPECT_EQ(state.refunds()[0].state, RefundState::failed);
    EXPECT_EQ(state.refunds()[0].attempts, 5u);
    EXPECT_TRUE(state.owed_refunds().empty());
    EXPECT_EQ(run(RetryRefund{id, key(1)}).status, Status::ok);
    EXPECT_EQ(state.refunds()[0].state, RefundState::owed);
    EXPECT_EQ(state.refunds()[0].retries, 1u) << "the next request goes under a new key";
    EXPECT_EQ(run(RetryRefund{id, key(1)}).replayed, true);
    EXPECT_EQ(state.refunds()[0].retries, 1u) << "a replayed retry is not another one";
    EXPECT_EQ(run(RetryRefund{id, key(2)}).status, Status::invalid_argument);  // owed already
    EXPECT_TRUE(run(SettleRefund{id, true, "re_1", "", 6}).ok());
    EXPECT_EQ(state.refunds()[0].state, RefundState::succeeded);
    EXPECT_EQ(state.refunds()[0].provider_refund_id, "re_1");
    const std::size_t facts = log.size();
    EXPECT_TRUE(run(SettleRefund{id, false, "", "late", 7}).ok());
    EXPECT_EQ(log.size(), facts) << "a refund settled stays settled";
    EXPECT_EQ(run(SettleRefund{RefundId{9, 9}, true, "re_x", "", 1}).status,
              Status::refund_not_found);
}

// Regression: a listing filtered by state was paged with after = after + listed,
// so the refunds it had skipped pulled the next page back over ones already
// shown. page_refunds says where the next page starts.
TEST_F(Checkouts, FilteredRefundPagesNeitherRepeatNorSkip) {
    for (std::uint64_t i = 0; i < 7; ++i) {
        apply(state, RefundOwed{RefundId{0xF0, i + 1}, CheckoutId{}, "pi_" + std::to_string(i), 100,
                                "EUR", RefundReason::compensation, now});
        if (i % 2 == 1) apply(state, RefundSucceeded{RefundId{0xF0, i + 1}, "re", now});
    }
    RefundPage page = page_refunds(state, RefundState::owed, 0, 2);
    EXPECT_EQ(page.refunds, (std::vector<std::uint32_t>{0, 2}));
    EXPECT_TRUE(page.more);
    EXPECT_EQ(page.next_after, 4u) << "past the succeeded refund the page skipped";
    page = page_refunds(state, RefundState::owed, page.next_after, 2);
    EXPECT_EQ(page.refunds, (std::vector<std::uint32_t>{4, 6}));
    EXPECT_FALSE(page.more);
    EXPECT_EQ(page.next_after, 7u);
    page = page_refunds(state, RefundState::succeeded, 0, 10);
    EXPECT_EQ(page.refunds, (std::vector<std::uint32_t>{1, 3, 5}));
    EXPECT_TRUE(page_refunds(state, std::nullopt, 99, 10).refunds.empty()) << "past the end";
    EXPECT_EQ(page_refunds(state, std::nullopt, 99, 10).next_after, 7u);
}

TEST_F(Checkouts, ARetryAnswersWithWhereTheCheckoutIsNow) {
    const std::uint32_t c = start(1, {"ACC/1/4"}, key(7));
    StartCheckout again{held, session(1), "buyer-1", "pm_card_visa", key(7)};
    Result r = run(again);
    EXPECT_TRUE(r.replayed);
    EXPECT_EQ(r.status, Status::ok);
    EXPECT_EQ(reply_of<CheckoutReply>(r).checkout, c);
    run(SettleCheckout{checkout(c).id, ChargeResult::declined, "", "card_declined"});
    r = run(again);
    EXPECT_TRUE(r.replayed);
    EXPECT_EQ(r.status, Status::payment_declined);
    again.payment_method = "pm_card_mastercard";
    EXPECT_EQ(run(again).status, Status::idempotency_key_reused);
}

TEST_F(Checkouts, BadInputIsRefused) {
    const Result h = hold(1, {"A/1/1"});
    const HoldId id = reply_of<HoldReply>(h).hold;
    EXPECT_EQ(run(StartCheckout{id, session(1), "", "pm_card_visa", {}}).status,
              Status::invalid_argument);
    EXPECT_EQ(
        run(StartCheckout{id, session(1), "b", std::string(kPaymentMethodBytesMax + 1, 'm'), {}})
            .status,
        Status::invalid_argument);
    EXPECT_EQ(run(StartCheckout{id, session(2), "b", "pm_card_visa", {}}).status,
              Status::wrong_session);
    EXPECT_EQ(run(SettleCheckout{CheckoutId{1, 1}, ChargeResult::succeeded, "pi", ""}).status,
              Status::checkout_not_found);
    const std::uint32_t c = start(3, {"A/2/1"});
    EXPECT_EQ(run(SettleCheckout{checkout(c).id, ChargeResult::succeeded, "", ""}).status,
              Status::invalid_argument);  // a success without the provider's id
}

TEST_F(Checkouts, EveryTierMustBeInTheEventsCurrency) {
    SaleSettings usd;
    usd.currency = "USD";
    EXPECT_EQ(run(CreateEvent{43, venue_, usd}).status, Status::event_exists);
    EventState other;
    FactBuffer out;
    EXPECT_EQ(execute(other, CreateEvent{44, venue_, usd}, now, rng, out).status,
              Status::invalid_argument);
    SaleSettings eur;
    eur.currency = "EUR";
    EXPECT_EQ(execute(other, CreateEvent{44, venue_, eur}, now, rng, out).status, Status::ok);
    SaleSettings lower;
    lower.currency = "eur";
    EXPECT_FALSE(validate(lower).empty());
}

TEST_F(Checkouts, TheLogReplaysToTheSameState) {
    const std::uint32_t sold = start(1, {"A/1/1"});
    settle_ok(sold, "pi_s");
    const std::uint32_t declined = start(2, {"A/1/2"});
    run(SettleCheckout{checkout(declined).id, ChargeResult::declined, "", "no"});
    const std::uint32_t late = start(3, {"A/1/3"});
    now = checkout(late).deadline;
    run(ExpireCheckouts{});
    settle_ok(late, "pi_late");
    run(SettleRefund{state.refunds()[0].id, false, "", "x", 1});
    start(4, {"A/1/4"});  // still paying when the log ends
    const EventState again = replayed();
    EXPECT_TRUE(same_state(again.image(), state.image()));
    EXPECT_EQ(again.paying_checkouts().size(), 1u);
    EXPECT_EQ(again.check_invariants(), "");
    const EventState restored = EventState::from_image(state.image());
    EXPECT_EQ(restored.paying_checkout(state.checkouts()[3].hold), 3u);
}

}  // namespace
}  // namespace seat::testing
