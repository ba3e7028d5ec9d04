// Parsing a base URL (base_url.h): only what an API client needs, no paths,
// credentials or queries, so nothing surprising can hide in it.
#include "server/payments/http/base_url.h"

#include <algorithm>
#include <stdexcept>

namespace seat::payments::http {
namespace {

[[noreturn]] void refuse(std::string_view url, const char* why) {
    throw std::invalid_argument("base URL \"" + std::string(url) + "\": " + why);
}

bool is_port(std::string_view port) {
    return !port.empty() && port.size() <= 5 &&
           std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           std::stoul(std::string(port)) >= 1 && std::stoul(std::string(port)) <= 65535;
}

bool is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':';
}

}  // namespace

BaseUrl parse_base_url(std::string_view url) {
    BaseUrl base;
    std::string_view rest;
    if (url.starts_with("https://")) {
        base.tls = true;
        rest = url.substr(8);
    } else if (url.starts_with("http://")) {
        rest = url.substr(7);
    } else {
        refuse(url, "must start with http:// or https://");
    }
    if (rest.ends_with('/')) rest.remove_suffix(1);
    if (rest.find_first_of("/?#@") != std::string_view::npos)
        refuse(url, "must be scheme://host[:port] without a path, query or credentials");

    std::string_view host = rest, port;
    if (rest.starts_with('[')) {  // [IPv6]:port
        const auto close = rest.find(']');
        if (close == std::string_view::npos) refuse(url, "an IPv6 address without its ']'");
        host = rest.substr(1, close - 1);
        const std::string_view after = rest.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) refuse(url, "junk after the IPv6 address");
        if (!after.empty()) port = after.substr(1);
    } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    const bool ipv6 = rest.starts_with('[');
    if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char) ||
        (!ipv6 && host.find(':') != std::string_view::npos))
        refuse(url, "has no valid host");
    if (!port.empty() && !is_port(port)) refuse(url, "has a port that is not 1-65535");

    base.host = std::string(host);
    base.port = port.empty() ? (base.tls ? "443" : "80") : std::string(port);
    const std::string bracketed = ipv6 ? "[" + base.host + "]" : base.host;
    base.host_header = port.empty() ? bracketed : bracketed + ":" + base.port;
    return base;
}

}  // namespace seat::payments::http
