// Proves the circuit breaker's rules with a fake clock: it opens on the
// failure rate and on the slow-call rate, never before min_calls, over a
// window that slides; while open it refuses with the time left; half-open it
// lets exactly the probes through, closes when they all succeed in time and
// reopens at the first failure or slow one; calls let through in an earlier
// state do not count; and at most in_flight_max calls are ever in flight.
#include <gtest/gtest.h>

#include <vector>

#include "server/payments/circuit_breaker.h"

namespace seat::payments {
namespace {

using namespace std::chrono_literals;
using Verdict = Permit::Verdict;

// A small breaker, so every rule shows in a few calls.
CircuitBreakerOptions small() {
    CircuitBreakerOptions o;
    o.window_calls = 10;
    o.min_calls = 5;
    o.failure_rate_percent = 50;
    o.slow_rate_percent = 60;
    o.slow_call = 1000ms;
    o.open_for = 5000ms;
    o.half_open_probes = 2;
    o.in_flight_max = 4;
    return o;
}

class Breaker : public ::testing::Test {
  protected:
    explicit Breaker(const CircuitBreakerOptions& options = small()) : breaker(options) {}

    BreakerClock::time_point now = BreakerClock::time_point{} + 1h;
    CircuitBreaker breaker;

    // One call, let through now, taking `took`, then recorded.
    void call(CallResult result, BreakerClock::duration took = 10ms) {
        const Permit permit = breaker.try_acquire(now);
        ASSERT_TRUE(permit.allowed());
        now += took;
        breaker.record(permit, result, now);
    }
    void calls(int n, CallResult result, BreakerClock::duration took = 10ms) {
        for (int i = 0; i < n; ++i)
            call(result, took);
    }
    BreakerState state() const { return breaker.state(now); }
    void open_it() {
        calls(5, CallResult::failure);
        ASSERT_EQ(state(), BreakerState::open);
    }
};

TEST_F(Breaker, StartsClosedAndLetsCallsThrough) {
    EXPECT_EQ(state(), BreakerState::closed);
    calls(20, CallResult::success);
    EXPECT_EQ(state(), BreakerState::closed);
    EXPECT_EQ(breaker.stats(now).window_calls, 10u);  // the window keeps the last 10
}

TEST_F(Breaker, OpensWhenTheFailureRateReachesTheThreshold) {
    calls(3, CallResult::success);
    calls(2, CallResult::failure);  // 2 of 5: 40 %
    EXPECT_EQ(state(), BreakerState::closed);
    call(CallResult::failure);  // 3 of 6: 50 %
    EXPECT_EQ(state(), BreakerState::open);
    EXPECT_EQ(breaker.stats(now).times_opened, 1u);
}

TEST_F(Breaker, NeverOpensBeforeMinCalls) {
    calls(4, CallResult::failure);  // 100 %, but only 4 calls
    EXPECT_EQ(state(), BreakerState::closed);
    call(CallResult::failure);
    EXPECT_EQ(state(), BreakerState::open);
}

TEST_F(Breaker, TheWindowSlides) {
    calls(5, CallResult::success);
    calls(4, CallResult::failure);  // 4 of 9: 44 %
    ASSERT_EQ(state(), BreakerState::closed);
    calls(10, CallResult::success);  // the failures slide out
    EXPECT_EQ(breaker.stats(now).window_failures, 0u);
    calls(4, CallResult::failure);  // 4 of the last 10: 40 %
    EXPECT_EQ(state(), BreakerState::closed);
    call(CallResult::failure);  // 5 of the last 10
    EXPECT_EQ(state(), BreakerState::open);
}

TEST_F(Breaker, OpensWhenTheSlowCallRateReachesTheThreshold) {
    calls(2, CallResult::success);
    calls(2, CallResult::success, 1001ms);  // slow, though they succeeded
    call(CallResult::success, 1000ms);      // exactly the threshold is not slow
    EXPECT_EQ(breaker.stats(now).window_slow, 2u);
    call(CallResult::success, 2s);  // 3 of 6: 50 % < 60 %
    EXPECT_EQ(state(), BreakerState::closed);
    call(CallResult::success, 2s);  // 4 of 7: 57 %
    EXPECT_EQ(state(), BreakerState::closed);
    call(CallResult::failure, 2s);  // 5 of 8: 62 % slow (and 1 of 8 failed)
    EXPECT_EQ(state(), BreakerState::open);
}

TEST_F(Breaker, CallsThatSayNothingAboutTheProviderAreNotCounted) {
    calls(10, CallResult::not_counted);
    EXPECT_EQ(breaker.stats(now).window_calls, 0u);
    EXPECT_EQ(breaker.stats(now).in_flight, 0u);
    EXPECT_EQ(state(), BreakerState::closed);
}

TEST_F(Breaker, OpenRefusesWithTheTimeLeft) {
    open_it();
    Permit p = breaker.try_acquire(now);
    EXPECT_EQ(p.verdict(), Verdict::refused_open);
    EXPECT_EQ(p.retry_after(), 5000ms);
    now += 1234ms;
    EXPECT_EQ(breaker.try_acquire(now).retry_after(), 3766ms);
    now += 3765ms + 500us;  // half a millisecond left rounds up
    p = breaker.try_acquire(now);
    EXPECT_EQ(p.verdict(), Verdict::refused_open);
    EXPECT_EQ(p.retry_after(), 1ms);
    now += 500us;
    EXPECT_EQ(state(), BreakerState::half_open);
    EXPECT_TRUE(breaker.try_acquire(now).allowed());
}

TEST_F(Breaker, HalfOpenLetsExactlyTheProbesThrough) {
    open_it();
    now += 5s;
    const Permit a = breaker.try_acquire(now), b = breaker.try_acquire(now);
    EXPECT_TRUE(a.allowed());
    EXPECT_TRUE(b.allowed());
    const Permit c = breaker.try_acquire(now);
    EXPECT_EQ(c.verdict(), Verdict::refused_open);
    EXPECT_EQ(c.retry_after(), 1000ms);  // the probes decide within about a slow call
    breaker.record(a, CallResult::success, now + 10ms);
    EXPECT_EQ(breaker.try_acquire(now).verdict(), Verdict::refused_open);  // b still out
    breaker.record(b, CallResult::success, now + 20ms);
    EXPECT_EQ(state(), BreakerState::closed);
    EXPECT_EQ(breaker.stats(now).window_calls, 0u);  // a fresh window
    EXPECT_EQ(breaker.stats(now).in_flight, 0u);
}

TEST_F(Breaker, HalfOpenReopensAtTheFirstFailedProbe) {
    open_it();
    now += 5s;
    const Permit a = breaker.try_acquire(now), b = breaker.try_acquire(now);
    breaker.record(a, CallResult::failure, now);
    EXPECT_EQ(state(), BreakerState::open);
    EXPECT_EQ(breaker.try_acquire(now).retry_after(), 5000ms);  // a full open period again
    EXPECT_EQ(breaker.stats(now).times_opened, 2u);
    breaker.record(b, CallResult::success, now);  // a probe of the old half-open: ignored
    EXPECT_EQ(state(), BreakerState::open);
    EXPECT_EQ(breaker.stats(now).in_flight, 0u);
}

TEST_F(Breaker, HalfOpenReopensAtASlowProbe) {
    open_it();
    now += 5s;
    const Permit a = breaker.try_acquire(now);
    breaker.record(a, CallResult::success, now + 1500ms);
    EXPECT_EQ(state(), BreakerState::open);
}

TEST_F(Breaker, AProbeThatSaysNothingGivesItsSlotToTheNextCall) {
    open_it();
    now += 5s;
    const Permit a = breaker.try_acquire(now), b = breaker.try_acquire(now);
    breaker.record(a, CallResult::not_counted, now);
    const Permit c = breaker.try_acquire(now);
    ASSERT_TRUE(c.allowed());
    breaker.record(b, CallResult::success, now);
    EXPECT_EQ(state(), BreakerState::half_open);  // one success so far
    breaker.record(c, CallResult::success, now);
    EXPECT_EQ(state(), BreakerState::closed);
}

TEST_F(Breaker, CallsFromBeforeItOpenedDoNotCount) {
    // Three calls are in flight when failures open the breaker.
    std::vector<Permit> early;
    for (int i = 0; i < 3; ++i)
        early.push_back(breaker.try_acquire(now));
    calls(1, CallResult::success);
    calls(4, CallResult::failure);  // 4 of 5: opens
    ASSERT_EQ(state(), BreakerState::open);
    now += 5s;
    const Permit probe = breaker.try_acquire(now);  // half-open: 1 of 2 probes
    ASSERT_TRUE(probe.allowed());
    // The early calls succeed now: they are not probes, they do not close it.
    for (const Permit& p : early)
        breaker.record(p, CallResult::success, now);
    EXPECT_EQ(state(), BreakerState::half_open);
    breaker.record(probe, CallResult::success, now);
    EXPECT_EQ(state(), BreakerState::half_open);  // still one probe to go
    EXPECT_EQ(breaker.stats(now).in_flight, 0u);
}

TEST_F(Breaker, BoundsTheCallsInFlight) {
    std::vector<Permit> out;
    for (int i = 0; i < 4; ++i) {
        out.push_back(breaker.try_acquire(now));
        ASSERT_TRUE(out.back().allowed());
    }
    EXPECT_EQ(breaker.stats(now).in_flight, 4u);
    EXPECT_EQ(breaker.try_acquire(now).verdict(), Verdict::refused_busy);
    breaker.record(out.back(), CallResult::success, now);
    out.pop_back();
    EXPECT_TRUE(breaker.try_acquire(now).allowed());
    EXPECT_EQ(breaker.try_acquire(now).verdict(), Verdict::refused_busy);
}

TEST_F(Breaker, TheInFlightBoundHoldsWhileHalfOpen) {
    // Calls from the closed state still in flight take slots from the probes.
    std::vector<Permit> early;
    for (int i = 0; i < 3; ++i)
        early.push_back(breaker.try_acquire(now));
    calls(1, CallResult::failure);
    calls(4, CallResult::failure);
    ASSERT_EQ(state(), BreakerState::open);
    now += 5s;
    EXPECT_TRUE(breaker.try_acquire(now).allowed());  // the 4th slot
    EXPECT_EQ(breaker.try_acquire(now).verdict(), Verdict::refused_busy);
}

TEST(BreakerDefaults, OpenAfterTwentyFailedCallsForFiveSeconds) {
    const CircuitBreakerOptions defaults;
    CircuitBreaker breaker(defaults);
    BreakerClock::time_point now{};
    for (int i = 0; i < 19; ++i)
        breaker.record(breaker.try_acquire(now), CallResult::failure, now);
    EXPECT_EQ(breaker.state(now), BreakerState::closed);
    breaker.record(breaker.try_acquire(now), CallResult::failure, now);
    EXPECT_EQ(breaker.state(now), BreakerState::open);
    EXPECT_EQ(breaker.try_acquire(now).retry_after(), 5000ms);
    EXPECT_EQ(breaker.state(now + 5s), BreakerState::half_open);
}

TEST(BreakerDefaults, ACallOverThreeSecondsIsSlow) {
    CircuitBreaker breaker{CircuitBreakerOptions{}};
    BreakerClock::time_point now{};
    for (int i = 0; i < 20; ++i) {
        const Permit p = breaker.try_acquire(now);
        now += 3001ms;
        breaker.record(p, CallResult::success, now);
    }
    EXPECT_EQ(breaker.stats(now).window_slow, 20u);
    EXPECT_EQ(breaker.state(now), BreakerState::open);
}

TEST(BreakerDeathTest, RecordingARefusedCallStopsTheProcess) {
    CircuitBreakerOptions o = small();
    o.in_flight_max = 2;
    o.half_open_probes = 1;
    CircuitBreaker breaker(o);
    BreakerClock::time_point now{};
    (void)breaker.try_acquire(now);
    (void)breaker.try_acquire(now);
    const Permit refused = breaker.try_acquire(now);
    ASSERT_EQ(refused.verdict(), Verdict::refused_busy);
    EXPECT_DEATH(breaker.record(refused, CallResult::success, now), "refused");
}

TEST(BreakerDeathTest, OptionsThatCannotWorkStopTheProcess) {
    CircuitBreakerOptions o = small();
    o.min_calls = 11;  // more than the window holds: it could never open
    EXPECT_DEATH(CircuitBreaker{o}, "min_calls");
}

}  // namespace
}  // namespace seat::payments

