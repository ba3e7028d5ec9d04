// The flash sale: simulated buyers, one per slot, each wanting 1-6 adjacent seats
// in a preferred section (and so price tier). A buyer looks at the shared seat
// map, asks for the best run it sees (or a random one), retries elsewhere on
// refusal (same section, then other sections of its tier, then anywhere, then any
// single seat), and once it holds seats buys them, releases them or walks away
// and lets the hold expire, in the configured shares. Seats in a group (a VIP box,
// an accessible seat with its companions) are only ever asked for as a whole group.
#include <algorithm>
#include <array>
#include <queue>
#include <random>

#include "bench/seatbench/scenarios.h"

namespace seat::bench {
namespace {

// A buyer who sees no free seat anywhere looks again after this long.
constexpr std::chrono::milliseconds kNoSeatWait{20};
// Abandoned holds are shown free again this long after their TTL, by when the
// server has expired them.
constexpr std::chrono::milliseconds kExpiryMargin{250};
// Party sizes 1..6, weighted: pairs and foursomes are the common case.
constexpr double kPartyWeights[] = {10, 35, 15, 25, 8, 7};
// find() keeps a run of a party's seats in place, in a hold's worth of room.
static_assert(std::size(kPartyWeights) <= kHoldSeatsMax);
// Attempts in the preferred section before looking at the rest of the tier.
constexpr int kPreferredAttempts = 3;

enum class Phase { choose, buy, release };

struct Buyer {
    bool active = false;
    Phase phase = Phase::choose;
    std::uint32_t party = 1;
    SectionId preferred = 0;
    int attempts = 0;
    client::Id128 session;
    std::string name;
    std::vector<std::uint32_t> seats;
    SectionId section = 0;
    std::uint64_t hold = 0;
};

struct Expiry {
    Clock::time_point at;
    std::vector<std::uint32_t> seats;
    bool operator>(const Expiry& o) const { return at > o.at; }
};

class FlashSaleActor final : public Actor {
  public:
    FlashSaleActor(Shared& shared, std::uint32_t connection)
        : shared_(shared),
          venue_(shared.venue),
          connection_(connection),
          rng_(shared.options.seed * 0x9E3779B97F4A7C15ull + connection + 1),
          buyers_(static_cast<std::size_t>(shared.options.pipeline)) {
        for (std::size_t s = 0; s < venue_.sections.size(); ++s) {
            const Section& sec = venue_.sections[s];
            if (sec.seat_count == 0) continue;
            const TierId tier = venue_.seats[sec.first_seat].tier;
            if (tier >= by_tier_.size()) by_tier_.resize(tier + 1);
            by_tier_[tier].push_back(static_cast<SectionId>(s));
        }
    }

    Step next(std::uint32_t slot, Clock::time_point now) override {
        Step step;
        if (shared_.stop.load() || shared_.sold_seats.load() >= shared_.sellable_seats) return step;
        Buyer& b = buyers_[slot];
        if (!b.active) start(b, slot);
        step.kind = Step::request;
        step.op.slot = slot;
        step.op.session = b.session;
        if (b.phase == Phase::choose) {
            if (!choose(b)) {
                step.kind = Step::wait;
                step.wake = now + kNoSeatWait;
                return step;
            }
            step.op.kind = OpKind::hold;
        } else {
            step.op.kind = b.phase == Phase::buy ? OpKind::purchase : OpKind::release;
            step.op.hold = b.hold;
            step.op.buyer = b.name;
        }
        step.op.seats = b.seats;
        step.op.section = b.section;
        return step;
    }

    void on_result(const Completion& c) override {
        Buyer& b = buyers_[c.op.slot];
        switch (c.op.kind) {
            case OpKind::hold:
                on_hold(b, c);
                break;
            case OpKind::purchase:
                on_purchase(b, c);
                break;
            case OpKind::release:
                // Released (or gone already): free either way; an unknown outcome
                // frees the seats when the hold would have expired.
                if (c.result.unknown)
                    expire_later(c.result.done, b.seats);
                else
                    show_free(b.seats);
                ++counters_["buyers_released"];
                b.active = false;
                break;
            case OpKind::read:
            case OpKind::offer:
            case OpKind::claim:
            case OpKind::list:
            case OpKind::delist:
                break;  // not sent by buyers
        }
    }

    void tick(Clock::time_point now) override {
        while (!expiries_.empty() && expiries_.top().at <= now) {
            show_free(expiries_.top().seats);
            expiries_.pop();
        }
    }

