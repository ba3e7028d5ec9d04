#include "server/net/claim_tokens.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>

#include "base/check.h"

namespace seat::server {
namespace {

using RawToken = std::array<std::uint8_t, kClaimTokenBytes>;

TokenHash hash_of(const RawToken& raw) {
    TokenHash out;
    unsigned size = 0;
    const int ok =
        EVP_Digest(raw.data(), raw.size(), out.bytes.data(), &size, EVP_sha256(), nullptr);
    SEAT_CHECK(ok == 1 && size == out.bytes.size(), "SHA-256 of a claim token failed");
    return out;
}

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

ClaimToken draw_claim_token() {
    RawToken raw{};
    SEAT_CHECK(RAND_bytes(raw.data(), static_cast<int>(raw.size())) == 1,
               "RAND_bytes failed drawing a claim token");
    static constexpr char kDigits[] = "0123456789abcdef";
    ClaimToken token;
    token.text.reserve(kClaimTokenDigits);
    for (const std::uint8_t b : raw) {
        token.text.push_back(kDigits[b >> 4]);
        token.text.push_back(kDigits[b & 0x0F]);
    }
    token.hash = hash_of(raw);
    return token;
}

std::optional<TokenHash> claim_token_hash(std::string_view text) {
    if (text.size() != kClaimTokenDigits) return std::nullopt;
    RawToken raw{};
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const int hi = digit_value(text[2 * i]);
        const int lo = digit_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        raw[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return hash_of(raw);
}

}  // namespace seat::server
