// seatdemo: the engine end to end without a network. Creates the demo event (the
// 200-seat theatre) in a data directory, holds and buys seats through the real
// state machine and durable log, then closes the log, recovers the event from it
// and shows that the counts are the same. Run it twice: the second run continues.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "engine/engine.h"
#include "engine/queries.h"
#include "protocol/status_text.h"
#include "storage/fact_log.h"
#include "storage/recovery.h"
#include "venues/generators.h"

namespace {

// The engine has status numbers; their names are the wire's.
std::string_view to_string(seat::Status s) {
    return seat::protocol::status_name(static_cast<std::uint16_t>(s));
}

using namespace seat;

constexpr EventId kDemoEvent = 1;

UnixMillis wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void print_counts(const char* when, const EventState& state) {
    const Counts& c = state.totals();
    std::printf("%-22s available %3u  held %3u  sold %3u  blocked %3u  (facts %llu, tickets %zu)\n",
                when, c[SeatStatus::available], c[SeatStatus::held], c[SeatStatus::sold],
                c[SeatStatus::blocked], static_cast<unsigned long long>(state.sequence()),
                state.tickets().size());
}

// Runs one command like a shard round: decide + apply, then one synced batch.
Result run(storage::FactLog& log, EventState& state, const Command& command, Rng& rng) {
    FactBuffer facts;
    const Sequence first = state.sequence() + 1;
    Result r = execute(state, command, wall_clock_ms(), rng, facts);
    storage::RoundBatch batch(log);
    for (std::size_t i = 0; i < facts.size(); ++i)
        batch.add(kDemoEvent, first + i, facts[i]);
    if (!batch.empty()) log.commit_or_die(batch);
    return r;
}

std::unique_ptr<storage::FactLog> open_log(const std::string& dir) {
    storage::Status status;
    auto log = storage::FactLog::open(dir, storage::LogOptions{}, status);
    if (!log) {
        std::fprintf(stderr, "seatdemo: cannot open %s: %s\n", dir.c_str(),
                     status.to_string().c_str());
        std::exit(1);
    }
    return log;
}

EventState recover_demo(const storage::FactLog& log) {
    std::vector<storage::RecoveredEvent> events;
    storage::RecoveryStats stats;
    const storage::Status status = storage::recover(log, {}, events, stats);
    if (!status.ok()) {
        std::fprintf(stderr, "seatdemo: recovery failed: %s\n", status.to_string().c_str());
        std::exit(1);
    }
    std::printf("recovered %zu event(s), %llu facts replayed in %.3f s\n", stats.events,
                static_cast<unsigned long long>(stats.facts_replayed), stats.seconds);
    for (auto& e : events)
        if (e.state.event() == kDemoEvent) return std::move(e.state);
    return EventState{};
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : "seatd-data";
    if (dir == "-h" || dir == "--help") {
        std::printf("usage: seatdemo [DATA_DIR]   (default ./seatd-data)\n");
        return 0;
    }
    Rng rng(std::random_device{}());
    std::printf("seatdemo: data directory %s\n", dir.c_str());

    auto log = open_log(dir);
    EventState state = recover_demo(*log);
    if (!state.created()) {
        auto venue = std::make_shared<const Venue>(make_theatre());
        SaleSettings settings;
        settings.event_name = "Demo night at the theatre";
        const Result r = run(*log, state, CreateEvent{kDemoEvent, venue, settings}, rng);
        std::printf("created event %llu \"%s\": %zu seats (%s)\n",
                    static_cast<unsigned long long>(kDemoEvent), settings.event_name.c_str(),
                    state.capacity(), std::string(to_string(r.status)).c_str());
    }
    print_counts("before:", state);

    // A buyer holds the first four free seats side by side, checks out and pays.
    const Venue& venue = state.venue();
    PlaceHold hold{rng.uuid(), {}, rng.uuid()};
    for (SeatId s = 0; s + 4 <= state.capacity() && hold.seats.empty(); ++s) {
        bool fits = true;
        for (SeatId t = s; t < s + 4; ++t)
            fits &= state.seat(t).status == SeatStatus::available &&
                    venue.seats[t].group == kNoGroup && (t == s || venue.adjacent(t - 1, t));
        if (fits)
            for (SeatId t = s; t < s + 4; ++t)
                hold.seats.push_back(t);
    }
    if (hold.seats.empty()) {
        std::printf("no four adjacent seats left: the demo event is sold out\n");
        return 0;
    }
    const Result held = run(*log, state, hold, rng);
    const HoldId held_id = held.ok() ? std::get<HoldReply>(held.reply).hold : HoldId{};
    std::printf("hold %s: %s .. %s -> %s\n", std::to_string(held_id.value).c_str(),
                venue.seat_name(hold.seats[0]).c_str(), venue.seat_name(hold.seats[3]).c_str(),
                std::string(to_string(held.status)).c_str());
    const Result extended = run(*log, state, ExtendHold{held_id, hold.session, rng.uuid()}, rng);
    std::printf("extend for checkout -> %s\n", std::string(to_string(extended.status)).c_str());
    const Result bought =
        run(*log, state, Purchase{held_id, hold.session, "demo-buyer", "demo-payment", rng.uuid()},
            rng);
    std::printf("purchase -> %s, tickets:\n", std::string(to_string(bought.status)).c_str());
    const PurchaseReply tickets =
        bought.ok() ? std::get<PurchaseReply>(bought.reply) : PurchaseReply{};
    for (std::uint32_t i = 0; i < tickets.ticket_count; ++i) {
        const Ticket& t = state.tickets()[tickets.first_ticket + i];
        std::printf("  %s  %s\n", to_string(t.id).c_str(), venue.seat_name(t.seat).c_str());
    }
    // Someone else wants one of those seats now.
    const Result late = run(*log, state, PlaceHold{rng.uuid(), {hold.seats[1]}, rng.uuid()}, rng);
    std::printf("another session holds %s -> %s\n", venue.seat_name(hold.seats[1]).c_str(),
                std::string(to_string(late.status)).c_str());
    print_counts("live state:", state);

    // Restart: close the log, recover from it, compare.
    const EventImage before = state.image();
    log.reset();
    log = open_log(dir);
    const EventState recovered = recover_demo(*log);
    print_counts("after restart:", recovered);
    if (!same_state(before, recovered.image())) {
        std::fprintf(stderr, "seatdemo: the recovered state differs from the live one\n");
        return 1;
    }
    std::printf("recovered state is identical to the live state\n");
    return 0;
}