    void finish(Ledger& ledger, std::map<std::string, std::uint64_t>& counters) override {
        for (auto& p : purchases_)
            ledger.purchases.push_back(std::move(p));
        ledger.unknown_purchase_seats += unknown_seats_;
        for (const auto& [k, v] : counters_)
            counters[k] += v;
    }

  private:
    void start(Buyer& b, std::uint32_t slot) {
        std::discrete_distribution<std::uint32_t> party(std::begin(kPartyWeights),
                                                        std::end(kPartyWeights));
        b = Buyer{};
        b.active = true;
        b.party = party(rng_) + 1;
        // Sections are preferred in proportion to their size.
        const auto seat = std::uniform_int_distribution<std::uint32_t>(
            0, static_cast<std::uint32_t>(venue_.seat_count() - 1))(rng_);
        b.preferred = venue_.seats[seat].section;
        b.session = client::Id128::random();
        b.name = "buyer-" + std::to_string(connection_) + "-" + std::to_string(slot) + "-" +
                 std::to_string(++started_);
        ++counters_["buyers"];
    }

    void on_hold(Buyer& b, const Completion& c) {
        if (c.result.status != OpStatus::ok) {
            show_busy_for_a_while(c.result.refused_seats.empty() ? c.op.seats
                                                                 : c.result.refused_seats);
            if (++b.attempts >= kBuyerAttemptsMax) {
                ++counters_["buyers_gave_up"];
                b.active = false;
            }
            return;  // choose again, elsewhere
        }
        b.hold = c.result.hold;
        show_taken(b.seats);
        const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
        if (r < shared_.options.purchase_share) {
            b.phase = Phase::buy;
        } else if (r < shared_.options.purchase_share + shared_.options.release_share) {
            b.phase = Phase::release;
        } else {
            expire_later(c.result.done, b.seats);
            ++counters_["buyers_abandoned"];
            b.active = false;
        }
    }

    void on_purchase(Buyer& b, const Completion& c) {
        b.active = false;
        if (c.result.status == OpStatus::ok) {
            purchases_.push_back(Purchase{b.seats, c.result.proofs});
            ++counters_["buyers_bought"];
            const auto n = b.seats.size();
            shared_.section_sold[b.section].fetch_add(static_cast<std::uint32_t>(n));
            const auto sold = shared_.sold_seats.fetch_add(n) + n;
            if (sold >= shared_.sellable_seats) {
                const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                                    c.result.done - shared_.start)
                                    .count();
                std::int64_t none = -1;
                shared_.sold_out_us.compare_exchange_strong(none, us);
                shared_.stop = true;
            }
        } else if (c.result.unknown) {
            unknown_seats_ += b.seats.size();
            ++counters_["purchases_unknown"];
        } else {
            show_free(b.seats);  // the hold ran out before the purchase: the seats are free
            ++counters_["purchases_refused"];
        }
    }

    // Picks seats for the buyer's next hold into b.seats; false if none is seen.
    bool choose(Buyer& b) {
        now_us_ = now_us();
        const bool best_first = b.attempts == 0 && coin();
        if (b.attempts < kPreferredAttempts && find(b.preferred, b.party, best_first, b))
            return true;
        const TierId tier = venue_.seats[venue_.sections[b.preferred].first_seat].tier;
        const auto& same_tier = by_tier_[tier];
        const std::size_t start = pick(same_tier.size());
        for (std::size_t i = 0; i < same_tier.size(); ++i)
            if (find(same_tier[(start + i) % same_tier.size()], b.party, false, b)) return true;
        for (std::uint32_t party : {b.party, 1u}) {
            const std::size_t first = pick(venue_.sections.size());
            for (std::size_t i = 0; i < venue_.sections.size(); ++i) {
                const auto s = static_cast<SectionId>((first + i) % venue_.sections.size());
                if (find(s, party, false, b)) return true;
            }
        }
        return false;
    }

