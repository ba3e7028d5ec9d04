// Proves the venue file format: the theatre, the stadium and a venue with every
// feature survive venue_to_json -> parse_venue_json unchanged; hand-written files
// may use row/section defaults; and every malformed file is refused with an error
// that names its JSON path (or line and column), never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "venues/venue_json.h"
#include "tests/venue/venue_testing.h"
#include "venues/generators.h"

namespace seat::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A small, valid, hand-written file; the tests below break it in one place each.
constexpr const char* kHall = R"({
  "format": "seatd-venue/1",
  "name": "Hall",
  "price_tiers": [
    {"name": "A", "amount_minor": 5000, "currency": "EUR"},
    {"name": "B", "amount_minor": 12000, "currency": "EUR"}
  ],
  "groups": [
    {"name": "box-1", "kind": "together"},
    {"name": "acc-1", "kind": "companion", "anchor": "Access/1/1"}
  ],
  "sections": [
    {"name": "Floor", "type": "floor", "tier": "A", "seat_type": "floor", "rows": [
      {"label": "1", "seats": [
        {"label": "1", "x": 1, "y": 1}, {"label": "2", "x": 2, "y": 1},
        {"label": "3", "x": 3.5, "y": 1, "aisle_before": true}
      ]},
      {"label": "2", "tier": "B", "seats": [
        {"label": "1", "x": 1, "y": 2}, {"label": "2", "x": 2, "y": 2, "tier": "A"}
      ]}
    ]},
    {"name": "Box", "type": "vip", "rows": [
      {"label": "1", "seats": [
        {"label": "1", "type": "vip", "tier": "B", "x": 1, "y": 10, "group": "box-1"},
        {"label": "2", "type": "vip", "tier": "B", "x": 2, "y": 10, "group": "box-1"}
      ]}
    ]},
    {"name": "Access", "type": "stand", "tier": "A", "rows": [
      {"label": "1", "seats": [
        {"label": "1", "type": "accessible", "x": 1, "y": 20},
        {"label": "2", "type": "companion", "x": 2, "y": 20, "group": "acc-1"},
        {"label": "3", "type": "floor", "x": 3, "y": 20, "blocked": true}
      ]}
    ]}
  ]
})";

std::string error_of(const std::string& text) {
    std::string error;
    const auto v = parse_venue_json(text, error);
    EXPECT_FALSE(v.has_value()) << "parsed although it should not have: " << text.substr(0, 200);
    EXPECT_FALSE(error.empty());
    return error;
}

