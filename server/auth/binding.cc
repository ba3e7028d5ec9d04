#include "server/auth/binding.h"

#include <openssl/evp.h>

#include <cstring>
#include <string>

#include "base/check.h"

namespace seat::server {
namespace {

std::uint64_t rotl(std::uint64_t x, int b) {
    return (x << b) | (x >> (64 - b));
}

struct SipState {
    std::uint64_t v0, v1, v2, v3;
    void round() {
        v0 += v1;
        v1 = rotl(v1, 13);
        v1 ^= v0;
        v0 = rotl(v0, 32);
        v2 += v3;
        v3 = rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = rotl(v1, 17);
        v1 ^= v2;
        v2 = rotl(v2, 32);
    }
};

std::uint64_t load_le64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

// The reference algorithm; `wide` selects the 128-bit output variant.
template <bool wide>
Id128 siphash(const std::array<std::uint64_t, 2>& key, const std::uint8_t* m, std::size_t size) {
    SipState s{key[0] ^ 0x736f6d6570736575ull, key[1] ^ 0x646f72616e646f6dull,
               key[0] ^ 0x6c7967656e657261ull, key[1] ^ 0x7465646279746573ull};
    if (wide) s.v1 ^= 0xee;
    const std::size_t whole = size - size % 8;
    for (std::size_t i = 0; i < whole; i += 8) {
        const std::uint64_t word = load_le64(m + i);
        s.v3 ^= word;
        s.round();
        s.round();
        s.v0 ^= word;
    }
    std::uint64_t last = std::uint64_t{size & 0xff} << 56;
    for (std::size_t i = 0; i < size % 8; ++i)
        last |= std::uint64_t{m[whole + i]} << (8 * i);
    s.v3 ^= last;
    s.round();
    s.round();
    s.v0 ^= last;
    s.v2 ^= wide ? 0xee : 0xff;
    for (int i = 0; i < 4; ++i)
        s.round();
    const std::uint64_t first = s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
    if (!wide) return Id128{0, first};
    s.v1 ^= 0xdd;
    for (int i = 0; i < 4; ++i)
        s.round();
    return Id128{s.v0 ^ s.v1 ^ s.v2 ^ s.v3, first};
}

}  // namespace

Id128 siphash128(const std::array<std::uint64_t, 2>& key, const std::uint8_t* message,
                 std::size_t size) {
    return siphash<true>(key, message, size);
}

std::uint64_t siphash64(const std::array<std::uint64_t, 2>& key, const std::uint8_t* message,
                        std::size_t size) {
    return siphash<false>(key, message, size).lo;
}

Binding Binding::derive(std::span<const std::uint8_t> server_secret, std::string_view identity) {
    std::string input = "seatd principal binding v1\n";
    input.append(reinterpret_cast<const char*>(server_secret.data()), server_secret.size());
    input += identity;
    unsigned char digest[32];
    unsigned int size = 0;
    const int ok = EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha256(), nullptr);
    SEAT_CHECK(ok == 1 && size == sizeof digest, "SHA-256 is not available from OpenSSL");
    Binding b;
    std::memcpy(b.key_.data(), digest, sizeof b.key_);
    return b;
}

Id128 Binding::bind(const Id128& client_value) const {
    // A zero value stays zero: it means "none given" (a zero idempotency key is
    // refused as such), and binding must not turn it into a valid one.
    if (client_value.is_zero()) return client_value;
    std::uint8_t message[16];
    for (int i = 0; i < 8; ++i) {
        message[i] = static_cast<std::uint8_t>(client_value.hi >> (8 * i));
        message[8 + i] = static_cast<std::uint8_t>(client_value.lo >> (8 * i));
    }
    return siphash128(key_, message, sizeof message);
}

}  // namespace seat::server
