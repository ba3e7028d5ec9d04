// Keys live in a small vector (a handful per format over a season), searched
// linearly by id. An HMAC tag is compared with CRYPTO_memcmp so the time taken
// does not reveal how many leading bytes of a forged tag were right.
#include "tickets/keyring.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tickets/ed25519_code.h"
#include "tickets/encoding.h"
#include "tickets/hmac_code.h"

namespace seat::tickets {
namespace {

constexpr std::size_t kGeneratedIdRandomBytes = 4;  // 8 hex digits

std::string new_key_id(CodeFormat format) {
    std::array<std::uint8_t, kGeneratedIdRandomBytes> random{};
    const KeyBytes bytes = random_key_bytes();
    std::copy_n(bytes.begin(), random.size(), random.begin());
    return (format == CodeFormat::hmac ? "h-" : "e-") + to_hex(random);
}

[[noreturn]] void fail_io(const std::filesystem::path& path, std::string_view what) {
    throw KeyFileError(path.string() + ": " + std::string(what) + ": " + std::strerror(errno));
}

// Writes all of `text` to a fresh file, syncs it and closes it.
void write_synced(int fd, const std::filesystem::path& path, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) fail_io(path, "write");
        text.remove_prefix(static_cast<std::size_t>(written));
    }
    if (::fsync(fd) != 0) fail_io(path, "fsync");
}

void sync_directory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail_io(directory, "open directory");
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) fail_io(directory, "fsync directory");
}

}  // namespace

Keyring Keyring::parse(std::string_view text) {
    Keyring ring;
    for (const KeyLine& line : parse_key_lines(text)) {
        ring.add(line.info, line.bytes);
    }
    return ring;
}

Keyring Keyring::load(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw KeyFileError(path.string() + ": cannot read the key file");
    std::ostringstream text;
    text << file.rdbuf();
    std::string contents = text.str();
    try {
        Keyring ring = parse(contents);
        wipe(std::span(reinterpret_cast<std::uint8_t*>(contents.data()), contents.size()));
        return ring;
    } catch (const KeyFileError& error) {
        wipe(std::span(reinterpret_cast<std::uint8_t*>(contents.data()), contents.size()));
        throw KeyFileError(path.string() + " " + error.what());
    }
}

Keyring Keyring::generate() {
    Keyring ring;
    ring.rotate(CodeFormat::hmac);
    ring.rotate(CodeFormat::ed25519);
    return ring;
}

std::string Keyring::to_text() const {
    std::string text = "# seatd ticket keys (docs/tickets.md). Secret: keep mode 0600.\n";
    for (const Key& key : keys_)
        text += format_key_line(key.info, key.secret);
    return text;
}

void Keyring::save(const std::filesystem::path& path) const {
    const std::filesystem::path directory =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string temporary = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
    // mkstemp creates the file with mode 0600, so the secrets are never readable
    // by others, not even briefly.
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) fail_io(temporary, "create");
    std::string text = to_text();
    try {
        write_synced(fd, temporary, text);
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        wipe(std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
        throw;
    }
    wipe(std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temporary.c_str());
        errno = saved;
        fail_io(path, "rename");
    }
    sync_directory(directory);
}

std::string Keyring::rotate(CodeFormat format) {
    std::string id = new_key_id(format);
    while (find(id) != nullptr)
        id = new_key_id(format);
    if (keys_.size() >= kKeysMax)
        throw KeyFileError("more than " + std::to_string(kKeysMax) + " keys");
    for (Key& key : keys_) {
        if (key.info.format == format && key.info.state == KeyState::active) {
            key.info.state = KeyState::verify;
        }
    }
    KeyBytes secret = random_key_bytes();
    add(KeyInfo{id, format, KeyState::active}, secret);
    wipe(secret);
    return id;
}

void Keyring::retire(std::string_view key_id) {
    for (Key& key : keys_) {
        if (key.info.id != key_id) continue;
        if (key.info.state == KeyState::active) {
            throw KeyFileError("key " + key.info.id + " is active: rotate before retiring it");
        }
        key.info.state = KeyState::retired;
        return;
    }
    throw KeyFileError("no key with id " + std::string(key_id));
}

