// The per-connection driver loop and the progress line. Each connection's
// statistics are its own (no locks on the hot path); only three counters per
// connection are atomic, read by the progress line, and everything is merged
// after the threads are joined.
#include "bench/seatbench/runner.h"

#include <unistd.h>

#include <cstdio>
#include <thread>

namespace seat::bench {
namespace {

// How long a driver waits for a completion before looking at its slots again.
constexpr std::chrono::milliseconds kPollWait{5};
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

void drive(Connection& conn, Actor& actor, Shared& shared, ConnStats& st) {
    const auto slots = static_cast<std::size_t>(shared.options.pipeline);
    std::vector<Clock::time_point> wake(slots, Clock::time_point{});
    std::vector<bool> busy(slots, false), done(slots, false);
    std::size_t in_flight = 0, finished = 0;
    bool stopping = false;
    for (;;) {
        auto now = Clock::now();
        actor.tick(now);
        stopping = stopping || shared.stop.load() || now >= shared.deadline;
        Clock::time_point earliest = now + kPollWait;
        for (std::size_t s = 0; s < slots && !stopping; ++s) {
            if (busy[s] || done[s]) continue;
            if (wake[s] > now) {
                earliest = std::min(earliest, wake[s]);
                continue;
            }
            if (!take_budget(shared)) {
                stopping = true;
                break;
            }
            Actor::Step step = actor.next(static_cast<std::uint32_t>(s), now);
            if (step.kind != Actor::Step::request) shared.budget.fetch_add(1);
            if (step.kind == Actor::Step::done) {
                done[s] = true;
                ++finished;
            } else if (step.kind == Actor::Step::wait) {
                wake[s] = step.wake;
                earliest = std::min(earliest, step.wake);
            } else {
                busy[s] = true;
                ++in_flight;
                conn.submit(std::move(step.op));
            }
        }
        if (in_flight == 0) {
            if (stopping || finished == slots) break;
            std::this_thread::sleep_until(std::min(earliest, shared.deadline));
            continue;
        }
        Completion c;
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(earliest - now);
        if (!conn.next(c, std::max(wait, std::chrono::milliseconds(1)))) continue;
        --in_flight;
        busy[c.op.slot] = false;
        record(st, c);
        actor.on_result(c);
    }
}

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
    std::vector<std::unique_ptr<Connection>> conns;
    std::vector<std::unique_ptr<Actor>> actors;
    std::vector<std::unique_ptr<ConnStats>> stats;
    for (std::size_t i = 0; i < n; ++i) {
        auto c = target.connect(setup, error);
        if (!c) return false;
        conns.push_back(std::move(c));
        actors.push_back(make_actor(shared, static_cast<std::uint32_t>(i)));
        stats.push_back(std::make_unique<ConnStats>());
    }
    shared.start = Clock::now();
    shared.deadline = shared.start + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(shared.options.duration_s));
    std::atomic<std::size_t> running{n};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            drive(*conns[i], *actors[i], shared, *stats[i]);
            running.fetch_sub(1);
        });
    std::uint64_t last = 0;
    auto last_at = shared.start;
    while (running.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (!shared.options.quiet && Clock::now() - last_at >= kProgressInterval)
            progress(shared, stats, last, last_at);
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
    }
    return "?";
}

}  // namespace seat::bench
