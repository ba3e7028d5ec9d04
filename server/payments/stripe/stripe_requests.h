// The four Stripe API calls the adapter makes, as HTTP requests: the subset
// of the API that docs/payments.md ("The provider subset") lists and seat-psp
// implements. Pure functions of the saga's request; nothing here does I/O.
// Private to server/payments.
#pragma once

#include <string>

#include "server/payments/http/http_pool.h"
#include "server/payments/requests.h"

namespace seat::payments::stripe {

// POST /v1/payment_intents: amount, currency (lower case), payment_method,
// confirm=true, metadata[K]=V for each entry; Idempotency-Key.
http::HttpCall charge_call(const ChargeRequest& request);

// GET /v1/payment_intents/search?query=metadata['K']:'V'.
http::HttpCall search_call(const std::string& key, const std::string& value);

// POST /v1/refunds: payment_intent, and amount unless it is 0 (everything
// left); Idempotency-Key.
http::HttpCall refund_call(const RefundRequest& request);

// POST /v1/transfers: amount, currency (lower case), destination,
// metadata[K]=V for each entry; Idempotency-Key.
http::HttpCall payout_call(const PayoutRequest& request);

// Stripe's search query for one metadata entry, quotes and backslashes in the
// key and value escaped with a backslash: metadata['checkout']:'c-1'.
std::string metadata_query(const std::string& key, const std::string& value);

}  // namespace seat::payments::stripe
