// Builds the synthetic theatre and stadium described in venuegen.h. Everything is
// computed from named constants with no randomness, so the output is identical on
// every call; positions are rounded to 1/16 m, which floats hold exactly.
#include "venues/generators.h"

#include <array>
#include <charconv>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "base/check.h"

namespace seat {
namespace {

constexpr double kPositionsPerMetre = 16;

float quantize(double metres) {
    return static_cast<float>(std::round(metres * kPositionsPerMetre) / kPositionsPerMetre);
}

// Seat and row labels are decimal numbers; the view lives in the caller's buffer.
using LabelBuffer = std::array<char, 16>;
std::string_view number_label(LabelBuffer& buf, std::uint32_t n) {
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), n);
    return std::string_view(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
}

Venue build_checked(VenueBuilder&& builder) {
    std::string error;
    std::optional<Venue> venue = std::move(builder).build(error);
    // A generator that produces an invalid venue is a bug, never an input problem.
    SEAT_CHECK(venue.has_value(), error.c_str());
    return std::move(*venue);
}

// ---- Theatre --------------------------------------------------------------------

constexpr std::uint32_t kStallsRows = 10;
constexpr std::uint32_t kStallsRowSeats = 14;
constexpr std::uint32_t kStallsAisleAfter = 7;
constexpr std::uint32_t kPremiumRows = 5;
constexpr std::uint32_t kBalconyRows = 5;
constexpr std::uint32_t kBalconyRowSeats = 12;
constexpr std::uint32_t kBalconyAisleAfter = 6;
constexpr std::uint32_t kBalconyBoxSeats = 4;
static_assert(kStallsRows * kStallsRowSeats + kBalconyRows * kBalconyRowSeats == kTheatreSeats);

constexpr double kTheatreSeatPitchM = 0.5;
constexpr double kTheatreAisleM = 1.0;  // extra width between the two halves of a row
constexpr double kStallsFirstRowM = 3;  // from the stage edge
constexpr double kStallsRowDepthM = 0.875;
constexpr double kBalconyFirstRowM = 14;
constexpr double kBalconyRowDepthM = 1.0;

// Seats are centred on x = 0 with the aisle in the middle; the stage is at y = 0.
float theatre_x(std::uint32_t n, std::uint32_t row_seats, std::uint32_t aisle_after) {
    const double centred = (n - (row_seats + 1) / 2.0) * kTheatreSeatPitchM;
    return quantize(centred + (n > aisle_after ? kTheatreAisleM : -kTheatreAisleM) / 2);
}

// Row J is level with the doors: its outer seats are accessible, each with the
// seat beside it as a companion seat.
SeatType stalls_seat_type(std::uint32_t r, std::uint32_t n) {
    if (r + 1 != kStallsRows) return SeatType::floor;
    if (n == 1 || n == kStallsRowSeats) return SeatType::accessible;
    if (n == 2 || n == kStallsRowSeats - 1) return SeatType::companion;
    return SeatType::floor;
}

void add_stalls(VenueBuilder& b, TierId premium, TierId standard, const TheatreSpec& spec) {
    LabelBuffer buf;
    b.add_section("Stalls", SectionType::floor);
    SeatId row_start = 0;
    for (std::uint32_t r = 0; r < kStallsRows; ++r) {
        b.add_row(std::string(1, static_cast<char>('A' + r)));
        const float y = quantize(kStallsFirstRowM + r * kStallsRowDepthM);
        const bool sound_desk_row = spec.sound_desk_blocked && r + 1 == kStallsRows;
        for (std::uint32_t n = 1; n <= kStallsRowSeats; ++n) {
            const bool blocked =
                sound_desk_row && (n == kStallsAisleAfter || n == kStallsAisleAfter + 1);
            const SeatId id = b.add_seat(number_label(buf, n), stalls_seat_type(r, n),
                                         r < kPremiumRows ? premium : standard,
                                         theatre_x(n, kStallsRowSeats, kStallsAisleAfter), y,
                                         n == kStallsAisleAfter + 1, blocked);
            if (n == 1) row_start = id;
        }
    }
    const SeatId left = row_start;
    const SeatId right = row_start + kStallsRowSeats - 1;
    b.add_group("Stalls J1 access", GroupKind::companion, {left, left + 1}, left);
    b.add_group("Stalls J14 access", GroupKind::companion, {right - 1, right}, right);
}

void add_balcony(VenueBuilder& b, TierId tier, const TheatreSpec& spec) {
    LabelBuffer buf;
    b.add_section("Balcony", SectionType::balcony);
    std::vector<SeatId> box;
    for (std::uint32_t r = 0; r < kBalconyRows; ++r) {
        b.add_row(std::string(1, static_cast<char>('A' + r)));
        const float y = quantize(kBalconyFirstRowM + r * kBalconyRowDepthM);
        for (std::uint32_t n = 1; n <= kBalconyRowSeats; ++n) {
            const bool in_box = spec.balcony_box && r == 0 && n <= kBalconyBoxSeats;
            const SeatId id = b.add_seat(
                number_label(buf, n), in_box ? SeatType::vip : SeatType::balcony, tier,
                theatre_x(n, kBalconyRowSeats, kBalconyAisleAfter), y, n == kBalconyAisleAfter + 1);
            if (in_box) box.push_back(id);
        }
    }
    if (spec.balcony_box) b.add_group("Balcony box A", GroupKind::together, std::move(box));
}

// ---- Stadium --------------------------------------------------------------------

constexpr double kFieldHalfLengthM = 52.5;
constexpr double kFieldHalfWidthM = 34;
// Widths on the plan; a ring's rows are then stretched to fit the bowl at their
// distance, so these only fix the proportions of seats and aisles.
constexpr double kPlanSeatM = 0.5;
constexpr double kPlanAisleM = 1.0;
constexpr std::uint32_t kRingSections = 24;
constexpr std::uint32_t kCompanionsMax = 3;
constexpr std::uint32_t kVipRows = 20;
constexpr double kVipSeatM = 0.6;
constexpr double kVipAisleM = 1.5;
constexpr double kVipFirstRowM = 35;
constexpr double kVipRowDepthM = 1.0;
// One VIP row, box by box: 70 seats in 8 boxes of 4..12.
constexpr std::array<std::uint32_t, 8> kVipBoxes = {4, 6, 8, 10, 12, 12, 10, 8};

enum class Position { end, corner, side };

// Around a ring of 24 sections, counter-clockwise from the middle of the east end:
// two end sections, two corners, four along the side, two corners, two ends, again.
Position position_of(std::uint32_t k) {
    const std::uint32_t m = k % (kRingSections / 2);
    if (m < 2 || m >= 10) return Position::end;
    if (m < 4 || m >= 8) return Position::corner;
    return Position::side;
}

using Blocks = std::vector<std::uint32_t>;  // aisle-separated blocks of one row

struct Ring {
    const char* prefix;
    std::uint32_t rows;
    double first_row_m;  // distance from the field's edge
    double row_depth_m;
    SeatType seat_type;
    std::array<Blocks, 3> blocks;  // by Position
    std::array<TierId, 3> tiers;   // by Position
    bool platform;                 // last row holds the accessible seats

