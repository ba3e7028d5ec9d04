#include "server/http/queue_request.h"

#include <boost/json/parse.hpp>

namespace seat::server::http {
std::optional<Id128> parse_queue_id(std::string_view text) {
    Id128 id;
    if (!parse_id128(text, id)) return std::nullopt;
    return id;
}

std::optional<Id128> parse_join_body(std::string_view body) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const boost::json::value* s = v.as_object().if_contains("session");
    if (s == nullptr || !s->is_string()) return std::nullopt;
    return parse_queue_id(std::string_view(s->as_string()));
}

}  // namespace seat::server::http
