// Reading Stripe's answers (stripe_answers.h).
#include "server/payments/stripe/stripe_answers.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace seat::payments::stripe {
namespace json = boost::json;

namespace {

// A short, printable excerpt of a body for the log.
std::string excerpt(std::string_view body) {
    constexpr std::size_t kExcerptBytes = 120;
    std::string out;
    for (const char c : body.substr(0, kExcerptBytes))
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return body.size() > kExcerptBytes ? out + "..." : out;
}

Unknown malformed(unsigned status, const std::string& what, std::string_view body) {
    return {UnknownCause::malformed_answer,
            "HTTP " + std::to_string(status) + ": " + what + ": " + excerpt(body)};
}

std::optional<json::object> parse_object(std::string_view body) {
    boost::system::error_code ec;
    json::value value = json::parse(body, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.as_object());
}

// A string member, or "" when it is absent, null or not a string.
std::string text(const json::object& object, std::string_view key) {
    const json::value* v = object.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::object* member_object(const json::object& object, std::string_view key) {
    const json::value* v = object.if_contains(key);
    return v ? v->if_object() : nullptr;
}

// {"error": {"type", "code", "decline_code", "message"}}
const json::object* error_of(const std::optional<json::object>& body) {
    return body ? member_object(*body, "error") : nullptr;
}

Rejected rejected(unsigned status, const std::optional<json::object>& body) {
    RejectCause cause = RejectCause::invalid_request;
    if (status == 401) cause = RejectCause::authentication;
    if (status == 403) cause = RejectCause::permission;
    if (status == 404) cause = RejectCause::not_found;
    const json::object* error = error_of(body);
    if (!error) return {cause, "", "HTTP " + std::to_string(status) + " without an error object"};
    // Errors without a code still have a type ("idempotency_error") worth keeping.
    const std::string code = text(*error, "code");
    return {cause, code.empty() ? text(*error, "type") : code, text(*error, "message")};
}

// A refused refund: the refund itself cannot be made (charge_already_refunded,
// amount_too_large, resource_missing: no such payment), or our request was
// wrong (parameter_*, an idempotency key reused with other parameters, no
// code at all), which no retry mends.
bool refund_cannot_be_made(const json::object& error) {
    const std::string code = text(error, "code");
    return !code.empty() && !code.starts_with("parameter_") &&
           text(error, "type") != "idempotency_error";
}

// A refused payout: the destination cannot be paid (no such account, one the
// provider refuses, one that cannot receive transfers), or our request was
// wrong (parameter_*, an idempotency key reused), which no retry mends.
bool payout_cannot_be_made(const json::object& error) {
    const std::string code = text(error, "code");
    if (code.starts_with("parameter_") || text(error, "type") == "idempotency_error") return false;
    return text(error, "param") == "destination" ||
           code == "insufficient_capabilities_for_transfer";
}

bool is_rejection(unsigned status) {
    return status == 400 || status == 401 || status == 403 || status == 404;
}

// What no status of this subset explains: the provider may have acted.
Unknown undecided(unsigned status, std::string_view body) {
    const std::string prefix = "HTTP " + std::to_string(status) + ": ";
    if (status == 409) return {UnknownCause::conflict, prefix + excerpt(body)};
    if (status == 429) return {UnknownCause::rate_limited, prefix + excerpt(body)};
    if (status >= 500 && status <= 599)
        return {UnknownCause::provider_error, prefix + excerpt(body)};
    return malformed(status, "a status this adapter does not expect", body);
}

// The money of one payment intent, by its status.
enum class IntentState { succeeded, pending, declined, unexpected };

IntentState state_of(const std::string& status) {
    if (status == "succeeded") return IntentState::succeeded;
    if (status == "processing") return IntentState::pending;
    if (status == "requires_payment_method" || status == "requires_action" ||
        status == "requires_confirmation" || status == "canceled")
        return IntentState::declined;
    return IntentState::unexpected;
}

ChargeDeclined declined_intent(const json::object& intent) {
    const std::string status = text(intent, "status");
    if (const json::object* error = member_object(intent, "last_payment_error"))
        return {text(*error, "code"), text(*error, "decline_code"), text(*error, "message")};
    return {status, "", "the payment intent is " + status};
}

std::int64_t created_of(const json::object& intent) {
    const json::value* v = intent.if_contains("created");
    return v && v->is_int64() ? v->get_int64() : 0;
}

}  // namespace

ChargeOutcome read_charge_answer(unsigned status, std::string_view body) {
    const std::optional<json::object> object = parse_object(body);
    if (is_rejection(status)) return rejected(status, object);
    if (status == 402) {
        const json::object* error = error_of(object);
        if (!error) return malformed(status, "a decline without an error object", body);
        return ChargeDeclined{text(*error, "code"), text(*error, "decline_code"),
                              text(*error, "message")};
    }
    if (status != 200) return undecided(status, body);
    if (!object) return malformed(status, "not a JSON object", body);
    const std::string id = text(*object, "id");
    const std::string intent_status = text(*object, "status");
    if (id.empty()) return malformed(status, "a payment intent without an id", body);
    switch (state_of(intent_status)) {
        case IntentState::succeeded:
            return ChargeSucceeded{id};
        case IntentState::pending:
            return Unknown{UnknownCause::pending, "payment intent " + id + " is processing"};
        case IntentState::declined:
            return declined_intent(*object);
        case IntentState::unexpected:
            break;
    }
    return malformed(status, "a payment intent with status \"" + intent_status + "\"", body);
}

FindChargeOutcome read_search_answer(unsigned status, std::string_view body) {
    const std::optional<json::object> object = parse_object(body);
    if (is_rejection(status)) return rejected(status, object);
    if (status != 200) return undecided(status, body);
    const json::value* data = object ? object->if_contains("data") : nullptr;
    if (!data || !data->is_array()) return malformed(status, "a search without data", body);
    // A succeeded intent wins; then one still processing; else the latest decline.
    const json::object* latest_declined = nullptr;
    const json::object* processing = nullptr;
    for (const json::value& item : data->get_array()) {
        const json::object* intent = item.if_object();
        if (!intent || text(*intent, "id").empty())
            return malformed(status, "a search result that is not a payment intent", body);
        switch (state_of(text(*intent, "status"))) {
            case IntentState::succeeded:
                return ChargeSucceeded{text(*intent, "id")};
            case IntentState::pending:
                processing = intent;
                break;
            case IntentState::declined:
                if (!latest_declined || created_of(*intent) > created_of(*latest_declined))
                    latest_declined = intent;
                break;
            case IntentState::unexpected:
                return malformed(status,
                                 "a payment intent with status \"" + text(*intent, "status") + "\"",
                                 body);
        }
    }
    if (processing)
        return Unknown{UnknownCause::pending,
                       "payment intent " + text(*processing, "id") + " is processing"};
    if (latest_declined) return declined_intent(*latest_declined);
    return ChargeNotFound{};
}

RefundOutcome read_refund_answer(unsigned status, std::string_view body) {
    const std::optional<json::object> object = parse_object(body);
    const json::object* error = error_of(object);
    if (status == 400 && !error)
        return malformed(status, "a refused refund without an error object", body);
    // 404 resource_missing is an unknown payment; 404 without it, an unknown URL.
    if ((status == 400 || status == 404) && error && refund_cannot_be_made(*error))
        return RefundFailed{text(*error, "code"), text(*error, "message")};
    if (is_rejection(status)) return rejected(status, object);
    if (status != 200) return undecided(status, body);
    if (!object) return malformed(status, "not a JSON object", body);
    const std::string id = text(*object, "id");
    const std::string refund_status = text(*object, "status");
    if (id.empty()) return malformed(status, "a refund without an id", body);
    // "pending" is a refund the provider has taken on (some methods take days).
    if (refund_status == "succeeded" || refund_status == "pending") return RefundSucceeded{id};
    if (refund_status == "failed" || refund_status == "canceled") {
        const std::string reason = text(*object, "failure_reason");
        return RefundFailed{reason.empty() ? refund_status : reason,
                            "refund " + id + " is " + refund_status};
    }
    return malformed(status, "a refund with status \"" + refund_status + "\"", body);
}

PayoutOutcome read_payout_answer(unsigned status, std::string_view body) {
    const std::optional<json::object> object = parse_object(body);
    const json::object* error = error_of(object);
    if (status == 400 && !error)
        return malformed(status, "a refused payout without an error object", body);
    if (status == 400 && payout_cannot_be_made(*error)) {
        // A destination refused without a code still has a type worth keeping.
        const std::string code = text(*error, "code");
        return PayoutFailed{code.empty() ? text(*error, "type") : code, text(*error, "message")};
    }
    if (is_rejection(status)) return rejected(status, object);
    if (status != 200) return undecided(status, body);
    if (!object) return malformed(status, "not a JSON object", body);
    // A transfer has no status: once created, the money is at the destination.
    const std::string id = text(*object, "id");
    if (id.empty()) return malformed(status, "a transfer without an id", body);
    return PayoutSucceeded{id};
}

}  // namespace seat::payments::stripe
