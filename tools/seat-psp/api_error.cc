// Messages follow the provider's wording where the adapter or a person reading a
// log would recognise it; the codes are the provider's documented error codes.
#include "tools/seat-psp/api_error.h"

#include <boost/json/serialize.hpp>

namespace seat::psp {

boost::json::object error_fields(const ApiError& e) {
    boost::json::object o;
    o["type"] = e.type;
    if (!e.code.empty()) o["code"] = e.code;
    if (!e.param.empty()) o["param"] = e.param;
    o["message"] = e.message;
    return o;
}

std::string error_body(const ApiError& e) {
    boost::json::object body;
    body["error"] = error_fields(e);
    return boost::json::serialize(body);
}

ApiError param_error(std::string_view param, std::string_view code, std::string message) {
    return ApiError{400, "invalid_request_error", std::string(code), std::string(param),
                    std::move(message)};
}

ApiError missing_param(std::string_view param) {
    return param_error(param, "parameter_missing",
                       "Missing required param: " + std::string(param) + ".");
}

ApiError unknown_param(std::string_view param) {
    return param_error(param, "parameter_unknown",
                       "Received unknown parameter: " + std::string(param));
}

ApiError no_such(std::string_view what, std::string_view id, std::string_view param) {
    return ApiError{404, "invalid_request_error", "resource_missing", std::string(param),
                    "No such " + std::string(what) + ": '" + std::string(id) + "'"};
}

ApiError bad_api_key() {
    return ApiError{401, "invalid_request_error", "api_key_invalid", "",
                    "Invalid API Key provided: send the secret key as "
                    "'Authorization: Bearer <secret>'."};
}

ApiError unavailable(std::string message) {
    return ApiError{503, "api_error", "", "", std::move(message)};
}

ApiError unrecognized_url(std::string_view method, std::string_view path) {
    return ApiError{
        404, "invalid_request_error", "", "",
        "Unrecognized request URL (" + std::string(method) + ": " + std::string(path) + ")."};
}

}  // namespace seat::psp
