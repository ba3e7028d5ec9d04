// The engine's only source of randomness (ticket ids). It is an input to decide:
// what it chooses is recorded in facts, so replay never draws from it.
#pragma once

#include <cstdint>

#include "engine/ids.h"

namespace seat {

// xoshiro256** seeded through splitmix64: fast, and a seed reproduces a run in tests.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : state_)
            word = splitmix(seed);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
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
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t state_[4];
};

}  // namespace seat
