// The order of the checks is the contract docs/payments.md states: auth, the
// audit path, the outage, then the endpoint's own steps. The outage and the
// timeout fault come before the idempotency key is looked at, so they can hit
// the retry of a request whose response is stored.
#include "tools/seat-psp/router.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <cctype>

#include "tools/seat-psp/endpoints.h"
#include "tools/seat-psp/ledger.h"
#include "tools/seat-psp/limits.h"
#include "tools/seat-psp/params.h"

namespace seat::psp {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kIntentsPath = "/v1/payment_intents";
constexpr std::string_view kIntentPrefix = "/v1/payment_intents/";
constexpr std::string_view kSearchPath = "/v1/payment_intents/search";
constexpr std::string_view kRefundsPath = "/v1/refunds";
constexpr std::string_view kTransfersPath = "/v1/transfers";
constexpr std::string_view kTransferPrefix = "/v1/transfers/";
constexpr std::string_view kSimPrefix = "/_sim/";
constexpr std::string_view kLedgerPath = "/_sim/ledger";
constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

Outcome respond(const Reply& reply, std::string note = {}) {
    Outcome o;
    o.status = reply.status;
    o.body = reply.body;
    o.note = std::move(note);
    return o;
}

Outcome refuse(const ApiError& e, std::string note = {}) {
    return respond(error_reply(e), std::move(note));
}

ApiError bad_request(std::string message) {
    return ApiError{400, "invalid_request_error", "", "", std::move(message)};
}

// The media type of a Content-Type value, without parameters such as charset.
// `path` is `prefix` and then one non-empty segment: the id of an object.
bool is_object_path(std::string_view path, std::string_view prefix) {
    return path.starts_with(prefix) && path.size() > prefix.size() &&
           path.find('/', prefix.size()) == std::string_view::npos;
}

bool is_form_type(std::string_view content_type) {
    const std::string_view media = content_type.substr(0, content_type.find(';'));
    std::size_t end = media.size();
    while (end > 0 && media[end - 1] == ' ')
        --end;
    if (end != kFormType.size()) return false;
    for (std::size_t i = 0; i < end; ++i)
        if (std::tolower(static_cast<unsigned char>(media[i])) != kFormType[i]) return false;
    return true;
}

}  // namespace

Router::Router(const SecretKey& secret, FaultInjector& faults, Books& books, PostPipeline& posts)
    : secret_(secret), faults_(faults), books_(books), posts_(posts) {}

void Router::handle(const HttpRequest& request, std::string request_id, Done done) {
    const std::string_view target = request.target();
    const std::size_t question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query =
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

    if (!secret_.authorizes(request[http::field::authorization]))
        return done(refuse(bad_api_key(), "unauthorized"));
    // The simulator's own paths: for auditors, never faulted.
    if (path.starts_with(kSimPrefix)) {
        if (path != kLedgerPath || request.method() != http::verb::get)
            return done(refuse(unrecognized_url(request.method_string(), path)));
        Form form;
        std::string error;
        if (!parse_form(query, form, error)) return done(refuse(bad_request(error)));
        if (auto e = read_no_params(form)) return done(refuse(*e));
        return done(respond(Reply{200, ledger_json(books_)}));
    }
    if (faults_.in_outage(FaultInjector::Clock::now()))
        return done(refuse(unavailable("The payment provider is unavailable (seat-psp: "
                                       "--outage-start-s/--outage-duration-s)."),
                           "fault=outage"));
    if (request.method() == http::verb::post)
        return handle_post(request, path, query, std::move(request_id), std::move(done));
    if (request.method() == http::verb::get) return handle_get(path, query, std::move(done));
    done(refuse(unrecognized_url(request.method_string(), path)));
}

void Router::handle_post(const HttpRequest& request, std::string_view path, std::string_view query,
                         std::string request_id, Done done) {
    PostRequest post;
    if (path == kIntentsPath) {
        post.endpoint = PostEndpoint::create_intent;
    } else if (path == kRefundsPath) {
        post.endpoint = PostEndpoint::create_refund;
    } else if (path == kTransfersPath) {
        post.endpoint = PostEndpoint::create_transfer;
    } else {
        return done(refuse(unrecognized_url("POST", path)));
    }
    if (faults_.draw_timeout()) {
        Outcome held;
        held.delivery = Delivery::hold;
        held.note = "fault=timeout";
        return done(std::move(held));
    }
    if (!query.empty())
        return done(
            refuse(bad_request("Send the parameters of a POST in its body, not in the "
                               "URL's query string.")));
    if (!is_form_type(request[http::field::content_type]))
        return done(
            refuse(bad_request("Invalid request: the body must be "
                               "application/x-www-form-urlencoded (Content-Type).")));
    std::string error;
    if (!parse_form(request.body(), post.form, error)) return done(refuse(bad_request(error)));
    const auto key = request.find("Idempotency-Key");
    if (key != request.end()) {
        const std::string_view value = key->value();
        if (value.empty() || value.size() > kIdempotencyKeyBytesMax)
            return done(
                refuse(bad_request("The Idempotency-Key header must be 1 to " +
                                   std::to_string(kIdempotencyKeyBytesMax) + " characters long.")));
        post.idempotency_key = std::string(value);
    }
    post.request_id = std::move(request_id);
    posts_.run(std::move(post), std::move(done));
}

void Router::handle_get(std::string_view path, std::string_view query, Done done) {
    Form form;
    std::string error;
    if (!parse_form(query, form, error)) return done(refuse(bad_request(error)));
    if (path == kSearchPath) {
        SearchIntents search;
        if (auto e = read_search(form, search)) return done(refuse(*e));
        return done(respond(search_intents(books_, search)));
    }
    if (is_object_path(path, kIntentPrefix)) {
        if (auto e = read_no_params(form)) return done(refuse(*e));
        return done(respond(get_intent(books_, path.substr(kIntentPrefix.size()))));
    }
    if (is_object_path(path, kTransferPrefix)) {
        if (auto e = read_no_params(form)) return done(refuse(*e));
        return done(respond(get_transfer(books_, path.substr(kTransferPrefix.size()))));
    }
    done(refuse(unrecognized_url("GET", path)));
}

}  // namespace seat::psp
