// A hand-written decoder: the grammar is four rules, and owning it means the
// errors can say exactly what was wrong with the client's encoding.
#include "tools/seat-psp/form.h"

#include "tools/seat-psp/limits.h"

namespace seat::psp {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// The length of the UTF-8 sequence led by `lead`, 0 for a byte that cannot lead one.
int sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c != '%') {
            out.push_back(c);
        } else {
            if (i + 2 >= in.size()) return false;  // needs two more bytes
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        }
    }
    return true;
}

std::string percent_encode(std::string_view in) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size() * 3);
    for (const char c : in) {
        const auto u = static_cast<unsigned char>(c);
        if (unreserved(u)) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
    return out;
}

bool valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const int length = sequence_length(lead);
        if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) return false;
        for (int k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        if (length >= 3) {
            // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (lead == 0xE0 && next < 0xA0) return false;
            if (lead == 0xED && next > 0x9F) return false;
            if (lead == 0xF0 && next < 0x90) return false;
            if (lead == 0xF4 && next > 0x8F) return false;
        }
        i += static_cast<std::size_t>(length);
    }
    return true;
}

bool parse_form(std::string_view text, Form& out, std::string& error) {
    out.clear();
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('&', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view pair = text.substr(start, end - start);
        start = end + 1;
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) {
            error = "Invalid form encoding: the parameter '" + std::string(pair.substr(0, 40)) +
                    "' has no '='.";
            return false;
        }
        if (out.size() == kFormParamsMax) {
            error =
                "Too many parameters: at most " + std::to_string(kFormParamsMax) + " are accepted.";
            return false;
        }
        FormParam param;
        if (!percent_decode(pair.substr(0, eq), param.name) ||
            !percent_decode(pair.substr(eq + 1), param.value)) {
            error = "Invalid form encoding: a '%' is not followed by two hexadecimal digits.";
            return false;
        }
        if (param.name.empty()) {
            error = "Invalid form encoding: a parameter has an empty name.";
            return false;
        }
        if (!valid_utf8(param.name) || !valid_utf8(param.value)) {
            error = "Invalid form encoding: parameters must be UTF-8 once decoded.";
            return false;
        }
        out.push_back(std::move(param));
    }
    return true;
}

}  // namespace seat::psp
