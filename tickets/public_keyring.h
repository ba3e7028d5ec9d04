// The Ed25519 public keys an offline scanner holds: enough to verify `E1.` codes,
// never enough to issue one. Its text form is the key file format of key_file.h
// with public keys in the last field, format always `ed25519` and state `active`
// or `verify` (retired keys are simply left out). Keyring::public_keys() makes one.
// A const PublicKeyring may be used from several threads at once. verify()
// reports every problem with the code as a status and does not throw.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tickets/code.h"
#include "tickets/crypto.h"
#include "tickets/key_file.h"

namespace seat::tickets {

class PublicKeyring {
  public:
    // Throws KeyFileError naming the line (a non-ed25519 or retired key, a bad
    // public key, or any rule of key_file.h).
    static PublicKeyring parse(std::string_view text);
    std::string to_text() const;

    // Ed25519 codes: ok, malformed, unknown_key or bad_signature. HMAC codes are
    // parsed and answered needs_online: only the server can check them.
    VerifyResult verify(std::string_view code) const;

    std::vector<KeyInfo> keys() const;

  private:
    struct Key {
        KeyInfo info;
        KeyBytes public_key{};
        Pkey pkey;
    };
    const Key* find(std::string_view id) const noexcept;
    std::vector<Key> keys_;
};

}  // namespace seat::tickets
