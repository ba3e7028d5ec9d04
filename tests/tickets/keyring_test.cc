// Proves the key lifecycle and the key file: generated keyrings issue and verify
// both formats; rotation keeps old codes valid under a `verify` key while new
// codes use the new key; retiring refuses old codes (and the active key cannot be
// retired); the text and file forms round-trip, files are written 0600; and parse
// errors name the line without ever quoting secret bytes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/tickets/fixed_keys.h"
#include "tickets/keyring.h"

namespace seat::tickets {
namespace {

using testing::fixed_claims;
using ::testing::HasSubstr;
using testing::kFixedKeyFile;
using ::testing::Not;

// A fresh directory under /tmp, removed with its contents at the end of a test.
class TempDir {
  public:
    TempDir() {
        std::string pattern = "/tmp/seat_tickets_test.XXXXXX";
        path_ = ::mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

std::string parse_error(std::string_view text) {
    try {
        Keyring::parse(text);
    } catch (const KeyFileError& error) {
        return error.what();
    }
    return "no error";
}

TEST(Keyring, GeneratedHasOneActiveKeyPerFormat) {
    const Keyring ring = Keyring::generate();
    const std::vector<KeyInfo> keys = ring.keys();
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys[0].format, CodeFormat::hmac);
    EXPECT_THAT(keys[0].id, ::testing::MatchesRegex("h-[0-9a-f]{8}"));
    EXPECT_EQ(keys[1].format, CodeFormat::ed25519);
    EXPECT_THAT(keys[1].id, ::testing::MatchesRegex("e-[0-9a-f]{8}"));
    for (const KeyInfo& key : keys)
        EXPECT_EQ(key.state, KeyState::active);
    for (CodeFormat format : {CodeFormat::hmac, CodeFormat::ed25519}) {
        const VerifyResult result = ring.verify(ring.issue(format, fixed_claims()));
        EXPECT_EQ(result.status, VerifyStatus::ok);
        EXPECT_EQ(result.claims, fixed_claims());
    }
    EXPECT_NE(Keyring::generate().to_text(), ring.to_text());
}

TEST(Keyring, RotationKeepsOldCodesAndRetirementRefusesThem) {
    for (CodeFormat format : {CodeFormat::hmac, CodeFormat::ed25519}) {
        Keyring ring = Keyring::generate();
        const std::string old_code = ring.issue(format, fixed_claims());
        const std::string old_id = ring.verify(old_code).key_id;

        const std::string new_id = ring.rotate(format);
        EXPECT_NE(new_id, old_id);
        const VerifyResult old_result = ring.verify(old_code);
        EXPECT_EQ(old_result.status, VerifyStatus::ok);
        EXPECT_EQ(old_result.key_id, old_id);
        const std::string new_code = ring.issue(format, fixed_claims());
        EXPECT_EQ(ring.verify(new_code).key_id, new_id);
        EXPECT_EQ(ring.verify(new_code).status, VerifyStatus::ok);

        for (const KeyInfo& key : ring.keys()) {
            if (key.id == old_id) {
                EXPECT_EQ(key.state, KeyState::verify);
            } else {
                EXPECT_EQ(key.state, KeyState::active);
            }
        }

        ring.retire(old_id);
        EXPECT_EQ(ring.verify(old_code).status, VerifyStatus::retired_key);
        EXPECT_EQ(ring.verify(new_code).status, VerifyStatus::ok);
        EXPECT_THROW(ring.retire(new_id), KeyFileError);
        EXPECT_THROW(ring.retire("no-such-key"), KeyFileError);
    }
}

TEST(Keyring, RotatingOneFormatLeavesTheOtherAlone) {
    Keyring ring = Keyring::generate();
    const std::string ed_code = ring.issue(CodeFormat::ed25519, fixed_claims());
    ring.rotate(CodeFormat::hmac);
    EXPECT_EQ(ring.issue(CodeFormat::ed25519, fixed_claims()), ed_code);
}

TEST(Keyring, IssuingWithoutAnActiveKeyThrows) {
    const Keyring ring =
        Keyring::parse("h1 hmac verify AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
    EXPECT_THROW(ring.issue(CodeFormat::hmac, fixed_claims()), KeyFileError);
    EXPECT_THROW(ring.issue(CodeFormat::ed25519, fixed_claims()), KeyFileError);
    EXPECT_EQ(ring.verify(testing::kFixedHmacCode).status, VerifyStatus::ok);
}

TEST(Keyring, KeyOfTheOtherFormatIsUnknown) {
    // An HMAC code naming the ed25519 key's id must not be checked with that key.
    const Keyring ring = Keyring::parse(kFixedKeyFile);
    const Keyring renamed =
        Keyring::parse("e1 hmac active AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
    EXPECT_EQ(ring.verify(renamed.issue(CodeFormat::hmac, fixed_claims())).status,
              VerifyStatus::unknown_key);
}

TEST(Keyring, TextRoundTrip) {
    Keyring ring = Keyring::generate();
    ring.rotate(CodeFormat::ed25519);
    ring.rotate(CodeFormat::hmac);
    ring.retire(ring.keys()[0].id);
    const Keyring again = Keyring::parse(ring.to_text());
    EXPECT_EQ(again.keys(), ring.keys());
    EXPECT_EQ(again.to_text(), ring.to_text());
    const std::string code = ring.issue(CodeFormat::ed25519, fixed_claims());
    EXPECT_EQ(again.issue(CodeFormat::ed25519, fixed_claims()), code);
}

TEST(Keyring, SaveAndLoadRoundTripWithMode0600) {
    const TempDir dir;
    const std::filesystem::path path = dir.path() / "tickets.keys";
    const Keyring ring = Keyring::generate();
    ring.save(path);
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    EXPECT_EQ(Keyring::load(path).to_text(), ring.to_text());

    // Saving again replaces the file whole and leaves no temporary file behind.
    const Keyring other = Keyring::generate();
    other.save(path);
    EXPECT_EQ(Keyring::load(path).to_text(), other.to_text());
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                            std::filesystem::directory_iterator()),
              1);
}

TEST(Keyring, LoadErrorsNameTheFileAndLine) {
    const TempDir dir;
    const std::filesystem::path path = dir.path() / "bad.keys";
    std::ofstream(path)
        << "# comment\n\nh1 hmac sometimes AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n";
    try {
        Keyring::load(path);
        FAIL() << "no error";
    } catch (const KeyFileError& error) {
        EXPECT_THAT(error.what(), HasSubstr(path.string()));
        EXPECT_THAT(error.what(), HasSubstr("line 3"));
    }
    EXPECT_THROW(Keyring::load(dir.path() / "missing.keys"), KeyFileError);
    EXPECT_THROW(Keyring().save(dir.path() / "no" / "such" / "dir"), KeyFileError);
}

TEST(Keyring, ParseErrorsNameTheLineAndNeverTheSecret) {
    const std::string secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXh5eno=";  // 32 bytes
    const std::string good = "h1 hmac active " + secret + "\n";
    ASSERT_EQ(Keyring::parse(good).keys().size(), 1u);
    const struct {
        std::string text;
        std::string line;
    } cases[] = {
        {"#\n" + secret + "\n", "line 2"},
        {"h1 hmac active " + secret + " extra\n", "line 1"},
        {"\n\n\nh:1 hmac active " + secret + "\n", "line 4"},
        {"h1 rsa active " + secret + "\n", "line 1"},
        {"h1 hmac on " + secret + "\n", "line 1"},
        {"h1 hmac active " + secret.substr(0, 40) + "\n", "line 1"},
        {"h1 hmac active " + secret.substr(1) + "\n", "line 1"},
        {"h1 hmac active " + secret + "AAAA\n", "line 1"},
        {good + "h1 hmac verify " + secret + "\n", "line 2"},
        {good + "h2 hmac active " + secret + "\n", "line 2"},
        {secret + " hmac active " + secret + "\n", "line 1"},
        {"h1 " + secret + " active " + secret + "\n", "line 1"},
        {"h1 hmac " + secret + " " + secret + "\n", "line 1"},
    };
    for (const auto& c : cases) {
        const std::string error = parse_error(c.text);
        EXPECT_THAT(error, HasSubstr(c.line)) << c.text;
        EXPECT_THAT(error, Not(HasSubstr(secret.substr(4, 16)))) << error;
    }
}

TEST(Keyring, CommentsBlankLinesAndTabsAreAllowed) {
    const Keyring ring = Keyring::parse(
        "# seatd keys\n\n   \n  # indented comment\n"
        "h1\thmac  active\tAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\r\n");
    EXPECT_EQ(ring.verify(testing::kFixedHmacCode).status, VerifyStatus::ok);
}

}  // namespace
}  // namespace seat::tickets
