// Proves seatbench's latency histogram: buckets are contiguous and exact below
// 128 µs, every value lands in a bucket whose width is under 1% of it (1 µs to
// 60 s), and percentiles are ranks over the recorded values, not averages.
#include <gtest/gtest.h>

#include "bench/seatbench/histogram.h"

namespace seat::bench {
namespace {

TEST(Histogram, BucketsAreContiguousAndPreciseToOnePercent) {
    std::size_t previous = 0;
    for (std::uint64_t v = 1; v <= Histogram::kValueMax_us; v += 1 + v / 97) {
        const std::size_t i = Histogram::index_of(v);
        ASSERT_GE(i, previous) << v;
        ASSERT_LE(v, Histogram::upper_bound_us(i)) << v;
        const std::uint64_t width =
            Histogram::upper_bound_us(i) - (i == 0 ? 0 : Histogram::upper_bound_us(i - 1));
        ASSERT_LE(static_cast<double>(width), 0.01 * static_cast<double>(v) + 1.0) << v;
        previous = i;
    }
    EXPECT_EQ(Histogram::index_of(127), 127u);
    EXPECT_EQ(Histogram::index_of(128), 128u);
    EXPECT_EQ(Histogram::index_of(Histogram::kValueMax_us * 10), Histogram::bucket_count() - 1);
}

TEST(Histogram, PercentilesAreRanksNotAverages) {
    Histogram h;
    for (int i = 0; i < 990; ++i)
        h.record_us(100);
    for (int i = 0; i < 10; ++i)
        h.record_us(50'000);
    EXPECT_EQ(h.count(), 1000u);
    EXPECT_EQ(h.percentile_us(0.50), 100u);
    EXPECT_EQ(h.percentile_us(0.99), 100u) << "the 990th of 1,000 values is 100 µs";
    EXPECT_NEAR(static_cast<double>(h.percentile_us(0.999)), 50'000.0, 500.0);
    EXPECT_EQ(h.max_us(), 50'000u);
    EXPECT_EQ(h.min_us(), 100u);
}

TEST(Histogram, MergeAddsCountsAndKeepsExtremes) {
    Histogram a, b;
    a.record_us(10);
    b.record_us(2'000'000);
    a.merge(b);
    EXPECT_EQ(a.count(), 2u);
    EXPECT_EQ(a.min_us(), 10u);
    EXPECT_EQ(a.max_us(), 2'000'000u);
    EXPECT_EQ(Histogram().percentile_us(0.5), 0u);
}

}  // namespace
}  // namespace seat::bench
