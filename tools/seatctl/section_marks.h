// What a section's grid marks besides each seat's status: accessible and
// companion seats, and aisles. A SectionReply carries statuses, rows and labels
// but neither seat types nor aisles (protocol/seat.fbs), so both are gathered
// from what the server does send:
//   - seat types from one GetSeat per seat, all sent at once on the one
//     connection, for sections of at most kSeatTypeLookupsMax seats;
//   - an aisle wherever the seat numbers of a row jump by more than the row's
//     step (1 2 3 | 7 8, or 1 3 5 | 11 13 on an odd-numbered side). The venue
//     file's aisle_before is not on the wire: an aisle between seats numbered
//     without a jump (the demo theatre's) cannot be shown.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tools/seatctl/cli.h"

namespace seat::ctl {

// Enough for the largest section of the generated stadium (1,920 seats); one
// GetSeat answer is about 100 bytes.
inline constexpr std::size_t kSeatTypeLookupsMax = 4096;

struct SectionMarks {
    std::vector<sc::SeatType> types;  // by seat offset in the section; empty when not read
    std::string types_missing;        // why `types` is empty
    std::vector<bool> aisle_before;   // by seat offset; empty without seat labels
};

// `s` must have been read with its seat labels (get_section(..., true)).
SectionMarks read_section_marks(Context& c, const sc::SectionInfo& s);

}  // namespace seat::ctl
