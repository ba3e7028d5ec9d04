// The venues a run can use: the generated 70,000-seat stadium, the 200-seat
// theatre, and the 8,000-seat "arena" built here (eight 1,000-seat sections), whose
// venue file fits one CreateEvent frame. Also which section section-read reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/venue.h"

namespace seat::bench {

inline constexpr std::uint32_t kArenaSections = 8;
inline constexpr std::uint32_t kArenaRows = 40;
inline constexpr std::uint32_t kArenaSeatsPerRow = 25;

// "stadium", "theatre" or "arena"; nullopt with `error` for anything else.
std::optional<Venue> make_venue(std::string_view kind, std::string& error);

// The section section-read reads: the stadium's "L03" (1,000 seats), the arena's
// "A03" (1,000 seats), the theatre's Stalls.
SectionId read_section(const Venue& venue, std::string_view kind);

}  // namespace seat::bench
