// What a payment provider answers: one typed outcome per call, never a bare
// bool. Each outcome says whether money moved, did not move, or may have
// moved: the checkout saga turns `succeeded` and `declined` into facts at once,
// and resolves `unknown` later (find_charge, or the same call again with the
// same idempotency key, which the provider answers with the original outcome).
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace seat::payments {

// ---- Shared by every call.

// Why the provider refused the request itself, before looking at the money:
// our request or our credentials are wrong. Nothing happened, and sending the
// same request again cannot help: an operator has to look.
enum class RejectCause {
    invalid_request,  // HTTP 400 our request got wrong (Stripe's invalid_request_error)
    authentication,   // HTTP 401: the secret key is wrong or revoked
    permission,       // HTTP 403: the key may not do this
    not_found,        // HTTP 404: the base URL does not lead to this API
};

struct Rejected {
    RejectCause cause = RejectCause::invalid_request;
    std::string code;     // the provider's error code, when it gave one
    std::string message;  // the provider's explanation (never holds our secret)
};

// Why the outcome is unknown. Only `overloaded` and `stopped` say the request
// was never sent; for every other cause the provider may have acted on it.
enum class UnknownCause {
    overloaded,        // not sent: too many requests in flight (StripeOptions)
    stopped,           // the provider was destroyed with the request queued or in flight
    connect_failed,    // no connection (resolve, TCP, TLS) within the connect timeout
    timeout,           // no complete answer within the response timeout
    connection_lost,   // the connection closed or was reset before the answer
    provider_error,    // HTTP 5xx
    conflict,          // HTTP 409: a request with the same idempotency key is running
    rate_limited,      // HTTP 429
    pending,           // the provider took the request and has not decided yet
    malformed_answer,  // an answer this adapter cannot read, or an unexpected status
};

struct Unknown {
    UnknownCause cause = UnknownCause::malformed_answer;
    std::string detail;  // for the log: what exactly went wrong
};

// ---- charge() and find_charge().

struct ChargeSucceeded {
    std::string payment_id;  // the provider's id ("pi_..."), what refund() takes
};

// The card was declined: definitive, no money moved. The buyer may try
// another payment method.
struct ChargeDeclined {
    std::string code;          // e.g. "card_declined", "expired_card"
    std::string decline_code;  // the issuer's reason, e.g. "insufficient_funds"; may be empty
    std::string message;       // shown to the buyer by Stripe's own pages; fine for ours
};

// find_charge(): the provider knows no charge with that metadata.
struct ChargeNotFound {};

using ChargeOutcome = std::variant<ChargeSucceeded, ChargeDeclined, Rejected, Unknown>;
using FindChargeOutcome =
    std::variant<ChargeSucceeded, ChargeDeclined, Rejected, Unknown, ChargeNotFound>;

// ---- refund().

struct RefundSucceeded {
    std::string refund_id;  // "re_..."
};

// The refund itself cannot be made: definitive (already refunded, more than
// what is left, the charge is disputed, no such payment). Nothing moved.
struct RefundFailed {
    std::string code;  // e.g. "charge_already_refunded", "amount_too_large"
    std::string message;
};

using RefundOutcome = std::variant<RefundSucceeded, RefundFailed, Rejected, Unknown>;

// ---- payout().

struct PayoutSucceeded {
    std::string payout_id;  // the provider's transfer, "tr_..."
};

// The payout cannot be made to that destination: definitive (the account does
// not exist, or cannot receive transfers). Nothing moved. Retrying with the
// same destination cannot help; the seller's account has to be corrected.
struct PayoutFailed {
    std::string code;  // e.g. "resource_missing"
    std::string message;
};

using PayoutOutcome = std::variant<PayoutSucceeded, PayoutFailed, Rejected, Unknown>;

// ---- Names, for logs and test messages.

std::string_view to_string(RejectCause cause);
std::string_view to_string(UnknownCause cause);
std::string describe(const ChargeOutcome& outcome);
std::string describe(const FindChargeOutcome& outcome);
std::string describe(const RefundOutcome& outcome);
std::string describe(const PayoutOutcome& outcome);

}  // namespace seat::payments
