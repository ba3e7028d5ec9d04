// Proves each command's success and refusal paths on a small venue: holds are
// all-or-nothing and name every refused seat, only the holder may release,
// extend or buy, expired holds cannot be revived, groups are enforced, blocks
// wait for holds, and a purchase issues exactly one ticket per seat.
#include "tests/engine/fixture.h"

namespace seat::testing {
namespace {

using EngineCommands = EventFixture;

TEST_F(EngineCommands, CreatedEventStartsAvailableExceptInitiallyBlocked) {
    EXPECT_EQ(state.capacity(), 29u);
    EXPECT_EQ(state.totals()[SeatStatus::available], 28u);
    EXPECT_EQ(state.totals()[SeatStatus::blocked], 1u);
    EXPECT_EQ(status_of("ACC/1/5"), SeatStatus::blocked);
    EXPECT_EQ(run(CreateEvent{42, venue_, SaleSettings{}}).status, Status::event_exists);
}

TEST_F(EngineCommands, CreateRefusesBadSettings) {
    EventState fresh;
    FactBuffer out;
    SaleSettings s;
    s.max_seats_per_hold = kHoldSeatsMax + 1;
    EXPECT_EQ(decide(fresh, CreateEvent{1, venue_, s}, now, rng, out).status,
              Status::invalid_argument);
    s = SaleSettings{};
    s.hold_ttl_ms = 0;
    EXPECT_EQ(decide(fresh, CreateEvent{1, venue_, s}, now, rng, out).status,
              Status::invalid_argument);
    EXPECT_EQ(decide(fresh, CreateEvent{0, venue_, SaleSettings{}}, now, rng, out).status,
              Status::invalid_argument);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(decide(fresh, PlaceHold{session(1), {0}, {}}, now, rng, out).status,
              Status::event_not_found);
}

TEST_F(EngineCommands, HoldSucceedsAndSetsExpiry) {
    Result r = hold(1, {"A/1/1", "A/1/2"});
    ASSERT_EQ(r.status, Status::ok);
    EXPECT_FALSE(reply_of<HoldReply>(r).hold.is_none());
    EXPECT_EQ(reply_of<HoldReply>(r).expires_at, now + kHoldTtlMsDefault);
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::held);
    EXPECT_EQ(state.totals()[SeatStatus::held], 2u);
    EXPECT_EQ(state.session_live_holds(session(1)), 1u);
}

TEST_F(EngineCommands, HoldIsAllOrNothingAndNamesEveryRefusedSeat) {
    ASSERT_TRUE(hold(1, {"A/1/2"}).ok());
    Result sold = hold(2, {"A/1/3"});
    ASSERT_TRUE(purchase(reply_of<HoldReply>(sold).hold, 2).ok());

    Result r = hold(3, {"A/1/1", "A/1/2", "A/1/3", "ACC/1/5"});
    EXPECT_EQ(r.status, Status::seats_unavailable);
    ASSERT_EQ(r.refusals.size(), 3u);
    EXPECT_EQ(r.refusals[0], (SeatRefusal{seat("A/1/2"), SeatProblem::held}));
    EXPECT_EQ(r.refusals[1], (SeatRefusal{seat("A/1/3"), SeatProblem::sold}));
    EXPECT_EQ(r.refusals[2], (SeatRefusal{seat("ACC/1/5"), SeatProblem::blocked}));
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::available) << "nothing of a refused hold is kept";
}

