// The Ed25519 code format (docs/tickets.md, "Ed25519 codes"). Internal to
// tickets/: Keyring and PublicKeyring build on it.
//   code    = "E1." base64url(payload) "." base64url(signature), no padding
//   payload = ticket_id(16) | event_id u64 | issued_at_ms i64 | version u32
//             | key_id_len u8 | key_id, integers big-endian
//   signed  = "seatd-ticket-ed25519-v1\0" (24 bytes) | payload
// The domain prefix keeps a ticket signature from ever being valid for another
// message signed with the same key, and vice versa.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tickets/code.h"
#include "tickets/crypto.h"
#include "tickets/encoding.h"

namespace seat::tickets {

inline constexpr std::string_view kEd25519CodePrefix = "E1.";
inline constexpr std::string_view kEd25519Domain{"seatd-ticket-ed25519-v1\0", 24};

inline constexpr std::size_t kEd25519PayloadFixedBytes = kTicketIdBytes + 8 + 8 + 4 + 1;
inline constexpr std::size_t kEd25519PayloadBytesMax = kEd25519PayloadFixedBytes + kKeyIdBytesMax;
inline constexpr std::size_t base64url_length(std::size_t bytes) {
    return (bytes * 4 + 2) / 3;
}
inline constexpr std::size_t kEd25519CodeBytesMax = kEd25519CodePrefix.size() +
                                                    base64url_length(kEd25519PayloadBytesMax) + 1 +
                                                    base64url_length(kEd25519SignatureBytes);
static_assert(kEd25519CodeBytesMax <= kCodeBytesMax, "every Ed25519 code must fit the code limit");
static_assert(kKeyIdBytesMax <= 255, "the key id length is one byte of the payload");

inline bool is_ed25519_code(std::string_view code) {
    return code.starts_with(kEd25519CodePrefix);
}

// The caller has checked the claims and the key id.
Bytes ed25519_payload(const TicketClaims& claims, std::string_view key_id);
// The bytes actually signed: the domain prefix, then the payload.
Bytes ed25519_message(std::span<const std::uint8_t> payload);
std::string ed25519_code(std::span<const std::uint8_t> payload, const Ed25519Signature& signature);

struct Ed25519Code {
    Bytes payload;
    std::string key_id;
    TicketClaims claims;
    Ed25519Signature signature{};
};
std::optional<Ed25519Code> parse_ed25519_code(std::string_view code);

}  // namespace seat::tickets
