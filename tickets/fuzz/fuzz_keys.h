// The key file the ticket fuzz targets verify with, shared with the program that
// writes their seeds (whose codes must verify). Every state a key can be in,
// for both formats: h1 and e1 are the fixed test keys of docs/tickets.md and
// active, h0 and e0 still verify, h2 and e2 are retired.
#pragma once

#include <string>
#include <string_view>

namespace seat::tickets::fuzz {

inline constexpr std::string_view kKeyFile =
    "h1 hmac active AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    "h0 hmac verify QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=\n"
    "h2 hmac retired YGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn8=\n"
    "e1 ed25519 active ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\n"
    "e0 ed25519 verify gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8=\n"
    "e2 ed25519 retired oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8=\n";

// The same file with `key_id` the active key of its format (and the format's
// usual active key demoted to verify): how the seeds sign with every key.
inline std::string key_file_with_active(std::string_view key_id) {
    std::string out;
    std::string_view rest = kKeyFile;
    const char format = key_id.front();
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n') + 1;
        std::string line(rest.substr(0, end));
        rest.remove_prefix(end);
        const std::size_t state = line.find(' ', line.find(' ') + 1) + 1;
        const std::size_t state_end = line.find(' ', state);
        if (line.starts_with(std::string(key_id) + " ")) {
            line.replace(state, state_end - state, "active");
        } else if (line.front() == format && line.substr(state, state_end - state) == "active") {
            line.replace(state, state_end - state, "verify");
        }
        out += line;
    }
    return out;
}

}  // namespace seat::tickets::fuzz
