// Fuzzes what a hostile client hands the waiting room. The first byte picks
// what the rest is:
//   0: an admission token presented for event 7 by a fixed session
//      (verify_admission, as the binary protocol's decoder calls it);
//   1: a queue ticket from a URL path (parse_queue_id);
//   2: a join's JSON body (parse_join_body);
//   3: an entry number and expiry to sign, then check (the round trip).
// Checked besides "no crash": a token verifies only if it is exactly the token
// the server would sign for the claims it carries (no second spelling of a
// valid token, no forgery from a mutation); a token never verifies for another
// event or session; a parsed id prints back to the same 32 digits (up to case
// and the UUID form's dashes);
// and every signed token verifies to its own claims.
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "server/http/queue_request.h"
#include "server/room/admission_tokens.h"

namespace {

using namespace seat;
using namespace seat::server;

constexpr EventId kEvent = 7;
const SessionId kSession{0x5E55, 42};

void check(bool ok) {
    if (!ok) std::abort();
}

// A fixed key file, so a seed's token verifies on every run.
constexpr const char* kKeyFile =
    "h-00000001 hmac active AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    "e-00000002 ed25519 active AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n";

std::shared_ptr<TicketKeys> fixed_keys() {
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("room_fuzz-keys-" + std::to_string(getpid()));
    std::ofstream(file) << kKeyFile;
    bool created = false;
    auto keys = std::make_shared<TicketKeys>(file, created);
    std::filesystem::remove(file);
    return keys;
}

const TicketKeys& keys() {
    static const std::shared_ptr<TicketKeys> k = fixed_keys();
    return *k;
}

std::string hex(const Id128& id) {
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(id.hi),
                  static_cast<unsigned long long>(id.lo));
    return out;
}

void token(std::string_view text) {
    const AdmissionClaim claim = verify_admission(keys(), text, kEvent, kSession);
    check(claim.presented);
    if (!claim.verified) return;
    check(sign_admission(keys(), kEvent, claim.entry, claim.expires_at, kSession) == text);
    check(!verify_admission(keys(), text, kEvent + 1, kSession).verified);
    check(
        !verify_admission(keys(), text, kEvent, SessionId{kSession.hi, kSession.lo + 1}).verified);
}

void ticket(std::string_view text) {
    const std::optional<Id128> id = http::parse_queue_id(text);
    if (!id) return;
    std::string digits;
    for (char c : text)
        if (c != '-')
            digits.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    check(hex(*id) == digits);
    check(http::parse_queue_id(to_string(*id)) == id);
}

void join_body(std::string_view text) {
    const std::optional<Id128> id = http::parse_join_body(text);
    if (id) check(http::parse_queue_id(hex(*id)) == id);
}

void round_trip(std::string_view text) {
    std::uint64_t words[2] = {0, 0};
    for (std::size_t i = 0; i < text.size() && i < 16; ++i)
        words[i / 8] = words[i / 8] << 8 | static_cast<unsigned char>(text[i]);
    const auto entry = static_cast<std::uint32_t>(words[0]);
    const auto expires = static_cast<UnixMillis>(words[1] & 0x7FFFFFFFFFFFFFFFull);
    const std::string t = sign_admission(keys(), kEvent, entry, expires, kSession);
    check(t.size() <= kAdmissionTokenBytesMax);
    const AdmissionClaim claim = verify_admission(keys(), t, kEvent, kSession);
    check(claim.verified && claim.entry == entry && claim.expires_at == expires);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (data[0] % 4) {
        case 0:
            token(rest);
            break;
        case 1:
            ticket(rest);
            break;
        case 2:
            join_body(rest);
            break;
        default:
            round_trip(rest);
            break;
    }
    return 0;
}
