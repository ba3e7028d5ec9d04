// Proves that every wire status code has its name (the schema's own) and a
// sentence for people, that names parse back to their codes, and that a code
// this build does not know reads as unknown instead of failing.
#include <gtest/gtest.h>

#include <string_view>

#include "protocol/status_text.h"

namespace seat::protocol {
namespace {

TEST(StatusText, EveryCodeHasTheSchemasNameAndASentence) {
    for (const wire::StatusCode code : wire::EnumValuesStatusCode()) {
        const std::string_view name = status_name(code);
        EXPECT_EQ(name, std::string_view(wire::EnumNameStatusCode(code)));
        EXPECT_EQ(parse_status_name(name), code) << name;
        EXPECT_NE(describe_status(code), "unknown status") << name;
        EXPECT_FALSE(describe_status(code).empty()) << name;
    }
}

TEST(StatusText, UnknownCodesAndNamesAreReportedAsUnknown) {
    const auto next =
        static_cast<std::uint16_t>(static_cast<std::uint16_t>(wire::StatusCode::MAX) + 1);
    EXPECT_EQ(status_name(next), "unknown_status");
    EXPECT_EQ(describe_status(next), "unknown status");
    EXPECT_EQ(parse_status_name("no_such_status"), std::nullopt);
}

}  // namespace
}  // namespace seat::protocol
