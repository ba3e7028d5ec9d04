// Proves that a purchase retried with its idempotency key sells once and returns
// the same tickets: sent twice on one connection, resent by the client library on
// its own after the connection broke with the answer lost, and sent again after
// seatd was killed and restarted (the idempotency window is durable).
#include <gtest/gtest.h>

#include "tests/e2e/e2e_helpers.h"

namespace seat::e2e {
namespace {

std::vector<sc::Id128> ticket_ids(const sc::PurchaseInfo& p) {
    std::vector<sc::Id128> out;
    for (const auto& t : p.tickets)
        out.push_back(t.ticket_id);
    return out;
}

TEST(IdempotencyTest, SamePurchaseTwiceSellsOnceWithTheSameTickets) {
    testing::SeatdProcess seatd;
    Client client(client_options(seatd.port()));
    const auto s = sc::Id128::from_name("twice");
    const auto h = client.place_hold(kDemoEvent, s, sc::Seats{{10, 11}});
    ASSERT_TRUE(h.ok()) << h.message;
    CallOptions o;
    o.idempotency_key = sc::Id128::random();
    const sc::PurchaseRequest req{h.value.hold, s, "buyer", "pay"};
    const auto first = client.purchase(kDemoEvent, req, o);
    ASSERT_TRUE(first.ok()) << first.message;
    EXPECT_FALSE(first.replayed);
    const auto second = client.purchase(kDemoEvent, req, o);
    ASSERT_TRUE(second.ok()) << second.message;
    EXPECT_TRUE(second.replayed);
    EXPECT_EQ(ticket_ids(first.value), ticket_ids(second.value));

    // From another connection too.
    Client other(client_options(seatd.port()));
    const auto third = other.purchase(kDemoEvent, req, o);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(ticket_ids(first.value), ticket_ids(third.value));

    const auto summary = client.get_summary(kDemoEvent);
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary.value.totals.sold, 2u);
    EXPECT_EQ(summary.value.tickets, 2u);
}

TEST(IdempotencyTest, ClientResendsAfterALostAnswerAndTheServerReplays) {
    testing::SeatdProcess seatd;
    Proxy proxy(seatd.port());
    Client client(client_options(proxy.port()));
    const auto s = sc::Id128::from_name("reconnect");
    const auto h = client.place_hold(kDemoEvent, s, sc::Seats{{}, {"Stalls/C/3", "Stalls/C/4"}});
    ASSERT_TRUE(h.ok()) << h.message;

    // The purchase reaches seatd and executes, but its answer is lost and the
    // connection breaks: the library reconnects and resends it with its key.
    proxy.set_drop_answers(true);
    auto pending =
        client.purchase_async(kDemoEvent, sc::PurchaseRequest{h.value.hold, s, "buyer", "pay"});
    Client observer(client_options(seatd.port()));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        const auto seat = observer.get_seat(kDemoEvent, "Stalls/C/3");
        ASSERT_TRUE(seat.ok());
        if (seat.value.status == sc::SeatStatus::sold) break;
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the purchase never executed";
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Let the answer leave seatd (and be dropped) before the proxy forwards again.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_EQ(pending.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    proxy.set_drop_answers(false);
    proxy.cut();

    ASSERT_EQ(pending.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const auto bought = pending.get();
    ASSERT_TRUE(bought.ok()) << bought.message;
    EXPECT_TRUE(bought.replayed);
    ASSERT_EQ(bought.value.tickets.size(), 2u);
    EXPECT_GE(client.stats().connects, 2u);
    EXPECT_GE(client.stats().resent, 1u);

    for (const auto& t : bought.value.tickets) {
        const auto ticket = observer.get_ticket(kDemoEvent, t.ticket_id);
        ASSERT_TRUE(ticket.ok());
        EXPECT_EQ(ticket.value.buyer_id, "buyer");
    }
    const auto summary = observer.get_summary(kDemoEvent);
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary.value.totals.sold, 2u);
    EXPECT_EQ(summary.value.tickets, 2u);
}

TEST(IdempotencyTest, RetryAfterKill9AndRestartReturnsTheOriginalTickets) {
    testing::SeatdProcess seatd;
    const auto s = sc::Id128::from_name("crash");
    CallOptions o;
    o.idempotency_key = sc::Id128::random();
    sc::PurchaseRequest req{0, s, "buyer", "pay"};
    sc::Result<sc::PurchaseInfo> first;
    {
        Client client(client_options(seatd.port()));
        const auto h = client.place_hold(kDemoEvent, s, sc::Seats{{90}});
        ASSERT_TRUE(h.ok());
        req.hold = h.value.hold;
        first = client.purchase(kDemoEvent, req, o);
        ASSERT_TRUE(first.ok());
    }
    seatd.kill9();
    seatd.restart();
    Client client(client_options(seatd.port()));
    const auto again = client.purchase(kDemoEvent, req, o);
    ASSERT_TRUE(again.ok()) << again.message;
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(ticket_ids(first.value), ticket_ids(again.value));
    const auto summary = client.get_summary(kDemoEvent);
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary.value.totals.sold, 1u);
}

}  // namespace
}  // namespace seat::e2e
