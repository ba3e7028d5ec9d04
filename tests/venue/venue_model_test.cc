// Proves the venue's look-ups and geometry: seat names round-trip through
// find_seat, malformed names find nothing, adjacency stops at aisles and row ends,
// enum names parse back, and memory_bytes counts what the venue holds.
#include <gtest/gtest.h>

#include "engine/venue.h"
#include "tests/venue/venue_testing.h"
#include "venues/generators.h"

namespace seat::testing {
namespace {

TEST(VenueModel, SeatNameIsSectionRowSeat) {
    const Venue v = small_hall();
    EXPECT_EQ(v.seat_name(0), "Floor/1/1");
    EXPECT_EQ(v.seat_name(11), "Floor/2/6");
    EXPECT_EQ(v.seat_name(12), "Box/1/1");
    EXPECT_EQ(v.seat_label(19), "4");
}

TEST(VenueModel, FindSeatByNameAndParts) {
    const Venue v = small_hall();
    for (SeatId s = 0; s < v.seat_count(); ++s) {
        EXPECT_EQ(v.find_seat(v.seat_name(s)), s) << v.seat_name(s);
    }
    EXPECT_EQ(v.find_seat("Floor", "2", "3"), SeatId{8});
    EXPECT_EQ(v.find_section("Access"), SectionId{2});
    EXPECT_EQ(v.find_section("Nowhere"), std::nullopt);
}

TEST(VenueModel, FindSeatRejectsUnknownAndMalformedNames) {
    const Venue v = small_hall();
    for (const char* name : {"Floor/1/7", "Floor/3/1", "Stage/1/1", "Floor/1", "Floor", "",
                             "Floor/1/1/", "/Floor/1/1", "Floor//1", "floor/1/1"}) {
        EXPECT_EQ(v.find_seat(name), std::nullopt) << name;
    }
}

TEST(VenueModel, AdjacencyStopsAtAislesAndRowEnds) {
    const Venue v = small_hall();
    const SeatId s1 = *v.find_seat("Floor/1/1");
    const SeatId s3 = *v.find_seat("Floor/1/3");
    const SeatId s4 = *v.find_seat("Floor/1/4");
    const SeatId s6 = *v.find_seat("Floor/1/6");
    const SeatId next_row = *v.find_seat("Floor/2/1");
    EXPECT_TRUE(v.adjacent(s1, s1 + 1));
    EXPECT_TRUE(v.adjacent(s1 + 1, s1)) << "adjacency is symmetric";
    EXPECT_FALSE(v.adjacent(s3, s4)) << "an aisle separates seats 3 and 4";
    EXPECT_FALSE(v.adjacent(s4, s3));
    EXPECT_TRUE(v.adjacent(s4, s4 + 1));
    EXPECT_FALSE(v.adjacent(s6, next_row)) << "consecutive ids in different rows";
    EXPECT_FALSE(v.adjacent(s1, s1));
    EXPECT_FALSE(v.adjacent(s1, s1 + 2));
    EXPECT_FALSE(v.adjacent(s1, kNoSeat));
}

TEST(VenueModel, TheatreAisleSplitsEveryRow) {
    const Venue v = make_theatre();
    EXPECT_FALSE(v.adjacent(*v.find_seat("Stalls/C/7"), *v.find_seat("Stalls/C/8")));
    EXPECT_TRUE(v.adjacent(*v.find_seat("Stalls/C/6"), *v.find_seat("Stalls/C/7")));
    EXPECT_FALSE(v.adjacent(*v.find_seat("Balcony/E/6"), *v.find_seat("Balcony/E/7")));
}

TEST(VenueModel, EnumNamesRoundTrip) {
    for (SeatType t : {SeatType::floor, SeatType::balcony, SeatType::vip, SeatType::accessible,
                       SeatType::companion}) {
        EXPECT_EQ(parse_seat_type(to_string(t)), t);
    }
    for (SectionType t :
         {SectionType::floor, SectionType::stand, SectionType::balcony, SectionType::vip}) {
        EXPECT_EQ(parse_section_type(to_string(t)), t);
    }
    for (GroupKind k : {GroupKind::together, GroupKind::companion}) {
        EXPECT_EQ(parse_group_kind(to_string(k)), k);
    }
    EXPECT_STREQ(to_string(SeatType::accessible), "accessible");
    EXPECT_STREQ(to_string(SectionType::stand), "stand");
    EXPECT_STREQ(to_string(GroupKind::together), "together");
    EXPECT_EQ(parse_seat_type("Floor"), std::nullopt) << "names are case-sensitive";
    EXPECT_EQ(parse_section_type("standing"), std::nullopt);
    EXPECT_EQ(parse_group_kind(""), std::nullopt);
}

TEST(VenueModel, MemoryBytesCountsSeatsAndStrings) {
    const Venue v = small_hall();
    EXPECT_GE(v.memory_bytes(), sizeof(Venue) + v.seat_count() * sizeof(SeatInfo));
    Venue bigger = v;
    bigger.name = std::string(1000, 'n');
    EXPECT_GE(bigger.memory_bytes(), v.memory_bytes() + 1000) << "long strings live on the heap";
}

}  // namespace
}  // namespace seat::testing
