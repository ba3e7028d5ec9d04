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

}  // namespace

void check_metadata_entry(const std::string& key, const std::string& value) {
    SEAT_CHECK(!key.empty() && key.size() <= kMetadataKeyBytesMax, "metadata key size");
    SEAT_CHECK(key.find_first_of("[]") == std::string::npos,
               "metadata key with a bracket (it would nest the form field)");
    SEAT_CHECK(value.size() <= kMetadataValueBytesMax, "metadata value size");
}

void check_request(const ChargeRequest& request) {
    SEAT_CHECK(request.amount_minor > 0, "a charge of nothing");
    SEAT_CHECK(request.currency.size() == 3 &&
                   std::all_of(request.currency.begin(), request.currency.end(), is_letter),
               "currency is not three letters");
    SEAT_CHECK(
        !request.payment_method.empty() && request.payment_method.size() <= kPaymentMethodBytesMax,
        "payment method empty or too long");
    check_idempotency_key(request.idempotency_key);
    SEAT_CHECK(request.metadata.size() <= kMetadataEntriesMax, "too many metadata entries");
    for (const auto& [key, value] : request.metadata)
        check_metadata_entry(key, value);
}

void check_request(const RefundRequest& request) {
    SEAT_CHECK(!request.payment_id.empty() && request.payment_id.size() <= kPaymentIdBytesMax,
               "payment id empty or too long");
    SEAT_CHECK(request.amount_minor >= 0, "a negative refund");
    check_idempotency_key(request.idempotency_key);
}

}  // namespace seat::payments
