// API keys and who they are. A keys file maps each key to a principal: a role
// (app, scanner, admin), the events it may act on (every event, a list of ids,
// or a named organizer's events) and a name. A Hello's key is compared against
// every stored key in constant time, so neither the content of a key nor which
// key matched leaks through timing. The file's format is in docs/security.md:
//   organizer NAME EVENTS
//   ROLE KEY [name=NAME] [events=EVENTS | organizer=NAME]
// Which request types each role may send is server/auth/permissions.h.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "seat_generated.h"
#include "server/auth/binding.h"
#include "server/auth/event_scope.h"

namespace seat::server {

// Keys shorter than this are refused when the file is read: they could be guessed.
inline constexpr std::size_t kApiKeyBytesMin = 16;
inline constexpr std::size_t kApiKeyBytesMax = 256;
inline constexpr std::size_t kApiKeysMax = 4096;
inline constexpr std::size_t kPrincipalNameBytesMax = 64;

struct Principal {
    wire::Role role = wire::Role::none;
    std::string name;  // from name=, else "key-" + the first bytes of the key's digest in hex
    EventScope scope = EventScope::all();
    Binding binding;  // makes its client-chosen ids its own (binding.h)
};

class ApiKeys {
  public:
    // `server_secret` keys every principal's binding (server_secret.h).
    explicit ApiKeys(std::span<const std::uint8_t> server_secret);

    // Reads a keys file (format above; blank lines and `#` comments allowed).
    // On failure returns false and `error` names the line.
    bool load(const std::filesystem::path& path, std::string& error);
    // Adds one key (tests, and load()). False when the key is malformed or known.
    bool add(wire::Role role, std::string_view key, std::string& error, std::string name = {},
             EventScope scope = EventScope::all());

    // The key's principal, or nullptr. Takes the same time whatever the key is,
    // for a given number of stored keys.
    const Principal* find(std::string_view key) const;
    std::size_t size() const { return entries_.size(); }

    // Who a client is when the server runs without a keys file (loopback only):
    // an admin of every event.
    Principal unrestricted() const;

  private:
    using Digest = std::array<unsigned char, 32>;
    static Digest digest(std::string_view key);
    struct Entry {
        Digest digest;  // SHA-256 of the key: equal length for every comparison
        Principal principal;
    };
    bool parse_key_line(std::vector<std::string> words, std::string& why);

    std::vector<std::uint8_t> server_secret_;
    std::vector<Entry> entries_;
    std::map<std::string, EventScope> organizers_;
};

// "app", "scanner", "admin" (and "none").
std::string_view role_name(wire::Role role);
bool parse_role(std::string_view text, wire::Role& out);

}  // namespace seat::server
