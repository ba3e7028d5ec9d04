#include "server/http/query_string.h"

namespace seat::server::http {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool decode(std::string_view in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (in.size() - i < 3) return false;  // '%' and two hex digits
            const int hi = hex_digit(in[i + 1]), lo = hex_digit(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return true;
}

}  // namespace

std::optional<std::string_view> QueryString::get(std::string_view key) const {
    for (const auto& [k, v] : params)
        if (k == key) return std::string_view(v);
    return std::nullopt;
}

std::optional<QueryString> parse_query(std::string_view target, std::string& error) {
    QueryString q;
    const std::size_t mark = target.find('?');
    if (mark == std::string_view::npos) return q;
    std::string_view rest = target.substr(mark + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view item = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (item.empty()) continue;  // "a=1&&b=2", a trailing '&'
        if (q.params.size() == kQueryParamsMax) {
            error = "more than " + std::to_string(kQueryParamsMax) + " query parameters";
            return std::nullopt;
        }
        const std::size_t eq = item.find('=');
        std::string key, value;
        if (!decode(item.substr(0, eq), key) ||
            (eq != std::string_view::npos && !decode(item.substr(eq + 1), value))) {
            error = "a malformed percent-escape in the query";
            return std::nullopt;
        }
        if (q.get(key)) {
            error = "query parameter '" + key + "' given twice";
            return std::nullopt;
        }
        q.params.emplace_back(std::move(key), std::move(value));
    }
    return q;
}

}  // namespace seat::server::http
