// Proves that contention through the real server never sells a seat twice: 50
// client connections, each keeping 8 requests in flight, hold and buy random
// pairs from 40 overlapping seats of the demo theatre. Afterwards every
// acknowledged purchase has its tickets, no seat is in two of them, and the
// section view, the summary and the tickets all add up.
#include <gtest/gtest.h>

#include <deque>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "tests/e2e/e2e_helpers.h"

namespace seat::e2e {
namespace {

constexpr int kConnections = 50;
constexpr std::size_t kPipelineDepth = 8;
constexpr int kHoldsPerConnection = 24;
// Stalls rows A..C (ids 0..41) hold no seat groups; 40 seats for 50 buyers.
constexpr std::uint32_t kContestedSeats = 40;
constexpr std::uint32_t kTheatreSeats = 200;
constexpr auto kRaceDeadline = std::chrono::seconds(60);

struct Bought {
    std::uint32_t seat;
    sc::Id128 ticket;
    std::string buyer;
};

// One connection's work: holds kept kPipelineDepth deep; each hold that succeeds
// is bought at once, its purchase taking a place in the pipeline.
std::vector<Bought> buyer(std::uint16_t port, int index) {
    Client client(client_options(port, testing::kAppKey));
    const auto session = sc::Id128::from_name("race-" + std::to_string(index));
    const std::string name = "buyer-" + std::to_string(index);
    std::mt19937 rng(static_cast<unsigned>(index) * 7919u + 1);
    std::uniform_int_distribution<std::uint32_t> pick(0, kContestedSeats - 1);

    struct InFlight {
        std::future<sc::Result<sc::HoldInfo>> hold;
        std::future<sc::Result<sc::PurchaseInfo>> purchase;
    };
    std::deque<InFlight> pipeline;
    std::vector<Bought> out;
    int holds_sent = 0;
    const auto deadline = std::chrono::steady_clock::now() + kRaceDeadline;
    while ((holds_sent < kHoldsPerConnection || !pipeline.empty()) &&
           std::chrono::steady_clock::now() < deadline) {
        while (holds_sent < kHoldsPerConnection && pipeline.size() < kPipelineDepth) {
            std::uint32_t a = pick(rng), b = pick(rng);
            if (a == b) b = (a + 1) % kContestedSeats;
            pipeline.push_back(
                {client.place_hold_async(kDemoEvent, session, sc::Seats{{a, b}}), {}});
            ++holds_sent;
        }
        InFlight f = std::move(pipeline.front());
        pipeline.pop_front();
        if (f.hold.valid()) {
            const auto h = f.hold.get();
            if (h.ok()) {
                pipeline.push_back(
                    {{},
                     client.purchase_async(kDemoEvent,
                                           sc::PurchaseRequest{h.value.hold, session, name, "p"})});
            }
        } else {
            const auto p = f.purchase.get();
            EXPECT_TRUE(p.ok()) << sc::to_string(p.status) << ": " << p.message;
            if (p.ok()) {
                for (const auto& t : p.value.tickets)
                    out.push_back({t.seat, t.ticket_id, name});
            }
        }
    }
    return out;
}

TEST(RaceTest, FiftyPipelinedConnectionsNeverSellASeatTwice) {
    testing::SeatdProcess seatd;
    std::vector<std::future<std::vector<Bought>>> workers;
    for (int i = 0; i < kConnections; ++i)
        workers.push_back(std::async(std::launch::async, buyer, seatd.port(), i));
    std::vector<Bought> bought;
    for (auto& w : workers) {
        ASSERT_EQ(w.wait_for(kRaceDeadline + std::chrono::seconds(10)), std::future_status::ready);
        const auto part = w.get();
        bought.insert(bought.end(), part.begin(), part.end());
    }
    ASSERT_FALSE(bought.empty());
    std::cout << bought.size() << " of " << kContestedSeats << " contested seats sold\n";

    std::set<std::uint32_t> seats;
    for (const auto& b : bought)
        EXPECT_TRUE(seats.insert(b.seat).second) << "seat " << b.seat << " sold twice";

    Client check(client_options(seatd.port()));
    for (const auto& b : bought) {
        const auto t = check.get_ticket(kDemoEvent, b.ticket);
        ASSERT_TRUE(t.ok()) << t.message;
        EXPECT_EQ(t.value.ticket.seat, b.seat);
        EXPECT_EQ(t.value.buyer_id, b.buyer);
    }
    const auto section = check.get_section(kDemoEvent, "Stalls");
    ASSERT_TRUE(section.ok());
    std::uint32_t sold_in_section = 0;
    for (std::uint32_t i = 0; i < section.value.statuses.size(); ++i) {
        const bool sold = section.value.statuses[i] == sc::SeatStatus::sold;
        sold_in_section += sold;
        EXPECT_EQ(sold, seats.count(section.value.first_seat + i) == 1) << "seat " << i;
    }
    const auto summary = check.get_summary(kDemoEvent);
    ASSERT_TRUE(summary.ok());
    const auto& t = summary.value.totals;
    EXPECT_EQ(t.sold, bought.size());
    EXPECT_EQ(sold_in_section, bought.size());
    EXPECT_EQ(summary.value.tickets, bought.size());
    EXPECT_EQ(t.available + t.held + t.sold + t.blocked, kTheatreSeats);
    // Every successful hold was bought, so nothing stays held.
    EXPECT_EQ(t.held, 0u);
    EXPECT_EQ(summary.value.live_holds, 0u);
}

}  // namespace
}  // namespace seat::e2e
