// The engine's only source of randomness (ticket ids, hold ids). It is an input
// to decide: what it chooses is recorded in facts, so replay never draws from
// it. It is cryptographic (the ChaCha keystream, RFC 8439's block function, with
// 12 rounds as Rust's StdRng uses: the best attacks reach 7), because what it
// draws is shown to clients and must not let one client predict the ids handed
// to another; seeded with 256 bits from the operating system by the server, or
// from a 64-bit seed in tests so that a seed replays a run. Rounds is a
// parameter only so that the tests can check the block function against
// ChaCha20's published vectors.
#pragma once

#include <array>
#include <cstdint>

#include "engine/ids.h"

namespace seat {

template <int Rounds>
class ChaChaRng {
  public:
    using Key = std::array<std::uint64_t, 4>;

    explicit ChaChaRng(const Key& key) { rekey(key); }
    // Tests: the 256-bit key expanded from one number.
    explicit ChaChaRng(std::uint64_t seed) {
        Key key;
        for (auto& word : key)
            word = splitmix(seed);
        rekey(key);
    }

    std::uint64_t next() {
        if (used_ + 2 > kBlockWords) refill();
        const std::uint64_t lo = block_[used_], hi = block_[used_ + 1];
        used_ += 2;
        return hi << 32 | lo;
    }
    // Uniform in [0, bound) for bound > 0 (Lemire's multiply-shift; bias is negligible here).
    std::uint64_t below(std::uint64_t bound) {
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
    }
    Id128 uuid() {
        const std::uint64_t hi = next();
        return make_uuid_v4(hi, next());
    }

  private:
    static constexpr std::size_t kBlockWords = 16;

    void rekey(const Key& key) {
        for (int i = 0; i < 4; ++i) {
            key_[2 * i] = static_cast<std::uint32_t>(key[i]);
            key_[2 * i + 1] = static_cast<std::uint32_t>(key[i] >> 32);
        }
        counter_ = 0;
        used_ = kBlockWords;
    }
    static std::uint32_t rotl(std::uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
    static void quarter(std::uint32_t* s, int a, int b, int c, int d) {
        s[a] += s[b], s[d] = rotl(s[d] ^ s[a], 16);
        s[c] += s[d], s[b] = rotl(s[b] ^ s[c], 12);
        s[a] += s[b], s[d] = rotl(s[d] ^ s[a], 8);
        s[c] += s[d], s[b] = rotl(s[b] ^ s[c], 7);
    }
    // One block of the keystream (nonce zero; the 64-bit block counter never
    // wraps in practice: 2^64 blocks).
    void refill() {
        std::uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
        for (int i = 0; i < 8; ++i)
            in[4 + i] = key_[i];
        in[12] = static_cast<std::uint32_t>(counter_);
        in[13] = static_cast<std::uint32_t>(counter_ >> 32);
        in[14] = in[15] = 0;
        ++counter_;
        std::uint32_t s[16];
        for (int i = 0; i < 16; ++i)
            s[i] = in[i];
        static_assert(Rounds % 2 == 0, "ChaCha rounds come in column + diagonal pairs");
        for (int round = 0; round < Rounds / 2; ++round) {
            quarter(s, 0, 4, 8, 12), quarter(s, 1, 5, 9, 13);
            quarter(s, 2, 6, 10, 14), quarter(s, 3, 7, 11, 15);
            quarter(s, 0, 5, 10, 15), quarter(s, 1, 6, 11, 12);
            quarter(s, 2, 7, 8, 13), quarter(s, 3, 4, 9, 14);
        }
        for (int i = 0; i < 16; ++i)
            block_[i] = s[i] + in[i];
        used_ = 0;
    }
    static std::uint64_t splitmix(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    std::uint32_t key_[8];
    std::uint64_t counter_ = 0;
    std::uint32_t block_[kBlockWords];
    std::size_t used_ = kBlockWords;
};

using Rng = ChaChaRng<12>;

}  // namespace seat
