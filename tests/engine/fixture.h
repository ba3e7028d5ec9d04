// A small hand-built venue and an event around it, shared by the engine tests:
// section "A" (2 rows of 10 seats, aisle after seat 5), "BOX" (one box of 4 sold
// whole) and "ACC" (an accessible seat with two companion seats, plus 2 plain seats).
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "engine/engine.h"
#include "engine/queries.h"
#include "protocol/status_text.h"

namespace seat::testing {

// Names in failure messages, from the wire's table (the engine has only numbers).
inline std::string_view to_string(Status s) {
    return protocol::status_name(static_cast<std::uint16_t>(s));
}

inline std::shared_ptr<const Venue> small_venue() {
    VenueBuilder b("Test Hall");
    const TierId standard = b.add_tier("standard", 5000, "EUR");
    const TierId premium = b.add_tier("premium", 12000, "EUR");
    b.add_section("A", SectionType::floor);
    for (int row = 0; row < 2; ++row) {
        b.add_row(std::string(1, static_cast<char>('1' + row)));
        for (int n = 1; n <= 10; ++n)
            b.add_seat(std::to_string(n), SeatType::floor, standard, float(n), float(row), n == 6);
    }
    b.add_section("BOX", SectionType::vip);
    b.add_row("1");
    std::vector<SeatId> box;
    for (int n = 1; n <= 4; ++n)
        box.push_back(b.add_seat(std::to_string(n), SeatType::vip, premium, float(n), 10));
    b.add_group("box-1", GroupKind::together, box);
    b.add_section("ACC", SectionType::stand);
    b.add_row("1");
    const SeatId acc = b.add_seat("1", SeatType::accessible, standard, 1, 20);
    const SeatId c1 = b.add_seat("2", SeatType::companion, standard, 2, 20);
    const SeatId c2 = b.add_seat("3", SeatType::companion, standard, 3, 20);
    b.add_seat("4", SeatType::floor, standard, 4, 20);
    b.add_seat("5", SeatType::floor, standard, 5, 20, false, /*initially_blocked=*/true);
    b.add_group("acc-1", GroupKind::companion, {acc, c1, c2}, acc);
    std::string error;
    auto venue = std::move(b).build(error);
    EXPECT_TRUE(venue.has_value()) << error;
    return std::make_shared<const Venue>(std::move(*venue));
}

inline SessionId session(std::uint64_t n) {
    return SessionId{0x5E55, n};
}
inline IdempotencyKey key(std::uint64_t n) {
    return IdempotencyKey{0x1DE0, n};
}

// The result's reply as an R; fails the test (and returns an empty R) when the
// result carries another reply type, or none.
template <typename R>
R reply_of(const Result& r) {
    const R* reply = r.reply_as<R>();
    EXPECT_NE(reply, nullptr) << "the result does not carry the reply type asked for";
    return reply != nullptr ? *reply : R{};
}

// An event on the small venue, with helpers that run commands through execute()
// and keep every fact, so tests can replay the log they produced.
class EventFixture : public ::testing::Test {
  protected:
    static constexpr UnixMillis kStart = 1'800'000'000'000;

    void SetUp() override { create(SaleSettings{}); }

    void create(SaleSettings settings, std::shared_ptr<const Venue> venue = small_venue()) {
        state = EventState{};
        log.clear();
        now = kStart;
        venue_ = venue;
        ASSERT_EQ(run(CreateEvent{42, venue, settings}).status, Status::ok);
    }

    Result run(const Command& c) {
        FactBuffer out;
        Result r = execute(state, c, now, rng, out);
        for (auto& f : out)
            log.push_back(std::move(f));
        EXPECT_EQ(state.check_invariants(), "");
        return r;
    }

    SeatId seat(std::string_view name) const {
        auto s = venue_->find_seat(name);
        EXPECT_TRUE(s.has_value()) << name;
        return s.value_or(kNoSeat);
    }

    Result hold(std::uint64_t sess, std::initializer_list<std::string_view> names,
                IdempotencyKey k = {}) {
        PlaceHold c{session(sess), {}, k};
        for (auto n : names)
            c.seats.push_back(seat(n));
        return run(c);
    }

    Result purchase(HoldId h, std::uint64_t sess, IdempotencyKey k = {}) {
        return run(Purchase{h, session(sess), "buyer-" + std::to_string(sess), "pay-1", k});
    }

    SeatStatus status_of(std::string_view name) const { return state.seat(seat(name)).status; }

    // Replays the log into a fresh state.
    EventState replayed() const {
        EventState fresh;
        for (const Fact& f : log)
            seat::apply(fresh, f);
        return fresh;
    }

    EventState state;
    FactBuffer log;
    UnixMillis now = kStart;
    Rng rng{7};
    std::shared_ptr<const Venue> venue_;
};

}  // namespace seat::testing
