// The provider's error object, `{"error":{"type":…,"code":…,"param":…,"message":…}}`,
// and the named errors every endpoint shares. `type` is one of the provider's
// (invalid_request_error, card_error, idempotency_error, api_error); `code` and
// `param` are left out of the JSON when empty. A decline adds `decline_code` and
// the intent to the same object (endpoints.cc).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace seat::psp {

struct ApiError {
    unsigned status = 400;  // the HTTP status
    std::string type = "invalid_request_error";
    std::string code;   // empty: none
    std::string param;  // empty: none
    std::string message;
};

// The inside of `"error"`, for endpoints that add fields to it.
boost::json::object error_fields(const ApiError& e);
// The whole body: `{"error":{…}}`.
std::string error_body(const ApiError& e);

// 400 invalid_request_error about one parameter.
ApiError param_error(std::string_view param, std::string_view code, std::string message);
ApiError missing_param(std::string_view param);
ApiError unknown_param(std::string_view param);
// 404 resource_missing: "No such payment_intent: 'pi_…'".
ApiError no_such(std::string_view what, std::string_view id, std::string_view param);
// 401 api_key_invalid.
ApiError bad_api_key();
// 503 api_error: the provider did not process the request.
ApiError unavailable(std::string message);
// 404 for a method and path the API does not have.
ApiError unrecognized_url(std::string_view method, std::string_view path);

}  // namespace seat::psp
