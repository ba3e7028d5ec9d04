// Which shard owns an event. This is the only place that computes it: the I/O
// threads route requests with it and start-up places recovered events with it,
// so an event never has two owners while the process runs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/ids.h"

namespace seat::server {

// Event ids are chosen by callers and are often small consecutive numbers; the
// multiply-xorshift spreads them over the shards instead of striping by id.
inline std::size_t shard_of(EventId event, std::size_t shard_count) {
    std::uint64_t h = event * 0x9E3779B97F4A7C15ull;
    h ^= h >> 32;
    return static_cast<std::size_t>(h % shard_count);
}

}  // namespace seat::server