    // Scans `section` from its first seat (best_first) or a random one for
    // `party` adjacent free plain seats, or a whole free group met on the way.
    // The hot loop of a flash sale's last seconds, when buyers scan whole
    // sections to find nothing: it reads two flat per-seat tables (Shared) and
    // keeps the run in place, instead of the venue's seats and a vector.
    bool find(SectionId section, std::uint32_t party, bool best_first, Buyer& b) {
        const Section& sec = venue_.sections[section];
        if (shared_.section_sold[section].load(std::memory_order_relaxed) >= sec.seat_count)
            return false;
        const std::uint32_t offset =
            best_first ? 0 : static_cast<std::uint32_t>(pick(sec.seat_count));
        std::array<std::uint32_t, kHoldSeatsMax> run;
        std::size_t run_size = 0;
        std::uint32_t s = sec.first_seat + offset;
        const std::uint32_t end = sec.first_seat + sec.seat_count;
        // In locals: the atomic loads would make the compiler reload members.
        const std::atomic<std::int64_t>* busy = shared_.seat_busy_until_us.get();
        const std::int64_t now = now_us_;
        for (std::uint32_t i = 0; i < sec.seat_count; ++i, ++s) {
            if (s == end) s = sec.first_seat;  // wrapped: the run breaks (adjacent() says so)
            if (busy[s].load(std::memory_order_relaxed) > now) {  // taken(s)
                run_size = 0;
                continue;
            }
            const GroupId g = shared_.seat_group[s];
            if (g != kNoGroup) {
                run_size = 0;
                if (whole_group_free(g)) {
                    set_choice(b, venue_.groups[g].seats, section);
                    return true;
                }
                continue;
            }
            if (run_size > 0 &&
                !(run[run_size - 1] + 1 == s ? shared_.joins_previous[s] != 0
                                             : venue_.adjacent(run[run_size - 1], s)))
                run_size = 0;
            run[run_size++] = s;
            if (run_size == party) {
                set_choice(b, std::vector<std::uint32_t>(run.begin(), run.begin() + party),
                           section);
                return true;
            }
        }
        return false;
    }

    bool whole_group_free(GroupId g) const {
        const auto& seats = venue_.groups[g].seats;
        if (seats.size() > kHoldSeatsMax) return false;
        return std::none_of(seats.begin(), seats.end(), [this, &seats](std::uint32_t s) {
            return taken(s) || venue_.seats[s].section != venue_.seats[seats.front()].section;
        });
    }

    void set_choice(Buyer& b, std::vector<std::uint32_t> seats, SectionId section) {
        std::sort(seats.begin(), seats.end());
        b.seats = std::move(seats);
        b.section = section;
    }

    std::int64_t now_us() const {
        return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - shared_.start)
            .count();
    }
    bool taken(std::uint32_t s) const {
        return shared_.seat_busy_until_us[s].load(std::memory_order_relaxed) > now_us_;
    }
    void show_taken(const std::vector<std::uint32_t>& seats) {
        for (std::uint32_t s : seats)
            shared_.seat_busy_until_us[s].store(kSeatBusyForever, std::memory_order_relaxed);
    }
    void show_free(const std::vector<std::uint32_t>& seats) {
        for (std::uint32_t s : seats)
            shared_.seat_busy_until_us[s].store(0, std::memory_order_relaxed);
    }
    // Seats someone else has, as far as the server just said: busy for one hold
    // time, after which a hold on them has either expired or been bought.
    void show_busy_for_a_while(const std::vector<std::uint32_t>& seats) {
        const std::int64_t until =
            now_us() + (shared_.options.hold_ttl_ms + kExpiryMargin.count()) * 1000;
        for (std::uint32_t s : seats) {
            std::int64_t seen = shared_.seat_busy_until_us[s].load(std::memory_order_relaxed);
            while (seen < until && !shared_.seat_busy_until_us[s].compare_exchange_weak(
                                       seen, until, std::memory_order_relaxed)) {
            }
        }
    }
    void expire_later(Clock::time_point from, const std::vector<std::uint32_t>& seats) {
        expiries_.push(
            {from + std::chrono::milliseconds(shared_.options.hold_ttl_ms) + kExpiryMargin, seats});
    }

    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }
    bool coin() { return std::uniform_int_distribution<int>(0, 1)(rng_) == 1; }

    Shared& shared_;
    const Venue& venue_;
    std::uint32_t connection_;
    std::mt19937_64 rng_;
    std::vector<Buyer> buyers_;
    std::vector<std::vector<SectionId>> by_tier_;
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> expiries_;
    std::vector<Purchase> purchases_;
    std::uint64_t unknown_seats_ = 0;
    std::uint64_t started_ = 0;
    std::int64_t now_us_ = 0;  // the time choose() compares the seat map with
    std::map<std::string, std::uint64_t> counters_;
};

}  // namespace

std::unique_ptr<Actor> make_flash_sale_actor(Shared& shared, std::uint32_t connection) {
    return std::make_unique<FlashSaleActor>(shared, connection);
}

}  // namespace seat::bench
