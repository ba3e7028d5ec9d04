// The faults seat-psp can be told to inject (docs/payments.md says when each one
// applies): declines, latency, errors, held and lost responses, an outage
// window. Each kind draws from its own generator, seeded from --seed and the
// kind, so the same seed and the same order of requests give the same faults,
// and turning one fault on does not change which requests another one hits.
// Not thread-safe: seat-psp is one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace seat::psp {

struct FaultOptions {
    std::uint64_t seed = 1;
    double decline_share = 0;           // of charges that would succeed, declined generic_decline
    double error_share = 0;             // 503 api_error, not processed
    double timeout_share = 0;           // held open, never answered, never processed
    double lost_response_share = 0;     // processed, then the connection closes unanswered
    double latency_median_ms = 0;       // 0: no latency
    double latency_p99_ms = 0;          // lognormal with this median and 99th percentile
    double outage_start_s = 0;          // relative to the start of the process
    double outage_duration_s = 0;       // 0: no outage
    std::uint64_t failing_refunds = 0;  // the first N refunds that would be made fail instead
};

class FaultInjector {
  public:
    using Clock = std::chrono::steady_clock;

    // `started` is the moment the outage window counts from.
    FaultInjector(const FaultOptions& options, Clock::time_point started);

    bool in_outage(Clock::time_point now) const;
    bool draw_timeout() { return draw(timeout_, options_.timeout_share); }
    bool draw_error() { return draw(error_, options_.error_share); }
    bool draw_decline() { return draw(decline_, options_.decline_share); }
    bool draw_lost_response() { return draw(lost_, options_.lost_response_share); }
    // True for the first --failing-refunds refunds asked of it, then never.
    bool draw_refund_failure();
    // Zero when no latency is configured; otherwise lognormal, capped at kLatencyMaxMs.
    std::chrono::microseconds draw_latency();

    const FaultOptions& options() const { return options_; }

  private:
    static bool draw(std::mt19937_64& stream, double share);
    static double uniform(std::mt19937_64& stream);  // [0, 1)

    FaultOptions options_;
    Clock::time_point outage_from_;
    Clock::time_point outage_until_;
    double mu_ = 0;     // of ln(latency in ms)
    double sigma_ = 0;  // of ln(latency in ms)
    std::mt19937_64 timeout_;
    std::mt19937_64 error_;
    std::mt19937_64 decline_;
    std::mt19937_64 lost_;
    std::mt19937_64 latency_;
    std::uint64_t refund_failures_left_ = 0;
};

}  // namespace seat::psp