// kHall with the first occurrence of `from` replaced by `to`.
std::string hall_with(const std::string& from, const std::string& to) {
    std::string text = kHall;
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

TEST(VenueJson, HandWrittenFileParsesWithDefaults) {
    std::string error;
    const auto v = parse_venue_json(kHall, error);
    ASSERT_TRUE(v.has_value()) << error;
    EXPECT_EQ(v->seat_count(), 10u);
    const SeatId f21 = *v->find_seat("Floor/2/1");
    const SeatId f22 = *v->find_seat("Floor/2/2");
    EXPECT_EQ(v->tiers[v->seats[f21].tier].name, "B") << "row default beats section default";
    EXPECT_EQ(v->tiers[v->seats[f22].tier].name, "A") << "seat field beats row default";
    EXPECT_EQ(v->seats[f21].type, SeatType::floor) << "section seat_type inherited";
    EXPECT_TRUE(v->seats[*v->find_seat("Floor/1/3")].aisle_before);
    EXPECT_TRUE(v->seats[*v->find_seat("Access/1/3")].initially_blocked);
    EXPECT_EQ(v->seats[*v->find_seat("Floor/1/2")].x, 2.0f);
    EXPECT_EQ(v->seats[*v->find_seat("Floor/1/3")].x, 3.5f);
    // The anchor joins its group without naming it itself.
    const SeatId anchor = *v->find_seat("Access/1/1");
    ASSERT_EQ(v->groups.size(), 2u);
    EXPECT_EQ(v->groups[1].anchor, anchor);
    EXPECT_EQ(v->groups[1].seats, (std::vector<SeatId>{anchor, anchor + 1}));
    EXPECT_EQ(v->seats[anchor].group, GroupId{1});
}

TEST(VenueJson, RoundTripSmallHall) {
    const Venue original = small_hall();
    std::string error;
    const auto back = parse_venue_json(venue_to_json(original), error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_TRUE(same_venue(original, *back));
}

TEST(VenueJson, RoundTripTheatreWithOptions) {
    for (const bool options : {false, true}) {
        TheatreSpec spec;
        spec.sound_desk_blocked = options;
        spec.balcony_box = options;
        const Venue original = make_theatre(spec);
        const std::string text = venue_to_json(original);
        std::string error;
        const auto back = parse_venue_json(text, error);
        ASSERT_TRUE(back.has_value()) << error;
        EXPECT_TRUE(same_venue(original, *back));
        EXPECT_EQ(venue_to_json(*back), text) << "writing is canonical";
    }
}

TEST(VenueJson, RoundTripStadium) {
    const Venue original = make_stadium();
    const std::string text = venue_to_json(original);
    std::string error;
    const auto back = parse_venue_json(text, error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_TRUE(same_venue(original, *back));
}

TEST(VenueJson, RoundTripKeepsAwkwardFloatsAndStrings) {
    VenueBuilder b("Salle \"Pleyel\" \\ Paris \xC3\xA9t\xC3\xA9");
    const TierId t = b.add_tier("Cat \"1\" / \u00e9", 0, "EUR");
    b.add_section("Parterre", SectionType::floor);
    b.add_row("\xE2\x82\xAC");
    const float awkward[] = {0.1f, 1.0f / 3, -0.0f, 1e-30f, 3.4e38f, -123456.789f, 16777217.0f};
    int n = 0;
    for (float x : awkward)
        b.add_seat(std::to_string(++n), SeatType::floor, t, x, -x);
    std::string error;
    const auto original = std::move(b).build(error);
    ASSERT_TRUE(original.has_value()) << error;
    const auto back = parse_venue_json(venue_to_json(*original), error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_TRUE(same_venue(*original, *back));
    EXPECT_THAT(venue_to_json(*original), HasSubstr("\"x\": 0.1,")) << "shortest form written";
}

// Found by venues/fuzz/venue_json_fuzz: a coordinate of -0 (there "x": -0e3) was
// written back as "-0", which the reader takes for the integer 0, so the file
// written from a venue read back from it was not the same file: the written form
// was not a fixed point.
TEST(VenueJson, NegativeZeroIsWrittenAsZeroSoTheWrittenFormIsStable) {
    constexpr const char* kFile =
        R"({"format":"seatd-venue/1","name":"S","price_tiers":[{"name":"Front","amount_minor":0,)"
        R"("currency":"GBP"}],"sections":[{"name":"Floor","type":"floor","tier":"Front",)"
        R"("seat_type":"floor","rows":[{"label":"k","seats":[{"label":"1","x": -0e3,"y":9}]}]}]})";
    std::string error;
    const auto venue = parse_venue_json(kFile, error);
    ASSERT_TRUE(venue.has_value()) << error;
    const std::string written = venue_to_json(*venue);
    EXPECT_THAT(written, HasSubstr("\"x\": 0,"));
    const auto again = parse_venue_json(written, error);
    ASSERT_TRUE(again.has_value()) << error;
    EXPECT_EQ(venue_to_json(*again), written);
}

TEST(VenueJson, SyntaxErrorNamesLineAndColumn) {
    EXPECT_THAT(error_of("{\n  \"format\": \"seatd-venue/1\",\n  \"name\" \"Hall\"\n}"),
                StartsWith("invalid JSON at line 3, column 10"));
    EXPECT_THAT(error_of(""), StartsWith("invalid JSON at line 1, column 1"));
    EXPECT_THAT(error_of(std::string(kHall) + " trailing"), StartsWith("invalid JSON at line"));
    EXPECT_THAT(error_of(std::string(kHall).substr(0, 300)), StartsWith("invalid JSON at line"));
}

TEST(VenueJson, TopLevelShape) {
    EXPECT_EQ(error_of("[1, 2]"), "expected an object, got an array");
    EXPECT_EQ(error_of(R"({"name": "x"})"), "missing field \"format\"");
    EXPECT_THAT(error_of(hall_with("seatd-venue/1", "seatd-venue/2")),
                HasSubstr("format: unsupported format \"seatd-venue/2\" (expected "
                          "\"seatd-venue/1\")"));
    EXPECT_EQ(error_of(hall_with("\"name\": \"Hall\",", "\"nmae\": \"Hall\",")),
              "unknown field \"nmae\"");
    EXPECT_EQ(error_of(hall_with("\"name\": \"Hall\"", "\"name\": \"\"")),
              "name: must not be empty");
}

TEST(VenueJson, WrongTypesNameTheField) {
    EXPECT_EQ(error_of(hall_with("\"x\": 1, \"y\": 1}", "\"x\": \"1\", \"y\": 1}")),
              "sections[0].rows[0].seats[0].x: expected a number, got a string");
    EXPECT_EQ(error_of(hall_with("\"aisle_before\": true", "\"aisle_before\": 1")),
              "sections[0].rows[0].seats[2].aisle_before: expected true or false, got a number");
    EXPECT_EQ(error_of(hall_with("\"blocked\": true", "\"blocked\": null")),
              "sections[2].rows[0].seats[2].blocked: expected true or false, got null");
    EXPECT_EQ(error_of(hall_with("\"label\": \"2\", \"tier\"", "\"label\": 2, \"tier\"")),
              "sections[0].rows[1].label: expected a string, got a number");
    EXPECT_EQ(error_of(R"({"format": "seatd-venue/1", "name": "x", "price_tiers": {},
                          "sections": []})"),
              "price_tiers: expected an array, got an object");
    EXPECT_EQ(error_of(hall_with("{\"label\": \"1\", \"x\": 1, \"y\": 1}", "[]")),
              "sections[0].rows[0].seats[0]: expected an object, got an array");
    EXPECT_EQ(error_of(hall_with("\"x\": 1, \"y\": 1}", "\"y\": 1}")),
              "sections[0].rows[0].seats[0]: missing field \"x\"");
}

TEST(VenueJson, NumbersOutOfRange) {
    EXPECT_EQ(error_of(hall_with("5000", "-5")),
              "price_tiers[0].amount_minor: must not be negative");
    EXPECT_EQ(error_of(hall_with("5000", "50.5")),
              "price_tiers[0].amount_minor: must be a whole number of minor units (e.g. cents)");
    EXPECT_EQ(error_of(hall_with("5000", "18446744073709551615")),
              "price_tiers[0].amount_minor: number out of range");
    EXPECT_THAT(error_of(hall_with("5000", "1e999")), HasSubstr("price_tiers[0].amount_minor"));
    EXPECT_EQ(error_of(hall_with("\"x\": 1, \"y\": 1}", "\"x\": 1e39, \"y\": 1}")),
              "sections[0].rows[0].seats[0].x: number out of range");
    EXPECT_EQ(error_of(hall_with("\"x\": 1, \"y\": 1}", "\"x\": 1, \"y\": -1e300}")),
              "sections[0].rows[0].seats[0].y: number out of range");
}

TEST(VenueJson, UnknownReferences) {
    EXPECT_EQ(error_of(hall_with("\"x\": 2, \"y\": 2, \"tier\": \"A\"",
                                 "\"x\": 2, \"y\": 2, \"tier\": \"gold\"")),
              "sections[0].rows[1].seats[1]: unknown price tier \"gold\"");
    EXPECT_EQ(error_of(hall_with("\"label\": \"2\", \"tier\": \"B\"",
                                 "\"label\": \"2\", \"tier\": \"C\"")),
              "sections[0].rows[1]: unknown price tier \"C\"");
    EXPECT_EQ(error_of(hall_with("\"group\": \"box-1\"", "\"group\": \"box-9\"")),
              "sections[1].rows[0].seats[0]: unknown group \"box-9\"");
    EXPECT_EQ(error_of(hall_with("\"type\": \"vip\", \"rows\"", "\"type\": \"arena\", \"rows\"")),
              "sections[1].type: unknown section type \"arena\" (floor, stand, balcony or vip)");
    EXPECT_EQ(error_of(hall_with("\"type\": \"vip\", \"tier\"", "\"type\": \"premium\", \"tier\"")),
              "sections[1].rows[0].seats[0].type: unknown seat type \"premium\" (floor, balcony, "
              "vip, accessible or companion)");
    EXPECT_EQ(error_of(hall_with("\"kind\": \"together\"", "\"kind\": \"pair\"")),
              "groups[0].kind: unknown group kind \"pair\" (together or companion)");
    EXPECT_EQ(error_of(hall_with("\"seat_type\": \"floor\", ", "")),
              "sections[0].rows[0].seats[0]: missing field \"type\" (and no seat_type on its row "
              "or section)");
}

TEST(VenueJson, DuplicateNamesAndLabels) {
    EXPECT_EQ(error_of(hall_with("{\"name\": \"B\",", "{\"name\": \"A\",")),
              "price_tiers[1]: duplicate price tier name \"A\" (also price_tiers[0])");
    EXPECT_EQ(error_of(hall_with("\"name\": \"Box\"", "\"name\": \"Floor\"")),
              "sections[1]: duplicate section name \"Floor\" (also sections[0])");
    EXPECT_EQ(error_of(hall_with("{\"label\": \"2\", \"tier\"", "{\"label\": \"1\", \"tier\"")),
              "sections[0].rows[1]: duplicate row label \"1\" (also rows[0])");
    EXPECT_EQ(error_of(hall_with("{\"label\": \"2\", \"x\": 2, \"y\": 1}",
                                 "{\"label\": \"1\", \"x\": 2, \"y\": 1}")),
              "sections[0].rows[0].seats[1]: duplicate seat label \"1\" (also seats[0])");
    EXPECT_EQ(error_of(hall_with("{\"name\": \"acc-1\"", "{\"name\": \"box-1\"")),
              "groups[1]: duplicate group name \"box-1\" (also groups[0])");
}

TEST(VenueJson, LabelAndNameLimits) {
    const std::string long_label(33, 'L');
    EXPECT_EQ(error_of(hall_with("{\"label\": \"3\"", "{\"label\": \"" + long_label + "\"")),
              "sections[0].rows[0].seats[2].label: \"" + std::string(32, 'L') +
                  "\"... is 33 bytes (limit 32)");
    EXPECT_THAT(
        error_of(hall_with("\"name\": \"Access\"", "\"name\": \"" + std::string(129, 'n') + "\"")),
        HasSubstr("sections[2].name: \"nnn"));
    EXPECT_EQ(error_of(hall_with("\"name\": \"Access\"", "\"name\": \"Acc/ess\"")),
              "sections[2].name: \"Acc/ess\" must not contain '/' (it separates SECTION/ROW/SEAT)");
    EXPECT_EQ(error_of(hall_with("{\"label\": \"3\"", "{\"label\": \"\"")),
              "sections[0].rows[0].seats[2].label: must not be empty");
    EXPECT_EQ(error_of(hall_with("{\"label\": \"3\"", "{\"label\": \"3\\n\"")),
              "sections[0].rows[0].seats[2].label: \"3\\n\" contains a control character");
    EXPECT_EQ(error_of(hall_with("\"EUR\"}", "\"eur\"}")),
              "price_tiers[0].currency: \"eur\" is not 3 uppercase letters (ISO 4217, e.g. "
              "\"EUR\")");
}

TEST(VenueJson, EmptyCollections) {
    EXPECT_EQ(error_of(R"({"format": "seatd-venue/1", "name": "x", "price_tiers": [
        {"name": "A", "amount_minor": 1, "currency": "EUR"}], "sections": []})"),
              "sections: a venue needs at least one section");
    EXPECT_EQ(error_of(R"({"format": "seatd-venue/1", "name": "x", "price_tiers": [
        {"name": "A", "amount_minor": 1, "currency": "EUR"}],
        "sections": [{"name": "S", "type": "floor", "rows": [{"label": "1", "seats": []}]}]})"),
              "sections[0].rows[0].seats: a row needs at least one seat");
    EXPECT_EQ(error_of(R"({"format": "seatd-venue/1", "name": "x", "price_tiers": [],
        "sections": []})"),
              "price_tiers: a venue needs at least one price tier");
}

