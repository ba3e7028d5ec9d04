// The circuit breaker's states and window (circuit_breaker.h).
#include "server/payments/circuit_breaker.h"

#include <algorithm>

#include "base/check.h"

namespace seat::payments {
namespace {

constexpr std::uint8_t kFailed = 1;
constexpr std::uint8_t kSlow = 2;

std::chrono::milliseconds ceil_ms(BreakerClock::duration d) {
    return std::chrono::ceil<std::chrono::milliseconds>(d);
}

// share >= percent, in integers: count / total >= percent / 100.
bool reaches(std::size_t count, std::size_t total, unsigned percent) {
    return count * 100 >= static_cast<std::size_t>(percent) * total;
}

}  // namespace

CircuitBreaker::CircuitBreaker(const CircuitBreakerOptions& options)
    : options_(options), window_(options.window_calls) {
    SEAT_CHECK(options.window_calls >= 1 && options.window_calls <= kBreakerWindowCallsMax,
               "breaker window size");
    SEAT_CHECK(options.min_calls >= 1 && options.min_calls <= options.window_calls,
               "breaker min_calls must fit in the window");
    SEAT_CHECK(options.failure_rate_percent >= 1 && options.failure_rate_percent <= 100,
               "breaker failure rate");
    SEAT_CHECK(options.slow_rate_percent >= 1 && options.slow_rate_percent <= 100,
               "breaker slow-call rate");
    SEAT_CHECK(options.slow_call.count() > 0 && options.open_for.count() > 0, "breaker durations");
    SEAT_CHECK(options.half_open_probes >= 1 && options.half_open_probes <= options.in_flight_max,
               "breaker probes must fit in the in-flight bound");
}

Permit CircuitBreaker::try_acquire(BreakerClock::time_point now) {
    if (state_ == BreakerState::open && now >= open_until_) half_open();
    Permit permit;
    permit.generation_ = generation_;
    permit.acquired_ = now;
    if (state_ == BreakerState::open) {
        permit.verdict_ = Permit::Verdict::refused_open;
        permit.retry_after_ = ceil_ms(open_until_ - now);
        return permit;
    }
    if (in_flight_ >= options_.in_flight_max) {
        permit.verdict_ = Permit::Verdict::refused_busy;
        return permit;
    }
    if (state_ == BreakerState::half_open) {
        if (probes_started_ >= options_.half_open_probes) {
            // The probes are out and decide within about a slow call's time:
            // one slower than that reopens the breaker.
            permit.verdict_ = Permit::Verdict::refused_open;
            permit.retry_after_ = options_.slow_call;
            return permit;
        }
        ++probes_started_;
        permit.probe_ = true;
    }
    ++in_flight_;
    permit.verdict_ = Permit::Verdict::allowed;
    return permit;
}

Permit::Verdict CircuitBreaker::would_admit(BreakerClock::time_point now,
                                            std::chrono::milliseconds& retry_after) const {
    retry_after = std::chrono::milliseconds{0};
    const bool probing =
        state_ == BreakerState::half_open || (state_ == BreakerState::open && now >= open_until_);
    if (state_ == BreakerState::open && !probing) {
        retry_after = ceil_ms(open_until_ - now);
        return Permit::Verdict::refused_open;
    }
    if (in_flight_ >= options_.in_flight_max) return Permit::Verdict::refused_busy;
    // An open breaker whose time is up has started no probes yet.
    const std::size_t started = state_ == BreakerState::half_open ? probes_started_ : 0;
    if (probing && started >= options_.half_open_probes) {
        retry_after = options_.slow_call;
        return Permit::Verdict::refused_open;
    }
    return Permit::Verdict::allowed;
}

void CircuitBreaker::record(const Permit& permit, CallResult result, BreakerClock::time_point now) {
    SEAT_CHECK(permit.allowed(), "recording a call the breaker refused");
    SEAT_CHECK(in_flight_ > 0, "more calls recorded than let through");
    --in_flight_;
    if (permit.generation_ != generation_) return;  // let through in an earlier state
    const bool slow = now - permit.acquired_ > options_.slow_call;
    if (permit.probe_) {
        record_probe(result, slow, now);
    } else if (result != CallResult::not_counted) {
        record_closed(result == CallResult::failure, slow, now);
    }
}

void CircuitBreaker::record_closed(bool failed, bool slow, BreakerClock::time_point now) {
    SEAT_CHECK(state_ == BreakerState::closed, "a non-probe call counted outside closed");
    if (window_size_ == window_.size()) {
        const std::uint8_t oldest = window_[window_next_];
        window_failures_ -= (oldest & kFailed) ? 1 : 0;
        window_slow_ -= (oldest & kSlow) ? 1 : 0;
    } else {
        ++window_size_;
    }
    window_[window_next_] = (failed ? kFailed : 0) | (slow ? kSlow : 0);
    window_next_ = (window_next_ + 1) % window_.size();
    window_failures_ += failed ? 1 : 0;
    window_slow_ += slow ? 1 : 0;
    if (window_says_open()) open(now);
}

void CircuitBreaker::record_probe(CallResult result, bool slow, BreakerClock::time_point now) {
    SEAT_CHECK(state_ == BreakerState::half_open, "a probe outside half-open");
    if (result == CallResult::not_counted) {
        --probes_started_;  // its slot goes to the next call
    } else if (result == CallResult::failure || slow) {
        open(now);
    } else if (++probes_succeeded_ == options_.half_open_probes) {
        close();
    }
}

bool CircuitBreaker::window_says_open() const {
    if (window_size_ < options_.min_calls) return false;
    return reaches(window_failures_, window_size_, options_.failure_rate_percent) ||
           reaches(window_slow_, window_size_, options_.slow_rate_percent);
}

void CircuitBreaker::open(BreakerClock::time_point now) {
    state_ = BreakerState::open;
    ++generation_;
    ++times_opened_;
    open_until_ = now + options_.open_for;
}

void CircuitBreaker::half_open() {
    state_ = BreakerState::half_open;
    ++generation_;
    probes_started_ = 0;
    probes_succeeded_ = 0;
}

void CircuitBreaker::close() {
    state_ = BreakerState::closed;
    ++generation_;
    std::fill(window_.begin(), window_.end(), 0);
    window_next_ = window_size_ = window_failures_ = window_slow_ = 0;
}

BreakerState CircuitBreaker::state(BreakerClock::time_point now) const {
    if (state_ == BreakerState::open && now >= open_until_) return BreakerState::half_open;
    return state_;
}

BreakerStats CircuitBreaker::stats(BreakerClock::time_point now) const {
    BreakerStats s;
    s.state = state(now);
    s.window_calls = window_size_;
    s.window_failures = window_failures_;
    s.window_slow = window_slow_;
    s.in_flight = in_flight_;
    s.times_opened = times_opened_;
    return s;
}

}  // namespace seat::payments
