// Fuzzes the key file parsers (tickets/key_file.h, keyring.h, public_keyring.h):
// seatd's ticket key file and the public key file a scanner downloads. Bad files
// are refused with KeyFileError and nothing else (any other exception ends the
// run); what loads must write back to text that loads to the same keys and
// writes the same text again.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tickets/key_file.h"
#include "tickets/keyring.h"

namespace {

using namespace seat::tickets;

void check(bool ok) {
    if (!ok) std::abort();
}

void lines(std::string_view text) {
    std::vector<KeyLine> parsed;
    try {
        parsed = parse_key_lines(text);
    } catch (const KeyFileError&) {
        return;
    }
    for (const KeyLine& line : parsed) {
        const std::vector<KeyLine> again = parse_key_lines(format_key_line(line.info, line.bytes));
        check(again.size() == 1 && again[0].info == line.info && again[0].bytes == line.bytes);
    }
}

void keyring(std::string_view text) {
    std::optional<Keyring> ring;
    try {
        ring = Keyring::parse(text);
    } catch (const KeyFileError&) {
        return;
    }
    const std::string written = ring->to_text();
    const Keyring again = Keyring::parse(written);
    check(again.keys() == ring->keys() && again.to_text() == written);
    const std::string public_text = ring->public_keys().to_text();
    check(PublicKeyring::parse(public_text).to_text() == public_text);
}

void public_keyring(std::string_view text) {
    std::optional<PublicKeyring> ring;
    try {
        ring = PublicKeyring::parse(text);
    } catch (const KeyFileError&) {
        return;
    }
    const std::string written = ring->to_text();
    const PublicKeyring again = PublicKeyring::parse(written);
    check(again.keys() == ring->keys() && again.to_text() == written);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    lines(text);
    keyring(text);
    public_keyring(text);
    return 0;
}
