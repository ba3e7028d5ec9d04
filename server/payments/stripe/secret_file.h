// The provider's secret key, read from a file at construction (mode 0600 is
// the operator's business; the key never appears on a command line). Leading
// and trailing whitespace is trimmed. Private to server/payments.
#pragma once

#include <filesystem>
#include <string>

namespace seat::payments::stripe {

// Throws std::runtime_error naming the file (never its content) when it
// cannot be read, is empty, or holds anything but printable characters
// without spaces: a secret with a line break would add headers to requests.
std::string read_secret_file(const std::filesystem::path& file);

// Replaces every occurrence of `secret` in `text`, so an answer that echoes
// the key cannot carry it into an outcome or a log.
void redact_secret(std::string& text, const std::string& secret);

}  // namespace seat::payments::stripe
