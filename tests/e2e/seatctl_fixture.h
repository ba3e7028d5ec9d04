// The fixture of the seatctl end-to-end tests: one real seatd (with the demo
// theatre as event 1) per test, and seatctl run against it as a child process
// with the admin key unless a test names another.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/e2e_helpers.h"

namespace seat::e2e {

namespace json = boost::json;

class SeatctlTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (testing::seatctl_binary().empty()) GTEST_SKIP() << "seatctl is not built";
    }

    CommandResult ctl(std::vector<std::string> args, const char* key = testing::kAdminKey) {
        std::vector<std::string> all{"--port", std::to_string(seatd_.port()), "--key", key};
        all.insert(all.end(), args.begin(), args.end());
        return run_seatctl(all);
    }

    json::object ctl_json(std::vector<std::string> args) {
        args.push_back("--json");
        const auto r = ctl(args);
        EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
        return json::parse(r.out).as_object();
    }

    testing::SeatdProcess seatd_;
};

}  // namespace seat::e2e
