// One base64 codec serves both alphabets; padding is either always required
// (key files) or always absent (codes). Decoding rejects non-zero leftover bits,
// which is what makes every encoding canonical.
#include "tickets/encoding.h"

#include <array>

namespace seat::tickets {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr int kNotInAlphabet = -1;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return kNotInAlphabet;
}

std::string encode(std::span<const std::uint8_t> bytes, std::string_view alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        for (int shift = 18; shift >= 0; shift -= 6)
            out += alphabet[(group >> shift) & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 0) return out;
    std::uint32_t group = bytes[i] << 16;
    if (rest == 2) group |= bytes[i + 1] << 8;
    out += alphabet[(group >> 18) & 63];
    out += alphabet[(group >> 12) & 63];
    if (rest == 2) out += alphabet[(group >> 6) & 63];
    if (pad) out.append(3 - rest, '=');
    return out;
}

constexpr std::array<int, 256> decode_table(std::string_view alphabet) {
    std::array<int, 256> table{};
    table.fill(kNotInAlphabet);
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    }
    return table;
}

constexpr std::array<int, 256> kBase64Table = decode_table(kBase64Alphabet);
constexpr std::array<int, 256> kBase64UrlTable = decode_table(kBase64UrlAlphabet);

std::optional<Bytes> decode(std::string_view text, const std::array<int, 256>& table, bool pad) {
    if (pad) {
        if (text.size() % 4 != 0) return std::nullopt;
        std::size_t padding = 0;
        while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
            ++padding;
        }
        text.remove_suffix(padding);
    }
    // A lone character in the last group cannot hold a whole byte.
    if (text.size() % 4 == 1) return std::nullopt;
    Bytes out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int value = table[static_cast<unsigned char>(c)];
        if (value == kNotInAlphabet) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(buffer >> bits));
        }
    }
    if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        out += kHexDigits[b >> 4];
        out += kHexDigits[b & 15];
    }
    return out;
}

bool from_hex(std::string_view text, std::span<std::uint8_t> out) {
    if (text.size() != out.size() * 2) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = hex_value(text[2 * i]);
        const int low = hex_value(text[2 * i + 1]);
        if (high == kNotInAlphabet || low == kNotInAlphabet) return false;
        out[i] = static_cast<std::uint8_t>(high * 16 + low);
    }
    return true;
}

std::string base64_encode(std::span<const std::uint8_t> bytes) {
    return encode(bytes, kBase64Alphabet, true);
}

std::optional<Bytes> base64_decode(std::string_view text) {
    return decode(text, kBase64Table, true);
}

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
    return encode(bytes, kBase64UrlAlphabet, false);
}

std::optional<Bytes> base64url_decode(std::string_view text) {
    return decode(text, kBase64UrlTable, false);
}

}  // namespace seat::tickets
