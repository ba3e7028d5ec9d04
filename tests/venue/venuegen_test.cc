// Proves the synthetic venues are what venuegen.h promises: exact seat counts,
// the documented sections, aisles, boxes and accessible seats with companions,
// identical output on every call, a fast stadium build, and the memory budget.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include "engine/limits.h"
#include "engine/venue.h"
#include "tests/venue/venue_testing.h"
#include "venues/generators.h"

namespace seat::testing {
namespace {

constexpr double kVenueBytesPerSeatMax = 40;

std::size_t count_aisles(const Venue& v, std::uint32_t row) {
    std::size_t n = 0;
    for (SeatId s = v.rows[row].first_seat; s < v.rows[row].first_seat + v.rows[row].seat_count;
         ++s) {
        n += v.seats[s].aisle_before;
    }
    return n;
}

// The longest run of seats without an aisle, over every row of the venue.
std::uint32_t longest_block(const Venue& v) {
    std::uint32_t longest = 0;
    std::uint32_t run = 0;
    for (SeatId s = 0; s < v.seat_count(); ++s) {
        run = (s > 0 && v.adjacent(s - 1, s)) ? run + 1 : 1;
        longest = std::max(longest, run);
    }
    return longest;
}

TEST(Theatre, ExactLayout) {
    const Venue v = make_theatre();
    EXPECT_EQ(validate(v), "");
    ASSERT_EQ(v.seat_count(), kTheatreSeats);
    ASSERT_EQ(v.sections.size(), 2u);
    EXPECT_EQ(v.sections[0].name, "Stalls");
    EXPECT_EQ(v.sections[0].seat_count, 140u);
    EXPECT_EQ(v.sections[1].name, "Balcony");
    EXPECT_EQ(v.sections[1].type, SectionType::balcony);
    EXPECT_EQ(v.sections[1].first_seat, 140u);
    EXPECT_EQ(v.sections[1].seat_count, 60u);
    EXPECT_GE(v.tiers.size(), 2u);
    for (std::uint32_t r = 0; r < v.rows.size(); ++r)
        EXPECT_EQ(count_aisles(v, r), 1u);
    EXPECT_EQ(v.find_seat("Stalls/A/1"), SeatId{0});
    EXPECT_EQ(v.find_seat("Stalls/J/14"), SeatId{139});
    EXPECT_EQ(v.find_seat("Balcony/A/1"), SeatId{140});
    EXPECT_EQ(v.find_seat("Balcony/E/12"), SeatId{199});
    EXPECT_TRUE(v.seats[v.find_seat("Stalls/A/8").value()].aisle_before);
    for (const SeatInfo& s : v.seats)
        EXPECT_FALSE(s.initially_blocked);
}

TEST(Theatre, AccessibleSeatsHaveCompanions) {
    const Venue v = make_theatre();
    ASSERT_EQ(v.groups.size(), 2u);
    const SeatId anchors[] = {126, 139};
    const SeatId companions[] = {127, 138};
    for (std::size_t g = 0; g < 2; ++g) {
        EXPECT_EQ(v.groups[g].kind, GroupKind::companion);
        EXPECT_EQ(v.groups[g].anchor, anchors[g]);
        EXPECT_EQ(v.seats[anchors[g]].type, SeatType::accessible);
        EXPECT_EQ(v.seats[companions[g]].type, SeatType::companion);
        EXPECT_TRUE(v.adjacent(anchors[g], companions[g]));
    }
    EXPECT_EQ(v.groups[0].name, "Stalls J1 access");
}

TEST(Theatre, OptionsAddBlockedSeatsAndABox) {
    TheatreSpec spec;
    spec.sound_desk_blocked = true;
    spec.balcony_box = true;
    const Venue v = make_theatre(spec);
    EXPECT_EQ(v.seat_count(), kTheatreSeats);
    EXPECT_TRUE(v.seats[132].initially_blocked);
    EXPECT_TRUE(v.seats[133].initially_blocked);
    ASSERT_EQ(v.groups.size(), 3u);
    EXPECT_EQ(v.groups[2].kind, GroupKind::together);
    EXPECT_EQ(v.groups[2].seats, (std::vector<SeatId>{140, 141, 142, 143}));
    EXPECT_EQ(v.seats[140].type, SeatType::vip);
}

TEST(Stadium, ExactCounts) {
    const Venue v = make_stadium();
    EXPECT_EQ(validate(v), "");
    EXPECT_EQ(v.seat_count(), kStadiumSeats);
    EXPECT_EQ(v.sections.size(), kStadiumSections);
    EXPECT_EQ(v.groups.size(), kStadiumGroups);
    EXPECT_GE(v.tiers.size(), 4u);
    const auto read = v.find_section(kStadiumReadSection);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(*read, SectionId{2});
    EXPECT_EQ(v.sections[*read].seat_count, kStadiumReadSectionSeats);
    std::uint32_t total = 0;
    for (const Section& s : v.sections) {
        total += s.seat_count;
        EXPECT_GE(s.seat_count, 900u) << s.name;
        EXPECT_LE(s.seat_count, 2000u) << s.name;
    }
    EXPECT_EQ(total, kStadiumSeats);
}

TEST(Stadium, AislesEveryTenToFourteenSeats) {
    const Venue v = make_stadium();
    EXPECT_LE(longest_block(v), 14u);
    for (std::uint32_t r = 0; r < v.rows.size(); ++r) {
        if (v.sections[v.rows[r].section].type == SectionType::vip) continue;  // boxes instead
        EXPECT_GE(count_aisles(v, r), 2u)
            << v.sections[v.rows[r].section].name << " row " << v.rows[r].label;
    }
}

TEST(Stadium, BoxesAreTogetherGroupsInOneRow) {
    const Venue v = make_stadium();
    std::size_t boxes = 0;
    for (const Group& g : v.groups) {
        if (g.kind != GroupKind::together) continue;
        ++boxes;
        EXPECT_GE(g.seats.size(), 4u);
        EXPECT_LE(g.seats.size(), 12u);
        EXPECT_EQ(g.anchor, kNoSeat);
        for (std::size_t i = 1; i < g.seats.size(); ++i) {
            EXPECT_TRUE(v.adjacent(g.seats[i - 1], g.seats[i])) << g.name;
        }
        EXPECT_EQ(v.sections[v.seats[g.seats[0]].section].type, SectionType::vip);
    }
    EXPECT_EQ(boxes, 320u);
}

TEST(Stadium, AccessibleSeatsHaveOneToThreeCompanions) {
    const Venue v = make_stadium();
    std::size_t groups = 0;
    std::set<std::size_t> sizes;
    for (const Group& g : v.groups) {
        if (g.kind != GroupKind::companion) continue;
        ++groups;
        sizes.insert(g.seats.size() - 1);
        EXPECT_EQ(v.seats[g.anchor].type, SeatType::accessible);
        for (std::size_t i = 1; i < g.seats.size(); ++i) {
            EXPECT_TRUE(v.adjacent(g.seats[i - 1], g.seats[i])) << g.name;
        }
    }
    EXPECT_EQ(groups, 48u);
    EXPECT_EQ(sizes, (std::set<std::size_t>{1, 2, 3}));
    const auto l03 = v.find_seat("L03/25/1");
    ASSERT_TRUE(l03.has_value());
    EXPECT_EQ(v.seats[*l03].type, SeatType::accessible);
}

TEST(Stadium, PositionsFormABowlAroundTheField) {
    const Venue v = make_stadium();
    constexpr float kFieldHalfLength = 52.5f;
    constexpr float kFieldHalfWidth = 34.f;
    for (SeatId s = 0; s < v.seat_count(); ++s) {
        const SeatInfo& seat = v.seats[s];
        const bool on_field =
            std::abs(seat.x) < kFieldHalfLength && std::abs(seat.y) < kFieldHalfWidth;
        ASSERT_FALSE(on_field) << v.seat_name(s) << " at " << seat.x << "," << seat.y;
    }
    // Rows climb away from the field: row 25 is farther out than row 1 in every lower section.
    const SeatInfo& front = v.seats[*v.find_seat("L05/1/20")];
    const SeatInfo& back = v.seats[*v.find_seat("L05/25/20")];
    EXPECT_GT(std::hypot(back.x, back.y), std::hypot(front.x, front.y));
}

TEST(Generators, AreDeterministic) {
    EXPECT_TRUE(same_venue(make_theatre(), make_theatre()));
    EXPECT_TRUE(same_venue(make_stadium(), make_stadium()));
}

TEST(Stadium, BuildsQuickly) {
    const auto start = std::chrono::steady_clock::now();
    const Venue v = make_stadium();
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("make_stadium: %.1f ms for %zu seats\n", ms, v.seat_count());
    // Generous: the target is < 100 ms in release, this also holds in sanitizer builds.
    EXPECT_LT(ms, 2000.0);
}

TEST(Stadium, MemoryPerSeatWithinBudget) {
    const Venue v = make_stadium();
    const double per_seat = static_cast<double>(v.memory_bytes()) / v.seat_count();
    std::printf("stadium memory_bytes: %zu (%.2f bytes/seat, sizeof(SeatInfo) = %zu)\n",
                v.memory_bytes(), per_seat, sizeof(SeatInfo));
    EXPECT_LT(per_seat, kVenueBytesPerSeatMax);
}

}  // namespace
}  // namespace seat::testing
