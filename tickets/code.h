// What a ticket code says (TicketClaims) and what checking one concluded
// (VerifyResult). Two formats exist, both described in docs/tickets.md: `hmac`
// codes (text, verified by the server, which holds the secret) and `ed25519`
// codes (prefix "E1.", verified offline by scanners holding only public keys).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tickets/ticket_id.h"

namespace seat::tickets {

// Longer input is refused before any parsing: the longest valid code is well
// under half of this (see the static_asserts in hmac_code.h and ed25519_code.h).
inline constexpr std::size_t kCodeBytesMax = 512;
// Key ids: 1..32 characters of [A-Za-z0-9_-].
inline constexpr std::size_t kKeyIdBytesMax = 32;

struct TicketClaims {
    TicketId ticket_id{};
    std::uint64_t event_id = 0;
    // Unix milliseconds; never negative in a valid code.
    std::int64_t issued_at_ms = 0;
    // At least 1; increases each time the ticket is reissued.
    std::uint32_t version = 1;

    bool operator==(const TicketClaims&) const = default;
};

enum class CodeFormat : std::uint8_t { hmac, ed25519 };

enum class VerifyStatus : std::uint8_t {
    ok,
    malformed,      // not a code of either format (or too long)
    unknown_key,    // well formed, but no key with that id and format is held
    retired_key,    // the key was retired: its codes are refused
    bad_signature,  // the signature or MAC does not match
    needs_online,   // an HMAC code seen by a holder of public keys only
};

// `claims` and `key_id` are filled whenever the code could be parsed, so that a
// refusal can be logged, but they are trustworthy only when status == ok.
struct VerifyResult {
    VerifyStatus status = VerifyStatus::malformed;
    CodeFormat format = CodeFormat::hmac;
    std::string key_id;
    TicketClaims claims;
};

std::string_view to_string(VerifyStatus status);
std::string_view to_string(CodeFormat format);
std::optional<CodeFormat> parse_code_format(std::string_view text);

bool is_valid_key_id(std::string_view key_id);
// Claims a code may carry: version >= 1 and issued_at_ms >= 0.
bool claims_are_valid(const TicketClaims& claims);

}  // namespace seat::tickets
