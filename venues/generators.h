// Synthetic venues for tests, benchmarks and demos: a 200-seat theatre and a
// 70,000-seat stadium. Both are deterministic (no randomness, no clock): every call
// returns an identical Venue, so seat ids below can be relied upon by tests.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/venue.h"

namespace seat {

// The theatre (200 seats, currency EUR):
//   "Stalls"  (section 0, floor):   rows A..J, seats 1..14, ids 0..139; row r (0-based)
//             holds ids 14r .. 14r+13. An aisle runs between seats 7 and 8.
//             Rows A-E tier "Premium", rows F-J tier "Standard".
//             Row J is the level-access row: J1 (id 126) and J14 (id 139) are
//             accessible, each with one companion seat (J2, id 127 / J13, id 138) in
//             companion groups "Stalls J1 access" (group 0) and "Stalls J14 access" (group 1).
//   "Balcony" (section 1, balcony): rows A..E, seats 1..12, ids 140..199; row r holds
//             ids 140+12r .. 140+12r+11. An aisle runs between seats 6 and 7. Tier "Balcony".
// Options only add to that plan; the defaults give exactly the layout above.
struct TheatreSpec {
    // Blocks Stalls/J/7 and Stalls/J/8 (ids 132, 133), as if held for the sound desk.
    bool sound_desk_blocked = false;
    // Makes Balcony/A/1..4 (ids 140..143) a vip "together" box, group "Balcony box A"
    // (appended after the companion groups).
    bool balcony_box = false;
};

inline constexpr std::uint32_t kTheatreSeats = 200;

Venue make_theatre();
Venue make_theatre(const TheatreSpec& spec);

// The stadium (70,000 seats, currency EUR): a bowl around a 105 x 68 m field centred
// on (0, 0), x along the field's length (east is +x), y across it (north is +y),
// positions in metres. Sections, in seat-id order (50 in all):
//   "L01".."L24": lower ring, type stand, 25 rows "1".."25", seat type floor, counter-
//       clockwise from the middle of the east end, 12 m back from the field (a track).
//       By position: ends 36 seats/row (900 seats), corners 40 (1,000), sides 44
//       (1,100). Aisles every 11-14 seats. Row 25 is the wheelchair platform: its
//       first and last seats are accessible, each with 1..3 companion seats beside it.
//   "VIP-N", "VIP-S": club level on the long sides, type vip, 20 rows of 70 seats
//       (1,400 each), all in "together" boxes of 4..12 seats, an aisle between boxes.
//   "U01".."U24": upper ring, type stand, 30 rows, seat type balcony:
//       ends 56 seats/row (1,680), corners 60 (1,800), sides 64 (1,920).
// Tiers: "Category 1" (lower sides), "Category 2" (lower ends and corners),
// "Category 3" (upper sides), "Category 4" (upper ends and corners), "VIP Box",
// "Accessible" (accessible and companion seats).
// Groups: 48 companion groups ("L01 access 1", "L01 access 2", ...), then 320 boxes
// ("VIP-N box 1".."VIP-N box 160", "VIP-S box 1"..).
// kStadiumReadSection ("L03", section 2, a corner) has exactly 1,000 seats, for
// read benchmarks.
inline constexpr std::uint32_t kStadiumSeats = 70'000;
inline constexpr std::uint32_t kStadiumSections = 50;
inline constexpr std::uint32_t kStadiumGroups = 368;
inline constexpr std::string_view kStadiumReadSection = "L03";
inline constexpr std::uint32_t kStadiumReadSectionSeats = 1'000;

Venue make_stadium();

// The same generators named after their tool, for callers that prefer to say where a
// venue comes from: venuegen::make_theatre().
namespace venuegen {
using seat::make_stadium;
using seat::make_theatre;
}  // namespace venuegen

}  // namespace seat
