// Order statistics for the waiting room's fairness figures: how many pairs two
// orders put the other way round, and Kendall's tau-b between two rankings that
// may tie. Both take O(n log n) (a merge sort counts the discordant pairs), so a
// million buyers take well under a second.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace seat::bench {

// One item ranked twice: by x and by y (smaller first).
struct RankPair {
    std::int64_t x = 0;
    std::int64_t y = 0;
};

// Pairs (i, j) with x_i < x_j but y_i > y_j. Pairs tied in x or in y are not
// inversions: two buyers admitted in the same batch are admitted together.
std::uint64_t count_inversions(std::vector<RankPair> pairs);

// Kendall's tau-b of the x order against the y order: 1 the same order, -1 the
// reverse, about 0 unrelated; ties in either are accounted for (the "b").
// nullopt with fewer than two items, or when every pair ties in x or in y.
std::optional<double> kendall_tau_b(std::vector<RankPair> pairs);

}  // namespace seat::bench