TEST(VenueJson, GroupRules) {
    // A companion group whose anchor is not accessible.
    EXPECT_EQ(error_of(hall_with("\"type\": \"accessible\"", "\"type\": \"floor\"")),
              "groups[1].anchor: seat \"Access/1/1\" is of type floor, the anchor must be "
              "accessible");
    EXPECT_EQ(error_of(hall_with("\"anchor\": \"Access/1/1\"", "\"anchor\": \"Access/1/9\"")),
              "groups[1].anchor: no seat \"Access/1/9\"");
    EXPECT_EQ(error_of(hall_with(", \"anchor\": \"Access/1/1\"", "")),
              "groups[1]: missing field \"anchor\" (the accessible seat, \"SECTION/ROW/SEAT\")");
    EXPECT_EQ(error_of(hall_with("\"kind\": \"together\"",
                                 "\"kind\": \"together\", \"anchor\": \"Box/1/1\"")),
              "groups[0]: a together group has no anchor");
    // A box of one seat.
    EXPECT_EQ(
        error_of(hall_with("\"x\": 2, \"y\": 10, \"group\": \"box-1\"", "\"x\": 2, \"y\": 10")),
        "groups[0]: together group \"box-1\" has 1 seats (needs 2..16)");
    // A companion seat outside any group, and one in a together group.
    EXPECT_EQ(error_of(hall_with(", \"group\": \"acc-1\"", "")),
              "sections[2].rows[0].seats[1]: a companion seat must belong to a companion group "
              "(field \"group\")");
    EXPECT_EQ(error_of(hall_with("\"group\": \"acc-1\"", "\"group\": \"box-1\"")),
              "sections[2].rows[0].seats[1]: a companion seat must belong to a companion group "
              "(field \"group\")");
    // A plain seat cannot join a companion group.
    EXPECT_EQ(error_of(hall_with("\"blocked\": true", "\"blocked\": true, \"group\": \"acc-1\"")),
              "sections[2].rows[0].seats[2]: a seat of type floor cannot join companion group "
              "\"acc-1\" (only its accessible anchor and companion seats)");
    // The anchor already in another group.
    EXPECT_EQ(error_of(hall_with("\"type\": \"accessible\", \"x\": 1, \"y\": 20",
                                 "\"type\": \"accessible\", \"x\": 1, \"y\": 20, \"group\": "
                                 "\"box-1\"")),
              "groups[1].anchor: seat \"Access/1/1\" belongs to group \"box-1\"");
}