    const Blocks& blocks_at(std::uint32_t k) const {
        return blocks[static_cast<std::size_t>(position_of(k))];
    }
    TierId tier_at(std::uint32_t k) const {
        return tiers[static_cast<std::size_t>(position_of(k))];
    }
};

using Point = std::pair<float, float>;

// The point at fraction `f` of the way round the curve `d` metres out from the
// field's edge (straight beside the lines, quarter circles at the corners),
// counter-clockwise from the middle of the east goal line.
Point ring_point(double f, double d) {
    const double l = kFieldHalfLengthM;
    const double w = kFieldHalfWidthM;
    const double corner = std::numbers::pi / 2 * d;
    double t = f * (4 * l + 4 * w + 4 * corner);
    // Corner centres and the direction each straight runs, in walking order.
    struct Leg {
        double straight, cx, cy, dx, dy, angle;
    };
    const Leg legs[] = {{w, l, 0, 0, 1, 0},
                        {2 * l, l, w, -1, 0, std::numbers::pi / 2},
                        {2 * w, -l, w, 0, -1, std::numbers::pi},
                        {2 * l, -l, -w, 1, 0, 3 * std::numbers::pi / 2},
                        {w, l, -w, 0, 1, 0}};
    for (std::size_t i = 0; i < std::size(legs); ++i) {
        const Leg& leg = legs[i];
        // Each leg starts where the straight begins, offset outwards from (cx, cy).
        const double ox = leg.cx + d * std::cos(leg.angle);
        const double oy = leg.cy + d * std::sin(leg.angle);
        if (t <= leg.straight || i + 1 == std::size(legs)) {
            const double along = std::min(t, leg.straight);
            return {quantize(ox + leg.dx * along), quantize(oy + leg.dy * along)};
        }
        t -= leg.straight;
        if (t <= corner) {
            const double a = leg.angle + t / d;
            const Leg& next = legs[i + 1];
            return {quantize(next.cx + d * std::cos(a)), quantize(next.cy + d * std::sin(a))};
        }
        t -= corner;
    }
    return {0, 0};
}

std::uint32_t seat_total(const Blocks& blocks) {
    std::uint32_t n = 0;
    for (std::uint32_t b : blocks)
        n += b;
    return n;
}

double plan_width_m(const Blocks& blocks, double seat_m, double aisle_m) {
    return seat_total(blocks) * seat_m + static_cast<double>(blocks.size() - 1) * aisle_m;
}

// Adds one row's seats, leaving a gap at each aisle. `place(u)` maps the position
// across the row (0..1) to x/y; `kind(n)` gives the type and tier of seat n
// (1-based). Returns the ids in order.
template <typename Place, typename Kind>
std::vector<SeatId> add_stadium_row(VenueBuilder& b, const Blocks& blocks, double seat_m,
                                    double aisle_m, Place place, Kind kind) {
    LabelBuffer buf;
    const double width = plan_width_m(blocks, seat_m, aisle_m);
    std::vector<SeatId> ids;
    ids.reserve(seat_total(blocks));
    double offset = seat_m / 2;
    std::uint32_t n = 1;
    for (std::size_t block = 0; block < blocks.size(); ++block) {
        for (std::uint32_t i = 0; i < blocks[block]; ++i, ++n) {
            const auto [x, y] = place(offset / width);
            const auto [type, tier] = kind(n);
            ids.push_back(b.add_seat(number_label(buf, n), type, tier, x, y, block > 0 && i == 0));
            offset += seat_m;
        }
        offset += aisle_m;
    }
    return ids;
}

// The last row of a lower section is the wheelchair platform: its first and last
// seats are accessible, each with 1..3 companion seats beside it (varying by section).
template <typename Place>
void add_platform_row(VenueBuilder& b, const std::string& section, const Ring& ring,
                      std::uint32_t k, Place place, TierId accessible_tier) {
    const std::uint32_t n_max = seat_total(ring.blocks_at(k));
    const std::uint32_t left = 1 + k % kCompanionsMax;
    const std::uint32_t right = 1 + (k + 1) % kCompanionsMax;
    const auto kind = [&](std::uint32_t n) -> std::pair<SeatType, TierId> {
        if (n == 1 || n == n_max) return {SeatType::accessible, accessible_tier};
        if (n <= 1 + left || n >= n_max - right) return {SeatType::companion, accessible_tier};
        return {ring.seat_type, ring.tier_at(k)};
    };
    const std::vector<SeatId> row =
        add_stadium_row(b, ring.blocks_at(k), kPlanSeatM, kPlanAisleM, place, kind);
    b.add_group(section + " access 1", GroupKind::companion,
                std::vector<SeatId>(row.begin(), row.begin() + 1 + left), row.front());
    b.add_group(section + " access 2", GroupKind::companion,
                std::vector<SeatId>(row.end() - 1 - right, row.end()), row.back());
}

// Section k of a ring covers the fractions [f0, f1] of the way round the bowl.
void add_ring_section(VenueBuilder& b, const Ring& ring, std::uint32_t k, double f0, double f1,
                      TierId accessible_tier) {
    LabelBuffer buf;
    std::string name = ring.prefix;
    if (k + 1 < 10) name += '0';
    name += number_label(buf, k + 1);
    b.add_section(name, SectionType::stand);
    const auto plain = [&](std::uint32_t) {
        return std::pair<SeatType, TierId>{ring.seat_type, ring.tier_at(k)};
    };
    for (std::uint32_t r = 0; r < ring.rows; ++r) {
        b.add_row(std::string(number_label(buf, r + 1)));
        const double d = ring.first_row_m + r * ring.row_depth_m;
        const auto place = [&](double u) { return ring_point(f0 + u * (f1 - f0), d); };
        if (ring.platform && r + 1 == ring.rows) {
            add_platform_row(b, name, ring, k, place, accessible_tier);
        } else {
            add_stadium_row(b, ring.blocks_at(k), kPlanSeatM, kPlanAisleM, place, plain);
        }
    }
}

// Each section gets a share of the way round proportional to its planned width.
void add_ring(VenueBuilder& b, const Ring& ring, TierId accessible_tier) {
    double total_m = 0;
    for (std::uint32_t k = 0; k < kRingSections; ++k) {
        total_m += plan_width_m(ring.blocks_at(k), kPlanSeatM, kPlanAisleM);
    }
    double f = 0;
    for (std::uint32_t k = 0; k < kRingSections; ++k) {
        const double share = plan_width_m(ring.blocks_at(k), kPlanSeatM, kPlanAisleM) / total_m;
        add_ring_section(b, ring, k, f, f + share, accessible_tier);
        f += share;
    }
}

// Club level: straight rows of boxes centred on a touchline; `side` is +1 for the
// north stand, -1 for the south. Rows run counter-clockwise like the rings.
void add_vip_section(VenueBuilder& b, const std::string& name, double side, TierId tier) {
    LabelBuffer buf;
    b.add_section(name, SectionType::vip);
    const Blocks blocks(kVipBoxes.begin(), kVipBoxes.end());
    const double width = plan_width_m(blocks, kVipSeatM, kVipAisleM);
    const auto box_seat = [&](std::uint32_t) { return std::pair{SeatType::vip, tier}; };
    std::uint32_t box_number = 1;
    for (std::uint32_t r = 0; r < kVipRows; ++r) {
        b.add_row(std::string(number_label(buf, r + 1)));
        const double y = side * (kFieldHalfWidthM + kVipFirstRowM + r * kVipRowDepthM);
        const auto place = [&](double u) {
            return Point{quantize(side * width * (0.5 - u)), quantize(y)};
        };
        const std::vector<SeatId> row =
            add_stadium_row(b, blocks, kVipSeatM, kVipAisleM, place, box_seat);
        auto first = row.begin();
        for (std::uint32_t size : kVipBoxes) {
            b.add_group(name + " box " + std::string(number_label(buf, box_number++)),
                        GroupKind::together, std::vector<SeatId>(first, first + size));
            first += size;
        }
    }
}

}  // namespace

