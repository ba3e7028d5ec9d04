// CircuitBreaker: stops new checkouts from reaching a payment provider that is
// failing, and lets a few through again once it may have recovered. Pure
// logic: the time is an argument of every call (`now`, a steady clock), so a
// test drives it with a fake clock and the same inputs give the same answers.
// It does no I/O, starts no threads and is not thread-safe: one thread owns it
// (the payment worker), or its owner serializes calls.
//
// States. Closed: calls go through, and the outcomes of the last
// `window_calls` calls are kept (a count-based sliding window). Once the
// window holds at least `min_calls`, the breaker opens when the share of
// failures reaches `failure_rate_percent` or the share of slow calls (longer
// than `slow_call`) reaches `slow_rate_percent`. Open: every call is refused
// with the time left (`retry_after`) for `open_for`. Half-open (after that):
// `half_open_probes` calls go through; the breaker closes with an empty window
// when all of them succeed in time, and opens again at the first that fails
// or is slow. In every state at most `in_flight_max` calls are in flight.
//
// A call's outcome counts only in the state it was let through in: a call
// from before the breaker opened that fails afterwards changes nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace seat::payments {

using BreakerClock = std::chrono::steady_clock;

// The window is allocated once, at construction; this bounds it.
inline constexpr std::size_t kBreakerWindowCallsMax = 10'000;

// The defaults are for a flash sale in front of Stripe; docs/payments.md
// ("The circuit breaker") says why each differs from resilience4j's.
struct CircuitBreakerOptions {
    // 100 calls, as resilience4j: rates in steps of 1 %. In a flash sale the
    // window is a fraction of a second of traffic, so it follows the provider
    // closely; in a quiet sale it spans minutes, which is fine too.
    std::size_t window_calls = 100;
    // resilience4j waits for 100 calls; a quiet sale would keep sending buyers
    // into a dead provider for that long. 20 calls is enough to tell a dead
    // provider (most of them fail) from bad luck (one or two).
    std::size_t min_calls = 20;
    // Only unknown outcomes count as failures (a decline is the provider
    // working), so a healthy provider is near 0 %; 50 % means most buyers are
    // left not knowing whether they paid.
    unsigned failure_rate_percent = 50;
    // About 1.5 times a healthy provider's p99: Stripe confirms most card
    // payments in well under a second, and issuers slow to authorize put its
    // p99 at a couple of seconds (measure yours and set it from that). When
    // half the calls take longer, buyers are waiting and the provider is
    // degrading. resilience4j's 60 s threshold would never fire before the
    // 10 s response timeout turns the call into a failure anyway.
    std::chrono::milliseconds slow_call{3000};
    unsigned slow_rate_percent = 50;
    // resilience4j's 60 s is an eternity in a flash sale: buyers retry within
    // seconds and holds expire within minutes. Probe again after 5 s; a
    // provider that is still down costs only the probes.
    std::chrono::milliseconds open_for{5000};
    // Three probes (resilience4j: 10): enough not to close on one lucky call,
    // few enough to cost little when the provider is still down.
    std::size_t half_open_probes = 3;
    // Stripe's live-mode rate limit is about 100 requests per second; at
    // around 0.5 s per payment, 32 calls in flight stay well under it and
    // leave room for refunds and searches. Keep it below the provider's own
    // bound (StripeOptions::connections_max + queue_max) so a checkout is
    // refused here, before it starts, and not by the provider.
    std::size_t in_flight_max = 32;
};

enum class BreakerState { closed, open, half_open };

// What the caller learned about the provider from one call.
enum class CallResult {
    success,      // the provider answered (a decline or a rejection is an answer)
    failure,      // the outcome is unknown: timeout, 5xx, connection lost, ...
    not_counted,  // says nothing about the provider (refused before it was sent)
};

// The answer of try_acquire(). An allowed permit must be given back to
// record() exactly once; a refused one must not be.
class Permit {
  public:
    enum class Verdict {
        allowed,
        refused_open,  // the breaker is open (or probing): try again after retry_after()
        refused_busy,  // in_flight_max calls are in flight: try again when one finishes
    };

    Verdict verdict() const { return verdict_; }
    bool allowed() const { return verdict_ == Verdict::allowed; }
    // refused_open only: the time until the breaker lets a probe through.
    std::chrono::milliseconds retry_after() const { return retry_after_; }

  private:
    friend class CircuitBreaker;
    Verdict verdict_ = Verdict::refused_busy;
    std::chrono::milliseconds retry_after_{0};
    std::uint64_t generation_ = 0;  // the state the call was let through in
    BreakerClock::time_point acquired_{};
    bool probe_ = false;
};

struct BreakerStats {
    BreakerState state = BreakerState::closed;
    // The closed state's window; kept while open (what opened it), emptied on closing.
    std::size_t window_calls = 0;
    std::size_t window_failures = 0;
    std::size_t window_slow = 0;
    std::size_t in_flight = 0;
    std::uint64_t times_opened = 0;
};

class CircuitBreaker {
  public:
    explicit CircuitBreaker(const CircuitBreakerOptions& options);

    // Lets a call through or says why not. Moves an open breaker whose time
    // is up to half-open.
    Permit try_acquire(BreakerClock::time_point now);

    // The outcome of an allowed call; its duration is now minus the time it
    // was let through, what the buyer waited.
    void record(const Permit& permit, CallResult result, BreakerClock::time_point now);

    // What try_acquire(now) would answer, without taking a permit or changing
    // the state: for a door in front of work that will ask for its permits
    // later (a checkout is refused before it starts, its charge waits for a
    // permit). `retry_after` is set for refused_open.
    Permit::Verdict would_admit(BreakerClock::time_point now,
                                std::chrono::milliseconds& retry_after) const;

    // The state as try_acquire(now) would see it.
    BreakerState state(BreakerClock::time_point now) const;
    BreakerStats stats(BreakerClock::time_point now) const;

  private:
    void record_closed(bool failed, bool slow, BreakerClock::time_point now);
    void record_probe(CallResult result, bool slow, BreakerClock::time_point now);
    bool window_says_open() const;
    void open(BreakerClock::time_point now);
    void half_open();
    void close();

    CircuitBreakerOptions options_;
    BreakerState state_ = BreakerState::closed;
    // Incremented at every change of state: permits of earlier states no longer count.
    std::uint64_t generation_ = 0;
    std::size_t in_flight_ = 0;
    std::uint64_t times_opened_ = 0;

    // Closed: a ring of the last calls' flags (kFailed, kSlow) and their counts.
    std::vector<std::uint8_t> window_;
    std::size_t window_next_ = 0;
    std::size_t window_size_ = 0;
    std::size_t window_failures_ = 0;
    std::size_t window_slow_ = 0;

    // Open: until when.
    BreakerClock::time_point open_until_{};

    // Half-open: probes let through and probes that succeeded in time.
    std::size_t probes_started_ = 0;
    std::size_t probes_succeeded_ = 0;
};

}  // namespace seat::payments
