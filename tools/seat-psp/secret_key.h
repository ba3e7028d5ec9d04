// The one secret key the simulated provider accepts (--secret-key-file), and the
// check of a request's `Authorization: Bearer <secret>` header against it. The
// comparison is of SHA-256 digests with CRYPTO_memcmp, so it takes the same time
// whatever the header holds, its length included. The key is never logged.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace seat::psp {

class SecretKey {
  public:
    // The file's first line, trailing whitespace removed: kSecretBytesMin to
    // kSecretBytesMax printable ASCII bytes without spaces. nullopt with `error`
    // when the file cannot be read or holds no such key.
    static std::optional<SecretKey> load(const std::filesystem::path& file, std::string& error);

    // True when `authorization` is "Bearer " and the key ("bearer" in any case).
    bool authorizes(std::string_view authorization) const;

  private:
    explicit SecretKey(std::string_view key);
    std::array<unsigned char, 32> digest_{};
};

}  // namespace seat::psp
