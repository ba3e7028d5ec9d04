// The bucket arithmetic of Histogram. Below kSub (128) a bucket is one µs wide;
// from there each power of two [2^e, 2^(e+1)) is cut into kSub equal buckets of
// width 2^(e-7), which is what bounds the relative error by 1/128.
#include "bench/seatbench/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace seat::bench {
namespace {

constexpr std::uint64_t kSub = std::uint64_t{1} << Histogram::kSubBucketBits;

}  // namespace

std::size_t Histogram::index_of(std::uint64_t v) {
    v = std::min(v, kValueMax_us);
    if (v < kSub) return static_cast<std::size_t>(v);
    const unsigned e = static_cast<unsigned>(std::bit_width(v)) - 1;  // >= kSubBucketBits
    const unsigned shift = e - kSubBucketBits;
    const std::uint64_t sub = (v >> shift) - kSub;  // 0..kSub-1
    return static_cast<std::size_t>((e - kSubBucketBits + 1) * kSub + sub);
}

std::uint64_t Histogram::upper_bound_us(std::size_t index) {
    if (index < kSub) return index;
    const unsigned e = static_cast<unsigned>(index / kSub) + kSubBucketBits - 1;
    const unsigned shift = e - kSubBucketBits;
    const std::uint64_t lower = ((index % kSub) + kSub) << shift;
    return lower + (std::uint64_t{1} << shift) - 1;
}

std::size_t Histogram::bucket_count() {
    return index_of(kValueMax_us) + 1;
}

Histogram::Histogram() : counts_(bucket_count(), 0) {}

void Histogram::record_us(std::uint64_t value_us) {
    ++counts_[index_of(value_us)];
    ++count_;
    min_us_ = std::min(min_us_, value_us);
    max_us_ = std::max(max_us_, value_us);
}

void Histogram::merge(const Histogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] += other.counts_[i];
    count_ += other.count_;
    min_us_ = std::min(min_us_, other.min_us_);
    max_us_ = std::max(max_us_, other.max_us_);
}

std::uint64_t Histogram::percentile_us(double q) const {
    if (count_ == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    // The rank of the value asked for, 1-based: the p99 of 1,000 values is the 990th.
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= rank) return std::min(upper_bound_us(i), max_us_);
    }
    return max_us_;
}

}  // namespace seat::bench
