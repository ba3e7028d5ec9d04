// Facts of the checkout saga. CheckoutStarted is written (durably) before the
// provider is called; the provider's outcome becomes CheckoutSold, Declined or
// Compensated; the deadline CheckoutAbandoned. RefundOwed is the outbox: the
// refund worker delivers it at-least-once with the refund's own idempotency key
// (derived from its id) and reports RefundSucceeded or RefundFailed.
#pragma once

#include <string>

#include "engine/checkout/records.h"
#include "engine/command_tag.h"
#include "engine/sales/facts.h"
#include "engine/transfers/records.h"

namespace seat {

struct CheckoutStarted {
    CheckoutId checkout;  // drawn by decide; the provider's idempotency key derives from it
    HoldId hold;
    std::string buyer_id;
    std::string payment_method;
    std::int64_t amount_minor = 0;  // the hold's seats' prices
    std::string currency;
    UnixMillis deadline = 0;
    UnixMillis at = 0;
    CommandTag tag;
    ListingId listing;  // a resale's checkout (BuyListing): the listing, and no hold
    friend bool operator==(const CheckoutStarted&, const CheckoutStarted&) = default;
};

// The charge succeeded and the hold is sold: one ticket per seat, as a purchase
// whose payment reference is the provider's payment id.
struct CheckoutSold {
    CheckoutId checkout;
    std::string payment_id;
    TicketIds tickets;
    UnixMillis at = 0;
    friend bool operator==(const CheckoutSold&, const CheckoutSold&) = default;
};

// The charge was declined: the hold is released, its seats on sale at once.
struct CheckoutDeclined {
    CheckoutId checkout;
    std::string reason;
    UnixMillis at = 0;
    friend bool operator==(const CheckoutDeclined&, const CheckoutDeclined&) = default;
};

// The deadline passed with the charge's outcome unknown: the hold is released.
struct CheckoutAbandoned {
    CheckoutId checkout;
    UnixMillis at = 0;
    friend bool operator==(const CheckoutAbandoned&, const CheckoutAbandoned&) = default;
};

// The charge succeeded but the sale cannot complete (the checkout was
// abandoned): the refund in the RefundOwed written just before it gives the
// money back.
struct CheckoutCompensated {
    CheckoutId checkout;
    std::string payment_id;
    UnixMillis at = 0;
    friend bool operator==(const CheckoutCompensated&, const CheckoutCompensated&) = default;
};

struct RefundOwed {
    RefundId refund;
    CheckoutId checkout;  // zero when not a checkout's
    std::string payment_id;
    std::int64_t amount_minor = 0;
    std::string currency;
    RefundReason reason = RefundReason::compensation;
    UnixMillis at = 0;
    friend bool operator==(const RefundOwed&, const RefundOwed&) = default;
};

struct RefundSucceeded {
    RefundId refund;
    std::string provider_refund_id;
    UnixMillis at = 0;
    friend bool operator==(const RefundSucceeded&, const RefundSucceeded&) = default;
};

struct RefundFailed {
    RefundId refund;
    std::string reason;
    std::uint32_t attempts = 0;
    UnixMillis at = 0;
    friend bool operator==(const RefundFailed&, const RefundFailed&) = default;
};

struct RefundRetried {
    RefundId refund;
    UnixMillis at = 0;
    CommandTag tag;
    friend bool operator==(const RefundRetried&, const RefundRetried&) = default;
};

}  // namespace seat
