// The idempotency window of one event: the outcome of each of the last
// kIdempotencyWindow mutating commands, keyed by the client's idempotency key.
// It is filled by apply() from facts, so it survives restarts exactly as the log
// does. Refusals write no fact and are not remembered: a refused command did not
// act, so deciding its retry afresh cannot make it act twice.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/flat_map.h"
#include "engine/ids.h"

namespace seat {

enum class CommandKind : std::uint8_t {
    hold,
    release,
    extend,
    purchase,
    block,
    unblock,
    reissue,
    cancel,
};

// Enough to rebuild the original Result; tickets are looked up by index in the state.
// Reissue and cancel keep the ticket's index in first_ticket and its (new or
// revoked) version in count.
struct IdempotencyEntry {
    IdempotencyKey key;
    std::uint64_t fingerprint = 0;
    CommandKind kind = CommandKind::hold;
    HoldId hold;
    UnixMillis expires_at = 0;
    std::uint32_t first_ticket = 0;
    std::uint32_t count = 0;    // tickets issued, or seats changed by a block/unblock
    std::uint32_t pending = 0;  // seats whose block waits for a hold to end
    friend bool operator==(const IdempotencyEntry&, const IdempotencyEntry&) = default;
};

class IdempotencyWindow {
  public:
    const IdempotencyEntry* find(const IdempotencyKey& key) const;
    void remember(const IdempotencyEntry& entry);
    std::size_t size() const { return map_.size(); }
    std::size_t memory_bytes() const {
        return ring_.capacity() * sizeof(IdempotencyEntry) + map_.memory_bytes();
    }
    // Entries oldest first (for snapshots and comparison).
    std::vector<IdempotencyEntry> entries() const;
    void restore(const std::vector<IdempotencyEntry>& oldest_first);

  private:
    static std::uint64_t hash(const IdempotencyKey& key);
    std::vector<IdempotencyEntry> ring_;  // grows to kIdempotencyWindow, then wraps
    std::size_t next_ = 0;                // ring position of the next entry once full
    FlatMap map_;                         // hash(key) -> ring position
};

}  // namespace seat
