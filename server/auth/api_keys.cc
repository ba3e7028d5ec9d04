// Keys are stored as SHA-256 digests and compared with CRYPTO_memcmp against
// every entry without stopping at a match, so the time a Hello takes depends only
// on how many keys exist, not on the key presented or its length.
#include "server/auth/api_keys.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace seat::server {

ApiKeys::Digest ApiKeys::digest(std::string_view key) {
    Digest out{};
    unsigned int size = 0;
    const int ok = EVP_Digest(key.data(), key.size(), out.data(), &size, EVP_sha256(), nullptr);
    if (ok != 1 || size != out.size()) {
        std::fprintf(stderr, "seatd: fatal: SHA-256 is not available from OpenSSL\n");
        std::abort();
    }
    return out;
}

ApiKeys::ApiKeys(std::span<const std::uint8_t> server_secret)
    : server_secret_(server_secret.begin(), server_secret.end()) {}

bool ApiKeys::add(wire::Role role, std::string_view key, std::string& error, std::string name,
                  EventScope scope) {
    if (role == wire::Role::none) {
        error = "no role";
        return false;
    }
    if (key.size() < kApiKeyBytesMin || key.size() > kApiKeyBytesMax) {
        error = "a key must be " + std::to_string(kApiKeyBytesMin) + " to " +
                std::to_string(kApiKeyBytesMax) + " bytes";
        return false;
    }
    for (char c : key) {
        if (c <= ' ' || c > '~') {
            error = "a key must be printable ASCII without spaces";
            return false;
        }
    }
    if (entries_.size() >= kApiKeysMax) {
        error = "more than " + std::to_string(kApiKeysMax) + " keys";
        return false;
    }
    if (find(key) != nullptr) {
        error = "the key is listed twice";
        return false;
    }
    const Digest d = digest(key);
    if (name.empty()) {
        static constexpr char kHex[] = "0123456789abcdef";
        name = "key-";
        for (int i = 0; i < 6; ++i) {
            name += kHex[d[i] >> 4];
            name += kHex[d[i] & 15];
        }
    }
    Binding binding = Binding::derive(server_secret_, name);
    entries_.push_back(Entry{d, Principal{role, std::move(name), std::move(scope), binding}});
    return true;
}

// `ROLE KEY [name=NAME] [events=EVENTS | organizer=NAME]`, or an organizer's
// definition `organizer NAME EVENTS` (before the keys that name it).
bool ApiKeys::parse_key_line(std::vector<std::string> words, std::string& why) {
    if (words[0] == "organizer") {
        if (words.size() != 3) return why = "expected `organizer NAME EVENTS`", false;
        EventScope scope = EventScope::all();
        if (!EventScope::parse(words[2], scope, why)) return why = "organizer: " + why, false;
        if (scope.is_all()) return why = "an organizer owns a list of events, not *", false;
        if (!organizers_.emplace(words[1], std::move(scope)).second)
            return why = "organizer \"" + words[1] + "\" is defined twice", false;
        return true;
    }
    wire::Role role = wire::Role::none;
    if (!parse_role(words[0], role))
        return why =
                   "unknown role \"" + words[0] + "\" (expected app, scanner, admin or organizer)",
               false;
    if (words.size() < 2) return why = "expected `ROLE KEY`", false;
    std::string name;
    EventScope scope = EventScope::all();
    bool scoped = false;
    for (std::size_t i = 2; i < words.size(); ++i) {
        const std::string& w = words[i];
        const std::size_t eq = w.find('=');
        const std::string option = w.substr(0, eq),
                          value = eq == std::string::npos ? "" : w.substr(eq + 1);
        if (option == "name" && !value.empty() && value.size() <= kPrincipalNameBytesMax) {
            name = value;
        } else if ((option == "events" || option == "organizer") && !value.empty()) {
            if (scoped) return why = "give one of events= and organizer=, once", false;
            scoped = true;
            if (option == "events") {
                if (!EventScope::parse(value, scope, why)) return why = "events: " + why, false;
            } else {
                auto it = organizers_.find(value);
                if (it == organizers_.end())
                    return why = "organizer \"" + value + "\" is not defined above", false;
                scope = it->second;
            }
        } else {
            return why = "unknown option \"" + w +
                         "\" (expected name=NAME, events=1-99,500 or organizer=NAME)",
                   false;
        }
    }
    return add(role, words[1], why, std::move(name), std::move(scope));
}

bool ApiKeys::load(const std::filesystem::path& path, std::string& error) {
    std::ifstream file(path);
    if (!file) {
        error = "cannot read the keys file " + path.string();
        return false;
    }
    std::string line;
    for (int number = 1; std::getline(file, line); ++number) {
        std::istringstream in(line);
        std::vector<std::string> words;
        for (std::string w; in >> w;)
            words.push_back(w);
        if (words.empty() || words[0].front() == '#') continue;
        std::string why;
        if (!parse_key_line(std::move(words), why)) {
            error = path.string() + " line " + std::to_string(number) + ": " + why;
            return false;
        }
    }
    if (entries_.empty()) {
        error = path.string() + ": no keys";
        return false;
    }
    return true;
}

const Principal* ApiKeys::find(std::string_view key) const {
    const Digest d = digest(key);
    std::size_t found = 0;
    unsigned matched = 0;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        // Branch-free accumulation: every entry is compared, match or not.
        const unsigned match = CRYPTO_memcmp(d.data(), entries_[i].digest.data(), d.size()) == 0;
        found |= (static_cast<std::size_t>(0) - match) & i;
        matched |= match;
    }
    return matched != 0 ? &entries_[found].principal : nullptr;
}

Principal ApiKeys::unrestricted() const {
    return Principal{wire::Role::admin, "unrestricted", EventScope::all(),
                     Binding::derive(server_secret_, "unrestricted")};
}

std::string_view role_name(wire::Role role) {
    switch (role) {
        case wire::Role::app:
            return "app";
        case wire::Role::scanner:
            return "scanner";
        case wire::Role::admin:
            return "admin";
        default:
            return "none";
    }
}

bool parse_role(std::string_view text, wire::Role& out) {
    for (wire::Role r : {wire::Role::app, wire::Role::scanner, wire::Role::admin}) {
        if (text == role_name(r)) {
            out = r;
            return true;
        }
    }
    return false;
}

}  // namespace seat::server
