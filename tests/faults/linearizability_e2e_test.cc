// Proves that what clients see of the real seatd is linearizable across kill -9:
// four client threads hold, release and buy seats of a 48-seat event and read its
// section while the test kills seatd at random moments and restarts it on the same
// data dir. Every operation goes into a history with its invocation and answer
// times (tests/support/linearizability.h); after each restart the test reads every
// seat's status while nothing else runs and adds that read to the history. A call
// cut off by the kill has an unknown outcome that may have acted until the moment
// the server died; after the restart its thread sends it again with the same
// idempotency key, so it gets its original answer if it had acted and acts now if
// it had not, and the history keeps it as one operation spanning both attempts.
// The checker must find a linearization of the whole history. 3 runs of 3 kills by
// default; SEAT_LINEARIZABILITY_RUNS=N runs N (tests/soak/faults_soak.sh).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <future>
#include <mutex>
#include <random>
#include <thread>

#include "tests/e2e/e2e_helpers.h"
#include "tests/support/linearizability.h"

namespace seat::e2e {
namespace {

namespace lin = seat::testing::lin;
using Clock = std::chrono::steady_clock;

constexpr int kRunsDefault = 3;
constexpr int kKillsPerRun = 3;
constexpr int kClients = 4;
constexpr std::uint32_t kRows = 6;
constexpr std::uint32_t kSeatsPerRow = 8;
constexpr std::uint32_t kSeats = kRows * kSeatsPerRow;
constexpr std::size_t kLiveHoldsPerClientMax = 2;
constexpr std::int64_t kHoldTtlMs = 3'600'000;  // nothing expires during a run
constexpr auto kParkTimeout = std::chrono::seconds(30);

int runs() {
    if (const char* env = std::getenv("SEAT_LINEARIZABILITY_RUNS")) {
        const int n = std::atoi(env);
        if (n > 0) return n;
    }
    return kRunsDefault;
}

// One section "Floor", rows A..F of seats 1..8, one tier, no groups: every refusal
// of a hold is about seats.
std::string small_venue_json() {
    std::string rows;
    for (std::uint32_t r = 0; r < kRows; ++r) {
        std::string seats;
        for (std::uint32_t s = 0; s < kSeatsPerRow; ++s) {
            seats += (s ? "," : "") + std::string("{\"label\":\"") + std::to_string(s + 1) +
                     "\",\"x\":" + std::to_string(s) + ",\"y\":" + std::to_string(r) + "}";
        }
        rows += (r ? "," : "") + std::string("{\"label\":\"") + static_cast<char>('A' + r) +
                "\",\"seats\":[" + seats + "]}";
    }
    return R"({"format":"seatd-venue/1","name":"Linearizability Hall",)"
           R"("price_tiers":[{"name":"Standard","amount_minor":1000,"currency":"EUR"}],)"
           R"("sections":[{"name":"Floor","type":"floor","tier":"Standard","seat_type":"floor",)"
           R"("rows":[)" +
           rows + "]}]}";
}

// The history, shared by the client threads and the test thread.
class History {
  public:
    lin::Nanos now() const {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - origin_).count();
    }
    std::size_t add(lin::Operation op, int generation) {
        std::lock_guard lock(mu_);
        ops_.push_back(std::move(op));
        generation_.push_back(generation);
        return ops_.size() - 1;
    }
    template <typename F>
    void update(std::size_t i, int generation, F&& f) {
        std::lock_guard lock(mu_);
        f(ops_[i]);
        generation_[i] = generation;
    }
    // Unknown outcomes may have acted until the server of their last attempt was
    // killed; one sent after that kill never reached a server and did nothing.
    std::vector<lin::Operation> finish(const std::vector<lin::Nanos>& killed_at,
                                       std::size_t& dropped) const {
        std::lock_guard lock(mu_);
        std::vector<lin::Operation> out;
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            lin::Operation op = ops_[i];
            if (op.outcome == lin::Outcome::unknown) {
                op.responded = killed_at[static_cast<std::size_t>(generation_[i])];
                if (op.responded < op.invoked) {
                    ++dropped;
                    continue;
                }
            }
            out.push_back(std::move(op));
        }
        return out;
    }

