// Names of formats and statuses, and the rules shared by both code formats.
#include "tickets/code.h"

namespace seat::tickets {

std::string_view to_string(VerifyStatus status) {
    switch (status) {
        case VerifyStatus::ok:
            return "ok";
        case VerifyStatus::malformed:
            return "malformed";
        case VerifyStatus::unknown_key:
            return "unknown_key";
        case VerifyStatus::retired_key:
            return "retired_key";
        case VerifyStatus::bad_signature:
            return "bad_signature";
        case VerifyStatus::needs_online:
            return "needs_online";
    }
    return "unknown";
}

std::string_view to_string(CodeFormat format) {
    switch (format) {
        case CodeFormat::hmac:
            return "hmac";
        case CodeFormat::ed25519:
            return "ed25519";
    }
    return "unknown";
}

std::optional<CodeFormat> parse_code_format(std::string_view text) {
    if (text == "hmac") return CodeFormat::hmac;
    if (text == "ed25519") return CodeFormat::ed25519;
    return std::nullopt;
}

bool is_valid_key_id(std::string_view key_id) {
    if (key_id.empty() || key_id.size() > kKeyIdBytesMax) return false;
    for (char c : key_id) {
        const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                             (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!allowed) return false;
    }
    return true;
}

bool claims_are_valid(const TicketClaims& claims) {
    return claims.version >= 1 && claims.issued_at_ms >= 0;
}

}  // namespace seat::tickets
