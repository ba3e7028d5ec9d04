// Fuzzes the venue file parser (venues/venue_json.h), which reads files from
// operators and, through CreateEvent, from the network. It must refuse bad input
// with a message and never crash or throw. What it accepts must be a valid venue
// (validate()) that writes and reads back identically, whose seats are found
// again by their names.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "venues/venue_json.h"

namespace {

using namespace seat;

void check(bool ok) {
    if (!ok) std::abort();
}

// Name look-ups are linear in a row: a few hundred seats are plenty.
constexpr SeatId kSeatsLookedUpMax = 256;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string error;
    const std::optional<Venue> venue = parse_venue_json(text, error);
    if (!venue) {
        check(!error.empty());
        return 0;
    }
    check(validate(*venue).empty());
    const std::string written = venue_to_json(*venue);
    const std::optional<Venue> again = parse_venue_json(written, error);
    check(again.has_value() && *again == *venue);
    check(venue_to_json(*again) == written);
    for (SeatId s = 0; s < venue->seat_count() && s < kSeatsLookedUpMax; ++s)
        check(venue->find_seat(venue->seat_name(s)) == s);
    return 0;
}
