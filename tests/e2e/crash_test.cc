// Proves that an acknowledged purchase survives `kill -9`: in each cycle four
// clients hold and buy seats of a fresh event while seatd is killed under them;
// after a restart on the same data dir every purchase acknowledged in any cycle
// so far is present with its tickets, and no seat is sold twice. 20 cycles by
// default; SEAT_CRASH_CYCLES=N runs more (tests/soak/crash_soak.sh).
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "tests/e2e/e2e_helpers.h"
#include "venues/generators.h"
#include "venues/venue_json.h"

namespace seat::e2e {
namespace {

constexpr int kCyclesDefault = 20;
constexpr int kBuyers = 4;
constexpr auto kLoadBeforeKill = std::chrono::milliseconds(150);
constexpr std::uint64_t kFirstEvent = 1000;
// Stalls rows A..I (ids 0..125) and the balcony (140..199): no seat groups.
constexpr std::uint32_t kStallsNoGroups = 126;
constexpr std::uint32_t kSeatsNoGroups = kStallsNoGroups + 60;

int cycles() {
    if (const char* env = std::getenv("SEAT_CRASH_CYCLES")) {
        const int n = std::atoi(env);
        if (n > 0) return n;
    }
    return kCyclesDefault;
}

struct Acked {
    std::uint64_t event;
    std::uint32_t seat;
    sc::Id128 ticket;
};

ClientOptions crash_options(std::uint16_t port) {
    ClientOptions o = client_options(port);
    // The server dies under these clients; fail fast instead of waiting for it.
    o.reconnect_attempts_max = 1;
    o.call_timeout = std::chrono::seconds(3);
    return o;
}

// Buys single seats until `stop` or a transport failure; returns what was acknowledged.
std::vector<Acked> buy_until_killed(std::uint16_t port, std::uint64_t event, int index,
                                    const std::atomic<bool>& stop) {
    Client client(crash_options(port));
    const auto session = sc::Id128::from_name("crash-" + std::to_string(index));
    std::mt19937 rng(static_cast<unsigned>(event * 31 + index));
    std::uniform_int_distribution<std::uint32_t> pick(0, kSeatsNoGroups - 1);
    std::vector<Acked> acked;
    while (!stop.load()) {
        std::uint32_t seat = pick(rng);
        if (seat >= kStallsNoGroups) seat += 14;  // skip Stalls row J
        const auto h = client.place_hold(event, session, sc::Seats{{seat}});
        if (sc::is_transport_error(h.status)) break;
        if (!h.ok()) continue;
        const auto p = client.purchase(event, sc::PurchaseRequest{h.value.hold, session, "b", "p"});
        if (sc::is_transport_error(p.status)) break;
        if (p.ok()) {
            for (const auto& t : p.value.tickets)
                acked.push_back({event, t.seat, t.ticket_id});
        }
    }
    return acked;
}

void verify(Client& client, const std::vector<Acked>& acked, std::uint64_t last_event) {
    std::map<std::uint64_t, std::set<std::uint32_t>> seats;
    for (const auto& a : acked) {
        ASSERT_TRUE(seats[a.event].insert(a.seat).second)
            << "event " << a.event << " seat " << a.seat << " acknowledged twice";
        const auto t = client.get_ticket(a.event, a.ticket);
        ASSERT_TRUE(t.ok()) << "acknowledged ticket lost: event " << a.event << " seat " << a.seat
                            << ": " << t.message;
        EXPECT_EQ(t.value.ticket.seat, a.seat);
    }
    for (std::uint64_t event = kFirstEvent; event <= last_event; ++event) {
        const auto summary = client.get_summary(event);
        ASSERT_TRUE(summary.ok()) << "event " << event << ": " << summary.message;
        const auto& c = summary.value.totals;
        EXPECT_EQ(c.available + c.held + c.sold + c.blocked, kTheatreSeats);
        EXPECT_EQ(summary.value.tickets, c.sold) << "one ticket per sold seat";
        // Purchases whose answer the kill swallowed may be there too, never fewer.
        EXPECT_GE(c.sold, seats[event].size());
        std::uint32_t sold = 0;
        for (const char* name : {"Stalls", "Balcony"}) {
            const auto s = client.get_section(event, name);
            ASSERT_TRUE(s.ok());
            for (std::uint32_t i = 0; i < s.value.statuses.size(); ++i) {
                const bool is_sold = s.value.statuses[i] == sc::SeatStatus::sold;
                sold += is_sold;
                if (seats[event].count(s.value.first_seat + i) == 1) {
                    EXPECT_TRUE(is_sold) << "event " << event << " seat " << s.value.first_seat + i;
                }
            }
        }
        EXPECT_EQ(sold, c.sold);
    }
}

TEST(CrashTest, AcknowledgedPurchasesSurviveKill9) {
    testing::SeatdProcess seatd;
    std::vector<Acked> acked;
    const int n = cycles();
    for (int cycle = 0; cycle < n; ++cycle) {
        const std::uint64_t event = kFirstEvent + static_cast<std::uint64_t>(cycle);
        {
            Client admin(client_options(seatd.port()));
            sc::CreateEventRequest req;
            req.venue_json = venue_to_json(make_theatre());
            req.name = "Crash " + std::to_string(cycle);
            const auto created = admin.create_event(event, req);
            ASSERT_TRUE(created.ok()) << created.message;
        }
        std::atomic<bool> stop{false};
        std::vector<std::future<std::vector<Acked>>> buyers;
        for (int i = 0; i < kBuyers; ++i) {
            buyers.push_back(std::async(std::launch::async, buy_until_killed, seatd.port(), event,
                                        i, std::cref(stop)));
        }
        std::this_thread::sleep_for(kLoadBeforeKill);
        seatd.kill9();
        stop = true;
        for (auto& b : buyers) {
            ASSERT_EQ(b.wait_for(std::chrono::seconds(20)), std::future_status::ready);
            const auto part = b.get();
            acked.insert(acked.end(), part.begin(), part.end());
        }
        seatd.restart();
        Client client(client_options(seatd.port()));
        verify(client, acked, event);
        if (::testing::Test::HasFatalFailure()) return;
    }
    EXPECT_FALSE(acked.empty());
    std::cout << n << " kill -9 cycles, " << acked.size() << " acknowledged seats verified\n";
}

}  // namespace
}  // namespace seat::e2e
