#include "server/http/queue_request.h"

#include <boost/json/parse.hpp>

namespace seat::server::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<Id128> parse_queue_id(std::string_view text) {
    if (text.size() != 32) return std::nullopt;
    Id128 id;
    for (std::size_t i = 0; i < 32; ++i) {
        const int v = hex_value(text[i]);
        if (v < 0) return std::nullopt;
        std::uint64_t& half = i < 16 ? id.hi : id.lo;
        half = half << 4 | static_cast<std::uint64_t>(v);
    }
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
