// Proves that the binding hash is SipHash-2-4 as its reference defines it (the
// reference's test vectors for both output sizes), and that bound ids are
// private to a principal: the same client value under two principals differs,
// under one principal (a retry, a restart) is stable, and "none" stays none.
#include <gtest/gtest.h>

#include <array>

#include "server/auth/binding.h"

namespace seat::server {
namespace {

// Key 00 01 .. 0f; message 00 01 .. (n-1), as in the reference's vectors.h.
const std::array<std::uint64_t, 2> kKey = {0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};

TEST(Binding, SipHash64MatchesTheReferenceVectors) {
    std::uint8_t message[64];
    for (int i = 0; i < 64; ++i)
        message[i] = static_cast<std::uint8_t>(i);
    EXPECT_EQ(siphash64(kKey, message, 0), 0x726fdb47dd0e0e31ull);
    EXPECT_EQ(siphash64(kKey, message, 1), 0x74f839c593dc67fdull);
    EXPECT_EQ(siphash64(kKey, message, 8), 0x93f5f5799a932462ull);
    EXPECT_EQ(siphash64(kKey, message, 15), 0xa129ca6149be45e5ull);
    EXPECT_EQ(siphash64(kKey, message, 63), 0x958a324ceb064572ull);
}

TEST(Binding, SipHash128MatchesTheReferenceVector) {
    // vectors_sip128[0]: a3 81 7f 04 ba 25 a8 e6 | 6d f6 72 14 c7 55 02 93
    const Id128 out = siphash128(kKey, nullptr, 0);
    EXPECT_EQ(out.lo, 0xe6a825ba047f81a3ull);
    EXPECT_EQ(out.hi, 0x930255c71472f66dull);
}

TEST(Binding, BoundIdsArePrivateToAPrincipalAndStable) {
    const std::array<std::uint8_t, 32> secret{7}, other_secret{8};
    const Binding a = Binding::derive(secret, "boxoffice-a");
    const Binding b = Binding::derive(secret, "boxoffice-b");
    const Id128 session{0x5E55, 1};
    EXPECT_NE(a.bind(session), b.bind(session));
    EXPECT_NE(a.bind(session), session);
    EXPECT_EQ(a.bind(session), Binding::derive(secret, "boxoffice-a").bind(session));
    // Another server (another secret) binds the same name elsewhere.
    EXPECT_NE(a.bind(session), Binding::derive(other_secret, "boxoffice-a").bind(session));
    EXPECT_NE(a.bind(session), a.bind(Id128{0x5E55, 2}));
    EXPECT_TRUE(a.bind(Id128{}).is_zero());
}

}  // namespace
}  // namespace seat::server
