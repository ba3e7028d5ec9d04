// The search of linearizability.h. Operations become two entries each, a call and
// a return, sorted by time (calls before returns at equal times, which only ever
// allows more orders), in a doubly linked list. Placing an operation lifts both of
// its entries out of the list; backtracking puts them back. The model state is a
// cell per seat: 0 available, 1 sold, 2 + i held by operation i's hold.
#include "tests/support/linearizability.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_set>

namespace seat::testing::lin {
namespace {

using Cells = std::vector<std::uint32_t>;
constexpr std::uint32_t kAvailable = 0;
constexpr std::uint32_t kSold = 1;
constexpr std::uint32_t kHeldBase = 2;

struct Entry {
    Nanos time = 0;
    int op = -1;  // -1: the list's head
    bool call = false;
    int prev = 0;
    int next = 0;
    int match = 0;  // the call's return entry, the return's call entry
};

// A (placed operations, model state) pair, packed into words.
struct Key {
    std::vector<std::uint64_t> words;
    bool operator==(const Key&) const = default;
};
struct KeyHash {
    std::size_t operator()(const Key& k) const {
        std::uint64_t h = 0xcbf29ce484222325ull;
        for (std::uint64_t w : k.words) {
            h ^= w;
            h *= 0x100000001b3ull;
            h ^= h >> 29;
        }
        return static_cast<std::size_t>(h);
    }
};

class Search {
  public:
    Search(const std::vector<Operation>& history, std::uint32_t seat_count,
           const CheckLimits& limits)
        : ops_(history), seat_count_(seat_count), limits_(limits) {}

    CheckResult run() {
        CheckResult result;
        if (std::optional<std::string> problem = validate()) {
            result.verdict = CheckResult::Verdict::not_linearizable;
            result.explanation = *problem;
            return result;
        }
        build_entries();
        placed_.assign((ops_.size() + 63) / 64, 0);
        Cells state(seat_count_, kAvailable);
        std::vector<Frame> stack;
        int entry = entries_[0].next;
        std::size_t first_alternative = 0;
        while (entries_[0].next != 0) {
            const Entry& e = entries_[entry];
            if (e.call) {
                bool placed = false;
                const std::size_t n = alternatives(e.op, state);
                for (std::size_t a = first_alternative; a < n; ++a) {
                    set_placed(e.op, true);
                    const bool fresh = remember(alternatives_[a]);
                    if (!fresh) {
                        set_placed(e.op, false);
                        continue;
                    }
                    if (seen_.size() > limits_.states_max) {
                        result.verdict = CheckResult::Verdict::inconclusive;
                        result.states = seen_.size();
                        result.explanation = "gave up after " + std::to_string(seen_.size()) +
                                             " states (CheckLimits::states_max)";
                        return result;
                    }
                    stack.push_back({entry, state, a});
                    state = alternatives_[a];
                    lift(entry);
                    entry = entries_[0].next;
                    placed = true;
                    break;
                }
                first_alternative = 0;
                if (!placed) entry = e.next;
                continue;
            }
            // A return whose operation is not placed: every order from here misses it.
            note_stuck(e.op, state, stack);
            if (stack.empty()) {
                result.verdict = CheckResult::Verdict::not_linearizable;
                result.states = seen_.size();
                result.explanation = explanation();
                return result;
            }
            const Frame top = std::move(stack.back());
            stack.pop_back();
            const int op = entries_[top.entry].op;
            set_placed(op, false);
            unlift(top.entry);
            state = top.state;
            entry = top.entry;
            first_alternative = top.alternative + 1;
        }
        result.states = seen_.size();
        return result;
    }

  private:
    struct Frame {
        int entry;
        Cells state;  // before the operation
        std::size_t alternative;
    };

    std::optional<std::string> validate() {
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            const Operation& op = ops_[i];
            const std::string where = "operation " + std::to_string(i) + " (" + describe(op) + ")";
            if (op.responded < op.invoked) return where + " answered before it was invoked";
            for (std::uint32_t s : op.seats)
                if (s >= seat_count_) return where + " names seat " + std::to_string(s);
            if (op.kind == Kind::hold) {
                if (op.seats.empty()) return where + " holds no seat";
                Cells sorted(op.seats.begin(), op.seats.end());
                std::sort(sorted.begin(), sorted.end());
                if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
                    return where + " names a seat twice";
                if (op.outcome == Outcome::ok) {
                    const auto [it, fresh] = hold_op_.emplace(op.hold, static_cast<int>(i));
                    if (!fresh) {
                        return "hold id " + std::to_string(op.hold) +
                               " was given to two holds: " + describe(ops_[it->second]) + " and " +
                               describe(op);
                    }
                }
            }
            if (op.kind == Kind::read) {
                if (op.seen.size() != op.seats.size()) return where + ": seen and seats differ";
                if (op.outcome != Outcome::ok) return where + ": a read without an answer";
            }
        }
        return std::nullopt;
    }

