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

bool ApiKeys::add(wire::Role role, std::string_view key, std::string& error) {
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
    if (role_of(key) != wire::Role::none) {
        error = "the key is listed twice";
        return false;
    }
    entries_.push_back(Entry{digest(key), role});
    return true;
}

bool ApiKeys::load(const std::filesystem::path& path, std::string& error) {
    std::ifstream file(path);
    if (!file) {
        error = "cannot read the keys file " + path.string();
        return false;
    }
    std::string line;
    for (int number = 1; std::getline(file, line); ++number) {
        std::istringstream words(line);
        std::string role_text, key, extra;
        if (!(words >> role_text) || role_text.front() == '#') continue;
        wire::Role role = wire::Role::none;
        std::string why;
        if (!parse_role(role_text, role)) {
            why = "unknown role \"" + role_text + "\" (expected app, scanner or admin)";
        } else if (!(words >> key)) {
            why = "expected `ROLE KEY`";
        } else if (words >> extra) {
            why = "expected `ROLE KEY`, found more";
        } else {
            add(role, key, why);
        }
        if (!why.empty()) {
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

wire::Role ApiKeys::role_of(std::string_view key) const {
    const Digest d = digest(key);
    unsigned found = 0;
    for (const Entry& e : entries_) {
        // Branch-free accumulation: every entry is compared, match or not.
        const unsigned match = CRYPTO_memcmp(d.data(), e.digest.data(), d.size()) == 0;
        found |= match * static_cast<unsigned>(e.role);
    }
    return static_cast<wire::Role>(found);
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
