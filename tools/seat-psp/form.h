// application/x-www-form-urlencoded, the encoding of every request body and query
// string of the provider API: `name=value` pairs joined by '&', '+' for a space,
// %XX for any byte. Decoding is strict — a bad escape, a pair without '=', an
// empty name, text that is not UTF-8 once decoded, or more than kFormParamsMax
// pairs is an error saying which — so an encoding bug in a client is a 400, never
// a silently different parameter. Pairs keep their order; empty segments
// ("a=1&&b=2", a trailing '&') are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace seat::psp {

struct FormParam {
    std::string name;
    std::string value;
};
using Form = std::vector<FormParam>;

// False with `error` (one sentence) when `text` is not a valid form.
bool parse_form(std::string_view text, Form& out, std::string& error);

// %XX and '+' decoding of one name or value; false on a bad escape.
bool percent_decode(std::string_view in, std::string& out);

// Percent-encodes everything but unreserved characters (RFC 3986): what a client
// sends, and what the simulator's tests build requests with.
std::string percent_encode(std::string_view in);

bool valid_utf8(std::string_view text);

}  // namespace seat::psp
