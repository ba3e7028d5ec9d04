// Proves the revocation filter's promises: no false negatives for a stadium's
// worth of revocations, a measured false positive rate within twice the target,
// the documented sizing and probe positions, a byte-exact serialize/parse round
// trip, and refusal of truncated, oversized, inconsistent or foreign blobs before
// any large allocation.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tickets/encoding.h"
#include "tickets/revocation_filter.h"

namespace seat::tickets {
namespace {

constexpr std::uint64_t kStadiumEntries = 70'000;
constexpr std::uint64_t kNonMembers = 200'000;

// Deterministic pseudo-random ticket ids; `salt` keeps members and probes apart.
TicketId ticket(std::uint64_t index, std::uint64_t salt) {
    std::mt19937_64 rng(index * 2 + salt);
    TicketId id{};
    for (std::size_t i = 0; i < id.size(); i += 8) {
        const std::uint64_t word = rng();
        for (std::size_t b = 0; b < 8; ++b)
            id[i + b] = static_cast<std::uint8_t>(word >> (8 * b));
    }
    return id;
}

TEST(RevocationFilter, SizingFollowsTheFormula) {
    const RevocationFilter stadium = RevocationFilter::sized_for(kStadiumEntries, 0.001);
    const double ln2 = std::log(2.0);
    const auto m = static_cast<std::uint64_t>(std::ceil(-70000.0 * std::log(0.001) / (ln2 * ln2)));
    EXPECT_EQ(stadium.bit_count(), m);
    EXPECT_EQ(stadium.hash_count(), 10u);
    EXPECT_NEAR(static_cast<double>(stadium.serialize().size()) / 1024.0, 123.0, 1.0);

    const RevocationFilter tiny = RevocationFilter::sized_for(0);
    EXPECT_EQ(tiny.bit_count(), kFilterBitsMin);
    EXPECT_EQ(tiny.hash_count(), kFilterHashesMax);
    EXPECT_EQ(RevocationFilter::sized_for(1'000'000, 0.5).hash_count(), 1u);
    EXPECT_THROW(RevocationFilter::sized_for(10, 0.0), std::invalid_argument);
    EXPECT_THROW(RevocationFilter::sized_for(10, 1.0), std::invalid_argument);
    EXPECT_THROW(RevocationFilter::sized_for(1'000'000'000, 0.001), std::length_error);
}

TEST(RevocationFilter, RateWithinABitBudget) {
    // 70,000 entries at 0.1 % need about 1,006,432 bits: within 2^20 the rate stays.
    EXPECT_EQ(RevocationFilter::rate_within(70'000, 0.001, 1u << 20), 0.001);
    // Ten times the entries do not fit: the rate grows so that the filter does.
    const double rate = RevocationFilter::rate_within(700'000, 0.001, 1u << 20);
    EXPECT_GT(rate, 0.001);
    EXPECT_LT(rate, 1.0);
    EXPECT_LE(RevocationFilter::sized_for(700'000, rate).bit_count(), (1u << 20) + 1);
}

TEST(RevocationFilter, NoFalseNegativesAndFewFalsePositivesAtStadiumSize) {
    RevocationFilter filter = RevocationFilter::sized_for(kStadiumEntries, 0.001);
    for (std::uint64_t i = 0; i < kStadiumEntries; ++i)
        filter.add(ticket(i, 0), 1);
    for (std::uint64_t i = 0; i < kStadiumEntries; ++i) {
        ASSERT_TRUE(filter.might_contain(ticket(i, 0), 1)) << i;
    }
    std::uint64_t false_positives = 0;
    for (std::uint64_t i = 0; i < kNonMembers; ++i) {
        false_positives += filter.might_contain(ticket(i, 1), 1) ? 1 : 0;
    }
    const double rate = static_cast<double>(false_positives) / kNonMembers;
    EXPECT_LE(rate, 0.002) << false_positives << " false positives";
}

TEST(RevocationFilter, VersionIsPartOfTheEntry) {
    RevocationFilter filter = RevocationFilter::sized_for(1000);
    filter.add(ticket(7, 0), 1);
    EXPECT_TRUE(filter.might_contain(ticket(7, 0), 1));
    EXPECT_FALSE(filter.might_contain(ticket(7, 0), 2));
}

TEST(RevocationFilter, ProbesAreTheDocumentedBits) {
    // docs/tickets.md: for ticket 00112233-4455-4677-8899-aabbccddeeff version 1,
    // h1 = 9632429547092036350 and h2 = 13471595076647915793; with m = 1024 and
    // k = 2 the bits are h1 mod m and (h1 + h2) mod 2^64 mod m.
    const TicketId id = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x46, 0x77,
                         0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    const std::uint64_t h1 = 9632429547092036350ull;
    const std::uint64_t h2 = 13471595076647915793ull;
    std::string blob = "SBF1";
    blob += std::string(8, '\0');
    blob += std::string("\0\0\0\2", 4);
    blob += std::string("\0\0\0\0\0\0\4\0", 8);
    blob += std::string(128, '\0');
    blob[kFilterHeaderBytes + (h1 % 1024) / 8] |= static_cast<char>(1 << (h1 % 1024 % 8));
    const std::uint64_t second = (h1 + h2) % 1024;
    blob[kFilterHeaderBytes + second / 8] |= static_cast<char>(1 << (second % 8));
    const auto filter = RevocationFilter::parse(blob);
    ASSERT_TRUE(filter.has_value());
    EXPECT_TRUE(filter->might_contain(id, 1));
    EXPECT_FALSE(filter->might_contain(id, 2));
}

TEST(RevocationFilter, SerializeParseRoundTrip) {
    RevocationFilter filter = RevocationFilter::sized_for(5000);
    for (std::uint64_t i = 0; i < 5000; i += 3)
        filter.add(ticket(i, 0), 2);
    filter.set_sequence(1667);
    const std::string blob = filter.serialize();
    EXPECT_EQ(blob.substr(0, 4), "SBF1");
    const auto again = RevocationFilter::parse(blob);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->sequence(), 1667u);
    EXPECT_EQ(again->bit_count(), filter.bit_count());
    EXPECT_EQ(again->hash_count(), filter.hash_count());
    EXPECT_EQ(again->serialize(), blob);
    for (std::uint64_t i = 0; i < 5000; i += 3)
        EXPECT_TRUE(again->might_contain(ticket(i, 0), 2));
}

TEST(RevocationFilter, ParseRefusesBadBlobs) {
    RevocationFilter filter = RevocationFilter::sized_for(100);
    filter.add(ticket(1, 0), 1);
    const std::string blob = filter.serialize();
    ASSERT_TRUE(RevocationFilter::parse(blob).has_value());

    EXPECT_FALSE(RevocationFilter::parse("").has_value());
    for (std::size_t size = 0; size < blob.size(); size += 7) {
        EXPECT_FALSE(RevocationFilter::parse(blob.substr(0, size)).has_value()) << size;
    }
    EXPECT_FALSE(RevocationFilter::parse(blob.substr(0, blob.size() - 1)).has_value());
    EXPECT_FALSE(RevocationFilter::parse(blob + '\0').has_value());
    std::string magic = blob;
    magic[3] = '2';
    EXPECT_FALSE(RevocationFilter::parse(magic).has_value());

    // Header fields are sequence at 4, k at 12, m_bits at 16 (big-endian).
    auto with_header = [&](std::uint32_t k, std::uint64_t m_bits) {
        Bytes header(blob.begin(), blob.begin() + 12);
        put_big_endian(header, k);
        put_big_endian(header, m_bits);
        return std::string(header.begin(), header.end());
    };
    const std::string body = blob.substr(kFilterHeaderBytes);
    EXPECT_FALSE(RevocationFilter::parse(with_header(0, filter.bit_count()) + body).has_value());
    EXPECT_FALSE(RevocationFilter::parse(with_header(17, filter.bit_count()) + body).has_value());
    EXPECT_FALSE(RevocationFilter::parse(with_header(filter.hash_count(), 8) + std::string(1, '\0'))
                     .has_value());
    // A hostile header asking for 2^63 bits is refused from the header alone.
    EXPECT_FALSE(RevocationFilter::parse(with_header(4, std::uint64_t{1} << 63)).has_value());
    EXPECT_FALSE(RevocationFilter::parse(with_header(4, kFilterBitsMax + 8) + body).has_value());
    // m = 1025 needs 129 bytes; a set bit past m in the last byte is corruption.
    std::string odd = with_header(4, 1025) + std::string(129, '\0');
    EXPECT_TRUE(RevocationFilter::parse(odd).has_value());
    odd.back() = '\2';
    EXPECT_FALSE(RevocationFilter::parse(odd).has_value());
}

}  // namespace
}  // namespace seat::tickets
