// Proves that validate() (and so VenueBuilder::build) refuses every broken
// structural rule with a message that says what is wrong and where: limits, names,
// uniqueness, tiers, row/section ranges, and the together/companion group rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "engine/limits.h"
#include "engine/venue.h"
#include "tests/venue/venue_testing.h"

namespace seat::testing {
namespace {

using ::testing::HasSubstr;

// Breaks a copy of the small hall and returns validate()'s verdict.
std::string broken(const std::function<void(Venue&)>& breakage) {
    Venue v = small_hall();
    breakage(v);
    return validate(v);
}

std::string build_error(VenueBuilder b) {
    std::string error;
    const auto v = std::move(b).build(error);
    EXPECT_FALSE(v.has_value());
    return error;
}

TEST(Validate, SmallHallIsValid) {
    EXPECT_EQ(validate(small_hall()), "");
}

TEST(Validate, BuildRefusesAndReportsTheRule) {
    VenueBuilder b("Hall");
    b.add_tier("A", 100, "EUR");
    b.add_section("S", SectionType::stand);
    b.add_row("1");
    b.add_seat("1", SeatType::floor, /*tier=*/3, 0, 0);
    EXPECT_THAT(build_error(std::move(b)), HasSubstr("seat \"S/1/1\": price tier 3 out of range"));
}

TEST(Validate, VenueName) {
    EXPECT_THAT(broken([](Venue& v) { v.name.clear(); }), HasSubstr("venue name is empty"));
    EXPECT_THAT(broken([](Venue& v) { v.name.assign(kNameBytesMax + 1, 'n'); }),
                HasSubstr("is 129 bytes (limit 128)"));
    EXPECT_THAT(broken([](Venue& v) { v.name = "Hall\n"; }), HasSubstr("control byte"));
}

TEST(Validate, EmptyVenue) {
    EXPECT_THAT(validate(Venue{"Empty", {}, {}, {}, {}, {}, {}}), HasSubstr("no seats"));
}

TEST(Validate, SeatCountLimit) {
    VenueBuilder b("Huge");
    b.add_tier("A", 1, "EUR");
    b.add_section("S", SectionType::floor);
    constexpr std::size_t kRowSeats = 1000;
    for (std::size_t r = 0; r * kRowSeats <= kVenueSeatsMax; ++r) {
        b.add_row(std::to_string(r));
        for (std::size_t n = 0; n < kRowSeats; ++n) {
            b.add_seat(std::to_string(n), SeatType::floor, 0, 0, 0);
        }
    }
    EXPECT_THAT(build_error(std::move(b)), HasSubstr("seats (limit 250000)"));
}

TEST(Validate, SectionCountLimit) {
    VenueBuilder b("Many");
    b.add_tier("A", 1, "EUR");
    for (std::size_t s = 0; s <= kVenueSectionsMax; ++s) {
        b.add_section("S" + std::to_string(s), SectionType::floor);
        b.add_row("1");
        b.add_seat("1", SeatType::floor, 0, 0, 0);
    }
    EXPECT_THAT(build_error(std::move(b)), HasSubstr("4097 sections (limit 4096)"));
}

TEST(Validate, TierCountLimits) {
    EXPECT_THAT(broken([](Venue& v) { v.tiers.clear(); }), HasSubstr("no price tiers"));
    EXPECT_THAT(broken([](Venue& v) {
                    for (std::size_t t = 0; v.tiers.size() <= kVenueTiersMax; ++t) {
                        v.tiers.push_back(PriceTier{"T" + std::to_string(t), 1, "EUR"});
                    }
                }),
                HasSubstr("65 price tiers (limit 64)"));
}

TEST(Validate, TierFields) {
    EXPECT_THAT(broken([](Venue& v) { v.tiers[1].currency = "eur"; }),
                HasSubstr("price tier 1 (\"B\"): currency \"eur\" is not 3 uppercase letters"));
    EXPECT_THAT(broken([](Venue& v) { v.tiers[1].currency = "EURO"; }),
                HasSubstr("currency \"EURO\""));
    EXPECT_THAT(broken([](Venue& v) { v.tiers[0].amount_minor = -1; }),
                HasSubstr("price tier 0 (\"A\"): amount_minor is negative (-1)"));
    EXPECT_THAT(broken([](Venue& v) { v.tiers[0].name.clear(); }),
                HasSubstr("price tier 0: name is empty"));
    EXPECT_THAT(broken([](Venue& v) { v.tiers[1].name = "A"; }),
                HasSubstr("duplicate price tier name \"A\""));
    EXPECT_EQ(broken([](Venue& v) { v.tiers[0].amount_minor = 0; }), "") << "free is a price";
}

TEST(Validate, SectionNames) {
    EXPECT_THAT(broken([](Venue& v) { v.sections[1].name.clear(); }),
                HasSubstr("section 1: name is empty"));
    EXPECT_THAT(broken([](Venue& v) { v.sections[1].name = "Floor"; }),
                HasSubstr("duplicate section name \"Floor\""));
    EXPECT_THAT(broken([](Venue& v) { v.sections[0].name = "Floor/East"; }),
                HasSubstr("contains '/'"));
    EXPECT_THAT(broken([](Venue& v) { v.sections[0].name.assign(kNameBytesMax + 1, 's'); }),
                HasSubstr("(limit 128)"));
}

TEST(Validate, SectionRowRanges) {
    EXPECT_THAT(broken([](Venue& v) { v.sections[1].first_row = 3; }),
                HasSubstr("section 1 (\"Box\"): first row is 3, expected 2"));
    EXPECT_THAT(broken([](Venue& v) { v.sections[2].row_count = 2; }),
                HasSubstr("past the last row"));
    EXPECT_THAT(broken([](Venue& v) { v.sections[2].row_count = 0; }), HasSubstr("has no rows"));
    EXPECT_THAT(broken([](Venue& v) { v.sections[0].seat_count = 11; }),
                HasSubstr("seat range 0+11 does not match its rows (0+12)"));
    EXPECT_THAT(broken([](Venue& v) { v.rows.push_back(v.rows.back()); }),
                HasSubstr("rows 4..4 belong to no section"));
}

TEST(Validate, RowLabelsAndRanges) {
    EXPECT_THAT(broken([](Venue& v) { v.rows[1].label = "1"; }),
                HasSubstr("section \"Floor\": duplicate row label \"1\""));
    EXPECT_EQ(validate(small_hall()), "") << "row \"1\" appears in three sections: allowed";
    EXPECT_THAT(broken([](Venue& v) { v.rows[0].label.clear(); }),
                HasSubstr("row 0 of section \"Floor\": label is empty"));
    EXPECT_THAT(broken([](Venue& v) { v.rows[0].label.assign(kLabelBytesMax + 1, 'r'); }),
                HasSubstr("is 33 bytes (limit 32)"));
    EXPECT_THAT(broken([](Venue& v) { v.rows[0].label = "1/2"; }), HasSubstr("contains '/'"));
    EXPECT_THAT(broken([](Venue& v) { v.rows[2].section = 0; }),
                HasSubstr("names section 0 but lies in section 1"));
    EXPECT_THAT(broken([](Venue& v) {
                    v.rows[0].seat_count = 5;
                    v.sections[0].seat_count = 11;
                }),
                HasSubstr("does not match its rows"));
    EXPECT_THAT(broken([](Venue& v) {
                    v.rows[1].first_seat = 7;
                    v.rows[1].seat_count = 5;
                    v.sections[0].seat_count = 11;
                    v.sections[0].seat_count = 12;
                }),
                HasSubstr("first seat is 7, expected 6 (seats of rows must be consecutive)"));
    EXPECT_THAT(broken([](Venue& v) { v.seats.push_back(v.seats.back()); }),
                HasSubstr("seats 20..20 belong to no row"));
}

TEST(Validate, SeatFields) {
    EXPECT_THAT(broken([](Venue& v) { v.seats[3].tier = 2; }),
                HasSubstr("seat \"Floor/1/4\": price tier 2 out of range (2 tiers)"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[3].row = 1; }), HasSubstr("names row 1"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[3].section = 1; }), HasSubstr("names section 1"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[3].x = std::nanf(""); }),
                HasSubstr("seat \"Floor/1/4\": position is not a finite number"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[3].y = INFINITY; }), HasSubstr("finite"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[3].type = static_cast<SeatType>(9); }),
                HasSubstr("unknown seat type 9"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[3].group = 7; }),
                HasSubstr("group 7 out of range (2 groups)"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[3].label_offset = 1'000'000; }),
                HasSubstr("label runs past the label store"));
}

