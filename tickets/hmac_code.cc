// Parsing splits on ':' into exactly six fields and checks each one's exact
// shape, so a code has one spelling: the MAC covers the payload text, and a
// second spelling of the same claims would be a second valid code.
#include "tickets/hmac_code.h"

#include <charconv>
#include <limits>

#include "tickets/encoding.h"

namespace seat::tickets {
namespace {

constexpr std::size_t kHmacFields = 6;
constexpr char kSeparator = ':';

// Decimal without sign or leading zeros, fitting `Number`.
template <typename Number>
std::optional<Number> parse_decimal(std::string_view text) {
    if (text.empty() || (text.size() > 1 && text.front() == '0')) return std::nullopt;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool split_fields(std::string_view code, std::string_view (&fields)[kHmacFields]) {
    std::size_t count = 0;
    while (true) {
        const std::size_t colon = code.find(kSeparator);
        if (count == kHmacFields) return false;
        fields[count++] = code.substr(0, colon);
        if (colon == std::string_view::npos) break;
        code.remove_prefix(colon + 1);
    }
    return count == kHmacFields;
}

}  // namespace

std::string hmac_payload(const TicketClaims& claims, std::string_view key_id) {
    std::string payload = format_ticket_id(claims.ticket_id);
    payload += kSeparator;
    payload += std::to_string(claims.event_id);
    payload += kSeparator;
    payload += std::to_string(claims.issued_at_ms);
    payload += kSeparator;
    payload += std::to_string(claims.version);
    payload += kSeparator;
    payload += key_id;
    return payload;
}

std::string hmac_code(std::string_view payload, const HmacTag& tag) {
    std::string code(payload);
    code += kSeparator;
    code += to_hex(tag);
    return code;
}

std::optional<HmacCode> parse_hmac_code(std::string_view code) {
    if (code.size() > kHmacCodeBytesMax) return std::nullopt;
    std::string_view fields[kHmacFields];
    if (!split_fields(code, fields)) return std::nullopt;
    HmacCode out;
    const auto ticket_id = parse_ticket_id(fields[0]);
    const auto event_id = parse_decimal<std::uint64_t>(fields[1]);
    const auto issued_at_ms = parse_decimal<std::int64_t>(fields[2]);
    const auto version = parse_decimal<std::uint32_t>(fields[3]);
    if (!ticket_id || !event_id || !issued_at_ms || !version) return std::nullopt;
    out.claims = TicketClaims{*ticket_id, *event_id, *issued_at_ms, *version};
    out.key_id = fields[4];
    if (!claims_are_valid(out.claims) || !is_valid_key_id(out.key_id)) return std::nullopt;
    if (!from_hex(fields[5], out.tag)) return std::nullopt;
    out.payload = code.substr(0, code.size() - fields[5].size() - 1);
    return out;
}

}  // namespace seat::tickets
