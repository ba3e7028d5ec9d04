// The parameters of each endpoint, read from a decoded form into typed values.
// Every rule of the API subset is checked here, before anything is looked up
// in the books: a parameter that is missing, sent twice, malformed, out of
// range, or not part of the subset is a 400 invalid_request_error naming it
// (`param`). Nothing here touches state, so a refusal is never stored under an
// idempotency key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "tools/seat-psp/api_error.h"
#include "tools/seat-psp/books.h"
#include "tools/seat-psp/form.h"
#include "tools/seat-psp/test_cards.h"

namespace seat::psp {

// POST /v1/payment_intents: amount, currency, payment_method, confirm=true, metadata[K].
struct CreateIntent {
    std::int64_t amount = 0;
    std::string currency;
    const TestCard* card = nullptr;  // never null once read
    Metadata metadata;               // empty values dropped, as the provider does
};

// POST /v1/refunds: payment_intent and an optional amount (default: what is left).
struct CreateRefund {
    std::string payment_intent;
    std::optional<std::int64_t> amount;
};

// POST /v1/transfers: amount, currency, destination (acct_…), metadata[K].
struct CreateTransfer {
    std::int64_t amount = 0;
    std::string currency;
    std::string destination;  // well-formed (test_accounts.h); it may still not exist
    Metadata metadata;        // empty values dropped, as the provider does
};

// GET /v1/payment_intents/search: query=metadata['K']:'V' and an optional limit.
struct SearchIntents {
    std::string key;
    std::string value;
    std::size_t limit = 0;
};

std::optional<ApiError> read_create_intent(const Form& form, CreateIntent& out);
std::optional<ApiError> read_create_refund(const Form& form, CreateRefund& out);
std::optional<ApiError> read_create_transfer(const Form& form, CreateTransfer& out);
std::optional<ApiError> read_search(const Form& query, SearchIntents& out);
// GET /v1/payment_intents/{id}, GET /v1/transfers/{id} and GET /_sim/ledger take
// no parameters.
std::optional<ApiError> read_no_params(const Form& query);

}  // namespace seat::psp