TEST(Validate, SeatLabels) {
    // Seat 1 of row "1" gets the label of seat 2: labels are "1", "2", ... one byte each.
    EXPECT_THAT(broken([](Venue& v) { v.seats[0].label_offset = v.seats[1].label_offset; }),
                HasSubstr("row \"Floor/1\": duplicate seat label \"2\""));
    EXPECT_THAT(broken([](Venue& v) { v.seats[0].label_size = 0; }), HasSubstr("label is empty"));
    EXPECT_THAT(broken([](Venue& v) {
                    v.seats[0].label_offset = static_cast<std::uint32_t>(v.labels.size());
                    v.seats[0].label_size = kLabelBytesMax + 1;
                    v.labels.append(kLabelBytesMax + 1, 'x');
                }),
                HasSubstr("is 33 bytes (limit 32)"));
    VenueBuilder b("Hall");
    b.add_tier("A", 1, "EUR");
    b.add_section("S", SectionType::floor);
    b.add_row("1");
    b.add_seat(std::string(300, 'x'), SeatType::floor, 0, 0, 0);
    EXPECT_THAT(build_error(std::move(b)), HasSubstr("(limit 32)"))
        << "labels too long for the 8-bit length are still refused, not wrapped";
}

TEST(Validate, TogetherGroups) {
    EXPECT_THAT(broken([](Venue& v) {
                    v.groups[0].seats.resize(1);
                    for (SeatId s = 13; s < 16; ++s)
                        v.seats[s].group = kNoGroup;
                }),
                HasSubstr("group 0 (\"box-1\"): together group has 1 seats (needs 2..16)"));
    EXPECT_THAT(broken([](Venue& v) { v.groups[0].anchor = 12; }),
                HasSubstr("together group has an anchor"));
    VenueBuilder b = small_hall_builder();
    b.add_section("Big box", SectionType::vip);
    b.add_row("1");
    std::vector<SeatId> seats;
    for (std::size_t n = 0; n <= kGroupSeatsMax; ++n) {
        seats.push_back(b.add_seat(std::to_string(n), SeatType::vip, 1, 0, 0));
    }
    b.add_group("too-big", GroupKind::together, seats);
    EXPECT_THAT(build_error(std::move(b)),
                HasSubstr("group 2 (\"too-big\"): together group has 17 seats (needs 2..16)"));
}

