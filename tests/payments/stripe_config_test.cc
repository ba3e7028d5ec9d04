// Proves the adapter's configuration is read strictly at construction: base
// URLs (scheme, host, port, the Host header) with typos refused, and the
// secret file trimmed, refused when empty or holding line breaks inside, and
// never quoted in an error; an answer that echoes the secret is redacted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "server/payments/http/base_url.h"
#include "server/payments/stripe/secret_file.h"

namespace seat::payments {
namespace {

using http::parse_base_url;

TEST(BaseUrl, ReadsSchemeHostAndPort) {
    http::BaseUrl u = parse_base_url("https://api.stripe.com");
    EXPECT_TRUE(u.tls);
    EXPECT_EQ(u.host, "api.stripe.com");
    EXPECT_EQ(u.port, "443");
    EXPECT_EQ(u.host_header, "api.stripe.com");
    u = parse_base_url("http://127.0.0.1:7490/");
    EXPECT_FALSE(u.tls);
    EXPECT_EQ(u.host, "127.0.0.1");
    EXPECT_EQ(u.port, "7490");
    EXPECT_EQ(u.host_header, "127.0.0.1:7490");
    u = parse_base_url("http://[::1]:8080");
    EXPECT_EQ(u.host, "::1");
    EXPECT_EQ(u.host_header, "[::1]:8080");
}

TEST(BaseUrl, RefusesWhatIsNotABaseUrl) {
    for (const char* bad :
         {"api.stripe.com", "ftp://x", "https://", "https://a/v1", "https://user@a", "http://a:0",
          "http://a:99999", "http://a:b", "http://a b", "http://a?x", "http://a:1:2"})
        EXPECT_THROW(parse_base_url(bad), std::invalid_argument) << bad;
}

class SecretFile : public ::testing::Test {
  protected:
    std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("seat-secret-" + std::to_string(::getpid()));
    void write(const std::string& text) { std::ofstream(file, std::ios::binary) << text; }
    void TearDown() override { std::filesystem::remove(file); }
};

TEST_F(SecretFile, IsTrimmed) {
    write("  sk_test_abc123\n\n");
    EXPECT_EQ(stripe::read_secret_file(file), "sk_test_abc123");
}

TEST_F(SecretFile, RefusalsNameTheFileButNeverTheContent) {
    write("sk_test_abc\r\nX-Injected: 1\n");
    try {
        stripe::read_secret_file(file);
        FAIL() << "a secret with a line break inside was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos);
        EXPECT_EQ(std::string(e.what()).find("sk_test"), std::string::npos) << e.what();
    }
    write(" \n\t");
    EXPECT_THROW(stripe::read_secret_file(file), std::runtime_error);
    EXPECT_THROW(stripe::read_secret_file(file.string() + ".missing"), std::runtime_error);
}

TEST(Redaction, ReplacesEveryOccurrence) {
    std::string text = "Invalid API Key provided: sk_x; again sk_x.";
    stripe::redact_secret(text, "sk_x");
    EXPECT_EQ(text, "Invalid API Key provided: [secret]; again [secret].");
}

}  // namespace
}  // namespace seat::payments
