// The server's own secret: 32 random bytes in DATA_DIR/server-secret, created
// (mode 0600, synced) on first start and read on every later one. It keys what
// must be unpredictable to clients but stable across restarts: the binding of
// client-chosen ids to principals (binding.h). Losing it makes the live holds'
// sessions and recent idempotency keys unreachable (sales and tickets are not
// affected); back it up with the ticket keys.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>

namespace seat::server {

using ServerSecret = std::array<std::uint8_t, 32>;

// Loads the secret, or creates the file when it does not exist (`created` says
// which). Throws std::runtime_error naming the file when it cannot be read,
// written or is malformed (its content is never printed).
ServerSecret open_server_secret(const std::filesystem::path& file, bool& created);

}  // namespace seat::server
