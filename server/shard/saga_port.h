// The shards' door to the payment side of the checkout saga (server/payments/).
// A shard hands over, after each round's commit (so nothing leaves before it is
// durable), the charges of the checkouts it started (resale purchases among
// them) and the refunds and sellers' payouts it came to owe; at start it hands
// over every checkout still paying and every refund and payout still owed,
// which is how in-flight payments survive a crash. What the provider answers
// comes back as SettleCheckout / SettleRefund / SettlePayout jobs. Before
// starting a checkout, a shard asks whether new checkouts must be refused now
// (the circuit breaker). Implementations must not block: a shard thread calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/checkout/records.h"
#include "engine/ids.h"
#include "engine/transfers/records.h"

namespace seat::server {

struct ChargeTask {
    EventId event = 0;
    CheckoutId checkout;
    std::int64_t amount_minor = 0;
    std::string currency;  // ISO 4217, upper case
    std::string payment_method;
    std::string buyer_id;
    UnixMillis deadline = 0;  // the checkout is abandoned then; a later success is refunded
};

struct RefundTask {
    EventId event = 0;
    RefundId refund;
    std::string payment_id;
    std::int64_t amount_minor = 0;
    std::string currency;
    std::uint32_t attempts = 0;  // as last reported (a retried refund starts from its count)
    std::uint32_t retries = 0;   // RetryRefunds so far: each is a new request at the provider
};

// A resale's seller is owed `amount_minor` (the price less the platform's fee).
struct PayoutTask {
    EventId event = 0;
    PayoutId payout;
    ListingId listing;
    std::int64_t amount_minor = 0;
    std::string currency;
    std::string destination;     // the seller's account at the provider
    std::uint32_t attempts = 0;  // as last reported
    std::uint32_t retries = 0;   // times owed again after failing (part of the key)
};

class SagaPort {
  public:
    virtual ~SagaPort() = default;
    // Milliseconds after which to retry when new checkouts must be refused now
    // (provider failing or slow, too many payments in flight); nullopt to go on.
    virtual std::optional<std::uint32_t> refuse_new_checkout() = 0;
    // After the commit that made them durable, or at start for the recovered.
    virtual void charge(std::vector<ChargeTask> tasks) = 0;
    virtual void refund(std::vector<RefundTask> tasks) = 0;
    virtual void payout(std::vector<PayoutTask> tasks) = 0;
};

// The idempotency keys the provider sees: derived from the ids recorded in the
// facts, so a retry after any crash uses the same key and cannot charge twice.
// A refund the provider refused for good is stored under its key (the provider
// replays the refusal), so each operator retry asks under a key of its own:
// the n-th retry's key ends in "-retry-n". Only a refund that failed is owed
// again, so no two keys of one refund can both return money.
std::string charge_idempotency_key(const CheckoutId& checkout);
std::string refund_idempotency_key(const RefundId& refund, std::uint32_t retries);
// Likewise a payout: a new key only when an admin owes a failed one again
// (RetryPayout, perhaps to a corrected account), so two keys never both pay.
std::string payout_idempotency_key(const PayoutId& payout, std::uint32_t retries);

}  // namespace seat::server
