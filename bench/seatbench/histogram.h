// A latency histogram with log-linear buckets (the HdrHistogram layout): exact
// below 128 µs, then 128 buckets per power of two, so any recorded value is
// known to within 1/128 (< 0.8%) from 1 µs to 60 s. Percentiles come from the
// bucket counts, never from averages. Not thread-safe: one per connection, merged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace seat::bench {

class Histogram {
  public:
    static constexpr std::uint64_t kValueMax_us = 60'000'000;  // larger values count as 60 s
    static constexpr unsigned kSubBucketBits = 7;              // 128 buckets per octave

    Histogram();

    void record_us(std::uint64_t value_us);
    void merge(const Histogram& other);

    std::uint64_t count() const { return count_; }
    std::uint64_t min_us() const { return count_ ? min_us_ : 0; }
    std::uint64_t max_us() const { return max_us_; }
    // The smallest bucket bound at or below which a share `q` (0..1) of the
    // values lie; 0 when empty. Never more than max_us().
    std::uint64_t percentile_us(double q) const;

    // Bucket layout, public for the tests.
    static std::size_t index_of(std::uint64_t value_us);
    static std::uint64_t upper_bound_us(std::size_t index);
    static std::size_t bucket_count();

  private:
    std::vector<std::uint64_t> counts_;
    std::uint64_t count_ = 0;
    std::uint64_t min_us_ = UINT64_MAX;
    std::uint64_t max_us_ = 0;
};

}  // namespace seat::bench
