// Proves replay equality: for seeded random command sequences (thousands of
// commands over many sessions, tickets admitted, reissued and cancelled, offered,
// claimed, listed and resold included)
// the state rebuilt from the facts, with or without an intermediate snapshot
// image, equals the live state exactly.
#include <gtest/gtest.h>

#include <cstdio>

#include "tests/engine/fixture.h"
#include "tests/engine/random_driver.h"
#include "venues/generators.h"

namespace seat::testing {
namespace {

struct RandomRun {
    EventState live;
    FactBuffer log;
    DriverStats stats;
};

RandomRun random_run(std::shared_ptr<const Venue> venue, std::uint64_t seed, std::size_t commands,
                     std::size_t sessions, std::size_t hot_seats = 0) {
    RandomRun run;
    Rng rng(seed);
    UnixMillis now = 1'800'000'000'000;
    SaleSettings settings;
    settings.hold_ttl_ms = 120'000;
    settings.checkout_ttl_ms = 300'000;
    settings.transfers.offer_ttl_ms = 3'600'000;  // offers expire within the run too
    EXPECT_TRUE(execute(run.live, CreateEvent{seed, venue, settings}, now, rng, run.log).ok());
    RandomDriver driver(seed * 31 + 1, sessions, hot_seats);
    for (std::size_t i = 0; i < commands; ++i)
        driver.step(run.live, now, rng, run.log);
    run.stats = driver.stats;
    return run;
}

class ReplayEquality : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(ReplayEquality, LogRebuildsTheLiveStateWithAndWithoutSnapshots) {
    const std::uint64_t seed = GetParam();
    auto venue = std::make_shared<const Venue>(seat::make_theatre());
    RandomRun run = random_run(venue, seed, 5000, 60, /*hot_seats=*/120);
    ASSERT_GT(run.stats.purchases_ok, 10u);
    ASSERT_GT(run.stats.holds_refused, 10u);
    std::printf("[ info ] admits %zu reissues %zu cancels %zu refused %zu\n", run.stats.admits_ok,
                run.stats.reissues_ok, run.stats.cancels_ok, run.stats.ticket_refusals);
    ASSERT_GT(run.stats.admits_ok, 5u);
    ASSERT_GT(run.stats.reissues_ok, 5u);
    ASSERT_GT(run.stats.cancels_ok, 5u);
    ASSERT_GT(run.stats.ticket_refusals, 5u);
    std::printf("[ info ] checkouts sold %zu declined %zu compensated %zu\n",
                run.stats.checkouts_sold, run.stats.checkouts_declined,
                run.stats.checkouts_compensated);
    ASSERT_GT(run.stats.checkouts_sold, 5u);
    ASSERT_GT(run.stats.checkouts_declined, 0u);
    ASSERT_GT(run.stats.checkouts_compensated, 0u);
    std::printf(
        "[ info ] offers %zu claimed %zu withdrawn %zu listings %zu sold %zu delisted %zu "
        "payouts settled %zu refused %zu\n",
        run.stats.offers_made, run.stats.offers_claimed, run.stats.offers_withdrawn,
        run.stats.listings_made, run.stats.listings_sold, run.stats.listings_delisted,
        run.stats.payouts_settled, run.stats.transfer_refusals);
    ASSERT_GT(run.stats.offers_claimed, 2u);
    ASSERT_GT(run.stats.offers_withdrawn, 2u);
    ASSERT_GT(run.stats.listings_sold, 2u);
    ASSERT_GT(run.stats.listings_delisted, 0u);
    ASSERT_GT(run.stats.payouts_settled, 0u);
    ASSERT_GT(run.stats.transfer_refusals, 5u);
    ASSERT_EQ(run.live.check_invariants(), "");
    const EventImage live = run.live.image();

    EventState replayed;
    for (const Fact& f : run.log)
        seat::apply(replayed, f);
    EXPECT_TRUE(same_state(replayed.image(), live)) << "plain replay differs";
    EXPECT_EQ(replayed.totals(), run.live.totals());

    // A snapshot taken at several points, then the rest of the log.
    for (std::size_t cut : {std::size_t{1}, run.log.size() / 3, run.log.size() - 1}) {
        EventState prefix;
        for (std::size_t i = 0; i < cut; ++i)
            seat::apply(prefix, run.log[i]);
        EventState restored = EventState::from_image(prefix.image());
        for (std::size_t i = cut; i < run.log.size(); ++i)
            seat::apply(restored, run.log[i]);
        EXPECT_TRUE(same_state(restored.image(), live)) << "snapshot at fact " << cut << " differs";
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ReplayEquality, ::testing::Values(1, 2, 3, 17, 99, 12345));

TEST(ReplayEqualityStadium, LargeVenueManySessions) {
    auto venue = std::make_shared<const Venue>(make_stadium());
    RandomRun run = random_run(venue, 4242, 20000, 2000);
    EventState replayed;
    for (const Fact& f : run.log)
        seat::apply(replayed, f);
    EXPECT_TRUE(same_state(replayed.image(), run.live.image()));
    EXPECT_EQ(replayed.check_invariants(), "");
}

}  // namespace
}  // namespace seat::testing
