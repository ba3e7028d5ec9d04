// Building the Stripe requests (stripe_requests.h).
#include "server/payments/stripe/stripe_requests.h"

#include <algorithm>
#include <cctype>

#include "server/payments/http/form_encoding.h"

namespace seat::payments::stripe {
namespace {

std::string quote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

http::HttpCall charge_call(const ChargeRequest& request) {
    check_request(request);
    http::FormBody form;
    form.add("amount", std::to_string(request.amount_minor));
    form.add("currency", lower(request.currency));
    form.add("payment_method", request.payment_method);
    form.add("confirm", "true");
    for (const auto& [key, value] : request.metadata)
        form.add("metadata[" + key + "]", value);
    return {http::HttpCall::Method::post, "/v1/payment_intents", form.text(),
            request.idempotency_key};
}

std::string metadata_query(const std::string& key, const std::string& value) {
    return "metadata[" + quote(key) + "]:" + quote(value);
}

http::HttpCall search_call(const std::string& key, const std::string& value) {
    check_metadata_entry(key, value);
    return {http::HttpCall::Method::get,
            "/v1/payment_intents/search?query=" + http::percent_encode(metadata_query(key, value)),
            "", ""};
}

http::HttpCall refund_call(const RefundRequest& request) {
    check_request(request);
    http::FormBody form;
    form.add("payment_intent", request.payment_id);
    if (request.amount_minor != 0) form.add("amount", std::to_string(request.amount_minor));
    return {http::HttpCall::Method::post, "/v1/refunds", form.text(), request.idempotency_key};
}

http::HttpCall payout_call(const PayoutRequest& request) {
    check_request(request);
    http::FormBody form;
    form.add("amount", std::to_string(request.amount_minor));
    form.add("currency", lower(request.currency));
    form.add("destination", request.destination);
    for (const auto& [key, value] : request.metadata)
        form.add("metadata[" + key + "]", value);
    return {http::HttpCall::Method::post, "/v1/transfers", form.text(), request.idempotency_key};
}

}  // namespace seat::payments::stripe
