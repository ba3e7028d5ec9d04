// Byte encodings used by ticket codes and key files: lowercase hex, base64
// (standard alphabet, padded, for key files) and base64url without padding (for
// Ed25519 codes), plus big-endian integers. Internal to tickets/.
// Decoders are strict: one valid spelling per byte string (no whitespace, no
// uppercase hex, no stray padding, unused trailing bits must be zero), so a
// changed character in a code can never decode to the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace seat::tickets {

using Bytes = std::vector<std::uint8_t>;

std::string to_hex(std::span<const std::uint8_t> bytes);
// Lowercase hex of exactly 2 * out.size() characters into `out`.
bool from_hex(std::string_view text, std::span<std::uint8_t> out);

std::string base64_encode(std::span<const std::uint8_t> bytes);
std::optional<Bytes> base64_decode(std::string_view text);
std::string base64url_encode(std::span<const std::uint8_t> bytes);
std::optional<Bytes> base64url_decode(std::string_view text);

template <typename Unsigned>
void put_big_endian(Bytes& out, Unsigned value) {
    for (int shift = 8 * (static_cast<int>(sizeof(Unsigned)) - 1); shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

// Reads sizeof(Unsigned) bytes; the caller has checked the length.
template <typename Unsigned>
Unsigned get_big_endian(const std::uint8_t* in) {
    Unsigned value = 0;
    for (std::size_t i = 0; i < sizeof(Unsigned); ++i) {
        value = static_cast<Unsigned>((value << 8) | in[i]);
    }
    return value;
}

}  // namespace seat::tickets