Venue make_theatre() {
    return make_theatre(TheatreSpec{});
}

Venue make_theatre(const TheatreSpec& spec) {
    VenueBuilder b("Synthetic Theatre");
    const TierId premium = b.add_tier("Premium", 8900, "EUR");
    const TierId standard = b.add_tier("Standard", 5900, "EUR");
    const TierId balcony = b.add_tier("Balcony", 3900, "EUR");
    add_stalls(b, premium, standard, spec);
    add_balcony(b, balcony, spec);
    Venue v = build_checked(std::move(b));
    SEAT_CHECK(v.seat_count() == kTheatreSeats, "the theatre plan must add up to 200 seats");
    return v;
}

Venue make_stadium() {
    VenueBuilder b("Synthetic Stadium");
    const TierId cat1 = b.add_tier("Category 1", 12000, "EUR");
    const TierId cat2 = b.add_tier("Category 2", 9000, "EUR");
    const TierId cat3 = b.add_tier("Category 3", 6500, "EUR");
    const TierId cat4 = b.add_tier("Category 4", 4500, "EUR");
    const TierId vip_box = b.add_tier("VIP Box", 35000, "EUR");
    const TierId accessible = b.add_tier("Accessible", 4500, "EUR");
    // Lower ring, behind an athletics track: 8 x 900 (ends) + 8 x 1,000 (corners)
    // + 8 x 1,100 (sides) = 24,000 seats.
    const Ring lower{"L",
                     25,
                     12,
                     0.8,
                     SeatType::floor,
                     {Blocks{12, 12, 12}, Blocks{13, 14, 13}, Blocks{11, 11, 11, 11}},
                     {cat2, cat2, cat1},
                     /*platform=*/true};
    // Upper ring: 8 x 1,680 (ends) + 8 x 1,800 (corners) + 8 x 1,920 (sides) = 43,200.
    const Ring upper{
        "U",
        30,
        58,
        0.75,
        SeatType::balcony,
        {Blocks{14, 14, 14, 14}, Blocks{12, 12, 12, 12, 12}, Blocks{13, 13, 12, 13, 13}},
        {cat4, cat4, cat3},
        /*platform=*/false};
    add_ring(b, lower, accessible);
    // Club level between the rings: 2 x 20 rows x 70 seats = 2,800 seats in 320 boxes.
    add_vip_section(b, "VIP-N", +1, vip_box);
    add_vip_section(b, "VIP-S", -1, vip_box);
    add_ring(b, upper, accessible);
    Venue v = build_checked(std::move(b));
    SEAT_CHECK(v.seat_count() == kStadiumSeats, "the stadium plan must add up to 70,000 seats");
    SEAT_CHECK(v.sections.size() == kStadiumSections, "the stadium plan has 50 sections");
    SEAT_CHECK(v.groups.size() == kStadiumGroups, "the stadium plan has 368 groups");
    return v;
}

}  // namespace seat
