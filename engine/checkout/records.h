// What the event remembers of checkouts and refunds: one record per checkout
// (a buyer paying for a hold through the payment provider) and per refund owed
// to a buyer. The checkout saga is these records' states; every change is a
// fact (checkout/facts.h), so a crash at any moment leaves each checkout in one
// of them, and the server's payment worker resolves the ones still paying.
//
//   paying ──(charge succeeded)──> sold         tickets issued
//      │ ├──(charge declined)────> declined     seats back on sale
//      │ └──(deadline passed)────> abandoned    seats back on sale
//      │                              └──(charge succeeded after all)──> refunded
//      └──(succeeded, but the seats cannot be sold)──> refunded  (refund owed)
//
// A resale's checkout (BuyListing) pays for a listing instead of a hold: the
// listing is pinned while paying, and `sold` means the listing was sold.
#pragma once

#include <cstdint>
#include <string>

#include "engine/ids.h"

namespace seat {

using CheckoutId = Id128;
using RefundId = Id128;

enum class CheckoutState : std::uint8_t { paying = 0, sold, declined, abandoned, refunded };
inline constexpr std::size_t kCheckoutStateCount = 5;
const char* to_string(CheckoutState s);

struct Checkout {
    CheckoutId id;
    HoldId hold;
    std::string buyer_id;
    std::string payment_method;
    std::int64_t amount_minor = 0;
    std::string currency;
    UnixMillis started_at = 0;
    UnixMillis deadline = 0;  // abandoned when still paying at this time
    CheckoutState state = CheckoutState::paying;
    std::string payment_id;          // the provider's, once the charge succeeded
    std::string decline_reason;      // the provider's, when declined
    std::uint32_t purchase = kNone;  // index into purchases, when sold
    std::uint32_t refund = kNone;    // index into refunds, when refunded
    std::uint32_t listing = kNone;   // index into listings: a resale's checkout (no hold)
    UnixMillis settled_at = 0;
    friend bool operator==(const Checkout&, const Checkout&) = default;
};

enum class RefundState : std::uint8_t { owed = 0, succeeded, failed };
inline constexpr std::size_t kRefundStateCount = 3;
const char* to_string(RefundState s);

// Why money goes back: a charge that succeeded for a sale that could not
// complete (the saga's compensation), or a cancellation.
enum class RefundReason : std::uint8_t { compensation = 0, cancellation = 1 };
const char* to_string(RefundReason r);

struct Refund {
    RefundId id;
    std::uint32_t checkout = kNone;  // index into checkouts, if a checkout's
    std::string payment_id;          // what the provider refunds
    std::int64_t amount_minor = 0;
    std::string currency;
    RefundReason reason = RefundReason::compensation;
    RefundState state = RefundState::owed;
    std::string provider_refund_id;  // once succeeded
    std::string failure;             // the last failure's reason
    std::uint32_t attempts = 0;      // calls the refund worker made, as it last reported
    std::uint32_t retries = 0;       // times an operator owed it again after it failed
    UnixMillis owed_at = 0;
    UnixMillis settled_at = 0;
    friend bool operator==(const Refund&, const Refund&) = default;
};

}  // namespace seat