TEST(VenueJson, TooManySeatsInAGroup) {
    std::string seats;
    std::string groups;
    for (int n = 1; n <= 17; ++n) {
        if (n > 1) seats += ",";
        seats += R"({"label": ")" + std::to_string(n) + R"(", "x": 0, "y": 0, "group": "g"})";
    }
    const std::string text = R"({"format": "seatd-venue/1", "name": "x",
        "price_tiers": [{"name": "A", "amount_minor": 1, "currency": "EUR"}],
        "groups": [{"name": "g", "kind": "together"}],
        "sections": [{"name": "S", "type": "vip", "tier": "A", "seat_type": "vip",
                      "rows": [{"label": "1", "seats": [)" +
                             seats + "]}]}]}";
    EXPECT_EQ(error_of(text), "groups[0]: together group \"g\" has 17 seats (needs 2..16)");
}

TEST(VenueJson, HostileInputNeverCrashes) {
    EXPECT_THAT(error_of(std::string(100'000, '[') + std::string(100'000, ']')),
                StartsWith("invalid JSON at line 1"));
    EXPECT_THAT(error_of(std::string(kVenueFileBytesMax + 1, ' ')), HasSubstr("(limit 67108864)"));
    EXPECT_THAT(error_of(std::string("{\"format\": \"seatd-venue/1\", \"name\": \"\xFF\"}")),
                StartsWith("invalid JSON"));
    EXPECT_EQ(error_of("null"), "expected an object, got null");
    EXPECT_EQ(error_of("\"seatd-venue/1\""), "expected an object, got a string");
    // Every prefix of a valid file is refused cleanly.
    const std::string full = venue_to_json(small_hall());
    for (std::size_t n = 0; n + 1 < full.size(); n += 7) {
        std::string error;
        EXPECT_FALSE(parse_venue_json(std::string_view(full).substr(0, n), error).has_value());
        EXPECT_FALSE(error.empty());
    }
    // Single-byte corruptions are either refused with a message or parse to a valid venue.
    for (std::size_t i = 0; i < full.size(); i += 3) {
        for (const char c : {'"', '}', '1', 'x', '\0', '/'}) {
            std::string text = full;
            text[i] = c;
            std::string error;
            const auto v = parse_venue_json(text, error);
            if (v) {
                EXPECT_EQ(validate(*v), "");
            } else {
                EXPECT_FALSE(error.empty());
            }
        }
    }
}

TEST(VenueJson, WriterOmitsDefaultsAndHoistsRowFields) {
    const std::string text = venue_to_json(make_theatre());
    EXPECT_THAT(text, StartsWith("{\n  \"format\": \"seatd-venue/1\",\n"));
    EXPECT_THAT(text, HasSubstr("\"tier\": \"Premium\",\n          \"seat_type\": \"floor\""));
    EXPECT_THAT(text,
                HasSubstr("{\"label\": \"8\", \"x\": 0.75, \"y\": 3, \"aisle_before\": true}"));
    // Row J mixes seat types, so each seat names its type; the tier is still shared.
    EXPECT_THAT(text, HasSubstr("\"label\": \"J\",\n          \"tier\": \"Standard\",\n"
                                "          \"seats\""));
    EXPECT_THAT(text, HasSubstr("{\"label\": \"1\", \"type\": \"accessible\", \"x\": -3.75, "
                                "\"y\": 10.875, \"group\": \"Stalls J1 access\"}"));
    EXPECT_THAT(text, ::testing::Not(HasSubstr("\"blocked\"")));
    EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace seat::testing
