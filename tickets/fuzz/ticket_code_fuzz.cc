// Fuzzes ticket code parsing and verification (tickets/): the HMAC and Ed25519
// parsers, the server's Keyring and a scanner's PublicKeyring, with keys in
// every state (fuzz_keys.h). Codes come from QR scans and requests: anything
// may arrive. Checked besides "no crash, no throw": a code has one spelling
// (whatever parses is rebuilt byte for byte from what was parsed), a code that
// verifies under an active key is exactly the code that key issues for its
// claims, and a scanner's public keys agree with the server on Ed25519 codes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tickets/ed25519_code.h"
#include "tickets/fuzz/fuzz_keys.h"
#include "tickets/hmac_code.h"
#include "tickets/keyring.h"

namespace {

using namespace seat::tickets;

void check(bool ok) {
    if (!ok) std::abort();
}

struct Keys {
    Keyring keyring = Keyring::parse(fuzz::kKeyFile);
    PublicKeyring public_keys = keyring.public_keys();
};

const Keys& keys() {
    static const Keys* k = new Keys;
    return *k;
}

bool active(std::string_view key_id) {
    return key_id == "h1" || key_id == "e1";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view code(reinterpret_cast<const char*>(data), size);
    if (const std::optional<HmacCode> h = parse_hmac_code(code)) {
        check(h->payload == hmac_payload(h->claims, h->key_id));
        check(hmac_code(h->payload, h->tag) == code);
    }
    if (const std::optional<Ed25519Code> e = parse_ed25519_code(code)) {
        check(e->payload == ed25519_payload(e->claims, e->key_id));
        check(ed25519_code(e->payload, e->signature) == code);
    }
    const VerifyResult server = keys().keyring.verify(code);
    if (server.status == VerifyStatus::ok) {
        check(claims_are_valid(server.claims));
        // Ed25519 signatures are deterministic (RFC 8032), HMACs too.
        if (active(server.key_id))
            check(keys().keyring.issue(server.format, server.claims) == code);
    }
    const VerifyResult scanner = keys().public_keys.verify(code);
    if (is_ed25519_code(code)) {
        check(scanner.status == server.status || (server.status == VerifyStatus::retired_key &&
                                                  scanner.status == VerifyStatus::unknown_key));
        if (scanner.status == VerifyStatus::ok) check(scanner.claims == server.claims);
    } else {
        // Both parse an HMAC code the same way; only the server can check it.
        check((server.status == VerifyStatus::malformed) ==
              (scanner.status == VerifyStatus::malformed));
        check(scanner.status == VerifyStatus::malformed ||
              scanner.status == VerifyStatus::needs_online);
    }
    return 0;
}