  private:
    Clock::time_point origin_ = Clock::now();
    mutable std::mutex mu_;
    std::vector<lin::Operation> ops_;
    std::vector<int> generation_;  // the server (0, 1, ...) of the operation's last attempt
};

// Which server the clients should talk to, and when they must stop.
struct Control {
    std::mutex mu;
    std::condition_variable cv;
    int generation = -1;
    std::uint16_t port = 0;
    std::atomic<bool> running{false};
    bool done = false;
    int parked = 0;
};

struct Tally {
    std::atomic<std::uint64_t> ok{0}, refused{0}, unknown{0}, resolved_by_retry{0}, given_up{0};
};

// One client thread: its session, the holds it knows are live, the ones it knows
// ended, and the mutations whose outcome it does not know yet.
class Buyer {
  public:
    Buyer(int index, std::uint64_t event, std::uint64_t seed, History& history, Control& control,
          Tally& tally)
        : index_(index),
          event_(event),
          session_(
              sc::Id128::from_name("lin-" + std::to_string(seed) + "-" + std::to_string(index))),
          rng_(seed * 131 + static_cast<std::uint64_t>(index)),
          history_(history),
          control_(control),
          tally_(tally) {}

    void run() {
        int seen = -1;
        for (;;) {
            std::uint16_t port = 0;
            {
                std::unique_lock lock(control_.mu);
                control_.cv.wait(lock, [&] {
                    return control_.done || (control_.running && control_.generation != seen);
                });
                if (control_.done) return;
                seen = control_.generation;
                port = control_.port;
            }
            segment(port, seen);
            std::lock_guard lock(control_.mu);
            ++control_.parked;
            control_.cv.notify_all();
        }
    }

    std::string problem() const { return problem_; }

  private:
    struct Unresolved {
        std::size_t op;
        lin::Kind kind;
        std::vector<std::uint32_t> seats;
        std::uint64_t hold;
        sc::Id128 key;
    };

    void segment(std::uint16_t port, int generation) {
        ClientOptions o = client_options(port);
        o.reconnect_attempts_max = 1;
        o.call_timeout = std::chrono::seconds(3);
        Client client(o);
        // First the calls the last kill cut off, again with their keys; a third of
        // them are given up instead, and stay unknown in the history.
        std::erase_if(unresolved_, [&](const Unresolved&) {
            const bool give_up = rng_() % 3 == 0;
            tally_.given_up += give_up;
            return give_up;
        });
        while (!unresolved_.empty()) {
            const Unresolved u = unresolved_.front();
            const lin::Outcome outcome =
                mutate(client, u.kind, u.seats, u.hold, u.key, u.op, generation);
            if (outcome == lin::Outcome::unknown) return;
            tally_.resolved_by_retry++;
            unresolved_.erase(unresolved_.begin());
        }
        while (control_.running.load() && problem_.empty()) {
            if (!step(client, generation)) return;
        }
    }

    // One random operation; false when the server is gone.
    bool step(Client& client, int generation) {
        const std::uint64_t roll = rng_() % 100;
        if (roll < 10) return read(client, generation);
        if (roll < 55 || live_.empty()) {
            if (live_.size() >= kLiveHoldsPerClientMax) return act_on_live(client, generation);
            return fresh(client, lin::Kind::hold, pick_seats(), 0, generation);
        }
        if (roll < 60 && !ended_.empty()) {
            // A hold that ended: must be refused.
            const std::uint64_t hold = ended_[rng_() % ended_.size()];
            return fresh(client, rng_() % 2 ? lin::Kind::release : lin::Kind::purchase, {}, hold,
                         generation);
        }
        return act_on_live(client, generation);
    }

