// One event's revocation filter (the offline scanners' Bloom filter of revoked
// codes, docs/tickets.md), built from the event's state and kept until a
// revocation is added: scanners poll it every minute or so, and building it
// walks every ticket. Owned by whoever owns the event's state (its shard) and
// used on that thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/event_state.h"

namespace seat::server {

class RevocationCache {
  public:
    struct Filter {
        std::string bytes;           // RevocationFilter::serialize()
        std::uint64_t sequence = 0;  // revocations included (newer filters have more)
        double false_positive_rate = 0;
    };

    // The filter must fit in this many bytes (one reply frame, with room to spare).
    explicit RevocationCache(std::size_t filter_bytes_max) : filter_bytes_max_(filter_bytes_max) {}

    // The filter of `state`'s revocations, rebuilt when one was added since.
    const Filter& get(const EventState& state);

  private:
    std::size_t filter_bytes_max_;
    Filter filter_;
    bool built_ = false;
};

}  // namespace seat::server
