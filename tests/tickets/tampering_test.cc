// Proves that no change to a code gets past verification: every byte of an
// Ed25519 payload or signature and every character of either code, changed in
// turn, is refused; and that truncated, empty, oversize, badly encoded,
// non-canonical and wrongly prefixed codes are refused as malformed before any
// key is looked at.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/tickets/fixed_keys.h"
#include "tickets/encoding.h"
#include "tickets/keyring.h"

namespace seat::tickets {
namespace {

using testing::fixed_claims;
using testing::kFixedEd25519Code;
using testing::kFixedHmacCode;
using testing::kFixedKeyFile;

constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

class Tampering : public ::testing::Test {
  protected:
    const Keyring ring_ = Keyring::parse(kFixedKeyFile);
};

// The code with its payload and signature re-encoded from the given bytes.
std::string rebuild(const Bytes& payload, const Bytes& signature) {
    return "E1." + base64url_encode(payload) + "." + base64url_encode(signature);
}

TEST_F(Tampering, EveryEd25519PayloadAndSignatureByteChangedIsRefused) {
    const std::string_view body = kFixedEd25519Code.substr(3);
    const std::size_t dot = body.find('.');
    const Bytes payload = *base64url_decode(body.substr(0, dot));
    const Bytes signature = *base64url_decode(body.substr(dot + 1));
    ASSERT_EQ(rebuild(payload, signature), kFixedEd25519Code);
    for (std::uint8_t mask : {0x01, 0x80, 0xff}) {
        for (std::size_t i = 0; i < payload.size(); ++i) {
            Bytes changed = payload;
            changed[i] ^= mask;
            const VerifyResult result = ring_.verify(rebuild(changed, signature));
            EXPECT_NE(result.status, VerifyStatus::ok) << "payload byte " << i;
        }
        for (std::size_t i = 0; i < signature.size(); ++i) {
            Bytes changed = signature;
            changed[i] ^= mask;
            const VerifyResult result = ring_.verify(rebuild(payload, changed));
            EXPECT_EQ(result.status, VerifyStatus::bad_signature) << "signature byte " << i;
        }
    }
}

TEST_F(Tampering, EveryEd25519CharacterChangedIsRefused) {
    for (std::size_t i = 0; i < kFixedEd25519Code.size(); ++i) {
        for (char c : kBase64UrlAlphabet) {
            if (c == kFixedEd25519Code[i]) continue;
            std::string changed(kFixedEd25519Code);
            changed[i] = c;
            EXPECT_NE(ring_.verify(changed).status, VerifyStatus::ok) << changed;
        }
    }
}

TEST_F(Tampering, EveryHmacCharacterChangedIsRefused) {
    for (std::size_t i = 0; i < kFixedHmacCode.size(); ++i) {
        for (char c = ' '; c <= '~'; ++c) {
            if (c == kFixedHmacCode[i]) continue;
            std::string changed(kFixedHmacCode);
            changed[i] = c;
            EXPECT_NE(ring_.verify(changed).status, VerifyStatus::ok) << changed;
        }
    }
}

TEST_F(Tampering, ChangedHmacTagIsABadSignature) {
    std::string changed(kFixedHmacCode);
    changed.back() = changed.back() == '0' ? '1' : '0';
    EXPECT_EQ(ring_.verify(changed).status, VerifyStatus::bad_signature);
}

TEST_F(Tampering, EveryTruncationIsMalformed) {
    for (std::string_view code : {kFixedHmacCode, kFixedEd25519Code}) {
        for (std::size_t size = 0; size < code.size(); ++size) {
            EXPECT_EQ(ring_.verify(code.substr(0, size)).status, VerifyStatus::malformed)
                << code.substr(0, size);
        }
    }
}

TEST_F(Tampering, EmptyAndOversizeAreMalformed) {
    EXPECT_EQ(ring_.verify("").status, VerifyStatus::malformed);
    EXPECT_EQ(ring_.verify(std::string(kCodeBytesMax + 1, 'A')).status, VerifyStatus::malformed);
    EXPECT_EQ(ring_.verify(std::string(1 << 20, ':')).status, VerifyStatus::malformed);
    const std::string padded = std::string(kFixedEd25519Code) + std::string(kCodeBytesMax, 'A');
    EXPECT_EQ(ring_.verify(padded).status, VerifyStatus::malformed);
}

TEST_F(Tampering, BadOrNonCanonicalBase64IsMalformed) {
    const std::string code(kFixedEd25519Code);
    for (char bad : {'=', '+', '/', ' ', '\0', '\n'}) {
        std::string changed = code;
        changed[10] = bad;
        EXPECT_EQ(ring_.verify(changed).status, VerifyStatus::malformed) << int(bad);
    }
    EXPECT_EQ(ring_.verify(code + "=").status, VerifyStatus::malformed);
    EXPECT_EQ(ring_.verify(code + ".AA").status, VerifyStatus::malformed);
    // The signature's last character carries 2 unused bits: "A" -> "B" sets one.
    ASSERT_EQ(code.back(), 'A');
    std::string non_canonical = code;
    non_canonical.back() = 'B';
    EXPECT_EQ(ring_.verify(non_canonical).status, VerifyStatus::malformed);
}

TEST_F(Tampering, WrongPrefixIsMalformed) {
    const std::string_view body = kFixedEd25519Code.substr(3);
    for (std::string prefix : {"E2.", "e1.", "E1", "E1..", "", "X"}) {
        EXPECT_EQ(ring_.verify(prefix + std::string(body)).status, VerifyStatus::malformed)
            << prefix;
    }
}

TEST_F(Tampering, NonCanonicalHmacFieldsAreMalformed) {
    const std::string tag(kFixedHmacCode.substr(kFixedHmacCode.size() - 64));
    const std::string id = "00112233-4455-4677-8899-aabbccddeeff";
    const std::vector<std::string> payloads = {
        id + ":042:1767225600000:1:h1",
        id + ":+42:1767225600000:1:h1",
        id + ":42:01767225600000:1:h1",
        id + ":42:-1:1:h1",
        id + ":42:1767225600000:0:h1",
        id + ":42:1767225600000:01:h1",
        id + ":42:1767225600000:4294967296:h1",
        id + ":18446744073709551616:1767225600000:1:h1",
        id + ":42:1767225600000:1:h.1",
        id + ":42:1767225600000:1:",
        id + ":42:1767225600000:1",
        id + ": 42:1767225600000:1:h1",
        "00112233-4455-4677-8899-AABBCCDDEEFF:42:1767225600000:1:h1"};
    for (const std::string& payload : payloads) {
        EXPECT_EQ(ring_.verify(payload + ":" + tag).status, VerifyStatus::malformed) << payload;
    }
    std::string upper_tag(kFixedHmacCode);
    upper_tag.back() = 'F';
    EXPECT_EQ(ring_.verify(upper_tag).status, VerifyStatus::malformed);
    EXPECT_EQ(ring_.verify(std::string(kFixedHmacCode) + ":").status, VerifyStatus::malformed);
    EXPECT_EQ(ring_.verify(std::string(kFixedHmacCode) + "0").status, VerifyStatus::malformed);
}

TEST_F(Tampering, CodeSignedByAnotherKeyWithTheSameIdIsABadSignature) {
    // Same ids, different secrets: a forger who guesses the id gains nothing.
    const Keyring other = Keyring::parse(
        "h1 hmac active AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
        "e1 ed25519 active ISEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\n");
    for (CodeFormat format : {CodeFormat::hmac, CodeFormat::ed25519}) {
        const std::string forged = other.issue(format, fixed_claims());
        EXPECT_EQ(ring_.verify(forged).status, VerifyStatus::bad_signature) << forged;
    }
}

TEST_F(Tampering, UnknownKeyIdIsUnknownKey) {
    const Keyring other = Keyring::generate();
    for (CodeFormat format : {CodeFormat::hmac, CodeFormat::ed25519}) {
        const VerifyResult result = ring_.verify(other.issue(format, fixed_claims()));
        EXPECT_EQ(result.status, VerifyStatus::unknown_key);
        EXPECT_EQ(result.format, format);
    }
}

}  // namespace
}  // namespace seat::tickets
