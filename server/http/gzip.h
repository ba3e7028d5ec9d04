// gzip (RFC 1952) of a whole body at once, for answers rendered once and served
// many times: the seat maps are compressed when rendered, not per request.
#pragma once

#include <string>
#include <string_view>

namespace seat::server::http {

// The gzip member of `data` at zlib's best compression. Throws std::runtime_error
// only when zlib cannot allocate its state.
std::string gzip(std::string_view data);

// Whether an Accept-Encoding header value accepts gzip (a "gzip" coding whose
// q-value is not 0; "*" counts).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace seat::server::http