TEST_F(EngineCommands, HoldRefusesUnknownDuplicateEmptyAndTooMany) {
    PlaceHold c{session(1), {seat("A/1/1"), 999}, {}};
    Result r = run(c);
    EXPECT_EQ(r.status, Status::invalid_argument);
    ASSERT_EQ(r.refusals.size(), 1u);
    EXPECT_EQ(r.refusals[0].problem, SeatProblem::unknown);

    r = run(PlaceHold{session(1), {seat("A/1/1"), seat("A/1/1")}, {}});
    EXPECT_EQ(r.status, Status::invalid_argument);
    EXPECT_EQ(r.refusals[0].problem, SeatProblem::duplicate);

    EXPECT_EQ(run(PlaceHold{session(1), {}, {}}).status, Status::invalid_argument);

    PlaceHold many{session(1), {}, {}};
    for (SeatId s = 0; s < kSeatsPerHoldDefault + 1; ++s)
        many.seats.push_back(s);
    EXPECT_EQ(run(many).status, Status::too_many_seats);
    EXPECT_EQ(state.totals()[SeatStatus::held], 0u);
}

TEST_F(EngineCommands, SessionHoldLimit) {
    for (std::uint32_t i = 0; i < kSessionHoldsDefault; ++i)
        ASSERT_TRUE(run(PlaceHold{session(1), {i}, {}}).ok());
    EXPECT_EQ(run(PlaceHold{session(1), {10}, {}}).status, Status::session_hold_limit);
    EXPECT_TRUE(run(PlaceHold{session(2), {10}, {}}).ok()) << "the limit is per session";
}

TEST_F(EngineCommands, TogetherGroupIsSoldWhole) {
    Result r = hold(1, {"BOX/1/1", "BOX/1/2"});
    EXPECT_EQ(r.status, Status::group_rule);
    EXPECT_EQ(r.refusals.size(), 2u);
    EXPECT_EQ(r.refusals[0].problem, SeatProblem::group_incomplete);
    EXPECT_TRUE(hold(1, {"BOX/1/1", "BOX/1/2", "BOX/1/3", "BOX/1/4"}).ok());
}

TEST_F(EngineCommands, CompanionSeatNeedsItsAccessibleSeat) {
    Result r = hold(1, {"ACC/1/2"});
    EXPECT_EQ(r.status, Status::group_rule);
    ASSERT_EQ(r.refusals.size(), 1u);
    EXPECT_EQ(r.refusals[0].problem, SeatProblem::companion_needs_anchor);
    EXPECT_TRUE(hold(1, {"ACC/1/1"}).ok()) << "the accessible seat may be held alone";
    EXPECT_TRUE(hold(2, {"ACC/1/4"}).ok());
    EXPECT_EQ(hold(3, {"ACC/1/1", "ACC/1/2"}).refusals[0].problem, SeatProblem::held);
}

TEST_F(EngineCommands, ReleaseOnlyByTheHoldingSession) {
    Result h = hold(1, {"A/1/1"});
    EXPECT_EQ(run(ReleaseHold{reply_of<HoldReply>(h).hold, session(2), {}}).status,
              Status::wrong_session);
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::held);
    EXPECT_TRUE(run(ReleaseHold{reply_of<HoldReply>(h).hold, session(1), {}}).ok());
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::available);
    EXPECT_EQ(run(ReleaseHold{reply_of<HoldReply>(h).hold, session(1), {}}).status,
              Status::hold_not_found);
    EXPECT_EQ(state.session_live_holds(session(1)), 0u);
}

TEST_F(EngineCommands, StaleHoldIdDoesNotReachTheSlotsNextHold) {
    Result first = hold(1, {"A/1/1"});
    ASSERT_TRUE(run(ReleaseHold{reply_of<HoldReply>(first).hold, session(1), {}}).ok());
    Result second = hold(1, {"A/1/2"});
    ASSERT_EQ(reply_of<HoldReply>(second).hold.slot(), reply_of<HoldReply>(first).hold.slot())
        << "the slot is reused";
    EXPECT_EQ(run(ReleaseHold{reply_of<HoldReply>(first).hold, session(1), {}}).status,
              Status::hold_not_found);
    EXPECT_EQ(status_of("A/1/2"), SeatStatus::held);
}

