// The waiting-room scenario (docs/seatbench.md, "waiting-room"): N buyers join
// an event's waiting room, most before the sale starts (the pre-queue) and some
// after; they poll their entry with heartbeats as a browser would; once
// admitted they hold seats with their admission token and buy them. Some walk
// away while waiting, some hold and never buy. One thread schedules every
// buyer; answers come back from the clients' I/O threads through one queue. A
// monitor reads the room every 100 ms. What was seen is returned for the report
// (room_report.h); the audit of the final state is the other scenarios' (audit.h).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/seatbench/histogram.h"
#include "bench/seatbench/ledger.h"
#include "bench/seatbench/options.h"
#include "bench/seatbench/target.h"

namespace seat::bench {

// The monitor's interval between two GetRoom reads.
inline constexpr std::int64_t kRoomMonitorInterval_ms = 100;

enum class RoomRequest : std::uint8_t { join, status, hold, buy, room };
inline constexpr std::size_t kRoomRequestKinds = 5;
const char* to_string(RoomRequest r);

// What one buyer saw of its own entry (times are Unix ms, the server's, but
// `predicted_at_ms`, which is the bench's clock plus the server's ETA).
struct BuyerRecord {
    std::int64_t joined_at_ms = 0;    // 0: never joined
    std::int64_t admitted_at_ms = 0;  // 0: no admission seen
    // When the first waiting answer after the sale start with a known ETA said
    // the buyer would be admitted; -1 when none had one.
    std::int64_t predicted_at_ms = -1;
    std::uint32_t place = 0;  // the entry's place in the drawn order; 0 unknown
    bool pre_queue = false;   // joined before the room opened: the order was drawn
};

struct RoomRequestStats {
    Histogram latency;  // µs, from the call to its callback
    std::uint64_t count = 0;
    std::uint64_t errors = 0;  // anything but ok
};

// How buyers ended, counted (a buyer counts in exactly one of the "ended_" ones).
struct RoomCounters {
    std::uint64_t joined = 0;
    std::uint64_t joined_before_sale = 0;
    std::uint64_t abandon_chosen = 0;       // drawn to walk away while waiting
    std::uint64_t hold_abandon_chosen = 0;  // drawn to hold and not buy
    std::uint64_t admitted = 0;
    std::uint64_t holds = 0;
    std::uint64_t seats_bought = 0;
    std::uint64_t ended_bought = 0;
    std::uint64_t ended_hold_abandoned = 0;   // held, walked away: the hold expires
    std::uint64_t ended_abandoned = 0;        // stopped polling while waiting
    std::uint64_t ended_told_sold_out = 0;    // a waiting buyer told the room sold out
    std::uint64_t ended_no_seats = 0;         // admitted, then sold out before it found seats
    std::uint64_t ended_admission_ended = 0;  // admitted, and the admission ended unused
    std::uint64_t ended_position_lost = 0;    // reclaimed while it kept polling (a bench lag)
    std::uint64_t ended_failed = 0;           // errors, refusals, retries used up
    std::uint64_t unfinished = 0;             // still going when the duration cap came
};

// What the monitor saw of the room.
struct RoomMonitor {
    std::uint32_t max_active_seen = 0;
    bool sold_out_seen = false;
    std::int64_t sold_out_seen_at_ms = 0;  // the bench's clock, first sold-out reading
    std::uint64_t admitted_total_at_sold_out = 0;
    std::uint64_t admitted_total_at_end = 0;
    std::uint32_t abandoned_at_end = 0;  // the room's reclaimed positions
    std::uint64_t reads = 0;
};

struct RoomRun {
    std::int64_t sale_starts_at_ms = 0;
    std::vector<BuyerRecord> buyers;
    RoomCounters counters;
    RoomMonitor monitor;
    std::array<RoomRequestStats, kRoomRequestKinds> requests;
    std::map<std::string, std::uint64_t> codes;  // "hold:not_admitted", ...
    double elapsed_s = 0;                        // from the first join to the last answer
    bool hit_duration_cap = false;
    Ledger ledger;  // acknowledged purchases, for the audit
};

// Runs the scenario on the event `setup` created (with its room and sale start).
// False with `error` when the clients cannot connect.
bool run_waiting_room(const Options& options, const EventSetup& setup, RoomRun& out,
                      std::string& error);

}  // namespace seat::bench
