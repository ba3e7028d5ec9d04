// mt19937_64 is specified bit for bit by the standard, and the conversions to
// [0, 1) and to a normal deviate are written here rather than taken from
// <random>'s distributions (whose output the standard leaves to the library),
// so a seed means the same faults on every platform.
#include "tools/seat-psp/fault_injector.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tools/seat-psp/limits.h"

namespace seat::psp {
namespace {

// The 99th percentile of the standard normal distribution.
constexpr double kZ99 = 2.3263478740408408;

enum Stream : std::uint64_t { kTimeout = 1, kError, kDecline, kLost, kLatency };

// SplitMix64 of the seed and the stream: unrelated starting states for each kind.
std::uint64_t stream_seed(std::uint64_t seed, Stream stream) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(stream) + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::chrono::steady_clock::duration seconds(double s) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(s));
}

}  // namespace

FaultInjector::FaultInjector(const FaultOptions& options, Clock::time_point started)
    : options_(options),
      outage_from_(started + seconds(options.outage_start_s)),
      outage_until_(outage_from_ + seconds(options.outage_duration_s)),
      timeout_(stream_seed(options.seed, kTimeout)),
      error_(stream_seed(options.seed, kError)),
      decline_(stream_seed(options.seed, kDecline)),
      lost_(stream_seed(options.seed, kLost)),
      latency_(stream_seed(options.seed, kLatency)),
      refund_failures_left_(options.failing_refunds) {
    if (options_.latency_median_ms > 0) {
        mu_ = std::log(options_.latency_median_ms);
        const double p99 = std::max(options_.latency_p99_ms, options_.latency_median_ms);
        sigma_ = (std::log(p99) - mu_) / kZ99;
    }
}

bool FaultInjector::in_outage(Clock::time_point now) const {
    return options_.outage_duration_s > 0 && now >= outage_from_ && now < outage_until_;
}

double FaultInjector::uniform(std::mt19937_64& stream) {
    return static_cast<double>(stream() >> 11) * 0x1.0p-53;
}

bool FaultInjector::draw(std::mt19937_64& stream, double share) {
    if (share <= 0) return false;
    return uniform(stream) < share;
}

bool FaultInjector::draw_refund_failure() {
    if (refund_failures_left_ == 0) return false;
    --refund_failures_left_;
    return true;
}

std::chrono::microseconds FaultInjector::draw_latency() {
    if (options_.latency_median_ms <= 0) return std::chrono::microseconds(0);
    // Box-Muller; 1 - u is in (0, 1], so the logarithm is finite.
    const double u1 = 1.0 - uniform(latency_);
    const double u2 = uniform(latency_);
    const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    const double ms = std::min(std::exp(mu_ + sigma_ * z), kLatencyMaxMs);
    return std::chrono::microseconds(static_cast<std::int64_t>(ms * 1000.0));
}

}  // namespace seat::psp
