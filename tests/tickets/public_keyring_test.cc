// Proves what an offline scanner's public keys can and cannot do: verify Ed25519
// codes (including the documented vector), say needs_online for an HMAC code
// rather than guess, refuse codes of unknown or retired keys, round-trip their
// text form, and refuse key files holding secrets' formats or retired keys.
// Issuing is impossible by construction: PublicKeyring has no issue().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <type_traits>

#include "tests/tickets/fixed_keys.h"
#include "tickets/keyring.h"
#include "tickets/public_keyring.h"

namespace seat::tickets {
namespace {

using testing::fixed_claims;
using ::testing::HasSubstr;
using testing::kFixedEd25519Code;
using testing::kFixedHmacCode;
using testing::kFixedKeyFile;
using testing::kFixedPublicKeyFile;

template <typename T>
concept CanIssue = requires(const T& keys) {
    keys.issue(CodeFormat::ed25519, TicketClaims{});
};
static_assert(CanIssue<Keyring>);
static_assert(!CanIssue<PublicKeyring>, "public keys must not be able to issue codes");

TEST(PublicKeyring, VerifiesTheDocumentedEd25519Vector) {
    const PublicKeyring keys = PublicKeyring::parse(kFixedPublicKeyFile);
    const VerifyResult result = keys.verify(kFixedEd25519Code);
    EXPECT_EQ(result.status, VerifyStatus::ok);
    EXPECT_EQ(result.key_id, "e1");
    EXPECT_EQ(result.claims, fixed_claims());
}

TEST(PublicKeyring, HmacCodesNeedTheServer) {
    const PublicKeyring keys = PublicKeyring::parse(kFixedPublicKeyFile);
    const VerifyResult result = keys.verify(kFixedHmacCode);
    EXPECT_EQ(result.status, VerifyStatus::needs_online);
    EXPECT_EQ(result.format, CodeFormat::hmac);
    EXPECT_EQ(result.claims, fixed_claims());
    EXPECT_EQ(keys.verify("not a code").status, VerifyStatus::malformed);
    EXPECT_EQ(keys.verify("").status, VerifyStatus::malformed);
}

TEST(PublicKeyring, FollowsRotationAndRetirement) {
    Keyring ring = Keyring::generate();
    const std::string old_code = ring.issue(CodeFormat::ed25519, fixed_claims());
    const std::string old_id = ring.verify(old_code).key_id;
    ring.rotate(CodeFormat::ed25519);
    const std::string new_code = ring.issue(CodeFormat::ed25519, fixed_claims());

    const PublicKeyring both = ring.public_keys();
    EXPECT_EQ(both.keys().size(), 2u);
    EXPECT_EQ(both.verify(old_code).status, VerifyStatus::ok);
    EXPECT_EQ(both.verify(new_code).status, VerifyStatus::ok);

    ring.retire(old_id);
    const PublicKeyring current = ring.public_keys();
    EXPECT_EQ(current.keys().size(), 1u);
    EXPECT_EQ(current.verify(old_code).status, VerifyStatus::unknown_key);
    EXPECT_EQ(current.verify(new_code).status, VerifyStatus::ok);
}

TEST(PublicKeyring, RefusesForgeriesAndStrangers) {
    const PublicKeyring keys = PublicKeyring::parse(kFixedPublicKeyFile);
    const Keyring stranger = Keyring::generate();
    EXPECT_EQ(keys.verify(stranger.issue(CodeFormat::ed25519, fixed_claims())).status,
              VerifyStatus::unknown_key);
    const Keyring impostor =
        Keyring::parse("e1 ed25519 active AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
    EXPECT_EQ(keys.verify(impostor.issue(CodeFormat::ed25519, fixed_claims())).status,
              VerifyStatus::bad_signature);
}

TEST(PublicKeyring, TextRoundTripHoldsNoSecrets) {
    const Keyring ring = Keyring::parse(kFixedKeyFile);
    const std::string text = ring.public_keys().to_text();
    EXPECT_THAT(text, HasSubstr("Kay64UG8yvCyLhqU000LxzYeUm0L/hLIl5S8kyKWbdc="));
    EXPECT_THAT(text, ::testing::Not(HasSubstr("ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=")));
    EXPECT_THAT(text, ::testing::Not(HasSubstr("hmac")));
    EXPECT_EQ(PublicKeyring::parse(text).to_text(), text);
}

TEST(PublicKeyring, ParseRefusesHmacAndRetiredKeys) {
    try {
        PublicKeyring::parse(std::string(kFixedPublicKeyFile) +
                             "h1 hmac verify AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
        FAIL() << "hmac key accepted";
    } catch (const KeyFileError& error) {
        EXPECT_THAT(error.what(), HasSubstr("line 2"));
    }
    EXPECT_THROW(
        PublicKeyring::parse("e0 ed25519 retired Kay64UG8yvCyLhqU000LxzYeUm0L/hLIl5S8kyKWbdc=\n"),
        KeyFileError);
    EXPECT_THROW(
        PublicKeyring::parse(std::string(kFixedPublicKeyFile) + std::string(kFixedPublicKeyFile)),
        KeyFileError);
}

}  // namespace
}  // namespace seat::tickets