    // Buys one live hold in five while this client saw less than half the seats
    // sold, else releases it: a sold-out event would refuse everything.
    bool act_on_live(Client& client, int generation) {
        const std::size_t i = rng_() % live_.size();
        const std::uint64_t hold = live_[i];
        live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(i));
        const auto sold = std::count(view_.begin(), view_.end(), lin::Seen::sold);
        const lin::Kind kind =
            sold < kSeats / 2 && rng_() % 5 == 0 ? lin::Kind::purchase : lin::Kind::release;
        return fresh(client, kind, {}, hold, generation);
    }

    // One or two seats: mostly ones this client last saw available (so holds
    // collide with other clients' recent changes, not with long-sold seats),
    // sometimes any.
    std::vector<std::uint32_t> pick_seats() {
        std::vector<std::uint32_t> free;
        for (std::uint32_t s = 0; s < kSeats; ++s)
            if (view_[s] == lin::Seen::available) free.push_back(s);
        std::vector<std::uint32_t> seats;
        const std::size_t n = 1 + rng_() % 2;
        while (seats.size() < n) {
            const std::uint32_t s = !free.empty() && rng_() % 5 != 0
                                        ? free[rng_() % free.size()]
                                        : static_cast<std::uint32_t>(rng_() % kSeats);
            if (std::find(seats.begin(), seats.end(), s) == seats.end()) seats.push_back(s);
        }
        return seats;
    }

    bool fresh(Client& client, lin::Kind kind, const std::vector<std::uint32_t>& seats,
               std::uint64_t hold, int generation) {
        lin::Operation op;
        op.client = index_;
        op.kind = kind;
        op.seats = kind == lin::Kind::hold ? seats : std::vector<std::uint32_t>{};
        op.hold = hold;
        op.outcome = lin::Outcome::unknown;
        op.invoked = history_.now();
        const std::size_t i = history_.add(op, generation);
        const sc::Id128 key = sc::Id128::random();
        const lin::Outcome outcome = mutate(client, kind, seats, hold, key, i, generation);
        if (outcome != lin::Outcome::unknown) return true;
        unresolved_.push_back({i, kind, seats, hold, key});
        return false;
    }

    // Sends the mutation (again, with the same key, for a retry) and records its
    // answer in operation `i`.
    lin::Outcome mutate(Client& client, lin::Kind kind, const std::vector<std::uint32_t>& seats,
                        std::uint64_t hold, const sc::Id128& key, std::size_t i, int generation) {
        CallOptions call;
        call.idempotency_key = key;
        sc::Status status = sc::Status::ok;
        std::string message;
        std::uint64_t got = 0;
        if (kind == lin::Kind::hold) {
            const auto r = client.place_hold(event_, session_, sc::Seats{seats}, call);
            status = r.status;
            message = r.message;
            got = r.value.hold;
        } else if (kind == lin::Kind::release) {
            const auto r = client.release_hold(event_, hold, session_, call);
            status = r.status;
            message = r.message;
        } else {
            const auto r = client.purchase(
                event_,
                sc::PurchaseRequest{hold, session_, "buyer-" + std::to_string(index_), "pay"},
                call);
            status = r.status;
            message = r.message;
        }
        const lin::Nanos answered = history_.now();
        lin::Outcome outcome = lin::Outcome::unknown;
        if (status == sc::Status::ok) {
            outcome = lin::Outcome::ok;
        } else if ((kind == lin::Kind::hold && status == sc::Status::seats_unavailable) ||
                   (kind != lin::Kind::hold && status == sc::Status::hold_not_found)) {
            outcome = lin::Outcome::refused;
        } else if (!sc::is_transport_error(status)) {
            problem_ = "client " + std::to_string(index_) + ": " + lin::to_string(kind) +
                       " answered " + std::string(sc::to_string(status)) + ": " + message +
                       " (the workload expects only refusals about seats and holds)";
            outcome = lin::Outcome::refused;
        }
        history_.update(i, generation, [&](lin::Operation& op) {
            op.outcome = outcome;
            if (outcome != lin::Outcome::unknown) op.responded = answered;
            if (kind == lin::Kind::hold && outcome == lin::Outcome::ok) op.hold = got;
        });
        if (outcome == lin::Outcome::unknown) {
            tally_.unknown++;
        } else {
            (outcome == lin::Outcome::ok ? tally_.ok : tally_.refused)++;
        }
        if (kind == lin::Kind::hold && outcome == lin::Outcome::ok) live_.push_back(got);
        if (kind == lin::Kind::hold && outcome == lin::Outcome::refused) {
            for (std::uint32_t s : seats)
                view_[s] = lin::Seen::held;
            // Refusals need no commit and come back at once: do not spin on them.
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (kind != lin::Kind::hold && outcome != lin::Outcome::unknown) ended_.push_back(hold);
        return outcome;
    }

    bool read(Client& client, int generation) {
        lin::Operation op;
        op.client = index_;
        op.kind = lin::Kind::read;
        op.invoked = history_.now();
        const auto r = client.get_section(event_, "Floor");
        op.responded = history_.now();
        if (sc::is_transport_error(r.status))
            return false;  // a read that never answered did nothing
        if (!r.ok()) {
            problem_ = "read answered " + std::string(sc::to_string(r.status));
            return false;
        }
        if (!fill_read(r.value, op, problem_)) return false;
        std::copy(op.seen.begin(), op.seen.end(), view_.begin());
        history_.add(std::move(op), generation);
        return true;
    }

  public:
    static bool fill_read(const sc::SectionInfo& section, lin::Operation& op,
                          std::string& problem) {
        for (std::uint32_t i = 0; i < section.statuses.size(); ++i) {
            op.seats.push_back(section.first_seat + i);
            switch (section.statuses[i]) {
                case sc::SeatStatus::available:
                    op.seen.push_back(lin::Seen::available);
                    break;
                case sc::SeatStatus::held:
                    op.seen.push_back(lin::Seen::held);
                    break;
                case sc::SeatStatus::sold:
                    op.seen.push_back(lin::Seen::sold);
                    break;
                case sc::SeatStatus::blocked:
                    problem = "seat " + std::to_string(section.first_seat + i) +
                              " reads blocked; nothing blocks seats here";
                    return false;
            }
        }
        op.outcome = lin::Outcome::ok;
        return true;
    }

  private:
    int index_;
    std::uint64_t event_;
    sc::Id128 session_;
    std::mt19937_64 rng_;
    History& history_;
    Control& control_;
    Tally& tally_;
    std::vector<std::uint64_t> live_;
    std::vector<std::uint64_t> ended_;
    std::vector<lin::Seen> view_ = std::vector<lin::Seen>(kSeats, lin::Seen::available);
    std::vector<Unresolved> unresolved_;
    std::string problem_;
};

