// Lines are split on runs of spaces and tabs into exactly four fields. The
// checks that span lines (unique ids, one active key per format) run as each
// line is read, so the error names the second, offending line.
#include "tickets/key_file.h"

#include <array>

#include "tickets/encoding.h"

namespace seat::tickets {
namespace {

constexpr std::size_t kKeyLineFields = 4;

std::optional<KeyState> parse_key_state(std::string_view text) {
    if (text == "active") return KeyState::active;
    if (text == "verify") return KeyState::verify;
    if (text == "retired") return KeyState::retired;
    return std::nullopt;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// Fills up to kKeyLineFields fields and returns how many the line has in all.
std::size_t split_words(std::string_view line, std::array<std::string_view, kKeyLineFields>& out) {
    std::size_t count = 0;
    std::size_t at = 0;
    while (true) {
        while (at < line.size() && is_blank(line[at]))
            ++at;
        if (at == line.size()) return count;
        const std::size_t start = at;
        while (at < line.size() && !is_blank(line[at]))
            ++at;
        if (count < out.size()) out[count] = line.substr(start, at - start);
        ++count;
    }
}

[[noreturn]] void fail(int line_number, std::string_view why) {
    throw KeyFileError("line " + std::to_string(line_number) + ": " + std::string(why));
}

KeyLine parse_line(const std::array<std::string_view, kKeyLineFields>& words, int line_number) {
    KeyLine key;
    key.line_number = line_number;
    if (!is_valid_key_id(words[0])) {
        fail(line_number, "the key id must be 1 to 32 characters of A-Z a-z 0-9 _ -");
    }
    key.info.id = std::string(words[0]);
    const auto format = parse_code_format(words[1]);
    if (!format) fail(line_number, "the format must be hmac or ed25519");
    key.info.format = *format;
    const auto state = parse_key_state(words[2]);
    if (!state) fail(line_number, "the state must be active, verify or retired");
    key.info.state = *state;
    auto bytes = base64_decode(words[3]);
    const bool fits = bytes && bytes->size() == kKeyBytes;
    if (fits) std::copy(bytes->begin(), bytes->end(), key.bytes.begin());
    if (bytes) wipe(*bytes);
    if (!fits) fail(line_number, "the key must be 32 bytes in base64 (standard alphabet, padded)");
    return key;
}

void check_against_earlier(const std::vector<KeyLine>& keys, const KeyLine& key) {
    if (keys.size() >= kKeysMax) {
        fail(key.line_number, "more than " + std::to_string(kKeysMax) + " keys");
    }
    for (const KeyLine& earlier : keys) {
        if (earlier.info.id == key.info.id) {
            fail(key.line_number,
                 "the key id was already used on line " + std::to_string(earlier.line_number));
        }
        if (key.info.state == KeyState::active && earlier.info.state == KeyState::active &&
            earlier.info.format == key.info.format) {
            fail(key.line_number, "a second active " + std::string(to_string(key.info.format)) +
                                      " key (the first is on line " +
                                      std::to_string(earlier.line_number) + ")");
        }
    }
}

}  // namespace

std::string_view to_string(KeyState state) {
    switch (state) {
        case KeyState::active:
            return "active";
        case KeyState::verify:
            return "verify";
        case KeyState::retired:
            return "retired";
    }
    return "unknown";
}

std::vector<KeyLine> parse_key_lines(std::string_view text) {
    std::vector<KeyLine> keys;
    int line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.size() > kKeyLineBytesMax) fail(line_number, "the line is too long");
        std::array<std::string_view, kKeyLineFields> words;
        const std::size_t count = split_words(line, words);
        if (count == 0 || words[0].front() == '#') continue;
        if (count != kKeyLineFields) {
            fail(line_number,
                 "expected `<key_id> <hmac|ed25519> <active|verify|retired> <base64>`");
        }
        KeyLine key = parse_line(words, line_number);
        check_against_earlier(keys, key);
        keys.push_back(std::move(key));
    }
    return keys;
}

std::string format_key_line(const KeyInfo& info, const KeyBytes& bytes) {
    std::string line = info.id;
    line += ' ';
    line += to_string(info.format);
    line += ' ';
    line += to_string(info.state);
    line += ' ';
    line += base64_encode(bytes);
    line += '\n';
    return line;
}

}  // namespace seat::tickets
