// The server's set of revoked (ticket id, version) pairs as a Bloom filter, for
// scanners that must refuse revoked tickets while offline. A filter never gives
// a false negative; a false positive (a valid ticket reported revoked) happens at
// about the rate it was sized for, so a hit should be escalated online when the
// gate can (docs/tickets.md, "Revocation filter").
// `sequence` is the number of revocations the server folded in: of two filters,
// the one with the higher sequence is newer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tickets/ticket_id.h"

namespace seat::tickets {

inline constexpr std::uint64_t kFilterBitsMin = 1024;
// 2^28 bits = 32 MiB: room for about 14 million entries at 0.1%, and the most a
// hostile or corrupt blob can make a scanner allocate.
inline constexpr std::uint64_t kFilterBitsMax = std::uint64_t{1} << 28;
inline constexpr std::uint32_t kFilterHashesMin = 1;
inline constexpr std::uint32_t kFilterHashesMax = 16;
// At most 0.1% of valid tickets refused offline: 70 at a 70,000-seat stadium,
// each of whom the gate escalates online. Sized so, 70,000 entries take 123 KiB.
inline constexpr double kFilterFalsePositiveRate = 0.001;
inline constexpr std::string_view kFilterMagic = "SBF1";
// magic, sequence u64, k u32, m_bits u64.
inline constexpr std::size_t kFilterHeaderBytes = 4 + 8 + 4 + 8;

class RevocationFilter {
  public:
    // m = ceil(-n ln p / (ln 2)^2) bits (at least kFilterBitsMin), k = round(m/n ln 2)
    // in [1, 16], n at least 1. Throws std::invalid_argument unless 0 < p < 1, and
    // std::length_error if m would exceed kFilterBitsMax.
    static RevocationFilter sized_for(std::uint64_t expected_entries,
                                      double false_positive_rate = kFilterFalsePositiveRate);
    // The false positive rate to size for so that `expected_entries` need at
    // most `bits_max` bits: `wanted_rate` when it fits, else the best that does
    // (a filter that must fit one reply frame).
    static double rate_within(std::uint64_t expected_entries, double wanted_rate,
                              std::uint64_t bits_max);

    void add(const TicketId& ticket_id, std::uint32_t version);
    bool might_contain(const TicketId& ticket_id, std::uint32_t version) const;

    std::uint64_t sequence() const { return sequence_; }
    void set_sequence(std::uint64_t sequence) { sequence_ = sequence; }
    std::uint64_t bit_count() const { return bit_count_; }
    std::uint32_t hash_count() const { return hash_count_; }

    // The layout in docs/tickets.md: "SBF1", sequence, k, m_bits (big-endian), bits.
    std::string serialize() const;
    // Nothing for a wrong magic, a wrong length, k or m out of range, or set bits
    // past m in the last byte.
    static std::optional<RevocationFilter> parse(std::string_view blob);

  private:
    RevocationFilter(std::uint64_t bit_count, std::uint32_t hash_count);

    std::uint64_t sequence_ = 0;
    std::uint64_t bit_count_;
    std::uint32_t hash_count_;
    std::vector<std::uint8_t> bits_;  // bit i is bits_[i / 8] & (1 << (i % 8))
};

}  // namespace seat::tickets
