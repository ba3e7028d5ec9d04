// The fixed keys, claims and codes of docs/tickets.md ("Test vectors"), shared by
// the ticket tests. The expected codes were computed independently with Python
// (hmac, hashlib and the `cryptography` package), not by this library.
#pragma once

#include <string_view>

#include "tickets/code.h"
#include "tickets/ticket_id.h"

namespace seat::tickets::testing {

// hmac secret 0x00..0x1f, ed25519 seed 0x20..0x3f.
inline constexpr std::string_view kFixedKeyFile =
    "# fixed test keys\n"
    "h1 hmac active AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    "e1 ed25519 active ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\n";
inline constexpr std::string_view kFixedPublicKeyFile =
    "e1 ed25519 active Kay64UG8yvCyLhqU000LxzYeUm0L/hLIl5S8kyKWbdc=\n";

inline constexpr std::string_view kFixedHmacCode =
    "00112233-4455-4677-8899-aabbccddeeff:42:1767225600000:1:h1:"
    "da8822918ff74449996dd7fcb63a7fa57a0bb76a505bf5802a23ca2058711f41";
inline constexpr std::string_view kFixedEd25519Code =
    "E1.ABEiM0RVRneImaq7zN3u_wAAAAAAAAAqAAABm3baqAAAAAABAmUx."
    "xmNJYuAtm40TK_VFZQSO-khlDytS9ym65ioOtjZGgmgiOuJQs2-xnEsfji149l0odrBgrRRRPBRejUI_mPpuBA";

inline TicketClaims fixed_claims() {
    TicketClaims claims;
    claims.ticket_id = *parse_ticket_id("00112233-4455-4677-8899-aabbccddeeff");
    claims.event_id = 42;
    claims.issued_at_ms = 1767225600000;
    claims.version = 1;
    return claims;
}

}  // namespace seat::tickets::testing
