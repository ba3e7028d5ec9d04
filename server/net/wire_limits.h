// What the engine's limits add up to on the wire, asserted to fit in one frame.
// The protocol knows its frame size and page sizes but nothing of seats; the
// engine knows its limits but nothing of frames; the server, which converts
// between them, is where the two are tied together, so a limit raised on either
// side that would make a legitimate message overflow a frame fails the build.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/ids.h"
#include "engine/limits.h"
#include "protocol/frame.h"

namespace seat::server {

using protocol::kFrameBodyBytesMax;
using protocol::kMessageBytesOverhead;
using protocol::kStringBytesOverhead;

// "SECTION/ROW/SEAT".
inline constexpr std::size_t kSeatNameBytesMax =
    kNameBytesMax + 1 + kLabelBytesMax + 1 + kLabelBytesMax;
inline constexpr std::size_t kEventInfoBytesMax = 2 * kNameBytesMax + 128;
inline constexpr std::size_t kTierSummaryBytesMax = kNameBytesMax + 128;

// A revocation filter must fit one reply frame with room to spare.
inline constexpr std::size_t kRevocationFilterBytesMax = protocol::kFrameBytesMax - 64 * 1024;

static_assert(kBlockSeatsMax * (sizeof(SeatId) + kSeatNameBytesMax + kStringBytesOverhead) +
                      kMessageBytesOverhead <=
                  kFrameBodyBytesMax,
              "a block request naming every seat by id and by name fits in a frame");
static_assert(kVenueSeatsMax +
                      protocol::kSectionRowsMax *
                          (sizeof(std::uint32_t) * 2 + kLabelBytesMax + kStringBytesOverhead) +
                      protocol::kSectionLabelsSeatsMax * (kLabelBytesMax + kStringBytesOverhead) +
                      kMessageBytesOverhead <=
                  kFrameBodyBytesMax,
              "a SectionReply for the largest section, rows and labels included, fits");
static_assert(kVenueSectionsMax *
                          (4 * sizeof(std::uint32_t) + kNameBytesMax + kStringBytesOverhead) +
                      kVenueTiersMax * kTierSummaryBytesMax + kMessageBytesOverhead <=
                  kFrameBodyBytesMax,
              "a SummaryReply for the largest venue fits");
static_assert(protocol::kListEventsPageMax * kEventInfoBytesMax + kMessageBytesOverhead <=
                  kFrameBodyBytesMax,
              "a full page of ListEvents fits");
static_assert(protocol::kResponseTablesMax >= 2 + kVenueTiersMax &&
                  protocol::kResponseTablesMax >= 2 + kHoldSeatsMax,
              "the largest legitimate responses pass the Verifier");

}  // namespace seat::server