TEST_F(EngineCommands, ExtendForCheckout) {
    Result h = hold(1, {"A/1/1"});
    now += 60'000;
    EXPECT_EQ(run(ExtendHold{reply_of<HoldReply>(h).hold, session(2), {}}).status,
              Status::wrong_session);
    Result e = run(ExtendHold{reply_of<HoldReply>(h).hold, session(1), {}});
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(reply_of<HoldReply>(e).expires_at, now + kCheckoutTtlMsDefault);
    EXPECT_EQ(run(ExtendHold{reply_of<HoldReply>(h).hold, session(1), {}}).status,
              Status::hold_already_extended);
}

TEST_F(EngineCommands, ExpiredHoldCannotBeExtendedOrPurchased) {
    Result h = hold(1, {"A/1/1"});
    now += kHoldTtlMsDefault;  // exactly at expiry: expired
    Result e = run(ExtendHold{reply_of<HoldReply>(h).hold, session(1), {}});
    EXPECT_EQ(e.status, Status::hold_expired);
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::available) << "the refusal expires the hold now";
    EXPECT_EQ(run(ExtendHold{reply_of<HoldReply>(h).hold, session(1), {}}).status,
              Status::hold_not_found);
    EXPECT_EQ(purchase(reply_of<HoldReply>(h).hold, 1).status, Status::hold_not_found);

    Result h2 = hold(1, {"A/1/2"});
    now += kHoldTtlMsDefault + 1;
    EXPECT_EQ(purchase(reply_of<HoldReply>(h2).hold, 1).status, Status::hold_expired);
    EXPECT_EQ(state.tickets().size(), 0u);
}

TEST_F(EngineCommands, TimerExpiresDueHoldsOnly) {
    Result a = hold(1, {"A/1/1"});
    now += 1000;
    Result b = hold(2, {"A/1/2"});
    Result c = hold(3, {"A/1/3"});
    ASSERT_TRUE(run(ExtendHold{reply_of<HoldReply>(c).hold, session(3), {}}).ok());
    EXPECT_EQ(reply_of<ExpireReply>(run(ExpireHolds{})).holds_expired, 0u);
    now = kStart + kHoldTtlMsDefault;
    Result r = run(ExpireHolds{});
    EXPECT_EQ(reply_of<ExpireReply>(r).holds_expired, 1u);
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::available);
    EXPECT_EQ(status_of("A/1/2"), SeatStatus::held);
    now += 1000;
    EXPECT_EQ(reply_of<ExpireReply>(run(ExpireHolds{})).holds_expired, 1u);
    EXPECT_EQ(status_of("A/1/3"), SeatStatus::held) << "the extended hold lives on";
    now = kStart + 1000 + kCheckoutTtlMsDefault;
    EXPECT_EQ(reply_of<ExpireReply>(run(ExpireHolds{})).holds_expired, 1u);
    EXPECT_EQ(state.live_hold_count(), 0u);
    (void)b;
    (void)a;
}

TEST_F(EngineCommands, HoldOnSeatOfAnExpiredHoldExpiresItFirst) {
    Result a = hold(1, {"A/1/1", "A/1/2"});
    now += kHoldTtlMsDefault + 5;
    Result b = hold(2, {"A/1/2"});
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::available);
    EXPECT_EQ(reply_of<HoldReply>(b).hold.slot(), reply_of<HoldReply>(a).hold.slot());
    EXPECT_NE(reply_of<HoldReply>(b).hold, reply_of<HoldReply>(a).hold);
}

