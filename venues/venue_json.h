// Venue files: the JSON form of a Venue ("seatd-venue/1", see docs/venue-format.md).
// Parsing never throws and never trusts its input: every failure comes back as one
// message that names the place, e.g. `sections[2].rows[5].seats[3]: unknown price
// tier "gold"`. Writing then parsing a valid venue gives back an identical venue.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/venue.h"

namespace seat {

// The value of the top-level "format" field this code reads and writes.
inline constexpr std::string_view kVenueFormat = "seatd-venue/1";
// A venue file larger than this is refused before parsing (a 250,000-seat venue
// written by venue_to_json is about 25 MiB).
inline constexpr std::size_t kVenueFileBytesMax = 64u << 20;
// The format nests seven levels deep; anything much deeper is not a venue file.
inline constexpr std::size_t kVenueJsonDepthMax = 16;

// Parses and validates a venue file. On failure returns nullopt and sets `error`.
std::optional<Venue> parse_venue_json(std::string_view text, std::string& error);

// Writes a venue file: pretty-printed, one seat per line, ending with a newline.
std::string venue_to_json(const Venue& venue);

}  // namespace seat
