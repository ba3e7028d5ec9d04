// Calling a PaymentProvider from a test and waiting for the outcome, with a
// deadline so a callback that never comes fails the test instead of hanging
// it. Also records which thread ran the callback.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "server/payments/payment_provider.h"

namespace seat::payments::testing {

inline constexpr auto kCallDeadline = std::chrono::seconds(30);

template <class Outcome>
struct Called {
    Outcome outcome;
    std::thread::id thread;
};

// Starts a call and returns the future of its outcome.
template <class Outcome, class Start>
std::future<Called<Outcome>> start_call(Start start) {
    auto promise = std::make_shared<std::promise<Called<Outcome>>>();
    auto future = promise->get_future();
    start([promise](Outcome outcome) {
        promise->set_value({std::move(outcome), std::this_thread::get_id()});
    });
    return future;
}

template <class Outcome>
Called<Outcome> wait_for(std::future<Called<Outcome>>& future) {
    if (future.wait_for(kCallDeadline) != std::future_status::ready) {
        ADD_FAILURE() << "no callback within " << kCallDeadline.count() << " s";
        std::abort();  // the provider still holds the callback: do not unwind past it
    }
    return future.get();
}

inline std::future<Called<ChargeOutcome>> charge_async(PaymentProvider& p, const ChargeRequest& r) {
    return start_call<ChargeOutcome>([&](auto done) { p.charge(r, done); });
}
inline std::future<Called<FindChargeOutcome>> find_async(PaymentProvider& p, const std::string& k,
                                                         const std::string& v) {
    return start_call<FindChargeOutcome>([&](auto done) { p.find_charge(k, v, done); });
}
inline std::future<Called<RefundOutcome>> refund_async(PaymentProvider& p, const RefundRequest& r) {
    return start_call<RefundOutcome>([&](auto done) { p.refund(r, done); });
}

inline std::future<Called<PayoutOutcome>> payout_async(PaymentProvider& p, const PayoutRequest& r) {
    return start_call<PayoutOutcome>([&](auto done) { p.payout(r, done); });
}

inline ChargeOutcome charge(PaymentProvider& p, const ChargeRequest& r) {
    auto f = charge_async(p, r);
    return wait_for(f).outcome;
}
inline FindChargeOutcome find_charge(PaymentProvider& p, const std::string& k,
                                     const std::string& v) {
    auto f = find_async(p, k, v);
    return wait_for(f).outcome;
}
inline RefundOutcome refund(PaymentProvider& p, const RefundRequest& r) {
    auto f = refund_async(p, r);
    return wait_for(f).outcome;
}
inline PayoutOutcome payout(PaymentProvider& p, const PayoutRequest& r) {
    auto f = payout_async(p, r);
    return wait_for(f).outcome;
}

// Waits for every charge and counts the two outcomes a bound test expects.
struct ChargeTally {
    int succeeded = 0;
    int overloaded = 0;  // Unknown{overloaded}: refused without being sent
};
inline ChargeTally tally(std::vector<std::future<Called<ChargeOutcome>>>& calls) {
    ChargeTally t;
    for (auto& call : calls) {
        const ChargeOutcome outcome = wait_for(call).outcome;
        t.succeeded += std::holds_alternative<ChargeSucceeded>(outcome);
        const Unknown* u = std::get_if<Unknown>(&outcome);
        t.overloaded += u && u->cause == UnknownCause::overloaded;
    }
    return t;
}

}  // namespace seat::payments::testing