TEST(Validate, CompanionGroups) {
    // In the small hall: Access/1/1 (id 16) is accessible, 17 and 18 are companions.
    EXPECT_THAT(broken([](Venue& v) { v.groups[1].anchor = kNoSeat; }),
                HasSubstr("group 1 (\"acc-1\"): companion group has no anchor"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[16].type = SeatType::floor; }),
                HasSubstr("anchor \"Access/1/1\" is of type floor, must be accessible"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[17].type = SeatType::floor; }),
                HasSubstr("seat \"Access/1/2\" is of type floor, every seat but the anchor must "
                          "be companion"));
    EXPECT_THAT(broken([](Venue& v) { v.groups[1].anchor = 19; }),
                HasSubstr("anchor seat 19 is not one of the group's seats"));
    EXPECT_THAT(broken([](Venue& v) {
                    v.groups[1].seats = {16};
                    v.seats[17].group = v.seats[18].group = kNoGroup;
                    v.seats[17].type = v.seats[18].type = SeatType::floor;
                }),
                HasSubstr("companion group has 1 seats (needs the accessible anchor and 1..15"));
}

TEST(Validate, CompanionSeatsNeedACompanionGroup) {
    EXPECT_THAT(
        broken([](Venue& v) {
            v.seats[19].type = SeatType::companion;
            v.seats[19].initially_blocked = false;
        }),
        HasSubstr("seat \"Access/1/4\": a companion seat must belong to a companion group"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[12].type = SeatType::companion; }),
                HasSubstr("seat \"Box/1/1\": a companion seat must belong to a companion group"));
}

TEST(Validate, GroupMembershipIsConsistent) {
    EXPECT_THAT(broken([](Venue& v) { v.seats[13].group = kNoGroup; }),
                HasSubstr("group 0 (\"box-1\"): seat \"Box/1/2\" is listed but its group field "
                          "is empty"));
    EXPECT_THAT(broken([](Venue& v) { v.seats[0].group = 0; }),
                HasSubstr("seat \"Floor/1/1\": names group \"box-1\", which does not list it"));
    EXPECT_THAT(broken([](Venue& v) {
                    v.groups[0].seats = {13, 12, 14, 15};
                }),
                HasSubstr("ascending order without duplicates"));
    EXPECT_THAT(broken([](Venue& v) { v.groups[0].seats.push_back(999); }),
                HasSubstr("seat 999 out of range"));
    EXPECT_THAT(broken([](Venue& v) { v.groups[1].name = "box-1"; }),
                HasSubstr("duplicate group name \"box-1\""));
    EXPECT_THAT(broken([](Venue& v) { v.groups[0].name.clear(); }),
                HasSubstr("group 0: name is empty"));
    EXPECT_THAT(broken([](Venue& v) { v.groups[0].kind = static_cast<GroupKind>(7); }),
                HasSubstr("unknown group kind 7"));
}

TEST(Validate, SeatInTwoGroupsIsRefused) {
    VenueBuilder b = small_hall_builder();
    b.add_group("box-2", GroupKind::together, {14, 15});  // seats already in box-1
    EXPECT_THAT(build_error(std::move(b)), HasSubstr("group 0 (\"box-1\"): seat \"Box/1/3\" is "
                                                     "listed but its group field is 2"));
}

TEST(Validate, BuilderSetsGroupOfEveryMemberAndSortsSeats) {
    const Venue v = small_hall();
    ASSERT_EQ(v.groups.size(), 2u);
    EXPECT_EQ(v.groups[1].seats, (std::vector<SeatId>{16, 17, 18}))
        << "added as {c2, acc, c1}, kept ascending";
    EXPECT_EQ(v.groups[1].anchor, SeatId{16});
    for (SeatId s : v.groups[0].seats)
        EXPECT_EQ(v.seats[s].group, GroupId{0});
    for (SeatId s : v.groups[1].seats)
        EXPECT_EQ(v.seats[s].group, GroupId{1});
    EXPECT_EQ(v.seats[0].group, kNoGroup);
    EXPECT_TRUE(v.seats[19].initially_blocked);
}

}  // namespace
}  // namespace seat::testing
