// Micro-benchmarks of the event state machine on the generated 70,000-seat
// stadium: decide+apply of a 4-seat hold (granted and refused), a purchase, a
// whole-section status read, replay speed, memory per seat, the full
// invariant check, the waiting room, and tickets changing hands. The numbers are recorded in
// docs/benchmarks.md with the machine and the command.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "base/check.h"
#include "engine/engine.h"
#include "engine/queries.h"
#include "engine/room/view.h"
#include "engine/transfers/views.h"
#include "venues/generators.h"

namespace seat {
namespace {

constexpr UnixMillis kNow = 1'800'000'000'000;

const std::shared_ptr<const Venue>& stadium() {
    static const auto venue = std::make_shared<const Venue>(make_stadium());
    return venue;
}

EventState fresh_event(Rng& rng) {
    EventState state;
    FactBuffer out;
    SaleSettings settings;
    settings.max_holds_per_session = kSessionHoldsMax;
    execute(state, CreateEvent{1, stadium(), settings}, kNow, rng, out);
    return state;
}

// Four seats in one row starting at `first`, or false if the row is too short.
bool four_in_a_row(const Venue& v, SeatId first, HoldSeats& seats) {
    seats.clear();
    if (first + 4 > v.seat_count()) return false;
    for (SeatId s = first; s < first + 4; ++s) {
        if (v.seats[s].row != v.seats[first].row || v.seats[s].group != kNoGroup) return false;
        seats.push_back(s);
    }
    return true;
}

// Every run of four free, ungrouped seats in one row, in seat order.
std::vector<HoldSeats> four_seat_runs(const Venue& v) {
    std::vector<HoldSeats> runs;
    HoldSeats seats;
    for (SeatId s = 0; s + 4 <= v.seat_count();) {
        if (four_in_a_row(v, s, seats)) {
            runs.push_back(seats);
            s += 4;
        } else {
            ++s;
        }
    }
    return runs;
}

// Steady state: each iteration places kBatch 4-seat holds (timed), then releases
// them (not timed), so the hold table and idempotency window are warm as in a
// running shard rather than growing from empty.
constexpr std::int64_t kBatch = 1000;

void BM_HoldGranted(benchmark::State& bs) {
    Rng rng(1);
    EventState state = fresh_event(rng);
    const std::vector<HoldSeats> runs = four_seat_runs(state.venue());
    FactBuffer out;
    out.reserve(16);
    std::vector<std::pair<HoldId, SessionId>> placed;
    placed.reserve(kBatch);
    std::size_t next = 0;
    std::uint64_t n = 0;
    PlaceHold cmd;
    for (auto _ : bs) {
        for (std::int64_t i = 0; i < kBatch; ++i) {
            cmd.seats = runs[next];
            next = (next + 1) % runs.size();
            cmd.session = SessionId{1, ++n};
            cmd.key = IdempotencyKey{2, n};
            out.clear();
            const Result r = execute(state, cmd, kNow, rng, out);
            placed.emplace_back(std::get<HoldReply>(r.reply).hold, cmd.session);
        }
        bs.PauseTiming();
        for (const auto& [hold, session] : placed) {
            out.clear();
            SEAT_CHECK(
                execute(state, ReleaseHold{hold, session, IdempotencyKey{3, ++n}}, kNow, rng, out)
                    .ok(),
                "benchmark hold was not granted");
        }
        placed.clear();
        bs.ResumeTiming();
    }
    bs.SetItemsProcessed(bs.iterations() * kBatch);
}
BENCHMARK(BM_HoldGranted);

void BM_HoldRefused(benchmark::State& bs) {
    Rng rng(2);
    EventState state = fresh_event(rng);
    FactBuffer out;
    PlaceHold taken{SessionId{1, 1}, {}, {}};
    four_in_a_row(state.venue(), 0, taken.seats);
    execute(state, taken, kNow, rng, out);
    PlaceHold cmd{SessionId{1, 2}, taken.seats, {}};
    std::uint64_t n = 0;
    for (auto _ : bs) {
        cmd.key = IdempotencyKey{3, ++n};
        out.clear();
        Result r = execute(state, cmd, kNow, rng, out);
        benchmark::DoNotOptimize(r);
    }
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_HoldRefused);

// kBatch holds are placed (not timed), then bought (timed); a sold-out stadium
// is replaced by a fresh one between batches.
void BM_Purchase(benchmark::State& bs) {
    Rng rng(3);
    EventState state = fresh_event(rng);
    const std::vector<HoldSeats> runs = four_seat_runs(state.venue());
    FactBuffer out;
    std::vector<Purchase> buys;
    buys.reserve(kBatch);
    std::size_t next = 0;
    std::uint64_t n = 0;
    for (auto _ : bs) {
        bs.PauseTiming();
        if (next + kBatch > runs.size()) {
            state = fresh_event(rng);
            next = 0;
        }
        buys.clear();
        for (std::int64_t i = 0; i < kBatch; ++i) {
            const PlaceHold hold{SessionId{1, ++n}, runs[next++], IdempotencyKey{2, n}};
            out.clear();
            const Result h = execute(state, hold, kNow, rng, out);
            buys.push_back(Purchase{std::get<HoldReply>(h.reply).hold, hold.session, "buyer-000042",
                                    "psp-charge-0000000042", IdempotencyKey{4, n}});
        }
        bs.ResumeTiming();
        for (const Purchase& buy : buys) {
            out.clear();
            const Result r = execute(state, buy, kNow, rng, out);
            benchmark::DoNotOptimize(r);
        }
    }
    bs.SetItemsProcessed(bs.iterations() * kBatch);
}
BENCHMARK(BM_Purchase);

void BM_SectionStatuses(benchmark::State& bs) {
    Rng rng(4);
    EventState state = fresh_event(rng);
    const SectionId section = *state.venue().find_section(kStadiumReadSection);
    std::vector<SeatStatus> out(state.venue().sections[section].seat_count);
    for (auto _ : bs) {
        section_statuses(state, section, out);
        benchmark::DoNotOptimize(out.data());
    }
    bs.SetItemsProcessed(bs.iterations());
    bs.counters["seats"] = static_cast<double>(out.size());
}
BENCHMARK(BM_SectionStatuses);

// A log of holds (4 seats), purchases (one hold in eight) and releases over the
// stadium, replayed. It stops early if the stadium has no four free seats left.
FactBuffer make_log(std::size_t holds) {
    Rng rng(5);
    EventState state;
    FactBuffer log;
    SaleSettings settings;
    settings.max_holds_per_session = kSessionHoldsMax;
    execute(state, CreateEvent{1, stadium(), settings}, kNow, rng, log);
    const auto capacity = static_cast<SeatId>(state.capacity());
    SeatId next = 0;
    PlaceHold hold;
    for (std::uint64_t n = 1; n <= holds; ++n) {
        SeatId scanned = 0;
        while (!four_in_a_row(state.venue(), next, hold.seats) ||
               state.seat(next).status != SeatStatus::available) {
            next = (next + 1) % capacity;
            if (++scanned == capacity) return log;
        }
        hold.session = SessionId{1, n};
        hold.key = IdempotencyKey{2, n};
        Result h = execute(state, hold, kNow, rng, log);
        if (n % 8 == 0) {
            execute(state,
                    Purchase{std::get<HoldReply>(h.reply).hold, hold.session, "buyer", "pay",
                             IdempotencyKey{3, n}},
                    kNow, rng, log);
        } else {
            execute(
                state,
                ReleaseHold{std::get<HoldReply>(h.reply).hold, hold.session, IdempotencyKey{4, n}},
                kNow, rng, log);
        }
        next = (next + 4) % capacity;
    }
    return log;
}

void BM_Replay(benchmark::State& bs) {
    const FactBuffer log = make_log(static_cast<std::size_t>(bs.range(0)));
    for (auto _ : bs) {
        EventState state;
        for (const Fact& f : log)
            seat::apply(state, f);
        benchmark::DoNotOptimize(state.sequence());
    }
    bs.SetItemsProcessed(bs.iterations() * static_cast<std::int64_t>(log.size()));
    bs.counters["facts"] = static_cast<double>(log.size());
}
BENCHMARK(BM_Replay)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Sells half the stadium in 4-seat purchases, each with its own buyer.
// Sells runs of four seats in seat order until `share` of the stadium is sold,
// or no run of four is left (grouped seats and row ends stay unsold).
void sell_share(EventState& state, Rng& rng, double share) {
    FactBuffer out;
    SeatId next = 0;
    PlaceHold hold;
    const auto target = static_cast<std::uint64_t>(share * static_cast<double>(state.capacity()));
    for (std::uint64_t n = 1; state.totals()[SeatStatus::sold] < target; ++n) {
        while (next + 4 <= state.venue().seat_count() &&
               !four_in_a_row(state.venue(), next, hold.seats))
            ++next;
        if (next + 4 > state.venue().seat_count()) return;
        hold.session = SessionId{1, n};
        hold.key = IdempotencyKey{2, n};
        Result h = execute(state, hold, kNow, rng, out);
        execute(state,
                Purchase{std::get<HoldReply>(h.reply).hold, hold.session,
                         "buyer-" + std::to_string(n), "pay", IdempotencyKey{3, n}},
                kNow, rng, out);
        out.clear();
        next += 4;
    }
}

void sell_half(EventState& state, Rng& rng) {
    sell_share(state, rng, 0.5);
}

void BM_MemoryPerSeat(benchmark::State& bs) {
    Rng rng(6);
    EventState state = fresh_event(rng);
    for (auto _ : bs)
        benchmark::DoNotOptimize(state.memory_bytes());
    bs.counters["bytes_per_seat_fresh"] =
        static_cast<double>(state.memory_bytes()) / static_cast<double>(state.capacity());
    bs.counters["venue_bytes_per_seat"] =
        static_cast<double>(state.venue().memory_bytes()) / static_cast<double>(state.capacity());
    // Tickets and purchase records added.
    sell_half(state, rng);
    bs.counters["bytes_per_seat_half_sold"] =
        static_cast<double>(state.memory_bytes()) / static_cast<double>(state.capacity());
    // Sold out (every run of four): the idempotency window is full by then
    // (two entries per sale), so its share is the most it ever takes.
    sell_share(state, rng, 1.0);
    const double capacity = static_cast<double>(state.capacity());
    bs.counters["bytes_per_seat_sold_out"] = static_cast<double>(state.memory_bytes()) / capacity;
    bs.counters["sold_share"] = static_cast<double>(state.totals()[SeatStatus::sold]) / capacity;
    bs.counters["idempotency_share_sold_out"] =
        static_cast<double>(state.idempotency().memory_bytes()) /
        static_cast<double>(state.memory_bytes());
}
BENCHMARK(BM_MemoryPerSeat)->Iterations(1);

// The full invariant check (EventState::check_invariants) on the stadium, half
// sold: what running it after every fact would add to each fact, against the
// few hundred nanoseconds a fact costs. It runs when a state is built from a
// snapshot (from_image) and in the tests; apply() checks what each fact touches.
void BM_CheckInvariants(benchmark::State& bs) {
    Rng rng(7);
    EventState state = fresh_event(rng);
    sell_half(state, rng);
    for (auto _ : bs) {
        std::string problem = state.check_invariants();
        benchmark::DoNotOptimize(problem);
    }
    bs.counters["seats"] = static_cast<double>(state.capacity());
}
BENCHMARK(BM_CheckInvariants)->Unit(benchmark::kMicrosecond);

// ---- The waiting room (docs/waiting-room.md), on a room of 200,000 buyers.

constexpr std::uint32_t kRoomBuyers = 200'000;

// A stadium event with a room whose pre-queue holds `buyers` entries, opened.
EventState room_event(Rng& rng, std::uint32_t buyers) {
    EventState state;
    FactBuffer out;
    SaleSettings settings;
    settings.sale_starts_at_ms = kNow + 1;
    settings.room.enabled = true;
    settings.room.max_active = kRoomMaxActiveMax;
    settings.room.batch_size = kRoomBatchMax;
    execute(state, CreateEvent{1, stadium(), settings}, kNow, rng, out);
    for (std::uint32_t i = 0; i < buyers; ++i) {
        out.clear();
        execute(state, JoinQueue{SessionId{7, i + 1}}, kNow, rng, out);
    }
    out.clear();
    execute(state, RunRoom{}, kNow + 1, rng, out);
    SEAT_CHECK(state.room().opened(), "the room did not open");
    return state;
}

// decide + apply of one join at the back of a room of 200,000 (a fresh state
// every 100,000 joins keeps the room near that size).
void BM_JoinQueue(benchmark::State& bs) {
    Rng rng(1);
    EventState state = room_event(rng, kRoomBuyers);
    FactBuffer out;
    std::uint64_t n = 0;
    for (auto _ : bs) {
        out.clear();
        const Result r = execute(state, JoinQueue{SessionId{9, ++n}}, kNow + 2, rng, out);
        benchmark::DoNotOptimize(r);
        if (n % 100'000 == 0) {
            bs.PauseTiming();
            state = room_event(rng, kRoomBuyers);
            bs.ResumeTiming();
        }
    }
}
BENCHMARK(BM_JoinQueue);

// A buyer's poll: position (Fenwick prefix sum), ETA, seats left.
void BM_QueuePosition(benchmark::State& bs) {
    Rng rng(2);
    const EventState state = room_event(rng, kRoomBuyers);
    std::uint32_t entry = 0;
    for (auto _ : bs) {
        const QueueView v = queue_view(state, entry, kNow + 5);
        benchmark::DoNotOptimize(v);
        entry = (entry + 7919) % kRoomBuyers;
    }
}
BENCHMARK(BM_QueuePosition);

// One batch of 500 admitted (decide + apply of RunRoom), with the room's other
// work of a tick (no lapsed entries, no expired tokens).
void BM_AdmitBatch(benchmark::State& bs) {
    Rng rng(3);
    EventState state = room_event(rng, kRoomBuyers);
    FactBuffer out;
    UnixMillis now = kNow + 1;
    for (auto _ : bs) {
        now += kRoomBatchIntervalMsDefault;
        out.clear();
        execute(state, RunRoom{}, now, rng, out);
        if (state.room().waiting() < kRoomBatchMax) {
            bs.PauseTiming();
            state = room_event(rng, kRoomBuyers);
            now = kNow + 1;
            bs.ResumeTiming();
        }
    }
    bs.counters["admitted_per_call"] = static_cast<double>(kRoomBatchMax);
}
BENCHMARK(BM_AdmitBatch)->Unit(benchmark::kMicrosecond);

// ---- Transfers and resale on a stadium with kSoldForResale tickets sold.

constexpr std::size_t kSoldForResale = 20'000;

struct SoldStadium {
    EventState state;
    std::vector<std::uint32_t> tickets;  // indices, one per seat sold
};

SoldStadium sold_stadium(Rng& rng) {
    SoldStadium s{fresh_event(rng), {}};
    const std::vector<HoldSeats> runs = four_seat_runs(s.state.venue());
    FactBuffer out;
    std::uint64_t n = 0;
    for (std::size_t i = 0; s.state.tickets().size() < kSoldForResale; ++i) {
        const PlaceHold hold{SessionId{9, ++n}, runs[i], {}};
        out.clear();
        const Result h = execute(s.state, hold, kNow, rng, out);
        out.clear();
        execute(s.state,
                Purchase{std::get<HoldReply>(h.reply).hold,
                         hold.session,
                         "buyer-" + std::to_string(n),
                         "pay",
                         {}},
                kNow, rng, out);
    }
    for (std::uint32_t t = 0; t < s.state.tickets().size(); ++t)
        s.tickets.push_back(t);
    return s;
}

TokenHash bench_token(std::uint64_t n) {
    TokenHash h;
    for (int i = 0; i < 8; ++i) {
        h.bytes[i] = static_cast<std::uint8_t>(n >> (8 * i));
        h.bytes[8 + i] = static_cast<std::uint8_t>((n * 0x9E3779B97F4A7C15ull) >> (8 * i));
    }
    return h;
}

// An offer and its claim (two commands): one hand-over per item, each ticket
// passed on once per lap of the sold tickets.
void BM_OfferAndClaim(benchmark::State& bs) {
    Rng rng(5);
    SoldStadium s = sold_stadium(rng);
    FactBuffer out;
    std::uint64_t n = 0;
    std::size_t next = 0;
    for (auto _ : bs) {
        const Ticket& t = s.state.tickets()[s.tickets[next]];
        next = (next + 1) % s.tickets.size();
        const std::string owner(ticket_owner(s.state, t));
        const TokenHash token = bench_token(++n);
        out.clear();
        const Result o = execute(
            s.state,
            OfferTransfer{t.id, owner, "friend@example.com", TransferType::direct, token, {2, n}},
            kNow, rng, out);
        out.clear();
        const Result c = execute(
            s.state, ClaimTransfer{token, "claimer-" + std::to_string(n), {3, n}}, kNow, rng, out);
        SEAT_CHECK(o.ok() && c.ok(), "benchmark transfer refused");
    }
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_OfferAndClaim)->Iterations(40'000);

// A resale: list, buy (the checkout starts), the charge succeeds (the sale,
// the payout owed): three commands per item. Every seller differs, so the KYC
// check scans every payout the event owes: the cost grows with the payouts made.
void BM_ListAndSell(benchmark::State& bs) {
    Rng rng(6);
    SoldStadium s = sold_stadium(rng);
    FactBuffer out;
    std::uint64_t n = 0;
    std::size_t next = 0;
    for (auto _ : bs) {
        const std::uint32_t index = s.tickets[next];
        next = (next + 1) % s.tickets.size();
        const Ticket& t = s.state.tickets()[index];
        const std::string seller(ticket_owner(s.state, t));
        out.clear();
        const Result l = execute(s.state, ListTicket{t.id, seller, 1000, "acct_seller", {4, ++n}},
                                 kNow, rng, out);
        const ListingId listing = s.state.listings()[std::get<ListingReply>(l.reply).listing].id;
        out.clear();
        const Result b = execute(
            s.state, BuyListing{listing, "fan-" + std::to_string(n), "pm_card_visa", {5, n}}, kNow,
            rng, out);
        const CheckoutId checkout =
            s.state.checkouts()[std::get<CheckoutReply>(b.reply).checkout].id;
        out.clear();
        const Result sold =
            execute(s.state, SettleCheckout{checkout, ChargeResult::succeeded, "pi_resale", ""},
                    kNow, rng, out);
        SEAT_CHECK(sold.ok(), "benchmark resale refused");
    }
    bs.SetItemsProcessed(bs.iterations());
    bs.counters["payouts"] = static_cast<double>(s.state.payouts().size());
}
BENCHMARK(BM_ListAndSell)->Iterations(1'000);
BENCHMARK(BM_ListAndSell)->Iterations(10'000);

// The resale page: 10,000 listings on sale, one section's, cheapest first.
void BM_BrowseListings(benchmark::State& bs) {
    Rng rng(7);
    SoldStadium s = sold_stadium(rng);
    FactBuffer out;
    for (std::uint32_t i = 0; i < 10'000; ++i) {
        const Ticket& t = s.state.tickets()[s.tickets[i]];
        out.clear();
        execute(s.state,
                ListTicket{t.id,
                           std::string(ticket_owner(s.state, t)),
                           500 + (i * 7919) % 4000,
                           "acct_seller",
                           {6, i + 1}},
                kNow, rng, out);
    }
    const SectionId section = s.state.venue().seats[s.state.tickets()[0].seat].section;
    for (auto _ : bs) {
        const ListingPage page = browse_listings(s.state, section, 0, kListingsPageMax);
        benchmark::DoNotOptimize(page);
    }
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_BrowseListings)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace seat

BENCHMARK_MAIN();