struct RunTotals {
    std::uint64_t operations = 0, reads_after_restart = 0, states = 0, dropped = 0;
    // [kind][outcome] of the operations checked.
    std::uint64_t by_kind[4][3] = {};

    std::string breakdown() const {
        std::string out;
        for (lin::Kind k : {lin::Kind::hold, lin::Kind::release, lin::Kind::purchase}) {
            const auto& n = by_kind[static_cast<int>(k)];
            out += std::string(lin::to_string(k)) + " " + std::to_string(n[0]) + "/" +
                   std::to_string(n[1]) + "/" + std::to_string(n[2]) + ", ";
        }
        return out + "read " + std::to_string(by_kind[static_cast<int>(lin::Kind::read)][0]);
    }
};

// One run: a fresh seatd and event, kKillsPerRun kills at random moments, a final
// quiet stretch; then the check.
void run_once(std::uint64_t seed, Tally& tally, RunTotals& totals) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    testing::SeatdOptions options;
    options.demo = false;
    testing::SeatdProcess seatd(options);
    const std::uint64_t event = 77;
    {
        Client admin(client_options(seatd.port()));
        sc::CreateEventRequest req;
        req.venue_json = small_venue_json();
        req.name = "linearizability " + std::to_string(seed);
        req.hold_ttl_ms = kHoldTtlMs;
        req.max_holds_per_session = 64;
        const auto created = admin.create_event(event, req);
        ASSERT_TRUE(created.ok()) << created.message;
    }
    History history;
    Control control;
    std::vector<lin::Nanos> killed_at;
    std::vector<std::unique_ptr<Buyer>> buyers;
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i) {
        buyers.push_back(std::make_unique<Buyer>(i, event, seed, history, control, tally));
        threads.emplace_back([b = buyers.back().get()] { b->run(); });
    }
    auto quiet_read = [&] {
        Client reader(client_options(seatd.port()));
        lin::Operation op;
        op.client = kClients;
        op.kind = lin::Kind::read;
        op.invoked = history.now();
        const auto r = reader.get_section(event, "Floor");
        op.responded = history.now();
        ASSERT_TRUE(r.ok()) << r.message;
        ASSERT_EQ(r.value.statuses.size(), kSeats);
        std::string problem;
        ASSERT_TRUE(Buyer::fill_read(r.value, op, problem)) << problem;
        history.add(std::move(op), 0);
        ++totals.reads_after_restart;
    };
    auto stop_segment = [&](bool kill) {
        if (kill) {
            // The clients go on until their calls fail: whatever is in flight now is
            // cut off, and calls sent after this moment reach no server.
            seatd.kill9();
            control.running = false;
        } else {
            control.running = false;
            // Let every thread finish its call, then stop the server for good.
            std::unique_lock lock(control.mu);
            control.cv.wait_for(lock, kParkTimeout, [&] { return control.parked == kClients; });
            lock.unlock();
            seatd.kill9();
        }
        killed_at.push_back(history.now());
        std::unique_lock lock(control.mu);
        return control.cv.wait_for(lock, kParkTimeout, [&] { return control.parked == kClients; });
    };
    bool parked = true;
    for (int segment = 0; segment <= kKillsPerRun && parked; ++segment) {
        quiet_read();
        if (::testing::Test::HasFatalFailure()) break;
        {
            std::lock_guard lock(control.mu);
            ++control.generation;
            control.port = seatd.port();
            control.parked = 0;
            control.running = true;
        }
        control.cv.notify_all();
        std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 220));
        parked = stop_segment(segment < kKillsPerRun);
        if (segment < kKillsPerRun && parked) seatd.restart();
    }
    {
        std::lock_guard lock(control.mu);
        control.done = true;
    }
    control.cv.notify_all();
    for (auto& t : threads)
        t.join();
    ASSERT_TRUE(parked) << "a client thread did not stop within " << kParkTimeout.count() << " s";
    for (const auto& b : buyers)
        ASSERT_EQ(b->problem(), "");
    ASSERT_FALSE(::testing::Test::HasFatalFailure());

    std::size_t dropped = 0;
    const std::vector<lin::Operation> ops = history.finish(killed_at, dropped);
    const lin::CheckResult result = lin::check(ops, kSeats);
    totals.operations += ops.size();
    for (const lin::Operation& op : ops)
        ++totals.by_kind[static_cast<int>(op.kind)][static_cast<int>(op.outcome)];
    totals.states += result.states;
    totals.dropped += dropped;
    ASSERT_TRUE(result.linearizable()) << ops.size() << " operations: " << result.explanation;
}

