// Proves that both code formats are exactly what docs/tickets.md says: the fixed
// keys and claims produce the documented codes byte for byte (vectors computed
// independently), those codes verify with the documented claims, and ticket ids
// and key ids accept only their one canonical spelling.
#include <gtest/gtest.h>

#include "tests/tickets/fixed_keys.h"
#include "tickets/keyring.h"
#include "tickets/public_keyring.h"

namespace seat::tickets {
namespace {

using testing::fixed_claims;
using testing::kFixedEd25519Code;
using testing::kFixedHmacCode;
using testing::kFixedKeyFile;
using testing::kFixedPublicKeyFile;

TEST(CodeVectors, HmacCodeIsTheDocumentedString) {
    const Keyring ring = Keyring::parse(kFixedKeyFile);
    EXPECT_EQ(ring.issue(CodeFormat::hmac, fixed_claims()), kFixedHmacCode);
}

TEST(CodeVectors, Ed25519CodeIsTheDocumentedString) {
    const Keyring ring = Keyring::parse(kFixedKeyFile);
    EXPECT_EQ(ring.issue(CodeFormat::ed25519, fixed_claims()), kFixedEd25519Code);
}

TEST(CodeVectors, BothVectorsVerifyWithTheirClaims) {
    const Keyring ring = Keyring::parse(kFixedKeyFile);
    const VerifyResult hmac = ring.verify(kFixedHmacCode);
    EXPECT_EQ(hmac.status, VerifyStatus::ok);
    EXPECT_EQ(hmac.format, CodeFormat::hmac);
    EXPECT_EQ(hmac.key_id, "h1");
    EXPECT_EQ(hmac.claims, fixed_claims());

    const VerifyResult ed = ring.verify(kFixedEd25519Code);
    EXPECT_EQ(ed.status, VerifyStatus::ok);
    EXPECT_EQ(ed.format, CodeFormat::ed25519);
    EXPECT_EQ(ed.key_id, "e1");
    EXPECT_EQ(ed.claims, fixed_claims());
}

TEST(CodeVectors, PublicKeysOfTheFixedKeyringAreTheDocumentedOnes) {
    const Keyring ring = Keyring::parse(kFixedKeyFile);
    const PublicKeyring expected = PublicKeyring::parse(kFixedPublicKeyFile);
    EXPECT_EQ(ring.public_keys().to_text(), expected.to_text());
}

TEST(CodeVectors, LargestClaimsRoundTripInBothFormats) {
    Keyring ring = Keyring::parse(kFixedKeyFile);
    TicketClaims claims = fixed_claims();
    claims.event_id = UINT64_MAX;
    claims.issued_at_ms = INT64_MAX;
    claims.version = UINT32_MAX;
    for (CodeFormat format : {CodeFormat::hmac, CodeFormat::ed25519}) {
        const std::string code = ring.issue(format, claims);
        EXPECT_LE(code.size(), kCodeBytesMax);
        const VerifyResult result = ring.verify(code);
        EXPECT_EQ(result.status, VerifyStatus::ok) << code;
        EXPECT_EQ(result.claims, claims);
    }
}

TEST(CodeVectors, InvalidClaimsAreNotIssued) {
    const Keyring ring = Keyring::parse(kFixedKeyFile);
    TicketClaims claims = fixed_claims();
    claims.version = 0;
    EXPECT_THROW(ring.issue(CodeFormat::hmac, claims), std::invalid_argument);
    claims = fixed_claims();
    claims.issued_at_ms = -1;
    EXPECT_THROW(ring.issue(CodeFormat::ed25519, claims), std::invalid_argument);
}

TEST(TicketIdText, OnlyTheLowercaseDashedFormParses) {
    const auto id = parse_ticket_id("00112233-4455-4677-8899-aabbccddeeff");
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ((*id)[0], 0x00);
    EXPECT_EQ((*id)[15], 0xff);
    EXPECT_EQ(format_ticket_id(*id), "00112233-4455-4677-8899-aabbccddeeff");
    for (std::string_view bad :
         {"00112233-4455-4677-8899-AABBCCDDEEFF", "00112233445546778899aabbccddeeff",
          "{00112233-4455-4677-8899-aabbccddeeff}", "00112233-4455-4677-8899-aabbccddeef",
          "001122334-455-4677-8899-aabbccddeeff", "00112233-4455-4677-8899-aabbccddeeg0", ""}) {
        EXPECT_FALSE(parse_ticket_id(bad).has_value()) << bad;
    }
}

// The halves are how the server's and the client's Id128 hold a UUID
// (docs/protocol.md: the first 8 bytes, big-endian, are `hi`).
TEST(TicketIdText, HalvesAreTheUuidsBigEndianQuarters) {
    const auto id = parse_ticket_id("00112233-4455-4677-8899-aabbccddeeff");
    ASSERT_TRUE(id.has_value());
    const TicketIdHalves h = halves_of(*id);
    EXPECT_EQ(h.hi, 0x0011223344554677u);
    EXPECT_EQ(h.lo, 0x8899aabbccddeeffu);
    EXPECT_EQ(ticket_id_of(h), *id);
}

TEST(KeyIds, CharsetAndLength) {
    EXPECT_TRUE(is_valid_key_id("h1"));
    EXPECT_TRUE(is_valid_key_id("A-z_09"));
    EXPECT_TRUE(is_valid_key_id(std::string(kKeyIdBytesMax, 'k')));
    EXPECT_FALSE(is_valid_key_id(""));
    EXPECT_FALSE(is_valid_key_id(std::string(kKeyIdBytesMax + 1, 'k')));
    for (std::string_view bad : {"a:b", "a b", "a.b", "a/b", "é"}) {
        EXPECT_FALSE(is_valid_key_id(bad)) << bad;
    }
}

TEST(Names, StatusesAndFormats) {
    EXPECT_EQ(to_string(VerifyStatus::ok), "ok");
    EXPECT_EQ(to_string(VerifyStatus::malformed), "malformed");
    EXPECT_EQ(to_string(VerifyStatus::unknown_key), "unknown_key");
    EXPECT_EQ(to_string(VerifyStatus::retired_key), "retired_key");
    EXPECT_EQ(to_string(VerifyStatus::bad_signature), "bad_signature");
    EXPECT_EQ(to_string(VerifyStatus::needs_online), "needs_online");
    EXPECT_EQ(to_string(CodeFormat::hmac), "hmac");
    EXPECT_EQ(to_string(CodeFormat::ed25519), "ed25519");
    EXPECT_EQ(parse_code_format("ed25519"), CodeFormat::ed25519);
    EXPECT_EQ(parse_code_format("HMAC"), std::nullopt);
}

}  // namespace
}  // namespace seat::tickets
