// The holds, contended and section-read workloads, and the plans they share
// (plain seats, 4-seat units). Every hold uses a fresh random session, so the
// per-session hold limit never refuses a request: refusals are about seats only.
#include "bench/seatbench/scenarios.h"

#include <algorithm>
#include <deque>
#include <random>

namespace seat::bench {

Shared::Shared(const Venue& v, const Options& o, SectionId read)
    : venue(v),
      options(o),
      read_section(read),
      budget(static_cast<std::int64_t>(o.requests)),
      seat_busy_until_us(new std::atomic<std::int64_t>[v.seat_count()]),
      section_sold(new std::atomic<std::uint32_t>[v.sections.size()]) {
    for (std::size_t s = 0; s < v.sections.size(); ++s)
        section_sold[s].store(0, std::memory_order_relaxed);
    plain_by_section.resize(v.sections.size());
    seat_group.resize(v.seat_count());
    joins_previous.resize(v.seat_count());
    for (std::uint32_t s = 0; s < v.seat_count(); ++s) {
        const SeatInfo& seat = v.seats[s];
        seat_group[s] = seat.group;
        joins_previous[s] = s > 0 && v.adjacent(s - 1, s) ? 1 : 0;
        seat_busy_until_us[s].store(seat.initially_blocked ? kSeatBusyForever : 0,
                                    std::memory_order_relaxed);
        if (!seat.initially_blocked) ++sellable_seats;
        if (seat.group != kNoGroup || seat.initially_blocked) continue;
        plain_seats.push_back(s);
        plain_by_section[seat.section].push_back(s);
    }
    // Units: consecutive plain seats, adjacent in one row, cut every 4.
    std::vector<std::uint32_t> run;
    for (std::uint32_t s : plain_seats) {
        if (!run.empty() && !v.adjacent(run.back(), s)) run.clear();
        run.push_back(s);
        if (run.size() == kHoldsScenarioSeats) {
            units.push_back(run);
            run.clear();
        }
    }
}

namespace {

std::uint64_t actor_seed(const Shared& shared, std::uint32_t connection) {
    return shared.options.seed * 0x9E3779B97F4A7C15ull + connection + 1;
}

// Successful holds of 4 adjacent seats, released later. Each connection owns
// every C-th unit, so holds succeed unless a release has not come back yet; it
// keeps about half its units held and releases the oldest hold to make room.
class HoldsActor final : public Actor {
  public:
    HoldsActor(Shared& shared, std::uint32_t connection)
        : shared_(shared), unit_of_slot_(static_cast<std::size_t>(shared.options.pipeline), 0) {
        const auto c = static_cast<std::size_t>(shared.options.connections);
        for (std::size_t u = connection; u < shared.units.size(); u += c)
            free_.push_back(u);
        window_ = std::max<std::size_t>(1, free_.size() / 2);
    }

    Step next(std::uint32_t slot, Clock::time_point now) override {
        Step step;
        if (free_.empty() && live_.empty() && in_flight_ == 0) return step;  // no units
        step.kind = Step::request;
        step.op.slot = slot;
        if ((live_.size() + holding_ >= window_ || free_.empty()) && !live_.empty()) {
            const Live l = live_.front();
            live_.pop_front();
            step.op.kind = OpKind::release;
            fill(step.op, slot, l.unit);
            step.op.hold = l.hold;
            step.op.session = l.session;
        } else if (!free_.empty()) {
            const std::size_t unit = free_.front();
            free_.pop_front();
            step.op.kind = OpKind::hold;
            fill(step.op, slot, unit);
            step.op.session = client::Id128::random();
            ++holding_;
        } else {
            step.kind = Step::wait;  // every unit is in flight
            step.wake = now + std::chrono::milliseconds(1);
            return step;
        }
        ++in_flight_;
        return step;
    }

    void on_result(const Completion& c) override {
        --in_flight_;
        const std::size_t unit = unit_of_slot_[c.op.slot];
        if (c.op.kind == OpKind::hold) {
            --holding_;
            if (c.result.status == OpStatus::ok) {
                live_.push_back({unit, c.result.hold, c.op.session});
                return;
            }
            if (c.result.unknown) uncertain_ = true;
        } else if (c.result.status == OpStatus::error) {
            uncertain_ = true;  // the hold may still be there
        }
        free_.push_back(unit);
    }

    void finish(Ledger& ledger, std::map<std::string, std::uint64_t>& counters) override {
        for (const Live& l : live_)
            for (std::uint32_t s : shared_.units[l.unit])
                ledger.live_held_seats.push_back(s);
        if (uncertain_) counters["holds_uncertain"] += 1;
        counters["holds_live_at_end"] += live_.size();
    }

