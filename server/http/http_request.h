// How a request off the socket becomes the router's Request: the parser's
// limits (http_limits.h), the fields the routes read, and which parse errors
// are the client's malformed HTTP. One place, so the session and the fuzz
// target (fuzz/http_request_fuzz.cc) decode exactly alike.
#pragma once

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include "server/http/http_types.h"

namespace seat::server::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Sets the header and body limits of a fresh parser.
void limit(RequestParser& parser);

// The fields the routes read, copied out of a parsed request.
Request request_of(const boost::beast::http::request<boost::beast::http::string_body>& message);

// Whether a parse error is malformed HTTP (answered 400), as opposed to the
// stream ending or a limit (413, 431).
bool is_http_syntax_error(const boost::system::error_code& ec);

}  // namespace seat::server::http
