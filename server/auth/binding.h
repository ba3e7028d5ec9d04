// Client-chosen ids made private to the key that chose them. Session ids and
// idempotency keys are picked by clients, so two applications (or a curious
// one) could pick the same value and act on each other's holds, or replay each
// other's results. The server never uses them as sent: it replaces each with a
// keyed hash (SipHash-2-4, 128-bit output) under a secret of the caller's
// principal, so the same client value under another principal is another id,
// and no principal can aim at another's without that secret. The secret is
// derived from the server's secret (server_secret.h) and the principal's name
// (or key), so retries, reconnects and restarts see the same ids, and keys that
// share a name (a key being rotated) share their sessions.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/ids.h"

namespace seat::server {

class Binding {
  public:
    // The secret from the server's and the principal's identity (its name, or
    // its key's digest).
    static Binding derive(std::span<const std::uint8_t> server_secret, std::string_view identity);

    Id128 bind(const Id128& client_value) const;

  private:
    std::array<std::uint64_t, 2> key_{};
};

// SipHash-2-4 as its reference defines it (keys and output little-endian):
// the 128-bit output variant (the first 8 output bytes are `lo`) and the
// 64-bit one, exposed for the reference's test vectors.
Id128 siphash128(const std::array<std::uint64_t, 2>& key, const std::uint8_t* message,
                 std::size_t size);
std::uint64_t siphash64(const std::array<std::uint64_t, 2>& key, const std::uint8_t* message,
                        std::size_t size);

}  // namespace seat::server