  private:
    struct Live {
        std::size_t unit;
        std::uint64_t hold;
        client::Id128 session;
    };

    void fill(Op& op, std::uint32_t slot, std::size_t unit) {
        op.seats = shared_.units[unit];
        op.section = shared_.venue.seats[op.seats.front()].section;
        unit_of_slot_[slot] = unit;
    }

    Shared& shared_;
    std::deque<std::size_t> free_;
    std::deque<Live> live_;
    // Per slot, the unit of its request in flight: a table per seat cost a cache
    // miss per request (a map's node per hold, before it, 5% of the CPU).
    std::vector<std::size_t> unit_of_slot_;
    std::size_t window_ = 1;
    std::size_t holding_ = 0;
    std::size_t in_flight_ = 0;
    bool uncertain_ = false;
};

// Holds of 4 random plain seats of one section, kept, until the fill target:
// late in the run almost every request is refused.
class ContendedActor final : public Actor {
  public:
    ContendedActor(Shared& shared, std::uint32_t connection)
        : shared_(shared), rng_(actor_seed(shared, connection)) {
        target_ = static_cast<std::uint64_t>(shared.options.contended_fill *
                                             static_cast<double>(shared.plain_seats.size()));
    }

    Step next(std::uint32_t slot, Clock::time_point) override {
        Step step;
        if (shared_.plain_seats.empty() || shared_.held_seats.load() >= target_) return step;
        const std::uint32_t first = shared_.plain_seats[pick(shared_.plain_seats.size())];
        const SectionId section = shared_.venue.seats[first].section;
        const auto& pool = shared_.plain_by_section[section];
        std::vector<std::uint32_t> seats{first};
        const std::size_t want = std::min(kContendedSeats, pool.size());
        while (seats.size() < want) {
            const std::uint32_t s = pool[pick(pool.size())];
            if (std::find(seats.begin(), seats.end(), s) == seats.end()) seats.push_back(s);
        }
        std::sort(seats.begin(), seats.end());
        step.kind = Step::request;
        step.op.kind = OpKind::hold;
        step.op.slot = slot;
        step.op.section = section;
        step.op.seats = std::move(seats);
        step.op.session = client::Id128::random();
        return step;
    }

    void on_result(const Completion& c) override {
        if (c.result.status == OpStatus::ok) {
            held_.insert(held_.end(), c.op.seats.begin(), c.op.seats.end());
            if (shared_.held_seats.fetch_add(c.op.seats.size()) + c.op.seats.size() >= target_)
                shared_.stop = true;
        } else if (c.result.unknown) {
            uncertain_ = true;
        }
    }

    void finish(Ledger& ledger, std::map<std::string, std::uint64_t>& counters) override {
        ledger.live_held_seats.insert(ledger.live_held_seats.end(), held_.begin(), held_.end());
        if (uncertain_) counters["holds_uncertain"] += 1;
    }

  private:
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }

    Shared& shared_;
    std::mt19937_64 rng_;
    std::uint64_t target_ = 0;
    std::vector<std::uint32_t> held_;
    bool uncertain_ = false;
};

// Whole-section status reads of the read section, nothing else.
class SectionReadActor final : public Actor {
  public:
    explicit SectionReadActor(Shared& shared) : shared_(shared) {}

    Step next(std::uint32_t slot, Clock::time_point) override {
        Step step;
        step.kind = Step::request;
        step.op.kind = OpKind::read;
        step.op.slot = slot;
        step.op.section = shared_.read_section;
        return step;
    }
    void on_result(const Completion&) override {}
    void finish(Ledger&, std::map<std::string, std::uint64_t>&) override {}

  private:
    Shared& shared_;
};

}  // namespace

std::unique_ptr<Actor> make_actor(Shared& shared, std::uint32_t connection) {
    switch (shared.options.scenario) {
        case Scenario::flash_sale:
            return make_flash_sale_actor(shared, connection);
        case Scenario::holds:
            return std::make_unique<HoldsActor>(shared, connection);
        case Scenario::contended:
            return std::make_unique<ContendedActor>(shared, connection);
        case Scenario::section_read:
            return std::make_unique<SectionReadActor>(shared);
        case Scenario::transfers:
            return make_transfers_actor(shared, connection);
        case Scenario::waiting_room:
            break;  // runs its own loop (waiting_room.h), with no actors
    }
    return nullptr;
}

}  // namespace seat::bench