    void build_entries() {
        struct Timed {
            Nanos time;
            bool call;
            int op;
        };
        std::vector<Timed> timed;
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            timed.push_back({ops_[i].invoked, true, static_cast<int>(i)});
            timed.push_back({ops_[i].responded, false, static_cast<int>(i)});
        }
        std::stable_sort(timed.begin(), timed.end(), [](const Timed& a, const Timed& b) {
            if (a.time != b.time) return a.time < b.time;
            return a.call && !b.call;
        });
        entries_.assign(timed.size() + 1, Entry{});
        std::vector<int> call_of(ops_.size()), return_of(ops_.size());
        for (std::size_t i = 0; i < timed.size(); ++i) {
            Entry& e = entries_[i + 1];
            e.time = timed[i].time;
            e.op = timed[i].op;
            e.call = timed[i].call;
            e.prev = static_cast<int>(i);
            e.next = i + 1 < timed.size() ? static_cast<int>(i + 2) : 0;
            (e.call ? call_of : return_of)[static_cast<std::size_t>(e.op)] =
                static_cast<int>(i + 1);
        }
        entries_[0].next = timed.empty() ? 0 : 1;
        entries_[0].prev = static_cast<int>(timed.size());
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            entries_[static_cast<std::size_t>(call_of[i])].match = return_of[i];
            entries_[static_cast<std::size_t>(return_of[i])].match = call_of[i];
        }
    }

    void unlink(int i) {
        Entry& e = entries_[static_cast<std::size_t>(i)];
        entries_[static_cast<std::size_t>(e.prev)].next = e.next;
        entries_[static_cast<std::size_t>(e.next)].prev = e.prev;
    }
    void relink(int i) {
        Entry& e = entries_[static_cast<std::size_t>(i)];
        entries_[static_cast<std::size_t>(e.prev)].next = i;
        entries_[static_cast<std::size_t>(e.next)].prev = i;
    }
    // A call and its return leave the list together and come back in reverse order.
    void lift(int call) {
        unlink(call);
        unlink(entries_[static_cast<std::size_t>(call)].match);
    }
    void unlift(int call) {
        relink(entries_[static_cast<std::size_t>(call)].match);
        relink(call);
    }

    void set_placed(int op, bool on) {
        const std::uint64_t bit = std::uint64_t{1} << (op % 64);
        std::uint64_t& word = placed_[static_cast<std::size_t>(op / 64)];
        word = on ? word | bit : word & ~bit;
        placed_count_ += on ? 1 : -1;
    }

    bool remember(const Cells& state) {
        Key key;
        key.words = placed_;
        for (std::size_t i = 0; i < state.size(); i += 2) {
            const std::uint64_t hi = i + 1 < state.size() ? state[i + 1] : 0;
            key.words.push_back(hi << 32 | state[i]);
        }
        return seen_.insert(std::move(key)).second;
    }

    // The hold operation that got hold id `hold`, or -1.
    int hold_op(std::uint64_t hold) const {
        const auto it = hold_op_.find(hold);
        return it == hold_op_.end() ? -1 : it->second;
    }

    bool live(int hold, const Cells& state) const {
        if (hold < 0) return false;
        for (std::uint32_t s : ops_[static_cast<std::size_t>(hold)].seats)
            if (state[s] != kHeldBase + static_cast<std::uint32_t>(hold)) return false;
        return true;
    }

    // The states operation `i` may leave from `state`, given its outcome, into
    // alternatives_; returns how many (0: it cannot take place here).
    std::size_t alternatives(int i, const Cells& state) {
        const Operation& op = ops_[static_cast<std::size_t>(i)];
        alternatives_.clear();
        auto with = [&](std::uint32_t cell, const std::vector<std::uint32_t>& seats) {
            Cells next = state;
            for (std::uint32_t s : seats)
                next[s] = cell;
            alternatives_.push_back(std::move(next));
        };
        switch (op.kind) {
            case Kind::hold: {
                const bool free =
                    std::all_of(op.seats.begin(), op.seats.end(),
                                [&](std::uint32_t s) { return state[s] == kAvailable; });
                const std::uint32_t held = kHeldBase + static_cast<std::uint32_t>(i);
                if (op.outcome == Outcome::unknown) alternatives_.push_back(state);
                if (op.outcome == Outcome::refused && !free) alternatives_.push_back(state);
                if (op.outcome != Outcome::refused && free) with(held, op.seats);
                break;
            }
            case Kind::release:
            case Kind::purchase: {
                const int h = hold_op(op.hold);
                const bool is_live = live(h, state);
                const std::uint32_t after = op.kind == Kind::release ? kAvailable : kSold;
                if (op.outcome == Outcome::unknown) alternatives_.push_back(state);
                if (op.outcome == Outcome::refused && !is_live) alternatives_.push_back(state);
                if (op.outcome != Outcome::refused && is_live)
                    with(after, ops_[static_cast<std::size_t>(h)].seats);
                break;
            }
            case Kind::read: {
                bool match = true;
                for (std::size_t k = 0; k < op.seats.size() && match; ++k) {
                    const std::uint32_t cell = state[op.seats[k]];
                    const Seen model = cell == kAvailable ? Seen::available
                                       : cell == kSold    ? Seen::sold
                                                          : Seen::held;
                    match = model == op.seen[k];
                }
                if (match) alternatives_.push_back(state);
                break;
            }
        }
        return alternatives_.size();
    }

    void note_stuck(int op, const Cells& state, const std::vector<Frame>& stack) {
        if (stuck_op_ >= 0 && placed_count_ < stuck_depth_) return;
        stuck_op_ = op;
        stuck_depth_ = placed_count_;
        stuck_state_ = state;
        stuck_last_.clear();
        const std::size_t from = stack.size() > 6 ? stack.size() - 6 : 0;
        for (std::size_t k = from; k < stack.size(); ++k)
            stuck_last_.push_back(entries_[static_cast<std::size_t>(stack[k].entry)].op);
    }

    std::string explanation() const {
        std::ostringstream out;
        out << "no linearization: at best " << stuck_depth_ << " of " << ops_.size()
            << " operations placed in order, and then operation " << stuck_op_ << " ("
            << describe(ops_[static_cast<std::size_t>(stuck_op_)])
            << ") could not take effect before its answer.\n  the seats then: ";
        for (std::size_t s = 0; s < stuck_state_.size(); ++s) {
            const std::uint32_t c = stuck_state_[s];
            out << s << ":"
                << (c == kAvailable ? "available"
                    : c == kSold    ? "sold"
                                    : "held(op " + std::to_string(c - kHeldBase) + ")")
                << (s + 1 < stuck_state_.size() ? " " : "\n");
        }
        out << "  the last operations placed:";
        for (int op : stuck_last_)
            out << "\n    " << op << ": " << describe(ops_[static_cast<std::size_t>(op)]);
        return out.str();
    }

    const std::vector<Operation>& ops_;
    std::uint32_t seat_count_;
    CheckLimits limits_;
    std::map<std::uint64_t, int> hold_op_;
    std::vector<Entry> entries_;
    std::vector<std::uint64_t> placed_;
    std::int64_t placed_count_ = 0;
    std::unordered_set<Key, KeyHash> seen_;
    std::vector<Cells> alternatives_;
    int stuck_op_ = -1;
    std::int64_t stuck_depth_ = -1;
    Cells stuck_state_;
    std::vector<int> stuck_last_;
};

}  // namespace

