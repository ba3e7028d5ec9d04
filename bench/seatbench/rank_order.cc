// Knight's algorithm: sort by (x, y), so that pairs tied in x are already in y
// order, then merge-sort by y counting the pairs a merge moves past each other:
// exactly the pairs with x_i < x_j and y_i > y_j (the discordant ones). The
// tie counts come from runs of equal values in the two sorted orders.
#include "bench/seatbench/rank_order.h"

#include <algorithm>
#include <cmath>

namespace seat::bench {
namespace {

// Sorts `v` by y and returns the pairs it had in strictly decreasing y order.
std::uint64_t sort_counting_discordant(std::vector<RankPair>& v) {
    std::vector<RankPair> buf(v.size());
    std::uint64_t discordant = 0;
    for (std::size_t width = 1; width < v.size(); width *= 2) {
        for (std::size_t lo = 0; lo < v.size(); lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, v.size());
            const std::size_t hi = std::min(lo + 2 * width, v.size());
            std::size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (v[j].y < v[i].y) {
                    discordant += mid - i;  // v[j] passes every item left in the left run
                    buf[k++] = v[j++];
                } else {
                    buf[k++] = v[i++];
                }
            }
            while (i < mid)
                buf[k++] = v[i++];
            while (j < hi)
                buf[k++] = v[j++];
        }
        v.swap(buf);
    }
    return discordant;
}

// Pairs within runs of equal values under `same` in sorted `v`.
template <typename Same>
std::uint64_t tied_pairs(const std::vector<RankPair>& v, Same same) {
    std::uint64_t pairs = 0, run = 1;
    for (std::size_t i = 1; i <= v.size(); ++i) {
        if (i < v.size() && same(v[i - 1], v[i])) {
            ++run;
            continue;
        }
        pairs += run * (run - 1) / 2;
        run = 1;
    }
    return pairs;
}

void sort_by_x_then_y(std::vector<RankPair>& v) {
    std::sort(v.begin(), v.end(), [](const RankPair& a, const RankPair& b) {
        return a.x != b.x ? a.x < b.x : a.y < b.y;
    });
}

}  // namespace

std::uint64_t count_inversions(std::vector<RankPair> pairs) {
    sort_by_x_then_y(pairs);
    return sort_counting_discordant(pairs);
}

std::optional<double> kendall_tau_b(std::vector<RankPair> pairs) {
    const std::uint64_t n = pairs.size();
    if (n < 2) return std::nullopt;
    sort_by_x_then_y(pairs);
    const std::uint64_t tied_x =
        tied_pairs(pairs, [](const RankPair& a, const RankPair& b) { return a.x == b.x; });
    const std::uint64_t tied_xy = tied_pairs(
        pairs, [](const RankPair& a, const RankPair& b) { return a.x == b.x && a.y == b.y; });
    const std::uint64_t discordant = sort_counting_discordant(pairs);
    const std::uint64_t tied_y =
        tied_pairs(pairs, [](const RankPair& a, const RankPair& b) { return a.y == b.y; });
    const std::uint64_t all = n * (n - 1) / 2;
    if (tied_x == all || tied_y == all) return std::nullopt;
    // concordant - discordant = all - tied_x - tied_y + tied_xy - 2 discordant
    const double numerator = static_cast<double>(all) - static_cast<double>(tied_x) -
                             static_cast<double>(tied_y) + static_cast<double>(tied_xy) -
                             2.0 * static_cast<double>(discordant);
    const double denominator =
        std::sqrt(static_cast<double>(all - tied_x)) * std::sqrt(static_cast<double>(all - tied_y));
    return numerator / denominator;
}

}  // namespace seat::bench
