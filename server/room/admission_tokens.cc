#include "server/room/admission_tokens.h"

#include <openssl/crypto.h>

#include <charconv>
#include <cstdio>
#include <optional>
#include <vector>

namespace seat::server {
namespace {

constexpr std::string_view kPrefix = "a1.";
constexpr std::size_t kTagBytes = 16;

std::string hex32(const Id128& id) {
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(id.hi),
                  static_cast<unsigned long long>(id.lo));
    return std::string(out, 32);
}

// The key id is not signed: it only names the key, and a tag made under another
// key does not verify under the one named.
std::string mac_data(std::string_view event, std::string_view entry, std::string_view expires,
                     const SessionId& session) {
    std::string data = "seatd-admission-v1|";
    data.append(event).append("|").append(entry).append("|").append(expires).append("|");
    data.append(hex32(session));
    return data;
}

// Plain decimal: digits only, no sign, no leading zero (except "0").
template <typename T>
std::optional<T> decimal(std::string_view s) {
    if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    T v{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

Binding room_binding(std::span<const std::uint8_t> server_secret) {
    return Binding::derive(server_secret, "seatd-waiting-room");
}

std::string sign_admission(const TicketKeys& keys, EventId event, std::uint32_t entry,
                           UnixMillis expires_at, const SessionId& room_session) {
    const std::string e = std::to_string(event), n = std::to_string(entry),
                      x = std::to_string(expires_at);
    const tickets::Keyring::Mac mac =
        keys.current()->keyring().mac(mac_data(e, n, x, room_session));
    std::string token(kPrefix);
    token.append(e).append(".").append(n).append(".").append(x).append(".").append(mac.key_id);
    token.append(".");
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < kTagBytes; ++i) {
        token.push_back(kHex[mac.tag[i] >> 4]);
        token.push_back(kHex[mac.tag[i] & 15]);
    }
    return token;
}

AdmissionClaim verify_admission(const TicketKeys& keys, std::string_view token, EventId event,
                                const SessionId& room_session) {
    AdmissionClaim claim;
    claim.presented = true;
    claim.session = room_session;
    if (token.size() > kAdmissionTokenBytesMax || token.substr(0, kPrefix.size()) != kPrefix)
        return claim;
    std::string_view rest = token.substr(kPrefix.size());
    std::string_view part[5];
    for (int i = 0; i < 4; ++i) {
        const std::size_t dot = rest.find('.');
        if (dot == std::string_view::npos) return claim;
        part[i] = rest.substr(0, dot);
        rest.remove_prefix(dot + 1);
    }
    part[4] = rest;
    const auto ev = decimal<std::uint64_t>(part[0]);
    const auto entry = decimal<std::uint32_t>(part[1]);
    const auto expires = decimal<std::int64_t>(part[2]);
    if (!ev || !entry || !expires || *ev != event || part[3].empty() ||
        part[4].size() != 2 * kTagBytes)
        return claim;
    std::uint8_t given[kTagBytes];
    for (std::size_t i = 0; i < kTagBytes; ++i) {
        const int hi = hex_digit(part[4][2 * i]), lo = hex_digit(part[4][2 * i + 1]);
        if (hi < 0 || lo < 0) return claim;
        given[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    const std::optional<tickets::HmacTag> expected = keys.current()->keyring().mac_with(
        part[3], mac_data(part[0], part[1], part[2], room_session));
    if (!expected || CRYPTO_memcmp(expected->data(), given, kTagBytes) != 0) return claim;
    claim.verified = true;
    claim.entry = *entry;
    claim.expires_at = *expires;
    return claim;
}

}  // namespace seat::server
