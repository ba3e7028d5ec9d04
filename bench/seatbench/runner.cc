// The per-connection drivers, the timer loop and the progress line. Each
// connection's statistics are its own (no shared locks on the hot path); only
// three counters per connection are atomic, read by the progress line, and
// everything is merged once every driver is over.
#include "bench/seatbench/runner.h"

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace seat::bench {
namespace {

// How long a threaded driver waits for a completion before looking at its
// slots again.
constexpr std::chrono::milliseconds kPollWait{5};
// Drivers driven by their answers are polled at least this often (for a stop
// set by another connection); waits and the deadline are polled on time.
constexpr std::chrono::milliseconds kAnswerPollWait{50};
constexpr std::chrono::milliseconds kProgressInterval{1000};

struct ConnStats {
    Histogram all;
    std::array<Histogram, kOpKinds> by_kind;
    std::array<KindCounts, kOpKinds> counts;
    std::map<std::string, std::uint64_t> codes;
    std::uint64_t seats_read = 0;
    std::atomic<std::uint64_t> done{0}, refused{0}, errors{0};  // for the progress line
};

void record(ConnStats& st, const Completion& c) {
    const auto k = static_cast<std::size_t>(c.op.kind);
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(c.result.done - c.op.sent);
    const auto value = static_cast<std::uint64_t>(std::max<std::int64_t>(0, us.count()));
    st.all.record_us(value);
    st.by_kind[k].record_us(value);
    st.seats_read += c.result.seats_read;
    switch (c.result.status) {
        case OpStatus::ok:
            ++st.counts[k].ok;
            break;
        case OpStatus::refused:
            ++st.counts[k].refused;
            st.refused.fetch_add(1, std::memory_order_relaxed);
            break;
        case OpStatus::error:
            ++st.counts[k].errors;
            st.errors.fetch_add(1, std::memory_order_relaxed);
            break;
    }
    if (c.result.status != OpStatus::ok)
        ++st.codes[std::string(to_string(c.op.kind)) + ":" + c.result.code];
    st.done.fetch_add(1, std::memory_order_relaxed);
}

bool take_budget(Shared& shared) {
    return shared.budget.fetch_sub(1, std::memory_order_relaxed) > 0;
}

// Wakes the runner's one timer loop (run_scenario) when a connection driven
// by its answers needs it sooner than planned: a slot that waits until a time
// earlier than the loop's next look, or a connection that has finished.
class Ticker {
  public:
    void wait_until(Clock::time_point t) {
        std::unique_lock lock(mu_);
        planned_ns_.store(t.time_since_epoch().count(), std::memory_order_relaxed);
        cv_.wait_until(lock, t, [this] { return woken_; });
        woken_ = false;
    }
    // Cheap when nothing is due earlier: one relaxed load.
    void need_by(Clock::time_point t) {
        if (t.time_since_epoch().count() >= planned_ns_.load(std::memory_order_relaxed)) return;
        wake();
    }
    void wake() {
        {
            std::lock_guard lock(mu_);
            woken_ = true;
        }
        cv_.notify_one();
    }

  private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool woken_ = false;  // guarded by mu_
    std::atomic<Clock::rep> planned_ns_{0};
};

// One connection's slots: which are in flight, which wait until when, which
// are done. pump() asks the actor for work for every free slot and submits it;
// complete() takes one answer back. Two ways to run it:
//  - threaded (run_threaded): the driver's own thread submits, then waits in
//    Connection::next() for an answer (Redis: that thread does the I/O itself);
//  - on answers (start, then poll): the connection calls back on its I/O
//    thread (seatd's client, whose threads many connections share), which
//    completes and refills the slot at once under the lock. No thread of the
//    driver's own: the runner's timer loop polls every driver for slots that
//    wait (think time), the deadline and a stop, and the Ticker brings that
//    poll forward when a slot must wake sooner. This saves two thread
//    hand-offs per request, and a sleeping thread per connection.
class Driver {
  public:
    Driver(Connection& conn, Actor& actor, Shared& shared, ConnStats& st, Ticker& ticker)
        : conn_(conn),
          actor_(actor),
          shared_(shared),
          st_(st),
          ticker_(ticker),
          slots_(static_cast<std::size_t>(shared.options.pipeline)),
          wake_(slots_, Clock::time_point{}),
          busy_(slots_, false),
          done_(slots_, false) {}

    // Asks the connection to hand answers over on its own thread; false when
    // it cannot (run_threaded() then).
    bool drive_on_answers() {
        return conn_.set_completion_handler([this](Completion&& c) {
            std::lock_guard lock(mu_);
            complete(c);
            const auto earliest = pump(Clock::now());
            if (over()) {
                ticker_.wake();
            } else if (earliest != Clock::time_point::max()) {
                ticker_.need_by(earliest);
            }
        });
    }

    // On answers: fills the free slots; returns when to look again at the
    // latest (time_point::max(): only on an answer), and whether it is over.
    Clock::time_point poll(Clock::time_point now, bool& is_over) {
        std::lock_guard lock(mu_);
        const auto earliest = pump(now);
        is_over = over();
        return earliest;
    }

    void run_threaded() {
        for (;;) {
            const auto now = Clock::now();
            const auto earliest = std::min(pump(now), now + kPollWait);
            if (in_flight_ == 0) {
                if (over()) return;
                std::this_thread::sleep_until(std::min(earliest, shared_.deadline));
                continue;
            }
            Completion c;
            const auto wait =
                std::chrono::duration_cast<std::chrono::milliseconds>(earliest - Clock::now());
            if (!conn_.next(c, std::max(wait, std::chrono::milliseconds(1)))) continue;
            complete(c);
        }
    }

  private:
    bool over() const { return in_flight_ == 0 && (stopping_ || finished_ == slots_); }

    // Returns the earliest wake of a waiting slot, time_point::max() if none.
    Clock::time_point pump(Clock::time_point now) {
        actor_.tick(now);
        stopping_ = stopping_ || shared_.stop.load() || now >= shared_.deadline;
        Clock::time_point earliest = Clock::time_point::max();
        for (std::size_t s = 0; s < slots_ && !stopping_; ++s) {
            if (busy_[s] || done_[s]) continue;
            if (wake_[s] > now) {
                earliest = std::min(earliest, wake_[s]);
                continue;
            }
            if (!take_budget(shared_)) {
                stopping_ = true;
                break;
            }
            Actor::Step step = actor_.next(static_cast<std::uint32_t>(s), now);
            if (step.kind != Actor::Step::request) shared_.budget.fetch_add(1);
            if (step.kind == Actor::Step::done) {
                done_[s] = true;
                ++finished_;
            } else if (step.kind == Actor::Step::wait) {
                wake_[s] = step.wake;
                earliest = std::min(earliest, step.wake);
            } else {
                busy_[s] = true;
                ++in_flight_;
                conn_.submit(std::move(step.op));
            }
        }
        return earliest;
    }

    void complete(Completion& c) {
        --in_flight_;
        busy_[c.op.slot] = false;
        record(st_, c);
        actor_.on_result(c);
    }

    Connection& conn_;
    Actor& actor_;
    Shared& shared_;
    ConnStats& st_;
    Ticker& ticker_;
    const std::size_t slots_;
    std::vector<Clock::time_point> wake_;
    std::vector<bool> busy_, done_;
    std::size_t in_flight_ = 0, finished_ = 0;
    bool stopping_ = false;
    std::mutex mu_;  // on answers: the I/O thread and the timer loop share the slots
};

void progress(const Shared& shared, const std::vector<std::unique_ptr<ConnStats>>& stats,
              std::uint64_t& last, Clock::time_point& last_at) {
    std::uint64_t done = 0, refused = 0, errors = 0;
    for (const auto& s : stats) {
        done += s->done.load(std::memory_order_relaxed);
        refused += s->refused.load(std::memory_order_relaxed);
        errors += s->errors.load(std::memory_order_relaxed);
    }
    const auto now = Clock::now();
    const double dt = std::chrono::duration<double>(now - last_at).count();
    const double t = std::chrono::duration<double>(now - shared.start).count();
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    std::fprintf(stderr, "%s[%6.1f s] %9.0f ops/s  done %llu  refused %llu  errors %llu",
                 tty ? "\r" : "", t, dt > 0 ? static_cast<double>(done - last) / dt : 0.0,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(refused),
                 static_cast<unsigned long long>(errors));
    if (shared.options.scenario == Scenario::flash_sale)
        std::fprintf(stderr, "  sold %llu/%llu",
                     static_cast<unsigned long long>(shared.sold_seats.load()),
                     static_cast<unsigned long long>(shared.sellable_seats));
    std::fprintf(stderr, tty ? "   " : "\n");
    last = done;
    last_at = now;
}

}  // namespace

std::uint64_t RunResult::requests() const {
    std::uint64_t n = 0;
    for (const auto& c : counts)
        n += c.total();
    return n;
}
std::uint64_t RunResult::refused() const {
    std::uint64_t n = 0;
    for (const auto& c : counts)
        n += c.refused;
    return n;
}
std::uint64_t RunResult::errors() const {
    std::uint64_t n = 0;
    for (const auto& c : counts)
        n += c.errors;
    return n;
}

bool run_scenario(Target& target, const EventSetup& setup, Shared& shared, RunResult& out,
                  std::string& error) {
    const auto n = static_cast<std::size_t>(shared.options.connections);
    // Declared first, destroyed last: a connection's I/O thread may still be
    // leaving a driver's lock (and the ticker) when the timer loop has seen
    // the driver over; the connections, destroyed first, wait for that.
    Ticker ticker;
    std::vector<std::unique_ptr<ConnStats>> stats;
    std::vector<std::unique_ptr<Actor>> actors;
    std::vector<std::unique_ptr<Driver>> drivers;
    std::vector<std::unique_ptr<Connection>> conns;
    for (std::size_t i = 0; i < n; ++i) {
        auto c = target.connect(setup, error);
        if (!c) return false;
        conns.push_back(std::move(c));
        actors.push_back(make_actor(shared, static_cast<std::uint32_t>(i)));
        stats.push_back(std::make_unique<ConnStats>());
        drivers.push_back(
            std::make_unique<Driver>(*conns[i], *actors[i], shared, *stats[i], ticker));
    }
    shared.start = Clock::now();
    shared.deadline = shared.start + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(shared.options.duration_s));
    // Drivers that cannot be driven by their answers get a thread each.
    std::vector<Driver*> on_answers;
    std::atomic<std::size_t> threaded_running{0};
    std::vector<std::thread> threads;
    for (auto& d : drivers) {
        if (d->drive_on_answers()) {
            on_answers.push_back(d.get());
            continue;
        }
        threaded_running.fetch_add(1);
        threads.emplace_back([&, driver = d.get()] {
            driver->run_threaded();
            threaded_running.fetch_sub(1);
            ticker.wake();
        });
    }
    // The timer loop: polls the drivers driven by their answers when a slot's
    // wait is up, at the deadline, and at least every kAnswerPollWait (a stop
    // set by another connection), and prints the progress line.
    std::uint64_t last = 0;
    auto last_at = shared.start;
    for (;;) {
        const auto now = Clock::now();
        auto next = std::min(now + kAnswerPollWait, shared.deadline);
        bool all_over = true;
        for (Driver* d : on_answers) {
            bool is_over = false;
            next = std::min(next, d->poll(now, is_over));
            all_over = all_over && is_over;
        }
        if (all_over && threaded_running.load() == 0) break;
        if (!shared.options.quiet) {
            if (now - last_at >= kProgressInterval) progress(shared, stats, last, last_at);
            next = std::min(next, last_at + kProgressInterval);
        }
        // Past the deadline, drivers finish on their last answers and wake us.
        if (next <= now) next = now + kAnswerPollWait;
        ticker.wait_until(next);
    }
    for (auto& t : threads)
        t.join();
    out.elapsed_s = std::chrono::duration<double>(Clock::now() - shared.start).count();
    if (!shared.options.quiet) {
        progress(shared, stats, last, last_at);
        if (::isatty(STDERR_FILENO)) std::fputs("\n", stderr);
    }
    if (shared.sold_out_us.load() >= 0)
        out.sold_out_s = static_cast<double>(shared.sold_out_us.load()) / 1e6;
    for (std::size_t i = 0; i < n; ++i) {
        const ConnStats& st = *stats[i];
        out.all.merge(st.all);
        for (std::size_t k = 0; k < kOpKinds; ++k) {
            out.by_kind[k].merge(st.by_kind[k]);
            out.counts[k].ok += st.counts[k].ok;
            out.counts[k].refused += st.counts[k].refused;
            out.counts[k].errors += st.counts[k].errors;
        }
        for (const auto& [code, count] : st.codes)
            out.codes[code] += count;
        out.seats_read += st.seats_read;
        Ledger ledger;
        actors[i]->finish(ledger, out.counters);
        out.ledger.merge(std::move(ledger));
    }
    return true;
}

const char* to_string(OpKind k) {
    switch (k) {
        case OpKind::hold:
            return "hold";
        case OpKind::release:
            return "release";
        case OpKind::purchase:
            return "purchase";
        case OpKind::read:
            return "read";
        case OpKind::offer:
            return "offer";
        case OpKind::claim:
            return "claim";
        case OpKind::list:
            return "list";
        case OpKind::delist:
            return "delist";
    }
    return "?";
}

}  // namespace seat::bench
