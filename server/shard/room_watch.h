// Heartbeats of one event's waiting room: when each entry's holder was last
// heard from (a join, a heartbeat, a poll). They are not facts — a million
// buyers beating every 20 s would be 50,000 log records a second that decide
// nothing — so a position is lost only when the shard says so, with a
// QueueAbandoned fact naming the entries (RunRoom.lapsed). After a restart the
// table is empty and every waiting entry counts as heard at the first tick: a
// restart costs no one their place, it only restarts their grace.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/room/room.h"

namespace seat::server {

class RoomWatch {
  public:
    void heard(std::uint32_t entry, UnixMillis now) {
        if (entry >= seen_.size()) seen_.resize(entry + 1, now);
        seen_[entry] = now;
    }

    // Waiting entries not heard from for longer than `grace`, at most `max`.
    std::vector<std::uint32_t> lapsed(const Room& room, UnixMillis now, std::int64_t grace,
                                      std::size_t max) {
        if (seen_.size() < room.size()) seen_.resize(room.size(), now);
        std::vector<std::uint32_t> out;
        room.for_each_waiting([&](std::uint32_t e) {
            if (seen_[e] + grace < now) out.push_back(e);
            return out.size() < max;
        });
        return out;
    }

    std::size_t memory_bytes() const { return seen_.capacity() * sizeof(UnixMillis); }

  private:
    std::vector<UnixMillis> seen_;  // by entry number
};

// Lapsed positions are looked for this often (a scan over the waiting entries).
inline constexpr UnixMillis kRoomLapseScanMs = 1'000;

}  // namespace seat::server
