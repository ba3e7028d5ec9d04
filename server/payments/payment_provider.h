// PaymentProvider: what the checkout saga and the payout worker need from a
// payment provider, and nothing more. StripeProvider (stripe_provider.h) is the
// implementation that speaks HTTP; tests of the saga can implement it in a few
// lines.
//
// The contract:
//
// - Thread safety. A PaymentProvider is safe for concurrent use from many
//   threads without external synchronization: charge(), find_charge(),
//   refund(), payout() and in_flight() may be called from any thread at any
//   time, except that the destructor must not race with other calls.
// - What blocks. Nothing. Each call copies its arguments, queues the request
//   and returns at once; it never does I/O on the caller's thread.
// - Callbacks. Every call's callback runs exactly once, on the provider's own
//   thread, never on the caller's (not even when the request is refused at
//   once), so a shard thread that calls charge() is never re-entered. A
//   callback must be short and must not block: it posts the outcome to where
//   it is decided (a job for the event's shard) and returns. It may call the
//   provider again, but not in answer to Unknown{stopped} (that call would be
//   stopped too, and so on). A callback must not throw (the process stops),
//   and must not destroy the provider. Destroying the provider runs the
//   callbacks of every request still queued or in flight, with
//   Unknown{stopped}, before the destructor returns.
// - One attempt per call. A call is sent once; nothing is retried with
//   back-off here, because the caller (the saga, the refund and payout
//   outboxes) owns the idempotency keys and the timing: an Unknown outcome
//   means "call again later with the same key", which the provider answers with
//   the first attempt's outcome. This holds for refunds and payouts as for
//   charges: money owed is sent again with its key until the outcome is known.
// - Bounded. At most in_flight_max() calls are in flight (queued or sent); a
//   call beyond that is answered Unknown{overloaded} without being sent. A
//   caller that must not start what it cannot finish (a checkout) checks
//   in_flight() first, or better, holds a CircuitBreaker permit whose
//   in-flight bound is below this one.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "server/payments/outcomes.h"
#include "server/payments/requests.h"

namespace seat::payments {

class PaymentProvider {
  public:
    using ChargeCallback = std::function<void(ChargeOutcome)>;
    using FindChargeCallback = std::function<void(FindChargeOutcome)>;
    using RefundCallback = std::function<void(RefundOutcome)>;
    using PayoutCallback = std::function<void(PayoutOutcome)>;

    virtual ~PaymentProvider() = default;

    // Charges the payment method, confirming at once (no separate capture).
    virtual void charge(const ChargeRequest& request, ChargeCallback done) = 0;

    // Finds the charge whose metadata has `key` = `value`: how the saga
    // resolves a charge whose answer was lost, and how recovery at start-up
    // resolves checkouts that were in flight. A succeeded charge wins over
    // failed attempts; a charge still being decided is Unknown{pending}; none
    // is ChargeNotFound. Stripe's search index lags writes (usually by less
    // than a minute), so on Stripe "not found" soon after a charge is not
    // proof that none was made: charge() again with the same idempotency key
    // is (within the key's 24 hours).
    virtual void find_charge(const std::string& key, const std::string& value,
                             FindChargeCallback done) = 0;

    // Refunds a succeeded charge, all of what is left or a part.
    virtual void refund(const RefundRequest& request, RefundCallback done) = 0;

    // Pays a seller: moves `amount_minor` from the platform's balance to the
    // seller's account at the provider (`destination`). PayoutFailed says that
    // destination cannot be paid (no such account, or it cannot receive);
    // nothing moved. Unknown means the money may have moved: call again with
    // the same idempotency key, never with a new one.
    virtual void payout(const PayoutRequest& request, PayoutCallback done) = 0;

    // Calls queued or sent and not yet called back; readable from any thread.
    virtual std::size_t in_flight() const = 0;
    virtual std::size_t in_flight_max() const = 0;
};

}  // namespace seat::payments
