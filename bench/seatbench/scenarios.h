// The workloads run by actors (all but the waiting room). A run has one Actor
// per connection; the actor plays the connection's -P slots (one simulated
// buyer, reader or ticket owner each, one request in flight per slot) and is
// told every completion. Actors share only `Shared`: the run's bounds, the
// buyers' seat map and a few counters, all atomic, and, read only, the
// transfers scenario's tickets.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/seatbench/ledger.h"
#include "bench/seatbench/options.h"
#include "bench/seatbench/target.h"
#include "engine/venue.h"

namespace seat::bench {

// Flash-sale buyers give up after this many refused holds.
inline constexpr int kBuyerAttemptsMax = 8;
// The protocol's hold maximum; whole VIP boxes (up to 12 seats) must fit.
inline constexpr std::size_t kHoldSeatsMax = 16;
inline constexpr std::size_t kHoldsScenarioSeats = 4;
inline constexpr std::size_t kContendedSeats = 4;
inline constexpr std::int64_t kSeatBusyForever = INT64_MAX;

struct Shared {
    Shared(const Venue& venue, const Options& options, SectionId read_section);

    const Venue& venue;
    const Options& options;
    const SectionId read_section;

    // Requests left to send in all (-n); an actor's request first takes one.
    std::atomic<std::int64_t> budget;
    Clock::time_point start;
    Clock::time_point deadline;
    std::atomic<bool> stop{false};  // sold out, or the contended fill reached

    // The flash-sale buyers' seat map, per seat: 0 = seen free, kSeatBusyForever =
    // held or sold by a buyer's acknowledged hold, else busy until that time (µs
    // since start). A buyer marks its seats on its hold's answer and clears them on
    // release or expiry. Answers from different connections can arrive in another
    // order than the server executed them, so a seat can be shown free while it is
    // not; a refusal therefore marks the refused seats busy for one hold time. The
    // map lags the server, as a real seat map does: that is where refusals come from.
    std::unique_ptr<std::atomic<std::int64_t>[]> seat_busy_until_us;
    std::atomic<std::uint64_t> sold_seats{0};
    // Sold seats per section, so buyers skip sold-out sections without scanning them.
    std::unique_ptr<std::atomic<std::uint32_t>[]> section_sold;
    std::atomic<std::uint64_t> held_seats{0};
    // The venue's seats as the flash-sale buyers scan them, flat: each seat's
    // group (kNoGroup outside one), and whether it is adjacent to the seat
    // before it (venue.adjacent(s - 1, s)).
    std::vector<GroupId> seat_group;
    std::vector<std::uint8_t> joins_previous;
    std::atomic<std::int64_t> sold_out_us{-1};  // since start; -1 = not sold out
    std::uint64_t sellable_seats = 0;           // capacity less seats blocked from the start

    // Seats outside groups, all and per section (contended picks among them),
    // and runs of 4 adjacent such seats in one row (the holds scenario's units).
    std::vector<std::uint32_t> plain_seats;
    std::vector<std::vector<std::uint32_t>> plain_by_section;
    std::vector<std::vector<std::uint32_t>> units;

    // The transfers scenario: the tickets sold in its setup (transfers.h),
    // before the run; each actor takes every C-th as its own.
    std::vector<TransferTicket> transfer_tickets;
};

class Actor {
  public:
    struct Step {
        enum Kind { request, wait, done } kind = done;
        Op op;
        Clock::time_point wake;  // for wait
    };

    virtual ~Actor() = default;
    // What `slot` does next: send a request, wait until `wake`, or nothing more.
    virtual Step next(std::uint32_t slot, Clock::time_point now) = 0;
    virtual void on_result(const Completion& c) = 0;
    // Called often by the driver: time-based work (expired holds).
    virtual void tick(Clock::time_point) {}
    // After the last completion: what this connection knows, for the audit and report.
    virtual void finish(Ledger& ledger, std::map<std::string, std::uint64_t>& counters) = 0;
};

std::unique_ptr<Actor> make_actor(Shared& shared, std::uint32_t connection);

// The flash-sale actor lives in flash_sale.cc.
std::unique_ptr<Actor> make_flash_sale_actor(Shared& shared, std::uint32_t connection);
// The transfers actor lives in transfers.cc.
std::unique_ptr<Actor> make_transfers_actor(Shared& shared, std::uint32_t connection);

}  // namespace seat::bench
