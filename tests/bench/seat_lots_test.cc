// Proves the waiting-room buyers' seat allocator: every seat on sale is handed
// out exactly once, groups only whole, plain seats never more than asked for;
// seats given back come out again only from their time on.
#include <gtest/gtest.h>

#include <set>

#include "bench/seatbench/seat_lots.h"
#include "venues/generators.h"

namespace seat::bench {
namespace {

TEST(SeatLots, HandsOutEverySeatOnSaleOnceAndGroupsWhole) {
    for (const Venue& venue : {make_theatre(), make_stadium()}) {
        SeatLots lots(venue, 1);
        std::set<std::uint32_t> seen;
        std::uint32_t want = 0;
        while (lots.on_hand()) {
            want = want % 4 + 1;
            const SeatLots::Taken t = lots.take(want);
            ASSERT_FALSE(t.seats.empty());
            const SeatInfo& first = venue.seats[t.seats.front()];
            if (first.group != kNoGroup) {
                ASSERT_EQ(t.seats.size(), venue.groups[first.group].seats.size())
                    << "a group, whole";
            } else {
                ASSERT_LE(t.seats.size(), want);
            }
            for (std::uint32_t s : t.seats) {
                ASSERT_TRUE(seen.insert(s).second) << "seat " << s << " handed out twice";
                ASSERT_FALSE(venue.seats[s].initially_blocked);
            }
        }
        EXPECT_EQ(seen.size(), lots.sellable_seats());
        EXPECT_LE(lots.largest_lot(), 16u) << "a hold carries at most 16 seats";
    }
}

TEST(SeatLots, GivenBackSeatsComeOutFromTheirTimeOn) {
    const Venue venue = make_theatre();
    SeatLots lots(venue, 2);
    SeatLots::Taken first = lots.take(4);
    while (lots.on_hand())
        lots.take(4);
    lots.give_back(first.lots, 1'000);
    lots.release_due(999);
    EXPECT_FALSE(lots.on_hand());
    EXPECT_EQ(lots.coming_back(), first.lots.size());
    lots.release_due(1'000);
    const SeatLots::Taken again = lots.take(16);
    EXPECT_EQ(std::set<std::uint32_t>(again.seats.begin(), again.seats.end()),
              std::set<std::uint32_t>(first.seats.begin(), first.seats.end()));
}

}  // namespace
}  // namespace seat::bench
