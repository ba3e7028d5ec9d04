#include "server/auth/server_secret.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace seat::server {
namespace {

constexpr char kHeader[] = "# seatd server secret (keep mode 0600; back it up with ticket-keys)";

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& why) {
    throw std::runtime_error(file.string() + ": " + why);
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

ServerSecret read_secret(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string header, hex;
    if (!std::getline(in, header) || !std::getline(in, hex)) fail(file, "cannot be read");
    ServerSecret secret{};
    if (header != kHeader || hex.size() != 2 * secret.size())
        fail(file, "is not a seatd server secret (expected a header line and 64 hex digits)");
    for (std::size_t i = 0; i < secret.size(); ++i) {
        const int a = hex_digit(hex[2 * i]), b = hex_digit(hex[2 * i + 1]);
        if (a < 0 || b < 0) fail(file, "holds something other than lower-case hex digits");
        secret[i] = static_cast<std::uint8_t>(a << 4 | b);
    }
    OPENSSL_cleanse(hex.data(), hex.size());
    return secret;
}

void write_secret(const std::filesystem::path& file, const ServerSecret& secret) {
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
    std::string temporary = (dir / ("." + file.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temporary.data());  // mode 0600 from the start
    if (fd < 0) fail(file, std::string("cannot be created: ") + std::strerror(errno));
    std::string text = std::string(kHeader) + "\n";
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::uint8_t byte : secret) {
        text += kHex[byte >> 4];
        text += kHex[byte & 15];
    }
    text += "\n";
    const bool written =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
        ::fsync(fd) == 0;
    OPENSSL_cleanse(text.data(), text.size());
    ::close(fd);
    if (!written || ::rename(temporary.c_str(), file.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(temporary.c_str());
        fail(file, "cannot be written: " + why);
    }
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

}  // namespace

ServerSecret open_server_secret(const std::filesystem::path& file, bool& created) {
    std::error_code ec;
    created = !std::filesystem::exists(file, ec);
    if (!created) return read_secret(file);
    ServerSecret secret{};
    if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
        fail(file, "no randomness from OpenSSL to create it");
    std::filesystem::create_directories(file.has_parent_path() ? file.parent_path() : ".", ec);
    write_secret(file, secret);
    return secret;
}

}  // namespace seat::server