const char* to_string(Kind k) {
    switch (k) {
        case Kind::hold:
            return "hold";
        case Kind::release:
            return "release";
        case Kind::purchase:
            return "purchase";
        case Kind::read:
            return "read";
    }
    return "?";
}

const char* to_string(Outcome o) {
    switch (o) {
        case Outcome::ok:
            return "ok";
        case Outcome::refused:
            return "refused";
        case Outcome::unknown:
            return "unknown";
    }
    return "?";
}

std::string describe(const Operation& op) {
    std::ostringstream out;
    out << "client " << op.client << " " << to_string(op.kind);
    if (op.kind == Kind::release || op.kind == Kind::purchase) out << " hold " << op.hold;
    if (!op.seats.empty()) {
        out << " [";
        for (std::size_t i = 0; i < op.seats.size(); ++i) {
            out << (i ? " " : "") << op.seats[i];
            if (op.kind == Kind::read)
                out << "="
                    << (op.seen[i] == Seen::available ? "a"
                        : op.seen[i] == Seen::held    ? "h"
                                                      : "s");
        }
        out << "]";
    }
    out << " -> " << to_string(op.outcome);
    if (op.kind == Kind::hold && op.outcome == Outcome::ok) out << " hold " << op.hold;
    char times[96];
    if (op.responded == kNever) {
        std::snprintf(times, sizeof times, ", %.3f ms..never",
                      static_cast<double>(op.invoked) / 1e6);
    } else {
        std::snprintf(times, sizeof times, ", %.3f..%.3f ms", static_cast<double>(op.invoked) / 1e6,
                      static_cast<double>(op.responded) / 1e6);
    }
    out << times;
    return out.str();
}

CheckResult check(const std::vector<Operation>& history, std::uint32_t seat_count,
                  const CheckLimits& limits) {
    return Search(history, seat_count, limits).run();
}

}  // namespace seat::testing::lin
