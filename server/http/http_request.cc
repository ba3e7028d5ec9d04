#include "server/http/http_request.h"

#include <boost/beast/http/error.hpp>

#include "server/http/http_limits.h"

namespace seat::server::http {
namespace {

namespace bhttp = boost::beast::http;

std::string field(const bhttp::request<bhttp::string_body>& message, bhttp::field f) {
    const auto it = message.find(f);
    return it == message.end() ? std::string() : std::string(it->value());
}

}  // namespace

void limit(RequestParser& parser) {
    parser.header_limit(kHttpHeaderBytesMax);
    parser.body_limit(kHttpBodyBytesMax);
}

Request request_of(const bhttp::request<bhttp::string_body>& message) {
    Request r;
    r.method = std::string(message.method_string());
    r.target = std::string(message.target());
    r.if_none_match = field(message, bhttp::field::if_none_match);
    r.accept_encoding = field(message, bhttp::field::accept_encoding);
    r.authorization = field(message, bhttp::field::authorization);
    r.body = message.body();
    return r;
}

bool is_http_syntax_error(const boost::system::error_code& ec) {
    return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
           ec != bhttp::error::partial_message && ec != bhttp::error::end_of_stream &&
           ec != bhttp::error::body_limit && ec != bhttp::error::header_limit &&
           ec != bhttp::error::buffer_overflow && ec != bhttp::error::need_more;
}

}  // namespace seat::server::http