namespace seat::payments {
namespace {

// Proves: would_admit answers as try_acquire would, closed, open (with the
// time left), half-open before and after the probes are out, and at the
// in-flight bound, and takes no permit doing so.
TEST_F(Breaker, WouldAdmitForeseesTryAcquireWithoutTakingAPermit) {
    std::chrono::milliseconds retry_after{-1};
    EXPECT_EQ(breaker.would_admit(now, retry_after), Verdict::allowed);
    EXPECT_EQ(retry_after, 0ms);

    std::vector<Permit> held;
    for (int i = 0; i < 4; ++i)
        held.push_back(breaker.try_acquire(now));
    EXPECT_EQ(breaker.would_admit(now, retry_after), Verdict::refused_busy);
    EXPECT_EQ(breaker.try_acquire(now).verdict(), Verdict::refused_busy);
    for (const Permit& p : held)
        breaker.record(p, CallResult::success, now);
    EXPECT_EQ(breaker.stats(now).in_flight, 0u);

    while (state() == BreakerState::closed) call(CallResult::failure);
    now += 2000ms;
    EXPECT_EQ(breaker.would_admit(now, retry_after), Verdict::refused_open);
    EXPECT_EQ(retry_after, 3000ms);
    EXPECT_EQ(breaker.try_acquire(now).retry_after(), 3000ms);

    // Time is up: asking twice changes nothing, and the probes still go through.
    now += 3000ms;
    EXPECT_EQ(breaker.would_admit(now, retry_after), Verdict::allowed);
    EXPECT_EQ(breaker.would_admit(now, retry_after), Verdict::allowed);
    EXPECT_EQ(state(), BreakerState::half_open);
    const Permit first = breaker.try_acquire(now);
    const Permit second = breaker.try_acquire(now);
    ASSERT_TRUE(first.allowed() && second.allowed());
    EXPECT_EQ(breaker.would_admit(now, retry_after), Verdict::refused_open);
    EXPECT_EQ(retry_after, 1000ms);  // the probes decide within a slow call
    breaker.record(first, CallResult::success, now);
    breaker.record(second, CallResult::success, now);
    EXPECT_EQ(state(), BreakerState::closed);
    EXPECT_EQ(breaker.would_admit(now, retry_after), Verdict::allowed);
}

}  // namespace
}  // namespace seat::payments
