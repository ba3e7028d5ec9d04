// How a payment outcome counts in the CircuitBreaker: the one place that says
// which outcomes mean the provider is unwell. A decline or a rejection is the
// provider answering, definitively: a success for the breaker, however bad
// for the buyer (a wrong secret is an operator's alarm, not an outage). An
// unknown outcome is a failure, except when the request never left this
// process (overloaded, stopped), which says nothing about the provider.
#pragma once

#include "server/payments/circuit_breaker.h"
#include "server/payments/outcomes.h"

namespace seat::payments {

CallResult breaker_result(const ChargeOutcome& outcome);
CallResult breaker_result(const FindChargeOutcome& outcome);
CallResult breaker_result(const RefundOutcome& outcome);
CallResult breaker_result(const PayoutOutcome& outcome);

}  // namespace seat::payments
