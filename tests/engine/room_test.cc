// Proves the waiting room's rules in the engine: joins before the sale form a
// pre-queue shuffled once at the start, then FIFO; admission comes in batches,
// never above max_active and never beyond the seats left on sale, stops when
// every seat is held and resumes when holds end; a hold needs the entry's own
// token (its session, its expiry) and keeps to the token's limits; lapsed
// positions are reclaimed and not counted; the ETA comes from the measured
// rate; and the whole log replays, and the state round-trips its image.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "engine/room/view.h"
#include "tests/engine/fixture.h"

namespace seat::testing {
namespace {

class Rooms : public EventFixture {
  protected:
    static constexpr UnixMillis kSaleOpens = kStart + 60'000;

    void SetUp() override {
        SaleSettings s;
        s.sale_starts_at_ms = kSaleOpens;
        s.room.enabled = true;
        s.room.max_active = 3;
        s.room.batch_size = 2;
        s.room.batch_interval_ms = 1'000;
        s.room.token_ttl_ms = 30'000;
        s.room.seats_per_token = 2;
        s.room.holds_per_token = 1;
        create(s);
    }

    std::uint32_t join(std::uint64_t sess) {
        const Result r = run(JoinQueue{session(sess)});
        EXPECT_EQ(r.status, Status::ok) << to_string(r.status);
        return reply_of<QueueReply>(r).entry;
    }
    RoomTickReply tick(std::vector<std::uint32_t> lapsed = {}) {
        const Result r = run(RunRoom{std::move(lapsed)});
        EXPECT_EQ(r.status, Status::ok);
        return reply_of<RoomTickReply>(r);
    }
    // The entry's claim as the server would make it from a good token.
    AdmissionClaim claim(std::uint32_t entry, std::uint64_t sess) const {
        return AdmissionClaim{true, true, entry, state.room().entry(entry).token_expires_at,
                              session(sess)};
    }
    Result hold_with(std::uint64_t sess, std::initializer_list<std::string_view> names,
                     const AdmissionClaim& c) {
        PlaceHold h{session(sess), {}, key(1000 + ++keys_used), c};
        for (auto n : names)
            h.seats.push_back(seat(n));
        return run(h);
    }
    std::uint64_t keys_used = 0;
    EntryState state_of(std::uint32_t e) const { return state.room().entry(e).state; }
    // Entries in the order they were admitted.
    std::vector<std::uint32_t> admitted_order() const {
        std::vector<std::uint32_t> out;
        for (const Fact& f : log)
            if (const auto* a = std::get_if<QueueAdmitted>(&f))
                out.insert(out.end(), a->entries.begin(), a->entries.end());
        return out;
    }
};

TEST_F(Rooms, ThePreQueueIsShuffledOnceAtTheSaleStartAndLaterJoinsQueueInOrder) {
    std::vector<std::uint32_t> early;
    for (std::uint64_t s = 1; s <= 40; ++s)
        early.push_back(join(s));
    const QueueView before = queue_view(state, early[0], now);
    EXPECT_FALSE(before.position_known);
    EXPECT_EQ(before.ahead, 39u);
    EXPECT_EQ(room_view(state, now).state, RoomState::before_sale);
    EXPECT_EQ(hold(1, {"A/1/1"}).status, Status::sale_not_started);

    EXPECT_FALSE(tick().opened);  // not yet
    now = kSaleOpens;
    EXPECT_TRUE(tick().opened);
    const std::uint32_t late1 = join(100), late2 = join(101);

    // Every early entry has a distinct position in 1..40; the order is not the join order.
    std::vector<std::uint32_t> positions;
    for (std::uint32_t e : early) {
        positions.push_back(queue_view(state, e, now).ahead + 1);
        EXPECT_EQ(queue_view(state, e, now).place, positions.back()) << "nobody left yet";
    }
    std::vector<std::uint32_t> sorted = positions;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::uint32_t> one_to_40(40);
    std::iota(one_to_40.begin(), one_to_40.end(), 1u);
    EXPECT_EQ(sorted, one_to_40);
    EXPECT_NE(positions, one_to_40) << "the pre-queue kept its join order";
    EXPECT_EQ(queue_view(state, late1, now).ahead, 40u);
    EXPECT_EQ(queue_view(state, late2, now).ahead, 41u);
    EXPECT_EQ(queue_view(state, late2, now).place, 42u);

    // Admission follows the drawn order exactly.
    now += 1'000;
    tick();
    const std::vector<std::uint32_t> first = admitted_order();
    ASSERT_EQ(first.size(), 2u);
    for (std::uint32_t e : first)
        EXPECT_LE(positions[e], 2u);
    // The same log draws the same order.
    EXPECT_TRUE(same_state(replayed().image(), state.image()));
}

TEST_F(Rooms, BatchesNeverExceedMaxActiveAndRefillAsShoppersFinish) {
    now = kSaleOpens;
    tick();
    std::vector<std::uint32_t> e;
    for (std::uint64_t s = 1; s <= 6; ++s)
        e.push_back(join(s));
    for (int i = 0; i < 5; ++i) {
        now += 1'000;
        tick();
        EXPECT_LE(state.room().active(), 3u);
    }
    EXPECT_EQ(state.room().active(), 3u);
    EXPECT_EQ(state.room().waiting(), 3u);
    // Entry 0 buys: its admission is done, one place opens at the next batch.
    const Result h = hold_with(1, {"A/1/1"}, claim(e[0], 1));
    ASSERT_EQ(h.status, Status::ok) << to_string(h.status);
    ASSERT_EQ(purchase(reply_of<HoldReply>(h).hold, 1).status, Status::ok);
    EXPECT_EQ(state_of(e[0]), EntryState::done);
    EXPECT_EQ(state.room().active(), 2u);
    now += 1'000;
    EXPECT_EQ(tick().admitted, 1u);
    EXPECT_EQ(state_of(e[3]), EntryState::admitted);
    EXPECT_EQ(state.room().active(), 3u);
}

TEST_F(Rooms, AHoldNeedsTheEntrysOwnTokenAndKeepsToItsLimits) {
    now = kSaleOpens;
    tick();
    const std::uint32_t a = join(1), b = join(2), c = join(3);
    now += 1'000;
    tick();
    ASSERT_EQ(state_of(a), EntryState::admitted);
    ASSERT_EQ(state_of(b), EntryState::admitted);
    ASSERT_EQ(state_of(c), EntryState::waiting);

    EXPECT_EQ(hold(1, {"A/1/1"}).status, Status::not_admitted);  // no token
    AdmissionClaim forged = claim(a, 1);
    forged.verified = false;
    EXPECT_EQ(hold_with(1, {"A/1/1"}, forged).status, Status::not_admitted);
    EXPECT_EQ(hold_with(9, {"A/1/1"}, claim(a, 9)).status, Status::not_admitted);  // other session
    AdmissionClaim old = claim(a, 1);
    old.expires_at -= 1;  // not the entry's current token
    EXPECT_EQ(hold_with(1, {"A/1/1"}, old).status, Status::not_admitted);
    AdmissionClaim waiting{true, true, c, 0, session(3)};
    EXPECT_EQ(hold_with(3, {"A/1/1"}, waiting).status, Status::not_admitted);
    EXPECT_EQ(hold_with(1, {"A/1/1", "A/1/2", "A/1/3"}, claim(a, 1)).status,
              Status::too_many_seats);  // seats_per_token 2

    const Result ok = hold_with(1, {"A/1/1", "A/1/2"}, claim(a, 1));
    ASSERT_EQ(ok.status, Status::ok) << to_string(ok.status);
    EXPECT_EQ(state.live_hold(reply_of<HoldReply>(ok).hold)->admission, a);
    EXPECT_EQ(hold_with(1, {"A/1/3"}, claim(a, 1)).status, Status::admission_limit);

    // Checkout needs the hold's own token too.
    const HoldId held = reply_of<HoldReply>(ok).hold;
    EXPECT_EQ(run(StartCheckout{held, session(1), "buyer-1", "pm_card_visa", key(7)}).status,
              Status::not_admitted);
    EXPECT_EQ(
        run(StartCheckout{held, session(1), "buyer-1", "pm_card_visa", key(8), claim(b, 2)}).status,
        Status::not_admitted);
    EXPECT_EQ(
        run(StartCheckout{held, session(1), "buyer-1", "pm_card_visa", key(9), claim(a, 1)}).status,
        Status::ok);

    // A token past its time places nothing.
    now = state.room().entry(b).token_expires_at;
    EXPECT_EQ(hold_with(2, {"A/2/1"}, claim(b, 2)).status, Status::not_admitted);
}

TEST_F(Rooms, AdmissionStopsWhenEverySeatIsHeldAndResumesWhenHoldsExpire) {
    // Leave two seats on sale.
    BlockSeats block{{}, key(1)};
    for (SeatId s = 0; s < state.capacity(); ++s)
        if (state.seat(s).status == SeatStatus::available && s != seat("A/1/1") &&
            s != seat("A/1/2"))
            block.seats.push_back(s);
    ASSERT_EQ(run(block).status, Status::ok);
    now = kSaleOpens;
    tick();
    std::vector<std::uint32_t> e;
    for (std::uint64_t s = 1; s <= 6; ++s)
        e.push_back(join(s));
    now += 1'000;
    EXPECT_EQ(tick().admitted, 2u);  // batch 2 and max 3, but two seats left
    now += 1'000;
    EXPECT_EQ(tick().admitted, 0u) << "the two admitted have a seat each to take";
    ASSERT_EQ(hold_with(1, {"A/1/1"}, claim(e[0], 1)).status, Status::ok);
    ASSERT_EQ(hold_with(2, {"A/1/2"}, claim(e[1], 2)).status, Status::ok);
    EXPECT_EQ(room_view(state, now).state, RoomState::paused);
    const QueueView third = queue_view(state, e[2], now);
    EXPECT_EQ(third.seats_left, 2u);
    EXPECT_EQ(third.ahead, 0u);
    EXPECT_FALSE(queue_view(state, e[4], now).fewer_seats_than_ahead);  // 2 ahead, 2 seats
    EXPECT_TRUE(queue_view(state, e[5], now).fewer_seats_than_ahead);   // 3 ahead
    for (int i = 0; i < 5; ++i) {
        now += 1'000;
        EXPECT_EQ(tick().admitted, 0u) << "admitted with every seat held";
    }
    // The holds expire: their admissions are done, the seats on sale, admission resumes.
    now += SaleSettings{}.hold_ttl_ms;
    run(ExpireHolds{});
    EXPECT_EQ(state_of(e[0]), EntryState::done);
    EXPECT_EQ(room_view(state, now).state, RoomState::open);
    EXPECT_EQ(tick().admitted, 2u);
    EXPECT_EQ(state_of(e[2]), EntryState::admitted);
}

TEST_F(Rooms, SoldOutRefusesJoinsAndAdmitsNoOne) {
    BlockSeats block{{}, key(1)};
    for (SeatId s = 0; s < state.capacity(); ++s)
        if (state.seat(s).status == SeatStatus::available && s != seat("A/1/1"))
            block.seats.push_back(s);
    ASSERT_EQ(run(block).status, Status::ok);
    now = kSaleOpens;
    tick();
    const std::uint32_t a = join(1), b = join(2);
    now += 1'000;
    EXPECT_EQ(tick().admitted, 1u);
    const Result h = hold_with(1, {"A/1/1"}, claim(a, 1));
    ASSERT_TRUE(h.ok());
    ASSERT_EQ(purchase(reply_of<HoldReply>(h).hold, 1).status, Status::ok);
    EXPECT_EQ(room_view(state, now).state, RoomState::sold_out);
    EXPECT_EQ(queue_view(state, b, now).room, RoomState::sold_out);
    EXPECT_LT(queue_view(state, b, now).eta_ms, 0);
    EXPECT_EQ(run(JoinQueue{session(3)}).status, Status::sold_out);
    now += 1'000;
    EXPECT_EQ(tick().admitted, 0u);
}

TEST_F(Rooms, LapsedAndLeftPositionsAreReclaimedAndNotCounted) {
    now = kSaleOpens;
    tick();
    const std::uint32_t a = join(1), b = join(2), c = join(3), d = join(4);
    EXPECT_EQ(queue_view(state, d, now).ahead, 3u);
    tick({b, b, 999});  // repeats and unknown entries are ignored
    EXPECT_EQ(state_of(b), EntryState::abandoned);
    EXPECT_EQ(queue_view(state, d, now).ahead, 2u);
    ASSERT_TRUE(run(LeaveQueue{state.room().entry(a).ticket}).ok());
    EXPECT_EQ(state_of(a), EntryState::left);
    EXPECT_EQ(queue_view(state, d, now).ahead, 1u);
    EXPECT_EQ(state.room().waiting(), 2u);
    // Leaving again changes nothing; an unknown ticket is refused.
    const std::size_t facts = log.size();
    EXPECT_TRUE(run(LeaveQueue{state.room().entry(a).ticket}).ok());
    EXPECT_EQ(log.size(), facts);
    EXPECT_EQ(run(LeaveQueue{QueueTicketId{1, 2}}).status, Status::queue_ticket_not_found);
    // The abandoned session may join again, at the back.
    const std::uint32_t again = join(2);
    EXPECT_NE(again, b);
    EXPECT_EQ(queue_view(state, again, now).ahead, 2u);
    // A live entry's session is answered with its entry.
    const Result same = run(JoinQueue{session(3)});
    EXPECT_TRUE(reply_of<QueueReply>(same).existing);
    EXPECT_EQ(reply_of<QueueReply>(same).entry, c);
    // Admission skips what is not waiting.
    now += 1'000;
    tick();
    EXPECT_EQ(admitted_order(), (std::vector<std::uint32_t>{c, d}));
}

TEST_F(Rooms, ATokenThatExpiresUnusedEndsItsAdmission) {
    now = kSaleOpens;
    tick();
    const std::uint32_t a = join(1), b = join(2);
    now += 1'000;
    tick();
    ASSERT_EQ(hold_with(2, {"A/1/1"}, claim(b, 2)).status, Status::ok);
    now += 30'000;  // both tokens expire; b has a live hold
    const RoomTickReply t = tick();
    EXPECT_EQ(t.ended, 1u);
    EXPECT_EQ(state_of(a), EntryState::done);
    EXPECT_EQ(state_of(b), EntryState::admitted) << "a live hold keeps its admission";
}

TEST_F(Rooms, TheEtaComesFromTheMeasuredRate) {
    SaleSettings s = state.settings();
    s.room.max_active = 1000;
    s.room.batch_size = 10;
    create(s);
    now = kSaleOpens;
    tick();
    std::vector<std::uint32_t> e;
    for (std::uint64_t i = 1; i <= 100; ++i)
        e.push_back(join(i));
    now += 1'000;
    tick();
    EXPECT_LT(queue_view(state, e[50], now).eta_ms, 0) << "one batch is no rate";
    now += 1'000;
    tick();  // 10 per second, measured over two batches
    const QueueView v = queue_view(state, e[50], now);
    ASSERT_GE(v.eta_ms, 0);
    EXPECT_EQ(v.ahead, 30u);
    EXPECT_NEAR(static_cast<double>(v.eta_ms), 3'000.0, 1.0);
    EXPECT_NEAR(room_view(state, now).admission_rate, 10.0, 0.01);
}

TEST_F(Rooms, TheRoomReplaysAndRoundTripsItsImage) {
    for (std::uint64_t s = 1; s <= 10; ++s)
        join(s);
    now = kSaleOpens;
    tick();
    now += 1'000;
    tick({3});
    ASSERT_EQ(hold_with(1, {"A/1/1"}, claim(admitted_order()[0], 0)).status, Status::not_admitted);
    const std::uint32_t first = admitted_order()[0];
    const std::uint64_t sess = state.room().entry(first).session.lo;
    ASSERT_EQ(hold_with(sess, {"A/1/1"}, claim(first, sess)).status, Status::ok);
    EXPECT_TRUE(same_state(replayed().image(), state.image()));
    const EventState copy = EventState::from_image(state.image());
    EXPECT_TRUE(same_state(copy.image(), state.image()));
    EXPECT_EQ(copy.room().waiting(), state.room().waiting());
    EXPECT_EQ(copy.room().ahead_of(9), state.room().ahead_of(9));
    EXPECT_EQ(copy.room().admission_rate(now), state.room().admission_rate(now));
}

TEST_F(Rooms, ASaleOpenAtCreationQueuesInJoinOrder) {
    SaleSettings s = state.settings();
    s.sale_starts_at_ms = 0;
    create(s);
    EXPECT_TRUE(state.room().opened());
    const std::uint32_t a = join(1), b = join(2), c = join(3);
    EXPECT_EQ(queue_view(state, a, now).place, 1u);
    EXPECT_EQ(queue_view(state, c, now).ahead, 2u);
    EXPECT_FALSE(tick().opened) << "nothing to draw";
    now += 1'000;
    tick();
    EXPECT_EQ(admitted_order(), (std::vector<std::uint32_t>{a, b}));
    EXPECT_TRUE(same_state(replayed().image(), state.image()));
}

TEST_F(Rooms, AnEventWithoutARoomRefusesQueueCommandsAndIgnoresTokens) {
    create(SaleSettings{});
    EXPECT_EQ(run(JoinQueue{session(1)}).status, Status::no_waiting_room);
    EXPECT_EQ(run(RunRoom{}).status, Status::no_waiting_room);
    const Result h = hold_with(1, {"A/1/1"}, AdmissionClaim{true, false, 5, 0, session(1)});
    ASSERT_EQ(h.status, Status::ok);
    EXPECT_EQ(state.live_hold(reply_of<HoldReply>(h).hold)->admission, kNone);
}

// Regression (snapshot_fuzz, 2026-12-03): a damaged snapshot whose pre-queue
// was longer than its queue crashed the room's rebuild; restore refuses it.
TEST_F(Rooms, ARestoredImageWithAPreQueueLongerThanItsQueueIsRefused) {
    join(1);
    join(2);
    now = kSaleOpens;
    tick();
    EventImage image = state.image();
    image.room.prequeue = 3;
    std::string problem;
    EXPECT_FALSE(EventState::restore(image, problem).has_value());
    EXPECT_EQ(problem, "image has a pre-queue longer than its queue");
    image.room.prequeue = 2;
    EXPECT_TRUE(EventState::restore(image, problem).has_value()) << problem;
}

TEST(RoomSettingsValidation, RefusesSettingsThatCannotWork) {
    auto with_room = [] {
        SaleSettings s;
        s.room.enabled = true;
        return s;
    };
    EXPECT_EQ(validate(with_room()), "");
    SaleSettings s = with_room();
    s.room.max_active = 0;
    EXPECT_NE(validate(s), "");
    s = with_room();
    s.room.batch_interval_ms = 10;
    EXPECT_NE(validate(s), "");
    s = with_room();
    s.room.seats_per_token = s.max_seats_per_hold + 1;
    EXPECT_NE(validate(s), "");
    s = with_room();
    s.room.heartbeat_grace_ms = 0;
    EXPECT_NE(validate(s), "");
    // Without a room its settings are not looked at.
    s.room.enabled = false;
    EXPECT_EQ(validate(s), "");
}

TEST(FenwickTree, PrefixSumsFollowUpdatesAndAppends) {
    Fenwick f;
    std::vector<int> plain;
    Rng rng{3};
    for (int i = 0; i < 500; ++i) {
        const auto v = static_cast<std::uint8_t>(rng.below(2));
        f.push_back(v);
        plain.push_back(v);
        if (i % 7 == 0 && plain[i / 2] == 1) {
            f.add(i / 2, -1);
            plain[i / 2] = 0;
        }
        const std::size_t end = rng.below(plain.size() + 1);
        ASSERT_EQ(f.prefix(end), static_cast<std::uint32_t>(
                                     std::accumulate(plain.begin(), plain.begin() + end, 0)))
            << i;
    }
    Fenwick g;
    std::vector<std::uint8_t> bytes(plain.begin(), plain.end());
    g.assign(bytes);
    for (std::size_t end = 0; end <= plain.size(); end += 13)
        EXPECT_EQ(g.prefix(end), f.prefix(end));
}

}  // namespace
}  // namespace seat::testing
