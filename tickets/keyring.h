// The server's ticket keys: HMAC secrets and Ed25519 private seeds, each with an
// id and a state (key_file.h). A Keyring issues codes with the active key of a
// format and verifies codes of both formats. Rotation keeps old codes valid: the
// previous active key becomes `verify`; retiring it later refuses its codes.
// Thread safety: const methods (issue, verify, to_text, public_keys, keys) may
// run concurrently; rotate and retire need exclusive access. verify() reports
// every problem with the code as a status and does not throw.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tickets/code.h"
#include "tickets/crypto.h"
#include "tickets/key_file.h"
#include "tickets/public_keyring.h"

namespace seat::tickets {

class Keyring {
  public:
    // Throw KeyFileError naming the file (load) and the line.
    static Keyring load(const std::filesystem::path& path);
    static Keyring parse(std::string_view text);
    // One active hmac key (`h-<8 hex>`) and one active ed25519 key (`e-<8 hex>`).
    static Keyring generate();

    // The key file text, secrets included.
    std::string to_text() const;
    // Atomically replaces `path` (temporary file, fsync, rename, fsync of the
    // directory); the file is created with mode 0600. Throws KeyFileError.
    void save(const std::filesystem::path& path) const;

    // Adds a new random active key of `format`; the previous active key of that
    // format becomes `verify`. Returns the new key's id.
    std::string rotate(CodeFormat format);
    // Marks a key retired. Throws KeyFileError for an unknown id or the active key
    // (rotate first).
    void retire(std::string_view key_id);

    // Signs with the active key of `format`. Throws KeyFileError when there is no
    // active key of that format, std::invalid_argument for invalid claims.
    std::string issue(CodeFormat format, const TicketClaims& claims) const;
    VerifyResult verify(std::string_view code) const;

    // The server's other signed tokens (waiting-room admissions) use the HMAC
    // keys too, so they rotate and retire with them. Their data must start with
    // a prefix of its own ("seatd-admission-v1|"), which no ticket payload does,
    // so that no token's tag is a ticket code's. mac() signs with the active
    // HMAC key (throws KeyFileError when there is none); mac_with() recomputes
    // under a named key, nullopt when it is unknown, retired or not HMAC.
    struct Mac {
        std::string key_id;
        HmacTag tag{};
    };
    Mac mac(std::string_view data) const;
    std::optional<HmacTag> mac_with(std::string_view key_id, std::string_view data) const;

    // The Ed25519 keys that are not retired.
    PublicKeyring public_keys() const;
    // For display: ids, formats and states, no key bytes.
    std::vector<KeyInfo> keys() const;

  private:
    struct Key {
        KeyInfo info;
        KeyBytes secret{};
        Pkey private_key;  // ed25519 keys only

        Key() = default;
        Key(Key&&) = default;
        Key& operator=(Key&&) = default;
        ~Key() { wipe(secret); }
    };
    void add(const KeyInfo& info, const KeyBytes& secret);
    const Key* find(std::string_view id) const;
    const Key* active(CodeFormat format) const;
    VerifyResult verify_hmac(std::string_view code) const;
    VerifyResult verify_ed25519(std::string_view code) const;

    std::vector<Key> keys_;
};

}  // namespace seat::tickets
