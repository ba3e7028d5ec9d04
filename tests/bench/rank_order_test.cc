// Proves the waiting room's fairness statistics: inversions count only pairs in
// the opposite order (ties are not inversions), and Kendall's tau-b is 1 for the
// same order, -1 for the reverse, and equals the textbook O(n^2) definition on
// random rankings with many ties.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "bench/seatbench/rank_order.h"

namespace seat::bench {
namespace {

int sign(std::int64_t v) {
    return (v > 0) - (v < 0);
}

// The definition, pair by pair.
double tau_b_by_pairs(const std::vector<RankPair>& v) {
    double concordant_minus_discordant = 0, untied_x = 0, untied_y = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        for (std::size_t j = i + 1; j < v.size(); ++j) {
            const int sx = sign(v[j].x - v[i].x), sy = sign(v[j].y - v[i].y);
            concordant_minus_discordant += sx * sy;
            untied_x += sx != 0;
            untied_y += sy != 0;
        }
    }
    return concordant_minus_discordant / std::sqrt(untied_x * untied_y);
}

std::uint64_t inversions_by_pairs(const std::vector<RankPair>& v) {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < v.size(); ++i)
        for (std::size_t j = 0; j < v.size(); ++j)
            n += v[i].x < v[j].x && v[i].y > v[j].y;
    return n;
}

TEST(RankOrder, InversionsIgnoreTies) {
    // Places 1..6 admitted in batches at t = 10, 10, 20, 20, 20, 30: no inversion.
    EXPECT_EQ(count_inversions({{1, 10}, {2, 10}, {3, 20}, {4, 20}, {5, 20}, {6, 30}}), 0u);
    // Place 4 admitted before 2 and 3: two inversions.
    EXPECT_EQ(count_inversions({{1, 10}, {2, 20}, {3, 20}, {4, 15}}), 2u);
    EXPECT_EQ(count_inversions({{3, 1}, {2, 2}, {1, 3}}), 3u);
    EXPECT_EQ(count_inversions({}), 0u);
}

TEST(RankOrder, TauBOfTheSameAndTheReverseOrder) {
    std::vector<RankPair> same, reverse;
    for (int i = 0; i < 1000; ++i) {
        same.push_back({i, 3 * i});
        reverse.push_back({i, -i});
    }
    EXPECT_DOUBLE_EQ(*kendall_tau_b(same), 1.0);
    EXPECT_DOUBLE_EQ(*kendall_tau_b(reverse), -1.0);
    EXPECT_FALSE(kendall_tau_b({{1, 1}}));
    EXPECT_FALSE(kendall_tau_b({{1, 1}, {1, 2}, {1, 3}})) << "every pair ties in x";
}

TEST(RankOrder, MatchesTheDefinitionOnRandomRankingsWithTies) {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 20; ++round) {
        std::uniform_int_distribution<std::int64_t> value(0, 1 + round * 3);
        std::vector<RankPair> v(50 + round * 20);
        for (auto& p : v)
            p = {value(rng), value(rng)};
        EXPECT_EQ(count_inversions(v), inversions_by_pairs(v)) << round;
        EXPECT_NEAR(*kendall_tau_b(v), tau_b_by_pairs(v), 1e-12) << round;
    }
}

TEST(RankOrder, AShuffleIsAboutZero) {
    std::vector<RankPair> v(100'000);
    std::vector<std::int64_t> places(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        places[i] = static_cast<std::int64_t>(i);
    std::mt19937_64 rng(11);
    std::shuffle(places.begin(), places.end(), rng);
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = {static_cast<std::int64_t>(i / 100), places[i]};  // joins 100 to a millisecond
    EXPECT_NEAR(*kendall_tau_b(v), 0.0, 0.02);
}

}  // namespace
}  // namespace seat::bench
