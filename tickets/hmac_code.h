// The HMAC code format (docs/tickets.md, "HMAC codes"). Internal to tickets/:
// Keyring and PublicKeyring build on it.
//   payload = <uuid>:<event_id>:<issued_at_ms>:<version>:<key_id>
//   code    = payload ":" <64 lowercase hex digits of HMAC-SHA256(secret, payload)>
// Numbers are plain decimal: no sign, no leading zero (except "0" itself).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tickets/code.h"
#include "tickets/crypto.h"

namespace seat::tickets {

// uuid, four ':'-joined decimals (u64, i64, u32), the key id, the hex tag.
inline constexpr std::size_t kHmacCodeBytesMax =
    kTicketIdTextBytes + 1 + 20 + 1 + 19 + 1 + 10 + 1 + kKeyIdBytesMax + 1 + 2 * kHmacTagBytes;
static_assert(kHmacCodeBytesMax <= kCodeBytesMax, "every HMAC code must fit the code limit");

// The caller has checked the claims and the key id.
std::string hmac_payload(const TicketClaims& claims, std::string_view key_id);
std::string hmac_code(std::string_view payload, const HmacTag& tag);

// A parsed code; the views point into the code given to parse_hmac_code.
struct HmacCode {
    std::string_view payload;
    std::string_view key_id;
    TicketClaims claims;
    HmacTag tag{};
};
std::optional<HmacCode> parse_hmac_code(std::string_view code);

}  // namespace seat::tickets
