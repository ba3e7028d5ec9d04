// The seat map the HTTP side serves (docs/http.md, "Seat maps"): a copy of one
// event's seat statuses that its shard hands over inside a round, rendered into
// JSON off the shard thread. The copy is a byte per seat plus a pointer to the
// immutable venue, so a 70,000-seat stadium costs the shard one 70 kB copy per
// render and nothing per page view.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/event_state.h"

namespace seat::server::http {

inline constexpr const char* kSeatmapFormat = "seatd-seatmap/1";
inline constexpr const char* kSectionsFormat = "seatd-sections/1";

struct SeatmapCopy {
    EventId event = 0;
    Sequence sequence = 0;  // the last fact the copy includes
    std::string name;
    std::string currency;  // the event's; empty: the tiers' own
    UnixMillis starts_at_ms = 0;
    std::shared_ptr<const Venue> venue;
    std::vector<SeatStatus> statuses;  // indexed by SeatId
    Counts totals;
    std::vector<Counts> sections;  // indexed by SectionId
    UnixMillis copied_at = 0;
    double copy_seconds = 0;  // what the copy cost the shard thread (metrics)
};

// On the shard thread, inside a round.
SeatmapCopy copy_seatmap(const EventState& state, UnixMillis now);

// The whole map: layout (sections, rows, seats at their positions, tiers,
// groups) and every seat's status. `refresh_s` tells clients when to ask again.
std::string seatmap_json(const SeatmapCopy& copy, unsigned refresh_s);
// The compact form: counts per section and tier, and one status letter per seat
// in seat-id order per section; no layout.
std::string sections_json(const SeatmapCopy& copy, unsigned refresh_s);

// The letter of a status in both forms: a(vailable), h(eld), s(old), b(locked).
char status_letter(SeatStatus status);

}  // namespace seat::server::http
