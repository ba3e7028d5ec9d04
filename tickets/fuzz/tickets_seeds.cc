// Writes the seed corpora of the ticket fuzz targets: codes of both formats
// signed by every key of fuzz_keys.h (active, verify, retired) and a few broken
// ones; key files and public key files, good and bad; revocation filters of a
// few sizes; and gate sessions for the offline verifier (valid, revoked,
// reissued, repeated, for another event, HMAC). Deterministic: the claims are
// fixed and both signature schemes are.
//   tickets_seeds [DIR]     (default: tickets/fuzz/corpus in the source tree)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tickets/fuzz/fuzz_keys.h"
#include "tickets/keyring.h"
#include "tickets/revocation_filter.h"

namespace {

using namespace seat::tickets;
namespace fs = std::filesystem;

class Writer {
  public:
    explicit Writer(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
    void operator()(const std::string& name, const std::string& bytes) const {
        std::ofstream(dir_ / name, std::ios::binary) << bytes;
    }

  private:
    fs::path dir_;
};

TicketClaims claims(std::uint8_t n, std::uint64_t event = 42, std::uint32_t version = 1) {
    TicketClaims c;
    for (std::size_t i = 0; i < c.ticket_id.size(); ++i)
        c.ticket_id[i] = static_cast<std::uint8_t>(n * 17 + i);
    c.ticket_id[6] = 0x40 | (c.ticket_id[6] & 0x0F);  // a UUID v4, like the server's
    c.event_id = event;
    c.issued_at_ms = 1767225600000;
    c.version = version;
    return c;
}

std::string issue(const std::string& key_id, const TicketClaims& c) {
    const CodeFormat format = key_id.front() == 'h' ? CodeFormat::hmac : CodeFormat::ed25519;
    return Keyring::parse(fuzz::key_file_with_active(key_id)).issue(format, c);
}

// The offline verifier's input: filter length, filter, codes one per line.
std::string session(const std::string& filter, const std::vector<std::string>& codes) {
    std::string out{static_cast<char>(filter.size() >> 8), static_cast<char>(filter.size() & 0xFF)};
    out += filter;
    for (std::size_t i = 0; i < codes.size(); ++i)
        out += (i == 0 ? "" : "\n") + codes[i];
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path root = argc > 1 ? argv[1] : SEAT_FUZZ_CORPUS;

    const Writer codes(root / "ticket_code");
    for (const char* key : {"h1", "h0", "h2", "e1", "e0", "e2"})
        codes(std::string("signed_by_") + key, issue(key, claims(1)));
    codes("reissued_version_7", issue("e1", claims(2, 42, 7)));
    std::string tampered = issue("h1", claims(3));
    tampered[tampered.size() - 1] = tampered.back() == '0' ? '1' : '0';
    codes("tampered_tag", tampered);
    codes("unknown_key", Keyring::parse("e9 ed25519 active " + std::string(fuzz::kKeyFile.substr(
                                                                   fuzz::kKeyFile.rfind(' ') + 1)))
                             .issue(CodeFormat::ed25519, claims(4)));
    codes("uppercase_hex", "00112233-4455-4677-8899-AABBCCDDEEFF:42:1:1:h1:00");

    const Writer key_files(root / "key_file");
    key_files("ticket_keys", std::string(fuzz::kKeyFile));
    key_files("public_keys", Keyring::parse(fuzz::kKeyFile).public_keys().to_text());
    key_files("comments_and_blank_lines",
              "# keys\n\n" + std::string(fuzz::kKeyFile.substr(0, fuzz::kKeyFile.find('\n'))) +
                  "\n   \n# end\n");
    key_files("duplicate_id", std::string(fuzz::kKeyFile) +
                                  "h1 hmac verify AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
    key_files("two_active", std::string(fuzz::kKeyFile) +
                                "h9 hmac active AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
    key_files("short_key", "h1 hmac active AAEC\n");

    const Writer filters(root / "revocation_filter");
    RevocationFilter small = RevocationFilter::sized_for(1);
    filters("empty", small.serialize());
    RevocationFilter some = RevocationFilter::sized_for(100, 0.01);
    for (std::uint8_t n = 0; n < 20; ++n)
        some.add(claims(n).ticket_id, 1);
    some.set_sequence(20);
    filters("twenty_revoked", some.serialize());
    RevocationFilter odd = RevocationFilter::sized_for(700, 0.05);
    odd.add(claims(9).ticket_id, 3);
    filters("bits_not_a_multiple_of_8", odd.serialize());

    const Writer gates(root / "offline_verifier");
    RevocationFilter revoked = RevocationFilter::sized_for(10);
    revoked.add(claims(5).ticket_id, 1);
    revoked.set_sequence(1);
    const std::string valid = issue("e1", claims(1));
    gates("admit_then_again",
          session({}, {valid, valid, issue("e0", claims(1, 42, 2)), issue("e1", claims(6))}));
    gates("revoked_and_reissued",
          session(revoked.serialize(), {issue("e1", claims(5)), issue("e1", claims(5, 42, 2))}));
    gates("other_event_and_hmac",
          session(revoked.serialize(), {issue("e1", claims(7, 43)), issue("h1", claims(7)),
                                        issue("e2", claims(8)), "E1.garbage"}));
    std::printf("tickets_seeds: wrote %s\n", root.c_str());
    return 0;
}