TEST_F(EngineCommands, PurchaseIssuesOneTicketPerSeat) {
    Result h = hold(1, {"A/1/1", "A/1/2", "A/1/3"});
    EXPECT_EQ(purchase(reply_of<HoldReply>(h).hold, 2).status, Status::wrong_session);
    EXPECT_EQ(run(Purchase{reply_of<HoldReply>(h).hold, session(1), "", "pay", {}}).status,
              Status::invalid_argument);
    EXPECT_EQ(
        run(Purchase{reply_of<HoldReply>(h).hold, session(1), "buyer", std::string(200, 'x'), {}})
            .status,
        Status::invalid_argument);
    Result p = purchase(reply_of<HoldReply>(h).hold, 1);
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(reply_of<PurchaseReply>(p).ticket_count, 3u);
    for (std::uint32_t i = 0; i < 3; ++i) {
        const Ticket& t = state.tickets()[reply_of<PurchaseReply>(p).first_ticket + i];
        EXPECT_EQ(t.status, TicketStatus::valid);
        EXPECT_EQ(state.seat(t.seat).status, SeatStatus::sold);
        EXPECT_EQ(state.purchases()[t.purchase].buyer_id, "buyer-1");
        EXPECT_EQ(to_string(t.id)[14], '4') << "ticket ids are UUID v4";
    }
    EXPECT_EQ(state.tier_revenue(0), 3 * 5000);
    EXPECT_EQ(purchase(reply_of<HoldReply>(h).hold, 1).status, Status::hold_not_found)
        << "no double purchase";
    EXPECT_EQ(state.tickets().size(), 3u);
}

TEST_F(EngineCommands, BlockWaitsForHoldAndRefusesSold) {
    Result h = hold(1, {"A/1/1"});
    Result s = hold(2, {"A/1/2"});
    ASSERT_TRUE(purchase(reply_of<HoldReply>(s).hold, 2).ok());

    Result refused = run(BlockSeats{{seat("A/1/2"), seat("A/1/3")}, {}});
    EXPECT_EQ(refused.status, Status::seats_unavailable);
    EXPECT_EQ(refused.refusals[0], (SeatRefusal{seat("A/1/2"), SeatProblem::sold}));
    EXPECT_EQ(status_of("A/1/3"), SeatStatus::available);

    Result b = run(BlockSeats{{seat("A/1/1"), seat("A/1/3")}, {}});
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(reply_of<BlockReply>(b).seats_changed, 1u);
    EXPECT_EQ(reply_of<BlockReply>(b).seats_pending, 1u);
    EXPECT_EQ(status_of("A/1/3"), SeatStatus::blocked);
    EXPECT_EQ(hold(3, {"A/1/1"}).refusals[0].problem, SeatProblem::blocked)
        << "a held seat with a block waiting will never be available: say blocked";
    ASSERT_TRUE(run(ReleaseHold{reply_of<HoldReply>(h).hold, session(1), {}}).ok());
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::blocked)
        << "the block takes effect when the hold ends";

    Result u = run(UnblockSeats{{seat("A/1/1"), seat("A/1/3"), seat("A/1/4")}, {}});
    ASSERT_TRUE(u.ok());
    EXPECT_EQ(reply_of<BlockReply>(u).seats_changed, 2u);
    EXPECT_EQ(status_of("A/1/1"), SeatStatus::available);
    EXPECT_EQ(run(BlockSeats{{999}, {}}).status, Status::invalid_argument);
    EXPECT_EQ(run(BlockSeats{{}, {}}).status, Status::invalid_argument);
}

TEST_F(EngineCommands, PurchaseOfHoldWithPendingBlockSellsTheSeat) {
    Result h = hold(1, {"A/2/1"});
    ASSERT_TRUE(run(BlockSeats{{seat("A/2/1")}, {}}).ok());
    ASSERT_TRUE(purchase(reply_of<HoldReply>(h).hold, 1).ok());
    EXPECT_EQ(status_of("A/2/1"), SeatStatus::sold);
    EXPECT_FALSE(state.seat(seat("A/2/1")).block_pending);
}

