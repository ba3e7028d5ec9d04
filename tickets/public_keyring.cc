// Verification parses the code, finds the key by id and checks the signature
// over the domain-separated message. An HMAC code is parsed first so that
// needs_online is said only of something that really is an HMAC code.
#include "tickets/public_keyring.h"

#include "tickets/ed25519_code.h"
#include "tickets/hmac_code.h"

namespace seat::tickets {
namespace {

VerifyResult hmac_needs_online(std::string_view code) {
    VerifyResult result;
    result.format = CodeFormat::hmac;
    const auto parsed = parse_hmac_code(code);
    if (!parsed) return result;
    result.status = VerifyStatus::needs_online;
    result.key_id = std::string(parsed->key_id);
    result.claims = parsed->claims;
    return result;
}

}  // namespace

PublicKeyring PublicKeyring::parse(std::string_view text) {
    PublicKeyring ring;
    for (const KeyLine& line : parse_key_lines(text)) {
        const std::string where = "line " + std::to_string(line.line_number) + ": ";
        if (line.info.format != CodeFormat::ed25519) {
            throw KeyFileError(where + "a public key file holds ed25519 keys only");
        }
        if (line.info.state == KeyState::retired) {
            throw KeyFileError(where + "a public key file holds active and verify keys only");
        }
        Pkey pkey = ed25519_public_key(line.bytes);
        if (!pkey) throw KeyFileError(where + "not a valid Ed25519 public key");
        ring.keys_.push_back(Key{line.info, line.bytes, std::move(pkey)});
    }
    return ring;
}

std::string PublicKeyring::to_text() const {
    std::string text = "# seatd ticket public keys (docs/tickets.md)\n";
    for (const Key& key : keys_)
        text += format_key_line(key.info, key.public_key);
    return text;
}

std::vector<KeyInfo> PublicKeyring::keys() const {
    std::vector<KeyInfo> out;
    for (const Key& key : keys_)
        out.push_back(key.info);
    return out;
}

const PublicKeyring::Key* PublicKeyring::find(std::string_view id) const noexcept {
    for (const Key& key : keys_) {
        if (key.info.id == id) return &key;
    }
    return nullptr;
}

VerifyResult PublicKeyring::verify(std::string_view code) const {
    if (code.size() > kCodeBytesMax) return VerifyResult{};
    if (!is_ed25519_code(code)) return hmac_needs_online(code);
    VerifyResult result;
    result.format = CodeFormat::ed25519;
    const auto parsed = parse_ed25519_code(code);
    if (!parsed) return result;
    result.key_id = parsed->key_id;
    result.claims = parsed->claims;
    const Key* key = find(parsed->key_id);
    if (key == nullptr) {
        result.status = VerifyStatus::unknown_key;
    } else if (!ed25519_verify(key->pkey.get(), ed25519_message(parsed->payload),
                               parsed->signature)) {
        result.status = VerifyStatus::bad_signature;
    } else {
        result.status = VerifyStatus::ok;
    }
    return result;
}

}  // namespace seat::tickets
