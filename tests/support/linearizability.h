// A linearizability checker for histories of seat operations: is there one order
// of the operations, consistent with real time (an operation that answered before
// another was invoked comes first), in which every answer is what a single seat
// map would have answered? The search is Wing & Gong's with Lowe's memoization
// (G. Lowe, "Testing for linearizability", 2017; the algorithm of porcupine): take
// any operation that is invoked before every pending one answered, apply it to the
// model, and backtrack when an operation's answer time passes while it is still
// unplaced; a (set of operations placed, model state) pair seen once is never
// explored again. It is exact: no decomposition, since a hold is atomic across its
// seats and a read sees a whole section at one instant (a per-seat split would
// miss a refused two-seat hold whose seats were each free at some moment, but
// never both at once).
//
// The model: each seat is available, held by one hold, or sold. A hold succeeds
// only if all its seats are available, and then holds them all; it is refused only
// if one of them is not. Releasing a live hold makes its seats available, buying
// one makes them sold; either is refused only when the hold is not live (never
// placed, released or bought). A read shows each seat's status. An operation with
// an unknown outcome (the connection broke, the server was killed) took effect
// once or not at all, at some moment between its invocation and `responded`, which
// for it is the latest moment it could still take effect: the kill of the server
// that received it, or kNever.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace seat::testing::lin {

enum class Kind : std::uint8_t { hold, release, purchase, read };
enum class Outcome : std::uint8_t { ok, refused, unknown };
enum class Seen : std::uint8_t { available, held, sold };

// Nanoseconds on one monotonic clock.
using Nanos = std::int64_t;
inline constexpr Nanos kNever = std::numeric_limits<Nanos>::max();

struct Operation {
    int client = 0;
    Kind kind = Kind::hold;
    Outcome outcome = Outcome::ok;
    std::vector<std::uint32_t> seats;  // hold: the seats asked for; read: the seats read
    std::uint64_t hold = 0;            // hold ok: the id it got; release, purchase: the hold named
    std::vector<Seen> seen;            // read: what seats[i] showed
    Nanos invoked = 0;
    Nanos responded = 0;  // the answer; for an unknown outcome, the last moment it could act
};

const char* to_string(Kind k);
const char* to_string(Outcome o);
// "client 2 hold [3 4] -> ok hold 0x100000002, 1.250..1.262 ms".
std::string describe(const Operation& op);

struct CheckLimits {
    // Distinct (placed operations, model state) pairs before giving up as inconclusive.
    std::uint64_t states_max = 2'000'000;
};

struct CheckResult {
    enum class Verdict { linearizable, not_linearizable, inconclusive };
    Verdict verdict = Verdict::linearizable;
    std::uint64_t states = 0;  // pairs explored
    // Why not (or why inconclusive): the operation no order could place, the model
    // at the deepest point the search reached, and the operations placed last.
    std::string explanation;
    bool linearizable() const { return verdict == Verdict::linearizable; }
};

// `seat_count` seats, numbered from 0; every seat an operation names must be below it.
CheckResult check(const std::vector<Operation>& history, std::uint32_t seat_count,
                  const CheckLimits& limits = {});

}  // namespace seat::testing::lin
