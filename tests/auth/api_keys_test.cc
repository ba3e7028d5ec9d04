// Proves the keys file's grammar (docs/security.md): organizers name event
// ranges, a key's scope is every event, a list, or an organizer's; names give
// principals their identity (keys sharing one share their bound ids); every
// malformed line is refused with its number and why; and the lookup finds the
// principal of exactly the key presented.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server/auth/api_keys.h"

namespace seat::server {
namespace {

const std::array<std::uint8_t, 32> kSecret{42};

std::filesystem::path write_file(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::path(::testing::TempDir()) /
                      ("seatd-keys-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path) << text;
    return path;
}

TEST(EventScopes, ParseRangesAndListsAndRefuseNonsense) {
    EventScope s = EventScope::all();
    std::string error;
    ASSERT_TRUE(EventScope::parse("500,1-99,100", s, error)) << error;
    EXPECT_TRUE(s.contains(1) && s.contains(99) && s.contains(100) && s.contains(500));
    EXPECT_FALSE(s.contains(101) || s.contains(499) || s.contains(0) || s.contains(501));
    EXPECT_EQ(s.to_string(), "1-100,500");  // merged
    ASSERT_TRUE(EventScope::parse("*", s, error));
    EXPECT_TRUE(s.is_all() && s.contains(123456789));
    for (const char* bad :
         {"", "0", "5-1", "a", "1-", "-3", "1,,2", "1-2-3", "18446744073709551616"})
        EXPECT_FALSE(EventScope::parse(bad, s, error)) << bad;
}

TEST(ApiKeysFile, OrganizersScopesAndNames) {
    const auto path = write_file("ok", R"(# a comment
organizer acme 100-199,500
admin admin-key-0123456789
app   acme-key-0123456789 name=acme-web organizer=acme
app   acme-key-2-0123456789 name=acme-web organizer=acme
scanner gate-key-0123456789 events=100
)");
    ApiKeys keys(kSecret);
    std::string error;
    ASSERT_TRUE(keys.load(path, error)) << error;
    EXPECT_EQ(keys.size(), 4u);
    const Principal* admin = keys.find("admin-key-0123456789");
    ASSERT_NE(admin, nullptr);
    EXPECT_TRUE(admin->scope.is_all());
    EXPECT_EQ(admin->role, wire::Role::admin);
    const Principal* acme = keys.find("acme-key-0123456789");
    ASSERT_NE(acme, nullptr);
    EXPECT_EQ(acme->name, "acme-web");
    EXPECT_TRUE(acme->scope.contains(150) && acme->scope.contains(500));
    EXPECT_FALSE(acme->scope.contains(200));
    const Principal* acme2 = keys.find("acme-key-2-0123456789");
    ASSERT_NE(acme2, nullptr);
    EXPECT_NE(acme, acme2);
    EXPECT_EQ(acme->binding.bind({1, 2}), acme2->binding.bind({1, 2}));  // same name
    EXPECT_NE(acme->binding.bind({1, 2}), admin->binding.bind({1, 2}));
    const Principal* gate = keys.find("gate-key-0123456789");
    ASSERT_NE(gate, nullptr);
    EXPECT_EQ(gate->role, wire::Role::scanner);
    EXPECT_EQ(gate->scope.to_string(), "100");
    EXPECT_EQ(keys.find("unknown-key-0123456789"), nullptr);
    EXPECT_EQ(keys.find(""), nullptr);
    std::filesystem::remove(path);
}

TEST(ApiKeysFile, MalformedLinesAreRefusedWithTheirNumber) {
    const std::pair<const char*, const char*> cases[] = {
        {"app k-0123456789012345 organizer=nobody\n",
         "line 1: organizer \"nobody\" is not defined"},
        {"organizer acme 1-9\norganizer acme 10\n", "line 2: organizer \"acme\" is defined twice"},
        {"organizer acme *\n", "line 1: an organizer owns a list of events"},
        {"app k-0123456789012345 events=0\n", "line 1: events:"},
        {"app k-0123456789012345 events=1 organizer=x\n", "line 1: give one of events="},
        {"app k-0123456789012345 colour=blue\n", "line 1: unknown option \"colour=blue\""},
        {"app short\n", "line 1: a key must be"},
        {"root k-0123456789012345\n", "line 1: unknown role \"root\""},
        {"app k-0123456789012345\napp k-0123456789012345\n", "line 2: the key is listed twice"},
    };
    for (const auto& [text, expected] : cases) {
        const auto path = write_file("bad", text);
        ApiKeys keys(kSecret);
        std::string error;
        EXPECT_FALSE(keys.load(path, error)) << text;
        EXPECT_NE(error.find(expected), std::string::npos) << error;
        std::filesystem::remove(path);
    }
}

}  // namespace
}  // namespace seat::server
