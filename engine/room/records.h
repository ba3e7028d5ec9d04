// What an event's waiting room remembers: one entry per join, in join order.
// An entry's life:
//
//   waiting ──(admitted in a batch)──> admitted ──(sold, holds used up, token
//      │                                   │        expired with no live hold)──> done
//      ├──(left)──> left                   └──(left)──> left
//      └──(no heartbeat within the grace)──> abandoned
//
// `admitted` is an active shopper: the room never has more of them than the
// event's max_active. Entries are never removed (their index is their number in
// the facts); a session whose entry ended may join again, at the back.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/ids.h"

namespace seat {

// The buyer's handle on an entry: 128 random bits drawn by decide. Knowing it is
// what lets a browser poll, heartbeat or leave; it gives no right to buy (the
// admission token is bound to the session that joined).
using QueueTicketId = Id128;

enum class EntryState : std::uint8_t { waiting = 0, admitted, done, left, abandoned };
inline constexpr std::size_t kEntryStateCount = 5;
const char* to_string(EntryState s);

// Why an admission ended (AdmissionsEnded).
enum class AdmissionEnd : std::uint8_t { token_expired = 0 };

struct QueueEntry {
    QueueTicketId ticket;
    SessionId session;  // the room's binding of the buyer's session (not a principal's)
    UnixMillis joined_at = 0;
    UnixMillis admitted_at = 0;
    UnixMillis token_expires_at = 0;  // admitted: the admission token's expiry
    UnixMillis ended_at = 0;          // done, left, abandoned
    EntryState state = EntryState::waiting;
    std::uint8_t holds_used = 0;  // holds placed under the admission
    std::uint8_t live_holds = 0;  // of those, still live
    bool bought = false;          // a hold placed under it was sold
    friend bool operator==(const QueueEntry&, const QueueEntry&) = default;
};

// What a snapshot stores of the room; the queue order, positions and counters
// are rebuilt from it (the order is the pre-queue shuffled by `seed`, then the
// later joins in join order).
struct RoomImage {
    std::vector<QueueEntry> entries;
    bool opened = false;  // the sale started and the pre-queue was shuffled
    UnixMillis opened_at = 0;
    std::uint64_t seed = 0;      // the pre-queue's shuffle
    std::uint32_t prequeue = 0;  // entries joined before the sale started
    friend bool operator==(const RoomImage&, const RoomImage&) = default;
};

}  // namespace seat
