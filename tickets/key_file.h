// Key files: the text form shared by Keyring (secrets) and PublicKeyring
// (Ed25519 public keys). One key per line, `#` comments and blank lines allowed:
//   <key_id> <hmac|ed25519> <active|verify|retired> <base64 of 32 bytes>
// Invariants checked on every parse: unique key ids, at most one `active` key per
// format, at most kKeysMax keys. Errors name the line and the rule broken, and
// never quote the line: a misplaced field could be secret bytes.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tickets/code.h"
#include "tickets/crypto.h"

namespace seat::tickets {

inline constexpr std::size_t kKeysMax = 1024;
// A key file line longer than this is refused (a valid line is under 100 bytes).
inline constexpr std::size_t kKeyLineBytesMax = 1024;

// A key file or keyring cannot be used as asked. The message never contains
// secret bytes.
class KeyFileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class KeyState : std::uint8_t {
    active,   // signs new codes (at most one per format) and verifies
    verify,   // verifies codes already issued; signs nothing
    retired,  // its codes are refused as VerifyStatus::retired_key
};
std::string_view to_string(KeyState state);

// A key as shown to an operator: everything but the key bytes.
struct KeyInfo {
    std::string id;
    CodeFormat format = CodeFormat::hmac;
    KeyState state = KeyState::active;

    bool operator==(const KeyInfo&) const = default;
};

// One parsed line. Internal to tickets/. The key bytes are wiped on destruction.
struct KeyLine {
    KeyInfo info;
    KeyBytes bytes{};
    int line_number = 0;

    KeyLine() = default;
    KeyLine(const KeyLine&) = default;
    KeyLine& operator=(const KeyLine&) = default;
    ~KeyLine() { wipe(bytes); }
};

// Throws KeyFileError("line N: ...").
std::vector<KeyLine> parse_key_lines(std::string_view text);
std::string format_key_line(const KeyInfo& info, const KeyBytes& bytes);

}  // namespace seat::tickets
