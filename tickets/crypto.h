// The OpenSSL calls behind ticket codes: HMAC-SHA256, Ed25519 keys, signing and
// verification, and random key bytes. Internal to tickets/.
// EVP_PKEY objects are owned by Pkey (unique_ptr) and built once per key, not per
// code. OpenSSL allows concurrent signing and verifying with one EVP_PKEY, so
// const keyrings may be shared between threads.
#pragma once

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

namespace seat::tickets {

// HMAC secrets, Ed25519 private seeds and Ed25519 public keys are all 32 bytes.
inline constexpr std::size_t kKeyBytes = 32;
inline constexpr std::size_t kHmacTagBytes = 32;
inline constexpr std::size_t kEd25519SignatureBytes = 64;

using KeyBytes = std::array<std::uint8_t, kKeyBytes>;
using HmacTag = std::array<std::uint8_t, kHmacTagBytes>;
using Ed25519Signature = std::array<std::uint8_t, kEd25519SignatureBytes>;

struct PkeyFree {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

HmacTag hmac_sha256(const KeyBytes& secret, std::string_view data);

// Null when OpenSSL refuses the bytes.
Pkey ed25519_private_key(const KeyBytes& seed);
Pkey ed25519_public_key(const KeyBytes& public_key);
KeyBytes ed25519_public_bytes(EVP_PKEY* key);

Ed25519Signature ed25519_sign(EVP_PKEY* private_key, std::span<const std::uint8_t> message);
// False for a wrong signature and for any OpenSSL failure: never throws.
bool ed25519_verify(EVP_PKEY* public_key, std::span<const std::uint8_t> message,
                    const Ed25519Signature& signature) noexcept;

KeyBytes random_key_bytes();
// Overwrites secret bytes before their memory is released.
void wipe(std::span<std::uint8_t> secret) noexcept;

}  // namespace seat::tickets
