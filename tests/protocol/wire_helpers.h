// Small helpers shared by the protocol tests: building a few frames, and holding
// bytes at an aligned address the way FrameReader hands frames out.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "protocol/frame.h"

namespace seat::protocol::testing {

// Bytes copied to an 8-byte-aligned address (verify_* requires one).
class AlignedBytes {
  public:
    explicit AlignedBytes(std::span<const std::uint8_t> bytes)
        : words_((bytes.size() + 7) / 8 + 1), size_(bytes.size()) {
        if (!bytes.empty()) std::memcpy(words_.data(), bytes.data(), bytes.size());
    }
    std::uint8_t* data() { return reinterpret_cast<std::uint8_t*>(words_.data()); }
    std::span<const std::uint8_t> span() const {
        return {reinterpret_cast<const std::uint8_t*>(words_.data()), size_};
    }

  private:
    std::vector<std::uint64_t> words_;
    std::size_t size_;
};

inline std::vector<std::uint8_t> to_bytes(std::span<const std::uint8_t> frame) {
    return {frame.begin(), frame.end()};
}

// A Ping request frame.
inline std::vector<std::uint8_t> ping_frame(std::uint64_t request_id, std::uint64_t event = 0) {
    flatbuffers::FlatBufferBuilder b;
    const auto ping = wire::CreatePing(b);
    const auto root =
        wire::CreateRequest(b, request_id, event, wire::RequestBody::Ping, ping.Union());
    return to_bytes(encode_frame(b, root));
}

// A PlaceHold request frame naming `seats` by id.
inline std::vector<std::uint8_t> hold_frame(std::uint64_t request_id,
                                            const std::vector<std::uint32_t>& seats) {
    flatbuffers::FlatBufferBuilder b;
    const wire::Id128 session(7, 8), key(9, request_id);
    const auto hold = wire::CreatePlaceHoldDirect(b, &session, &seats, nullptr, &key);
    const auto root =
        wire::CreateRequest(b, request_id, 42, wire::RequestBody::PlaceHold, hold.Union());
    return to_bytes(encode_frame(b, root));
}

}  // namespace seat::protocol::testing
