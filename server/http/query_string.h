// The query string of a request target (`?a=1&b=x%20y`): hostile input, parsed
// strictly. Keys and values are percent-decoded ('+' is a space, as HTML forms
// send it); a malformed escape, a key given twice or more than kQueryParamsMax
// parameters refuse the whole query with a reason, so a route never guesses.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seat::server::http {

inline constexpr std::size_t kQueryParamsMax = 16;

struct QueryString {
    std::vector<std::pair<std::string, std::string>> params;  // in the order given
    // The value of `key`, or nullopt when absent.
    std::optional<std::string_view> get(std::string_view key) const;
};

// The query of `target` (what follows the first '?'; none is an empty query).
// nullopt and `error` set when it is malformed.
std::optional<QueryString> parse_query(std::string_view target, std::string& error);

}  // namespace seat::server::http
