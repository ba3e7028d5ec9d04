// Proves that a repeated idempotency key returns the original outcome without
// acting twice (also after the state is rebuilt from the log), that a key reused
// for a different command is refused, and that the window is bounded.
#include "tests/engine/fixture.h"

namespace seat::testing {
namespace {

using EngineIdempotency = EventFixture;

TEST_F(EngineIdempotency, RepeatedHoldReturnsTheSameHold) {
    Result first = hold(1, {"A/1/1"}, key(1));
    const std::size_t facts = log.size();
    now += 50;
    Result again = hold(1, {"A/1/1"}, key(1));
    EXPECT_TRUE(again.ok());
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(reply_of<HoldReply>(again).hold, reply_of<HoldReply>(first).hold);
    EXPECT_EQ(reply_of<HoldReply>(again).expires_at, reply_of<HoldReply>(first).expires_at);
    EXPECT_EQ(log.size(), facts) << "a replayed command writes no fact";
}

TEST_F(EngineIdempotency, RepeatedPurchaseSellsOnceAndReturnsTheSameTickets) {
    Result h = hold(1, {"A/1/1", "A/1/2"}, key(1));
    Result p1 = purchase(reply_of<HoldReply>(h).hold, 1, key(2));
    Result p2 = purchase(reply_of<HoldReply>(h).hold, 1, key(2));
    ASSERT_TRUE(p1.ok());
    ASSERT_TRUE(p2.ok());
    EXPECT_TRUE(p2.replayed);
    EXPECT_EQ(reply_of<PurchaseReply>(p1).first_ticket, reply_of<PurchaseReply>(p2).first_ticket);
    EXPECT_EQ(reply_of<PurchaseReply>(p1).ticket_count, reply_of<PurchaseReply>(p2).ticket_count);
    EXPECT_EQ(state.tickets().size(), 2u);

    // After recovery from the log the same retry gets the same answer.
    EventState rebuilt = replayed();
    FactBuffer out;
    Result p3 = decide(
        rebuilt, Purchase{reply_of<HoldReply>(h).hold, session(1), "buyer-1", "pay-1", key(2)}, now,
        rng, out);
    EXPECT_TRUE(p3.replayed);
    EXPECT_EQ(reply_of<PurchaseReply>(p3).first_ticket, reply_of<PurchaseReply>(p1).first_ticket);
    EXPECT_TRUE(out.empty());
}

TEST_F(EngineIdempotency, KeyReusedForAnotherCommandIsRefused) {
    ASSERT_TRUE(hold(1, {"A/1/1"}, key(1)).ok());
    EXPECT_EQ(hold(1, {"A/1/2"}, key(1)).status, Status::idempotency_key_reused);
    EXPECT_EQ(run(BlockSeats{{seat("A/1/3")}, key(1)}).status, Status::idempotency_key_reused);
    EXPECT_EQ(status_of("A/1/2"), SeatStatus::available);
}

TEST_F(EngineIdempotency, RefusalIsNotRememberedSoARetryIsDecidedAfresh) {
    Result a = hold(1, {"A/1/1"});
    EXPECT_EQ(hold(2, {"A/1/1"}, key(9)).status, Status::seats_unavailable);
    ASSERT_TRUE(run(ReleaseHold{reply_of<HoldReply>(a).hold, session(1), {}}).ok());
    EXPECT_TRUE(hold(2, {"A/1/1"}, key(9)).ok());
}

TEST_F(EngineIdempotency, WindowForgetsTheOldestBeyondItsBound) {
    // Hold and release one seat repeatedly, each with a fresh key: the window
    // keeps the last kIdempotencyWindow results.
    Result first = hold(1, {"A/1/1"}, key(1));
    ASSERT_TRUE(first.ok());
    std::uint64_t k = 2;
    HoldId h = reply_of<HoldReply>(first).hold;
    bool held = true;
    FactBuffer out;
    while (state.idempotency().size() < kIdempotencyWindow) {
        if (held) {
            ASSERT_TRUE(execute(state, ReleaseHold{h, session(1), key(k++)}, now, rng, out).ok());
        } else {
            Result r =
                execute(state, PlaceHold{session(1), {seat("A/1/1")}, key(k++)}, now, rng, out);
            ASSERT_TRUE(r.ok());
            h = reply_of<HoldReply>(r).hold;
        }
        held = !held;
        out.clear();
    }
    EXPECT_NE(state.idempotency().find(key(1)), nullptr);
    ASSERT_TRUE(execute(state, BlockSeats{{seat("A/2/1")}, key(k++)}, now, rng, out).ok());
    EXPECT_EQ(state.idempotency().find(key(1)), nullptr) << "the oldest entry is forgotten";
    EXPECT_NE(state.idempotency().find(key(2)), nullptr);
    EXPECT_EQ(state.idempotency().size(), kIdempotencyWindow);
}

}  // namespace
}  // namespace seat::testing
