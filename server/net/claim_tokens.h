// Claim tokens of transfer offers. The server draws each token (128 bits from
// OpenSSL's CSPRNG), shows it once to the sender as 32 lower-case hex digits
// for the link they send, and gives the engine only its SHA-256: the log, the
// snapshots and the state never hold a token, so whoever reads them cannot
// claim an offer. A claim's token is hashed the same way, over the 16 raw
// bytes, and found by its hash. Tokens are never logged.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/transfers/records.h"

namespace seat::server {

inline constexpr std::size_t kClaimTokenBytes = 16;
inline constexpr std::size_t kClaimTokenDigits = 2 * kClaimTokenBytes;

struct ClaimToken {
    std::string text;  // kClaimTokenDigits lower-case hex digits
    TokenHash hash;    // SHA-256 of the raw bytes
};

// A fresh token. Stops the process if the random source fails (it never
// should: a token must not be guessable).
ClaimToken draw_claim_token();

// The hash of a token as the sender was shown it: exactly kClaimTokenDigits
// hex digits (either case); nullopt for anything else.
std::optional<TokenHash> claim_token_hash(std::string_view text);

}  // namespace seat::server
