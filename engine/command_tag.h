// Which command produced a fact, so that a repeated idempotency key is
// recognised after recovery as well: facts that a keyed command writes carry it,
// and apply() remembers the command's reply under it.
#pragma once

#include <cstdint>

#include "engine/ids.h"

namespace seat {

// `fingerprint` distinguishes reuse of a key for a different command. A zero key
// means the command asked for no idempotency.
struct CommandTag {
    IdempotencyKey key;
    std::uint64_t fingerprint = 0;
    friend bool operator==(const CommandTag&, const CommandTag&) = default;
};

}  // namespace seat
