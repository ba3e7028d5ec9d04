// A failure of HMAC, signing or the random generator means OpenSSL itself is
// broken (these cannot fail on valid keys), so they abort with a message rather
// than hand out an unsigned or predictable code. Verification never aborts: a
// failure there is just a refusal.
#include "tickets/crypto.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace seat::tickets {
namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

[[noreturn]] void fatal(const char* what) {
    std::fprintf(stderr, "seat_tickets: fatal: OpenSSL %s failed\n", what);
    std::abort();
}

}  // namespace

HmacTag hmac_sha256(const KeyBytes& secret, std::string_view data) {
    HmacTag tag{};
    unsigned int size = 0;
    const unsigned char* done =
        HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), tag.data(), &size);
    if (done == nullptr || size != tag.size()) fatal("HMAC-SHA256");
    return tag;
}

Pkey ed25519_private_key(const KeyBytes& seed) {
    return Pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
}

Pkey ed25519_public_key(const KeyBytes& public_key) {
    return Pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(),
                                            public_key.size()));
}

KeyBytes ed25519_public_bytes(EVP_PKEY* key) {
    KeyBytes out{};
    std::size_t size = out.size();
    if (EVP_PKEY_get_raw_public_key(key, out.data(), &size) != 1 || size != out.size()) {
        fatal("Ed25519 public key export");
    }
    return out;
}

Ed25519Signature ed25519_sign(EVP_PKEY* private_key, std::span<const std::uint8_t> message) {
    Ed25519Signature signature{};
    std::size_t size = signature.size();
    // Ed25519 hashes internally: the digest argument must be null.
    const MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, private_key) != 1 ||
        EVP_DigestSign(ctx.get(), signature.data(), &size, message.data(), message.size()) != 1 ||
        size != signature.size()) {
        fatal("Ed25519 signing");
    }
    return signature;
}

bool ed25519_verify(EVP_PKEY* public_key, std::span<const std::uint8_t> message,
                    const Ed25519Signature& signature) noexcept {
    const MdCtx ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, public_key) == 1 &&
           EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                            message.size()) == 1;
}

KeyBytes random_key_bytes() {
    KeyBytes out{};
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) fatal("RAND_bytes");
    return out;
}

void wipe(std::span<std::uint8_t> secret) noexcept {
    OPENSSL_cleanse(secret.data(), secret.size());
}

}  // namespace seat::tickets
