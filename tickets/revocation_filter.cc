// Double hashing: one SHA-256 of ticket_id | version (big-endian) gives h1 and h2
// (h2 forced odd so that it is never zero), and probe i is bit
// (h1 + i * h2) mod m, computed in wrapping 64-bit arithmetic.
#include "tickets/revocation_filter.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "tickets/encoding.h"

namespace seat::tickets {
namespace {

struct Probes {
    std::uint64_t h1;
    std::uint64_t h2;
};

Probes probes_for(const TicketId& ticket_id, std::uint32_t version) {
    std::array<std::uint8_t, kTicketIdBytes + 4> input{};
    std::copy(ticket_id.begin(), ticket_id.end(), input.begin());
    for (int i = 0; i < 4; ++i) {
        input[kTicketIdBytes + i] = static_cast<std::uint8_t>(version >> (24 - 8 * i));
    }
    std::array<std::uint8_t, SHA256_DIGEST_LENGTH> digest{};
    SHA256(input.data(), input.size(), digest.data());
    return Probes{get_big_endian<std::uint64_t>(digest.data()),
                  get_big_endian<std::uint64_t>(digest.data() + 8) | 1};
}

std::size_t bytes_for(std::uint64_t bit_count) {
    return static_cast<std::size_t>((bit_count + 7) / 8);
}

}  // namespace

RevocationFilter::RevocationFilter(std::uint64_t bit_count, std::uint32_t hash_count)
    : bit_count_(bit_count), hash_count_(hash_count), bits_(bytes_for(bit_count)) {}

RevocationFilter RevocationFilter::sized_for(std::uint64_t expected_entries,
                                             double false_positive_rate) {
    if (!(false_positive_rate > 0.0 && false_positive_rate < 1.0)) {
        throw std::invalid_argument("the false positive rate must be between 0 and 1");
    }
    const double n = static_cast<double>(std::max<std::uint64_t>(expected_entries, 1));
    const double ln2 = std::log(2.0);
    const double m = std::ceil(-n * std::log(false_positive_rate) / (ln2 * ln2));
    if (m > static_cast<double>(kFilterBitsMax)) {
        throw std::length_error("a revocation filter that large exceeds kFilterBitsMax");
    }
    const std::uint64_t bit_count = std::max(static_cast<std::uint64_t>(m), kFilterBitsMin);
    const double k = std::round(static_cast<double>(bit_count) / n * ln2);
    const auto hash_count = static_cast<std::uint32_t>(std::clamp(
        k, static_cast<double>(kFilterHashesMin), static_cast<double>(kFilterHashesMax)));
    return RevocationFilter(bit_count, hash_count);
}

double RevocationFilter::rate_within(std::uint64_t expected_entries, double wanted_rate,
                                     std::uint64_t bits_max) {
    // m = -n ln p / (ln 2)^2, solved for p at m = bits_max.
    const double n = static_cast<double>(std::max<std::uint64_t>(expected_entries, 1));
    const double ln2 = std::log(2.0);
    const double bits_wanted = -n * std::log(wanted_rate) / (ln2 * ln2);
    if (bits_wanted <= static_cast<double>(bits_max)) return wanted_rate;
    return std::exp(-static_cast<double>(bits_max) * ln2 * ln2 / n);
}

void RevocationFilter::add(const TicketId& ticket_id, std::uint32_t version) {
    const Probes p = probes_for(ticket_id, version);
    for (std::uint32_t i = 0; i < hash_count_; ++i) {
        const std::uint64_t bit = (p.h1 + i * p.h2) % bit_count_;
        bits_[bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
    }
}

bool RevocationFilter::might_contain(const TicketId& ticket_id, std::uint32_t version) const {
    const Probes p = probes_for(ticket_id, version);
    for (std::uint32_t i = 0; i < hash_count_; ++i) {
        const std::uint64_t bit = (p.h1 + i * p.h2) % bit_count_;
        if ((bits_[bit / 8] & (1u << (bit % 8))) == 0) return false;
    }
    return true;
}

std::string RevocationFilter::serialize() const {
    Bytes out(kFilterMagic.begin(), kFilterMagic.end());
    out.reserve(kFilterHeaderBytes + bits_.size());
    put_big_endian(out, sequence_);
    put_big_endian(out, hash_count_);
    put_big_endian(out, bit_count_);
    out.insert(out.end(), bits_.begin(), bits_.end());
    return std::string(out.begin(), out.end());
}

std::optional<RevocationFilter> RevocationFilter::parse(std::string_view blob) {
    if (blob.size() < kFilterHeaderBytes || !blob.starts_with(kFilterMagic)) return std::nullopt;
    const auto* at = reinterpret_cast<const std::uint8_t*>(blob.data()) + kFilterMagic.size();
    const auto sequence = get_big_endian<std::uint64_t>(at);
    const auto hash_count = get_big_endian<std::uint32_t>(at + 8);
    const auto bit_count = get_big_endian<std::uint64_t>(at + 12);
    // Checked before anything is allocated.
    if (hash_count < kFilterHashesMin || hash_count > kFilterHashesMax) return std::nullopt;
    if (bit_count < kFilterBitsMin || bit_count > kFilterBitsMax) return std::nullopt;
    if (blob.size() != kFilterHeaderBytes + bytes_for(bit_count)) return std::nullopt;

    RevocationFilter filter(bit_count, hash_count);
    filter.sequence_ = sequence;
    const auto* bits = at + kFilterHeaderBytes - kFilterMagic.size();
    std::copy(bits, bits + filter.bits_.size(), filter.bits_.begin());
    // Bits past m cannot be set by add(): their presence means a corrupt blob.
    const unsigned used_in_last = static_cast<unsigned>(bit_count % 8);
    if (used_in_last != 0 && (filter.bits_.back() >> used_in_last) != 0) return std::nullopt;
    return filter;
}

}  // namespace seat::tickets