TEST(LinearizabilityE2E, HistoriesAcrossKill9AreLinearizable) {
    const int n = runs();
    const std::uint64_t first_seed = [] {
        const char* env = std::getenv("SEAT_LINEARIZABILITY_SEED");
        return env ? std::strtoull(env, nullptr, 10) : 1ull;
    }();
    const auto start = Clock::now();
    Tally tally;
    RunTotals totals;
    for (int i = 0; i < n; ++i) {
        run_once(first_seed + static_cast<std::uint64_t>(i), tally, totals);
        if (::testing::Test::HasFailure()) return;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf(
        "[ info ] %d runs, %d kill -9 each (seeds %llu..): %ju operations checked (%ju ok, %ju "
        "refused, %ju cut off by a kill: %ju settled by a retry with the same key, %ju given up "
        "and left unknown, %ju sent to a dead server and dropped), %ju quiet reads after restarts, "
        "%ju search states; "
        "non-linearizable histories 0; %.1f s\n"
        "[ info ] ok/refused/unknown: %s\n",
        n, kKillsPerRun, static_cast<unsigned long long>(first_seed),
        static_cast<std::uintmax_t>(totals.operations),
        static_cast<std::uintmax_t>(tally.ok.load()),
        static_cast<std::uintmax_t>(tally.refused.load()),
        static_cast<std::uintmax_t>(tally.unknown.load()),
        static_cast<std::uintmax_t>(tally.resolved_by_retry.load()),
        static_cast<std::uintmax_t>(tally.given_up.load()),
        static_cast<std::uintmax_t>(totals.dropped),
        static_cast<std::uintmax_t>(totals.reads_after_restart),
        static_cast<std::uintmax_t>(totals.states), seconds, totals.breakdown().c_str());
}

}  // namespace
}  // namespace seat::e2e