// The contract the server builds its answers on (engine/result.h): each command
// answers with its own reply type, a replay too; a refusal carries a reply only
// where it names something (the hold it expired), else none.
TEST_F(EngineCommands, EachCommandAnswersWithItsReplyType) {
    EventState fresh;
    FactBuffer out;
    EXPECT_NE(decide(fresh, CreateEvent{1, venue_, SaleSettings{}}, now, rng, out)
                  .reply_as<CreateReply>(),
              nullptr);

    const Result h = hold(1, {"A/1/1"}, key(1));
    const HoldId id = reply_of<HoldReply>(h).hold;
    EXPECT_EQ(reply_of<HoldReply>(hold(1, {"A/1/1"}, key(1))), reply_of<HoldReply>(h)) << "replay";
    const Result refused = hold(2, {"A/1/1"});
    EXPECT_TRUE(std::holds_alternative<std::monostate>(refused.reply));
    EXPECT_EQ(reply_of<HoldReply>(run(ExtendHold{id, session(1), {}})).hold, id);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(run(ExtendHold{id, session(1), {}}).reply))
        << "hold_already_extended names nothing";
    EXPECT_EQ(reply_of<ReleaseReply>(run(ReleaseHold{id, session(1), key(2)})).hold, id);
    EXPECT_EQ(reply_of<ReleaseReply>(run(ReleaseHold{id, session(1), key(2)})).hold, id)
        << "replay";

    const HoldId late = reply_of<HoldReply>(hold(1, {"A/1/2"})).hold;
    now += kHoldTtlMsDefault;
    const Result expired = purchase(late, 1);
    EXPECT_EQ(expired.status, Status::hold_expired);
    EXPECT_EQ(reply_of<HoldReply>(expired), (HoldReply{late, 0}));

    const HoldId bought = reply_of<HoldReply>(hold(1, {"A/1/3", "A/1/4"})).hold;
    EXPECT_EQ(reply_of<PurchaseReply>(purchase(bought, 1, key(3))), (PurchaseReply{bought, 0, 2}));
    EXPECT_EQ(reply_of<PurchaseReply>(purchase(bought, 1, key(3))), (PurchaseReply{bought, 0, 2}))
        << "replay";
    EXPECT_EQ(reply_of<BlockReply>(run(BlockSeats{{seat("A/2/1")}, key(4)})), (BlockReply{1, 0}));
    EXPECT_EQ(reply_of<BlockReply>(run(UnblockSeats{{seat("A/2/1")}, key(5)})), (BlockReply{1, 0}));
    EXPECT_EQ(reply_of<ExpireReply>(run(ExpireHolds{})).holds_expired, 0u);
}

TEST_F(EngineCommands, SummaryCountsBySectionAndTier) {
    Result h = hold(1, {"BOX/1/1", "BOX/1/2", "BOX/1/3", "BOX/1/4"});
    ASSERT_TRUE(purchase(reply_of<HoldReply>(h).hold, 1).ok());
    ASSERT_TRUE(hold(2, {"A/1/1"}).ok());
    EventSummary s = summarize(state);
    EXPECT_EQ(s.totals[SeatStatus::sold], 4u);
    EXPECT_EQ(s.totals[SeatStatus::held], 1u);
    EXPECT_EQ(s.sections[1][SeatStatus::sold], 4u);
    EXPECT_EQ(s.sections[0][SeatStatus::held], 1u);
    EXPECT_EQ(s.tiers[1].revenue_minor, 4 * 12000);
    EXPECT_EQ(s.tiers[1].counts[SeatStatus::sold], 4u);
    EXPECT_EQ(s.tickets, 4u);
    EXPECT_EQ(s.live_holds, 1u);

    std::vector<SeatStatus> statuses(venue_->sections[1].seat_count);
    section_statuses(state, 1, statuses);
    for (SeatStatus st : statuses)
        EXPECT_EQ(st, SeatStatus::sold);
    SeatView v = seat_view(state, seat("A/1/1"));
    EXPECT_EQ(v.status, SeatStatus::held);
    EXPECT_FALSE(v.hold.is_none());
    EXPECT_NE(seat_view(state, seat("BOX/1/1")).ticket, nullptr);
}

}  // namespace
}  // namespace seat::testing
