// API keys and roles. A keys file maps each key to one role (app, scanner,
// admin); a Hello's key is compared against every stored key in constant time,
// so neither the content of a key nor which key matched leaks through timing.
// Which request types each role may send is server/auth/permissions.h.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "seat_generated.h"

namespace seat::server {

// Keys shorter than this are refused when the file is read: they could be guessed.
inline constexpr std::size_t kApiKeyBytesMin = 16;
inline constexpr std::size_t kApiKeyBytesMax = 256;
inline constexpr std::size_t kApiKeysMax = 4096;

class ApiKeys {
  public:
    // Reads a keys file: `ROLE KEY` per line, blank lines and `#` comments
    // allowed. On failure returns false and `error` names the line.
    bool load(const std::filesystem::path& path, std::string& error);
    // Adds one key (tests, and load()). False when the key is malformed or known.
    bool add(wire::Role role, std::string_view key, std::string& error);

    // The key's role, or Role::none. Takes the same time whatever the key is,
    // for a given number of stored keys.
    wire::Role role_of(std::string_view key) const;
    std::size_t size() const { return entries_.size(); }

  private:
    using Digest = std::array<unsigned char, 32>;
    static Digest digest(std::string_view key);
    struct Entry {
        Digest digest;  // SHA-256 of the key: equal length for every comparison
        wire::Role role;
    };
    std::vector<Entry> entries_;
};

// "app", "scanner", "admin" (and "none").
std::string_view role_name(wire::Role role);
bool parse_role(std::string_view text, wire::Role& out);

}  // namespace seat::server