std::string Keyring::issue(CodeFormat format, const TicketClaims& claims) const {
    if (!claims_are_valid(claims)) {
        throw std::invalid_argument("ticket claims need version >= 1 and issued_at_ms >= 0");
    }
    const Key* key = active(format);
    if (key == nullptr) {
        throw KeyFileError("no active " + std::string(to_string(format)) + " key to issue with");
    }
    if (format == CodeFormat::hmac) {
        const std::string payload = hmac_payload(claims, key->info.id);
        return hmac_code(payload, hmac_sha256(key->secret, payload));
    }
    const Bytes payload = ed25519_payload(claims, key->info.id);
    return ed25519_code(payload, ed25519_sign(key->private_key.get(), ed25519_message(payload)));
}

VerifyResult Keyring::verify(std::string_view code) const {
    if (code.size() > kCodeBytesMax) return VerifyResult{};
    return is_ed25519_code(code) ? verify_ed25519(code) : verify_hmac(code);
}

VerifyResult Keyring::verify_hmac(std::string_view code) const {
    VerifyResult result;
    result.format = CodeFormat::hmac;
    const auto parsed = parse_hmac_code(code);
    if (!parsed) return result;
    result.key_id = std::string(parsed->key_id);
    result.claims = parsed->claims;
    const Key* key = find(parsed->key_id);
    if (key == nullptr || key->info.format != CodeFormat::hmac) {
        result.status = VerifyStatus::unknown_key;
        return result;
    }
    // Retired keys are refused whatever the tag: a retired secret may be known
    // to someone else.
    if (key->info.state == KeyState::retired) {
        result.status = VerifyStatus::retired_key;
        return result;
    }
    const HmacTag expected = hmac_sha256(key->secret, parsed->payload);
    const bool equal = CRYPTO_memcmp(expected.data(), parsed->tag.data(), expected.size()) == 0;
    result.status = equal ? VerifyStatus::ok : VerifyStatus::bad_signature;
    return result;
}

VerifyResult Keyring::verify_ed25519(std::string_view code) const {
    VerifyResult result;
    result.format = CodeFormat::ed25519;
    const auto parsed = parse_ed25519_code(code);
    if (!parsed) return result;
    result.key_id = parsed->key_id;
    result.claims = parsed->claims;
    const Key* key = find(parsed->key_id);
    if (key == nullptr || key->info.format != CodeFormat::ed25519) {
        result.status = VerifyStatus::unknown_key;
    } else if (key->info.state == KeyState::retired) {
        result.status = VerifyStatus::retired_key;
    } else if (!ed25519_verify(key->private_key.get(), ed25519_message(parsed->payload),
                               parsed->signature)) {
        result.status = VerifyStatus::bad_signature;
    } else {
        result.status = VerifyStatus::ok;
    }
    return result;
}

PublicKeyring Keyring::public_keys() const {
    std::string text;
    for (const Key& key : keys_) {
        if (key.info.format != CodeFormat::ed25519 || key.info.state == KeyState::retired) continue;
        text += format_key_line(key.info, ed25519_public_bytes(key.private_key.get()));
    }
    return PublicKeyring::parse(text);
}

std::vector<KeyInfo> Keyring::keys() const {
    std::vector<KeyInfo> out;
    for (const Key& key : keys_)
        out.push_back(key.info);
    return out;
}

void Keyring::add(const KeyInfo& info, const KeyBytes& secret) {
    Key key;
    key.info = info;
    key.secret = secret;
    if (info.format == CodeFormat::ed25519) {
        key.private_key = ed25519_private_key(secret);
        if (!key.private_key) throw KeyFileError("key " + info.id + ": OpenSSL refused the seed");
    }
    keys_.push_back(std::move(key));
}

Keyring::Mac Keyring::mac(std::string_view data) const {
    const Key* key = active(CodeFormat::hmac);
    if (key == nullptr) throw KeyFileError("no active hmac key");
    return Mac{key->info.id, hmac_sha256(key->secret, data)};
}

std::optional<HmacTag> Keyring::mac_with(std::string_view key_id, std::string_view data) const {
    const Key* key = find(key_id);
    if (key == nullptr || key->info.format != CodeFormat::hmac ||
        key->info.state == KeyState::retired)
        return std::nullopt;
    return hmac_sha256(key->secret, data);
}

const Keyring::Key* Keyring::find(std::string_view id) const {
    for (const Key& key : keys_) {
        if (key.info.id == id) return &key;
    }
    return nullptr;
}

const Keyring::Key* Keyring::active(CodeFormat format) const {
    for (const Key& key : keys_) {
        if (key.info.format == format && key.info.state == KeyState::active) return &key;
    }
    return nullptr;
}

}  // namespace seat::tickets
