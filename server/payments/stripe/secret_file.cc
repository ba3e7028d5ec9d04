// Reading the secret key file (secret_file.h).
#include "server/payments/stripe/secret_file.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace seat::payments::stripe {
namespace {

// Stripe's keys are about 100 characters; a file much larger is not a key.
constexpr std::size_t kSecretBytesMax = 4096;

[[noreturn]] void fail(const std::filesystem::path& file, const char* why) {
    throw std::runtime_error("payment provider secret " + file.string() + ": " + why);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string read_secret_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(file, "cannot be read");
    std::string text;
    text.resize(kSecretBytesMax + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kSecretBytesMax) {
        OPENSSL_cleanse(text.data(), text.size());
        fail(file, "is too large to be a secret key");
    }
    const auto first = std::find_if_not(text.begin(), text.end(), is_space);
    const auto last = std::find_if_not(text.rbegin(), text.rend(), is_space).base();
    std::string secret = first < last ? std::string(first, last) : std::string();
    OPENSSL_cleanse(text.data(), text.size());
    if (secret.empty()) fail(file, "is empty");
    if (!std::all_of(secret.begin(), secret.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
        OPENSSL_cleanse(secret.data(), secret.size());
        fail(file, "holds spaces or control characters inside the key");
    }
    return secret;
}

void redact_secret(std::string& text, const std::string& secret) {
    if (secret.empty()) return;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
        text.replace(at, secret.size(), "[secret]");
}

}  // namespace seat::payments::stripe
