// The base URL of an HTTP API: scheme, host and port, no path. Parsed once, at
// construction, so a typo in the configuration stops start-up with a message
// instead of failing every payment later.
#pragma once

#include <string>
#include <string_view>

namespace seat::payments::http {

struct BaseUrl {
    bool tls = false;         // https
    std::string host;         // a name or an address, without brackets
    std::string port;         // always set: "443" and "80" when the URL leaves it out
    std::string host_header;  // what the Host header says: host, and the port if not the default
};

// "http://127.0.0.1:7490", "https://api.stripe.com", with or without a final
// "/". Throws std::invalid_argument saying what is wrong with it.
BaseUrl parse_base_url(std::string_view url);

}  // namespace seat::payments::http
