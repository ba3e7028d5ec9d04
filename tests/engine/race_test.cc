// A simulated race: many sessions contend for the same few seats in random
// interleavings. After every command: no seat in two live holds, no seat sold
// twice (unless its ticket was cancelled in between), counts add up; and every
// purchase that succeeded still owns its seats unless that ticket was refunded.
#include <gtest/gtest.h>

#include <map>

#include "tests/engine/fixture.h"
#include "tests/engine/random_driver.h"
#include "venues/generators.h"

namespace seat::testing {
namespace {

class SimulatedRace : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(SimulatedRace, NeverDoubleHeldNeverDoubleSold) {
    auto venue = std::make_shared<const Venue>(seat::make_theatre());
    EventState state;
    FactBuffer out;
    Rng rng(GetParam());
    UnixMillis now = 1'800'000'000'000;
    ASSERT_TRUE(execute(state, CreateEvent{1, venue, SaleSettings{}}, now, rng, out).ok());
    RandomDriver driver(GetParam(), /*sessions=*/200, /*hot_seats=*/12);

    std::map<SeatId, TicketId> sold;  // seat -> its one ticket not cancelled
    for (int i = 0; i < 3000; ++i) {
        out.clear();
        const Result r = driver.step(state, now, rng, out);
        ASSERT_EQ(state.check_invariants(), "") << "after command " << i;
        const auto* bought = r.reply_as<PurchaseReply>();
        if (r.ok() && bought != nullptr && !r.replayed) {
            const std::uint32_t end = bought->first_ticket + bought->ticket_count;
            for (std::uint32_t t = bought->first_ticket; t < end; ++t) {
                const Ticket& ticket = state.tickets()[t];
                ASSERT_TRUE(sold.emplace(ticket.seat, ticket.id).second)
                    << "seat " << ticket.seat << " sold twice";
            }
        }
        // A checkout sells through the provider's answer (SettleCheckout).
        for (const Fact& f : out) {
            const auto* paid = std::get_if<CheckoutSold>(&f);
            if (paid == nullptr) continue;
            const Checkout& c = state.checkouts()[state.checkout_index(paid->checkout)];
            const PurchaseRecord& p = state.purchases()[c.purchase];
            for (std::uint32_t t = p.first_ticket; t < p.first_ticket + p.ticket_count; ++t) {
                const Ticket& sold_ticket = state.tickets()[t];
                ASSERT_TRUE(sold.emplace(sold_ticket.seat, sold_ticket.id).second)
                    << "seat " << sold_ticket.seat << " sold twice";
            }
        }
        const auto* ticket = r.reply_as<TicketReply>();
        if (r.ok() && !r.replayed && ticket != nullptr &&
            state.tickets()[ticket->ticket].status == TicketStatus::cancelled) {
            ASSERT_EQ(sold.erase(state.tickets()[ticket->ticket].seat), 1u)
                << "refund of a seat not sold";
        }
    }
    // Every acknowledged sale is still there, and nothing else is sold.
    for (const auto& [seat, ticket] : sold) {
        ASSERT_EQ(state.seat(seat).status, SeatStatus::sold);
        EXPECT_EQ(state.tickets()[state.seat(seat).ticket].id, ticket);
    }
    EXPECT_EQ(state.totals()[SeatStatus::sold], sold.size());
    EXPECT_GT(driver.stats.holds_refused, driver.stats.holds_ok) << "the seats were contended";
}

INSTANTIATE_TEST_SUITE_P(Seeds, SimulatedRace, ::testing::Values(5, 6, 7, 8));

}  // namespace
}  // namespace seat::testing
