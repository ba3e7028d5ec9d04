// Runs the real seat-mapbench binary for a second a phase against a real seatd
// (SeatdProcess, seat maps rendered every second) and checks its JSON report:
// exit status 0, every phase answered only with its expected status, the 304
// phase carried no bodies, and the shards saw no request per page view (at
// most the publisher's copies, one per event per second). Speed is never
// asserted.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>

#include "tests/support/run_program.h"
#include "tests/support/seatd_process.h"

namespace seat::bench {
namespace {

namespace json = boost::json;

TEST(MapbenchRun, PhasesAnswerAsExpectedAndLeaveTheShardsAlone) {
    testing::SeatdOptions options;
    options.extra_args = {"--seatmap-interval-s", "1"};
    testing::SeatdProcess seatd(options);
    const auto r = testing::run_program(
        SEAT_MAPBENCH_BINARY,
        {"--port", std::to_string(seatd.port()), "--http-port", std::to_string(seatd.http_port()),
         "--key", testing::kAdminKey, "--venue", "theatre", "-c", "2", "--seconds", "1", "--json"},
        std::chrono::seconds(90));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const json::object report = json::parse(r.out).as_object();
    EXPECT_TRUE(report.at("passed").as_bool());
    EXPECT_GT(report.at("bytes").to_number<std::uint64_t>(),
              report.at("gzip_bytes").to_number<std::uint64_t>());
    // The publisher rendered the bench's map at least once, from a copy that
    // cost its shard thread measurable time.
    EXPECT_GE(report.at("renders").to_number<double>(), 1.0);
    EXPECT_GE(report.at("copies").to_number<double>(), 1.0);
    EXPECT_GT(report.at("copy_us_mean").to_number<double>(), 0.0);
    const json::array& phases = report.at("phases").as_array();
    ASSERT_EQ(phases.size(), 3u);
    for (const json::value& v : phases) {
        const json::object& p = v.as_object();
        const std::string name(p.at("phase").as_string());
        const auto requests = p.at("requests").to_number<std::uint64_t>();
        EXPECT_GT(requests, 0u) << name;
        EXPECT_EQ(p.at("wrong_status").to_number<std::uint64_t>(), 0u) << name;
        // Two events (the demo and the bench's), a copy each per second at most,
        // over a phase of about a second: never one per page view.
        EXPECT_LE(p.at("shard_requests").to_number<double>(), 6.0) << name;
        EXPECT_LT(p.at("shard_requests").to_number<double>(), static_cast<double>(requests))
            << name;
        if (name == "304") {
            EXPECT_EQ(p.at("body_mb_per_s").to_number<double>(), 0.0);
        }
    }
}

}  // namespace
}  // namespace seat::bench
