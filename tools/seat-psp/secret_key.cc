// Digests of equal length make the comparison independent of the presented
// key's length; the scheme check is on public text and may stop early.
#include "tools/seat-psp/secret_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "base/check.h"
#include "tools/seat-psp/limits.h"

namespace seat::psp {
namespace {

std::array<unsigned char, 32> sha256(std::string_view text) {
    std::array<unsigned char, 32> digest{};
    unsigned size = 0;
    SEAT_CHECK(
        EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) == 1 &&
            size == digest.size(),
        "SHA-256 is available");
    return digest;
}

bool printable_without_spaces(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace

SecretKey::SecretKey(std::string_view key) : digest_(sha256(key)) {}

std::optional<SecretKey> SecretKey::load(const std::filesystem::path& file, std::string& error) {
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) {
        error = "cannot read the secret key file " + file.string();
        return std::nullopt;
    }
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
        line.pop_back();
    if (line.size() < kSecretBytesMin || line.size() > kSecretBytesMax ||
        !printable_without_spaces(line)) {
        error = "the secret key file " + file.string() + " must hold one key of " +
                std::to_string(kSecretBytesMin) + " to " + std::to_string(kSecretBytesMax) +
                " printable characters without spaces on its first line";
        return std::nullopt;
    }
    return SecretKey(line);
}

bool SecretKey::authorizes(std::string_view authorization) const {
    constexpr std::string_view kScheme = "bearer ";
    if (authorization.size() <= kScheme.size()) return false;
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return false;
    const std::array<unsigned char, 32> presented = sha256(authorization.substr(kScheme.size()));
    return CRYPTO_memcmp(presented.data(), digest_.data(), digest_.size()) == 0;
}

}  // namespace seat::psp
