// Builds the arena with VenueBuilder: plain rows with an aisle every 8 or 9
// seats and no groups, two price tiers by section, so that every seat can be held
// by any buyer and its file stays well under the 1 MiB frame.
#include "bench/seatbench/venues.h"

#include "venues/generators.h"

namespace seat::bench {
namespace {

constexpr std::uint32_t kArenaAisleEvery = 9;

std::optional<Venue> make_arena(std::string& error) {
    VenueBuilder b("seatbench arena");
    const TierId front = b.add_tier("Front", 9'000, "EUR");
    const TierId back = b.add_tier("Back", 5'000, "EUR");
    for (std::uint32_t s = 0; s < kArenaSections; ++s) {
        std::string name = "A0" + std::to_string(s + 1);
        b.add_section(name, SectionType::stand);
        const TierId tier = s % 2 == 0 ? front : back;
        for (std::uint32_t r = 0; r < kArenaRows; ++r) {
            b.add_row(std::to_string(r + 1));
            for (std::uint32_t i = 0; i < kArenaSeatsPerRow; ++i) {
                const bool aisle = i > 0 && i % kArenaAisleEvery == 0;
                b.add_seat(std::to_string(i + 1), SeatType::floor, tier,
                           static_cast<float>(s * 40 + i), static_cast<float>(r), aisle);
            }
        }
    }
    return std::move(b).build(error);
}

}  // namespace

std::optional<Venue> make_venue(std::string_view kind, std::string& error) {
    if (kind == "stadium") return make_stadium();
    if (kind == "theatre") return make_theatre();
    if (kind == "arena") return make_arena(error);
    error = "unknown venue " + std::string(kind);
    return std::nullopt;
}

SectionId read_section(const Venue& venue, std::string_view kind) {
    if (kind == "stadium") return venue.find_section(kStadiumReadSection).value_or(0);
    if (kind == "arena") return venue.find_section("A03").value_or(0);
    return 0;
}

}  // namespace seat::bench
