// Text forms of 128-bit identifiers.
#include "engine/ids.h"

#include <cstdio>

namespace seat {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string to_string(const Id128& id) {
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx",
                  static_cast<unsigned>(id.hi >> 32), static_cast<unsigned>((id.hi >> 16) & 0xFFFF),
                  static_cast<unsigned>(id.hi & 0xFFFF), static_cast<unsigned>(id.lo >> 48),
                  static_cast<unsigned long long>(id.lo & 0xFFFFFFFFFFFFull));
    return std::string(buf, 36);
}

bool parse_id128(std::string_view text, Id128& out) {
    const bool dashed = text.size() == 36;
    if (!dashed && text.size() != 32) return false;
    std::uint64_t halves[2] = {0, 0};
    int digits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (dashed && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (text[i] != '-') return false;
            continue;
        }
        const int v = hex_value(text[i]);
        if (v < 0) return false;
        auto& half = halves[digits / 16];
        half = (half << 4) | static_cast<std::uint64_t>(v);
        ++digits;
    }
    if (digits != 32) return false;
    out = Id128{halves[0], halves[1]};
    return true;
}

Id128 make_uuid_v4(std::uint64_t random_hi, std::uint64_t random_lo) {
    const std::uint64_t hi = (random_hi & ~0xF000ull) | 0x4000ull;
    const std::uint64_t lo = (random_lo & ~(0xC000ull << 48)) | (0x8000ull << 48);
    return Id128{hi, lo};
}

}  // namespace seat
