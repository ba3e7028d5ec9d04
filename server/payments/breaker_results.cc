// Payment outcomes as circuit-breaker results (breaker_results.h).
#include "server/payments/breaker_results.h"

namespace seat::payments {
namespace {

CallResult of_unknown(const Unknown& unknown) {
    switch (unknown.cause) {
        case UnknownCause::overloaded:
        case UnknownCause::stopped:
            return CallResult::not_counted;
        default:
            return CallResult::failure;
    }
}

template <class Outcome>
CallResult result_of(const Outcome& outcome) {
    const Unknown* unknown = std::get_if<Unknown>(&outcome);
    return unknown ? of_unknown(*unknown) : CallResult::success;
}

}  // namespace

CallResult breaker_result(const ChargeOutcome& outcome) {
    return result_of(outcome);
}

CallResult breaker_result(const FindChargeOutcome& outcome) {
    return result_of(outcome);
}

CallResult breaker_result(const RefundOutcome& outcome) {
    return result_of(outcome);
}

CallResult breaker_result(const PayoutOutcome& outcome) {
    return result_of(outcome);
}

}  // namespace seat::payments
