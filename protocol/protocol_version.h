// The protocol version a peer speaks, exchanged in Hello / HelloReply. It changes
// only for a change older peers must refuse; additions that follow the schema's
// evolution rules (protocol/seat.fbs) keep the version.
#pragma once

#include <cstdint>
#include <optional>

namespace seat::protocol {

inline constexpr std::uint32_t kProtocolVersion = 1;
// The oldest version this build still speaks.
inline constexpr std::uint32_t kProtocolVersionMin = 1;
static_assert(kProtocolVersionMin <= kProtocolVersion);

// The version a connection uses: the lower of the two peers', or nullopt when
// this build cannot speak it (the server then answers unsupported and closes).
inline std::optional<std::uint32_t> negotiate_version(std::uint32_t client_version) {
    const std::uint32_t v = client_version < kProtocolVersion ? client_version : kProtocolVersion;
    if (v < kProtocolVersionMin) return std::nullopt;
    return v;
}

}  // namespace seat::protocol
