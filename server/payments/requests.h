// What the checkout saga and the payout worker ask a payment provider to do,
// and the limits on it. They build every request themselves (amounts from the
// engine, keys and metadata from the checkout or payout id), so a request
// outside these limits is a programmer error: the provider stops the process
// (SEAT_CHECK) rather than send it. Buyer and seller input (the payment
// method, the payout destination) is only ever passed through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace seat::payments {

// A handful of entries (the checkout id, the event, the purchase): what
// find_charge() searches by. Ordered, so a request encodes the same way twice.
using Metadata = std::map<std::string, std::string>;

// Stripe's own limits are 50 keys, 40-character keys and 500-character values,
// 255-character idempotency keys; ours are tighter where the saga needs less.
inline constexpr std::size_t kMetadataEntriesMax = 8;
inline constexpr std::size_t kMetadataKeyBytesMax = 40;
inline constexpr std::size_t kMetadataValueBytesMax = 500;
inline constexpr std::size_t kIdempotencyKeyBytesMax = 255;
inline constexpr std::size_t kPaymentMethodBytesMax = 255;
inline constexpr std::size_t kPaymentIdBytesMax = 255;
// Stripe's connected account ids ("acct_" and 16 characters) are far shorter.
inline constexpr std::size_t kDestinationBytesMax = 255;

struct ChargeRequest {
    std::int64_t amount_minor = 0;  // in the currency's minor unit (cents); > 0
    std::string currency;           // ISO 4217, three letters, any case ("EUR", "eur")
    std::string payment_method;     // the buyer's method as the provider knows it ("pm_...")
    // Chosen and kept by the saga: the same key again returns the first
    // attempt's outcome and never charges twice.
    std::string idempotency_key;
    Metadata metadata;
};

struct RefundRequest {
    std::string payment_id;         // ChargeSucceeded::payment_id
    std::int64_t amount_minor = 0;  // 0 refunds all that is left of the charge
    std::string idempotency_key;
};

// A resale's seller is paid what the buyer paid less the platform's fee: money
// the platform owes, sent at least once by an outbox worker, like a refund.
struct PayoutRequest {
    std::int64_t amount_minor = 0;  // in the currency's minor unit (cents); > 0
    std::string currency;           // ISO 4217, three letters, any case
    // The seller's account at the provider: a Stripe connected account "acct_...".
    std::string destination;
    // Chosen and kept by the worker: the same key again returns the first
    // attempt's outcome and never pays twice.
    std::string idempotency_key;
    Metadata metadata;
};

// SEAT_CHECK that a request is within the limits above: a non-empty key,
// method and destination, a positive amount, three letters of currency,
// metadata keys without brackets (they would change the form's structure) and
// within the sizes.
void check_request(const ChargeRequest& request);
void check_request(const RefundRequest& request);
void check_request(const PayoutRequest& request);
// Metadata used as a search key: same rules as one metadata entry.
void check_metadata_entry(const std::string& key, const std::string& value);

}  // namespace seat::payments
