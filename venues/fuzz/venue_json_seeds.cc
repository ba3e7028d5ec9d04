// Writes the seed corpus of venue_json_fuzz: the synthetic theatre with its
// options (a box, a blocked sound desk), small hand-written files using every
// optional field and default, and files each broken in one way (an unknown
// field, an unknown tier, a companion seat outside any group, bad JSON), so the
// fuzzer starts from both sides of every check.
//   venue_json_seeds [DIR]     (default: venues/fuzz/corpus/venue_json in the source tree)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "venues/generators.h"
#include "venues/venue_json.h"

namespace {

// Every optional field, defaults at section and row level, an aisle, a blocked
// seat, a box and a companion group.
constexpr const char* kHall = R"({
  "format": "seatd-venue/1",
  "name": "Small Hall",
  "price_tiers": [
    {"name": "Front", "amount_minor": 5000, "currency": "EUR"},
    {"name": "Back", "amount_minor": 0, "currency": "GBP"}
  ],
  "groups": [
    {"name": "Box 1", "kind": "together"},
    {"name": "A5 access", "kind": "companion", "anchor": "Floor/A/5"}
  ],
  "sections": [
    {"name": "Floor", "type": "floor", "tier": "Front", "seat_type": "floor", "rows": [
      {"label": "A", "seats": [
        {"label": "1", "x": 0, "y": 0},
        {"label": "2", "x": 0.5, "y": 0, "aisle_before": true},
        {"label": "5", "x": 1, "y": 0, "type": "accessible", "group": "A5 access"},
        {"label": "6", "x": 1.5, "y": 0, "type": "companion", "group": "A5 access"}
      ]},
      {"label": "B", "tier": "Back", "seats": [
        {"label": "1", "x": -1e3, "y": 2.25, "blocked": true},
        {"label": "2", "x": 1e-3, "y": 2.25, "blocked": false, "aisle_before": false}
      ]}
    ]},
    {"name": "Boxes", "type": "vip", "rows": [
      {"label": "1", "seat_type": "vip", "tier": "Front", "seats": [
        {"label": "1", "x": 0, "y": 9, "group": "Box 1"},
        {"label": "2", "x": 1, "y": 9, "group": "Box 1", "type": "balcony"}
      ]}
    ]}
  ]
}
)";

constexpr const char* kOneSeat =
    R"({"format":"seatd-venue/1","name":"V","price_tiers":[{"name":"T","amount_minor":1,)"
    R"("currency":"EUR"}],"sections":[{"name":"S","type":"stand","rows":[{"label":"R",)"
    R"("seats":[{"label":"1","type":"floor","tier":"T","x":0,"y":0}]}]}]})";

constexpr const char* kUnknownField =
    R"({"format":"seatd-venue/1","name":"V","price_tiers":[{"name":"T","amount_minor":1,)"
    R"("currency":"EUR"}],"sections":[{"name":"S","type":"stand","rows":[{"label":"R",)"
    R"("seats":[{"label":"1","type":"floor","tier":"T","x":0,"y":0,"aisle_befor":true}]}]}]})";

constexpr const char* kUnknownTier =
    R"({"format":"seatd-venue/1","name":"V","price_tiers":[{"name":"T","amount_minor":1,)"
    R"("currency":"EUR"}],"sections":[{"name":"S","type":"stand","rows":[{"label":"R",)"
    R"("seats":[{"label":"1","type":"floor","tier":"gold","x":0,"y":0}]}]}]})";

constexpr const char* kLoneCompanion =
    R"({"format":"seatd-venue/1","name":"V","price_tiers":[{"name":"T","amount_minor":1,)"
    R"("currency":"EUR"}],"sections":[{"name":"S","type":"stand","rows":[{"label":"R",)"
    R"("seats":[{"label":"1","type":"companion","tier":"T","x":0,"y":0}]}]}]})";

constexpr const char* kBadJson = R"({"format":"seatd-venue/1","name":"V",)";

void write(const std::filesystem::path& dir, const char* name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? argv[1] : SEAT_FUZZ_CORPUS "/venue_json";
    std::filesystem::create_directories(dir);
    seat::TheatreSpec spec;
    spec.balcony_box = true;
    spec.sound_desk_blocked = true;
    write(dir, "theatre", seat::venue_to_json(seat::make_theatre(spec)));
    write(dir, "small_hall", kHall);
    write(dir, "one_seat", kOneSeat);
    write(dir, "unknown_field", kUnknownField);
    write(dir, "unknown_tier", kUnknownTier);
    write(dir, "lone_companion", kLoneCompanion);
    write(dir, "bad_json", kBadJson);
    std::printf("venue_json_seeds: wrote %s\n", dir.c_str());
    return 0;
}
