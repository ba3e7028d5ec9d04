// The limits of a payment request, checked before anything is sent.
#include "server/payments/requests.h"

#include <algorithm>

#include "base/check.h"

namespace seat::payments {
namespace {

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void check_idempotency_key(const std::string& key) {
    SEAT_CHECK(!key.empty() && key.size() <= kIdempotencyKeyBytesMax,
               "idempotency key empty or too long");
}

void check_currency(const std::string& currency) {
    SEAT_CHECK(currency.size() == 3 && std::all_of(currency.begin(), currency.end(), is_letter),
               "currency is not three letters");
}

void check_metadata(const Metadata& metadata) {
    SEAT_CHECK(metadata.size() <= kMetadataEntriesMax, "too many metadata entries");
    for (const auto& [key, value] : metadata)
        check_metadata_entry(key, value);
}

}  // namespace

void check_metadata_entry(const std::string& key, const std::string& value) {
    SEAT_CHECK(!key.empty() && key.size() <= kMetadataKeyBytesMax, "metadata key size");
    SEAT_CHECK(key.find_first_of("[]") == std::string::npos,
               "metadata key with a bracket (it would nest the form field)");
    SEAT_CHECK(value.size() <= kMetadataValueBytesMax, "metadata value size");
}

void check_request(const ChargeRequest& request) {
    SEAT_CHECK(request.amount_minor > 0, "a charge of nothing");
    check_currency(request.currency);
    SEAT_CHECK(
        !request.payment_method.empty() && request.payment_method.size() <= kPaymentMethodBytesMax,
        "payment method empty or too long");
    check_idempotency_key(request.idempotency_key);
    check_metadata(request.metadata);
}

void check_request(const RefundRequest& request) {
    SEAT_CHECK(!request.payment_id.empty() && request.payment_id.size() <= kPaymentIdBytesMax,
               "payment id empty or too long");
    SEAT_CHECK(request.amount_minor >= 0, "a negative refund");
    check_idempotency_key(request.idempotency_key);
}

void check_request(const PayoutRequest& request) {
    SEAT_CHECK(request.amount_minor > 0, "a payout of nothing");
    check_currency(request.currency);
    SEAT_CHECK(!request.destination.empty() && request.destination.size() <= kDestinationBytesMax,
               "payout destination empty or too long");
    check_idempotency_key(request.idempotency_key);
    check_metadata(request.metadata);
}

}  // namespace seat::payments
