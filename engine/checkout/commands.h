// Commands of the checkout saga. StartCheckout comes from a buyer's application;
// SettleCheckout and SettleRefund from the server's payment and refund workers,
// which talk to the provider and post what it said back to the event's shard
// (the shard stays the one place the event's state is decided); ExpireCheckouts
// from the shard's timer; RetryRefund from an operator.
#pragma once

#include <cstdint>
#include <string>

#include "engine/checkout/records.h"
#include "engine/ids.h"
#include "engine/room/commands.h"

namespace seat {

// Pay for a live hold of the session. The hold is pinned from now on: it does
// not expire and cannot be released, extended or bought otherwise until the
// payment's outcome is known or the event's payment timeout passes.
struct StartCheckout {
    HoldId hold;
    SessionId session;
    std::string buyer_id;        // 1..kBuyerIdBytesMax
    std::string payment_method;  // 1..kPaymentMethodBytesMax, as the provider names it
    IdempotencyKey key;
    // When the event has a waiting room: the token the hold was placed under
    // (its expiry does not matter once the hold is placed).
    AdmissionClaim admission = {};
};

enum class ChargeResult : std::uint8_t { succeeded, declined };

// The provider's definitive answer for a checkout's charge. No idempotency key:
// a report on a checkout already settled changes nothing and is answered with
// its state (a charge succeeding after its checkout was abandoned is the one
// late report that acts: it is refunded).
struct SettleCheckout {
    CheckoutId checkout;
    ChargeResult result = ChargeResult::succeeded;
    std::string payment_id;      // succeeded: the provider's id (1..kProviderIdBytesMax)
    std::string decline_reason;  // declined: the provider's reason (0..kReasonBytesMax)
};

// Sent by the shard's timer: abandon checkouts still paying past their deadline
// (at most kExpireBatchMax per call).
struct ExpireCheckouts {};

// The refund worker's definitive answer for a refund. A report on a refund not
// owed changes nothing.
struct SettleRefund {
    RefundId refund;
    bool succeeded = false;
    std::string provider_refund_id;  // succeeded: 1..kProviderIdBytesMax
    std::string failure;             // failed: 0..kReasonBytesMax
    std::uint32_t attempts = 0;
};

// An operator owes a failed refund again (the refund worker tries it afresh).
struct RetryRefund {
    RefundId refund;
    IdempotencyKey key;
};

}  // namespace seat
