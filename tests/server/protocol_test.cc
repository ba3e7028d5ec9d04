// The protocol against the real seatd over raw sockets: Hello, Ping, pipelining,
// the hold → purchase flow on the demo event, events created over the wire, roles
// and hold expiry. Every test starts its own server on an ephemeral loopback port.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "venues/venue_json.h"
#include "tests/server/wire_client.h"
#include "tests/support/seatd_process.h"
#include "venues/generators.h"

namespace seat::server_testing {
namespace {

using seat::testing::kAdminKey;
using seat::testing::kAppKey;
using seat::testing::kScannerKey;
using seat::testing::SeatdProcess;
constexpr std::uint64_t kDemo = 1;

// Proves: a Hello gets the key's role and protocol version 1, and Ping answers
// with the server's clock.
TEST(ServerProtocol, HelloThenPing) {
    SeatdProcess seatd;
    WireClient c(seatd.port());
    ASSERT_TRUE(c.send(hello_frame(7, kAppKey)));
    auto hello = c.read();
    ASSERT_TRUE(hello);
    EXPECT_EQ((*hello)->request_id(), 7u);
    EXPECT_EQ(hello->status(), Status::ok);
    const auto* body = (*hello)->body_as_HelloReply();
    ASSERT_NE(body, nullptr);
    EXPECT_EQ(body->role(), wire::Role::app);
    EXPECT_EQ(body->protocol_version(), 1u);
    EXPECT_EQ(body->frame_bytes_max(), protocol::kFrameBytesMax);

    ASSERT_TRUE(c.send(ping_frame(8)));
    auto pong = c.read();
    ASSERT_TRUE(pong);
    EXPECT_EQ((*pong)->request_id(), 8u);
    ASSERT_NE((*pong)->body_as_Pong(), nullptr);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    EXPECT_NEAR(static_cast<double>((*pong)->body_as_Pong()->server_time_ms()),
                static_cast<double>(now), 60'000.0);
}

// Proves: many requests in one write (Hello included) are all answered, each
// exactly once, matched by request_id.
TEST(ServerProtocol, PipelinedRequestsAreAllAnsweredById) {
    SeatdProcess seatd;
    WireClient c(seatd.port());
    constexpr std::uint64_t kRequests = 300;
    Bytes burst = hello_frame(1, kAppKey);
    for (std::uint64_t id = 2; id < 2 + kRequests; ++id) {
        switch (id % 3) {
            case 0:
                append(burst, ping_frame(id));
                break;
            case 1:
                append(burst, summary_frame(id, kDemo));
                break;
            default:
                append(burst, seat_frame(id, kDemo, static_cast<std::uint32_t>(id % 200)));
        }
    }
    ASSERT_TRUE(c.send(burst));
    std::map<std::uint64_t, int> seen;
    for (std::uint64_t i = 0; i < kRequests + 1; ++i) {
        auto r = c.read();
        ASSERT_TRUE(r) << "answer " << i << " missing";
        EXPECT_EQ(r->status(), Status::ok);
        ++seen[(*r)->request_id()];
    }
    ASSERT_EQ(seen.size(), kRequests + 1);
    for (const auto& [id, count] : seen) {
        EXPECT_GE(id, 1u);
        EXPECT_LT(id, 2 + kRequests);
        EXPECT_EQ(count, 1);
    }
}

// Proves: a client that sends its requests and then shuts down its sending side
// (a half-close) still gets every answer before the server closes.
TEST(ServerProtocol, HalfClosedClientStillGetsItsAnswers) {
    SeatdProcess seatd;
    WireClient c(seatd.port());
    Bytes burst = hello_frame(1, kAppKey);
    for (std::uint64_t id = 2; id < 12; ++id)
        append(burst, summary_frame(id, kDemo));
    ASSERT_TRUE(c.send(burst));
    ASSERT_EQ(::shutdown(c.fd(), SHUT_WR), 0);
    for (int i = 0; i < 11; ++i) {
        auto r = c.read();
        ASSERT_TRUE(r) << "answer " << i << " missing";
        EXPECT_EQ(r->status(), Status::ok);
    }
    EXPECT_TRUE(c.closed_by_server());
}

// Proves: hold → purchase over the wire on the demo event; a sold seat is refused
// to another session with its name and problem; the scanner sees the ticket
// without buyer data; the summary counts the sale.
TEST(ServerProtocol, HoldAndPurchaseOnTheDemoEvent) {
    SeatdProcess seatd;
    WireClient app(seatd.port());
    say_hello(app, kAppKey);
    const wire::Id128 session(1, 2);
    ASSERT_TRUE(app.send(hold_frame(10, kDemo, session, {0}, wire::Id128(3, 1), {"Stalls/A/2"})));
    auto held = app.read();
    ASSERT_TRUE(held);
    ASSERT_EQ(held->status(), Status::ok) << (*held)->message()->str();
    const std::uint64_t hold = (*held)->body_as_HoldReply()->hold();
    EXPECT_GT((*held)->body_as_HoldReply()->expires_at_ms(), 0);

    ASSERT_TRUE(app.send(seat_frame(11, kDemo, 1)));
    auto seat = app.read();
    ASSERT_TRUE(seat);
    EXPECT_EQ((*seat)->body_as_SeatReply()->status(), wire::SeatStatus::held);
    EXPECT_EQ((*seat)->body_as_SeatReply()->hold(), hold);

    ASSERT_TRUE(app.send(purchase_frame(12, kDemo, hold, session, wire::Id128(3, 2))));
    auto bought = app.read();
    ASSERT_TRUE(bought);
    ASSERT_EQ(bought->status(), Status::ok);
    const auto* tickets = (*bought)->body_as_PurchaseReply()->tickets();
    ASSERT_EQ(tickets->size(), 2u);
    EXPECT_EQ(tickets->Get(1)->seat_name()->str(), "Stalls/A/2");
    const wire::Id128 ticket = *tickets->Get(0)->ticket_id();

    ASSERT_TRUE(app.send(hold_frame(13, kDemo, wire::Id128(9, 9), {1}, wire::Id128(3, 3))));
    auto refused = app.read();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status(), Status::seats_unavailable);
    const auto* detail = (*refused)->body_as_ErrorDetail();
    ASSERT_NE(detail, nullptr);
    ASSERT_EQ(detail->refusals()->size(), 1u);
    EXPECT_EQ(detail->refusals()->Get(0)->seat(), 1u);
    EXPECT_EQ(detail->refusals()->Get(0)->problem(), wire::SeatProblem::sold);

    WireClient scanner(seatd.port());
    say_hello(scanner, kScannerKey);
    ASSERT_TRUE(scanner.send(ticket_frame(14, kDemo, ticket)));
    auto seen = scanner.read();
    ASSERT_TRUE(seen);
    ASSERT_EQ(seen->status(), Status::ok);
    EXPECT_EQ((*seen)->body_as_TicketReply()->ticket()->seat(), 0u);
    EXPECT_EQ((*seen)->body_as_TicketReply()->buyer_id(), nullptr);

    ASSERT_TRUE(app.send(summary_frame(15, kDemo)));
    auto summary = app.read();
    ASSERT_TRUE(summary);
    EXPECT_EQ((*summary)->body_as_SummaryReply()->totals()->sold(), 2u);
    EXPECT_EQ((*summary)->body_as_SummaryReply()->totals()->available(), 198u);
}

// Proves: the same idempotency key replays a purchase instead of acting twice.
TEST(ServerProtocol, RetriedPurchaseIsReplayed) {
    SeatdProcess seatd;
    WireClient app(seatd.port());
    say_hello(app, kAppKey);
    const wire::Id128 session(5, 5);
    ASSERT_TRUE(app.send(hold_frame(2, kDemo, session, {20}, wire::Id128(4, 1))));
    const std::uint64_t hold = (*app.read())->body_as_HoldReply()->hold();
    Bytes twice = purchase_frame(3, kDemo, hold, session, wire::Id128(4, 2));
    append(twice, purchase_frame(4, kDemo, hold, session, wire::Id128(4, 2)));
    ASSERT_TRUE(app.send(twice));
    auto first = app.read(), second = app.read();
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->status(), Status::ok);
    EXPECT_EQ(second->status(), Status::ok);
    EXPECT_NE((*first)->replayed(), (*second)->replayed());
}

// Proves: an admin creates an event from venue JSON; a retry with the same key is
// replayed, another key gets event_exists, a bad venue gets invalid_argument with
// the parser's message; ListEvents lists the new event beside the demo.
TEST(ServerProtocol, CreateEventOverTheWire) {
    SeatdProcess seatd;
    WireClient admin(seatd.port());
    say_hello(admin, kAdminKey);
    const std::string venue = venue_to_json(make_theatre());
    ASSERT_TRUE(admin.send(create_event_frame(2, 77, venue, wire::Id128(7, 1))));
    auto created = admin.read();
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status(), Status::ok) << (*created)->message()->str();
    EXPECT_FALSE((*created)->replayed());

    ASSERT_TRUE(admin.send(create_event_frame(3, 77, venue, wire::Id128(7, 1))));
    auto again = admin.read();
    EXPECT_EQ(again->status(), Status::ok);
    EXPECT_TRUE((*again)->replayed());

    ASSERT_TRUE(admin.send(create_event_frame(4, 77, venue, wire::Id128(7, 2))));
    EXPECT_EQ(admin.read()->status(), Status::event_exists);

    ASSERT_TRUE(admin.send(create_event_frame(5, 78, "{\"format\": 3}", wire::Id128(7, 3))));
    auto bad = admin.read();
    EXPECT_EQ(bad->status(), Status::invalid_argument);
    EXPECT_NE((*bad)->message()->str().find("venue_json"), std::string::npos);

    ASSERT_TRUE(admin.send(list_events_frame(6)));
    auto list = admin.read();
    ASSERT_TRUE(list);
    const auto* events = (*list)->body_as_EventsReply()->events();
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ(events->Get(0)->event(), 1u);
    EXPECT_EQ(events->Get(0)->name()->str(), "Demo night");
    EXPECT_EQ(events->Get(1)->event(), 77u);
    EXPECT_EQ(events->Get(1)->capacity(), 200u);
}

// Proves: a hold past its time is expired by the shard's timer, with no request
// touching it: the seat reads available again.
TEST(ServerProtocol, HoldsExpireOnTheShardTimer) {
    SeatdProcess seatd;
    WireClient admin(seatd.port());
    say_hello(admin, kAdminKey);
    const std::string venue = venue_to_json(make_theatre());
    ASSERT_TRUE(admin.send(create_event_frame(2, 5, venue, wire::Id128(8, 1), 300)));
    ASSERT_EQ(admin.read()->status(), Status::ok);
    ASSERT_TRUE(admin.send(hold_frame(3, 5, wire::Id128(1, 1), {4}, wire::Id128(8, 2))));
    ASSERT_EQ(admin.read()->status(), Status::ok);
    std::this_thread::sleep_for(std::chrono::milliseconds(900));
    ASSERT_TRUE(admin.send(summary_frame(4, 5)));
    auto summary = admin.read();
    ASSERT_TRUE(summary);
    EXPECT_EQ((*summary)->body_as_SummaryReply()->totals()->held(), 0u);
    EXPECT_EQ((*summary)->body_as_SummaryReply()->live_holds(), 0u);
    // HoldPlaced, then HoldExpired from the timer: the summary reflects sequence 3.
    EXPECT_EQ((*summary)->body_as_SummaryReply()->sequence(), 3u);
}

// Proves: a role may send only its requests; the refusal leaves the connection open.
TEST(ServerProtocol, WrongRoleIsUnauthorizedAndTheConnectionStaysOpen) {
    SeatdProcess seatd;
    WireClient app(seatd.port());
    say_hello(app, kAppKey);
    ASSERT_TRUE(app.send(block_frame(2, kDemo, {3}, wire::Id128(1, 9))));
    auto refused = app.read();
    ASSERT_TRUE(refused);
    EXPECT_EQ((*refused)->request_id(), 2u);
    EXPECT_EQ(refused->status(), Status::unauthorized);
    ASSERT_TRUE(app.send(ping_frame(3)));
    auto pong = app.read();
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->status(), Status::ok);

    WireClient scanner(seatd.port());
    say_hello(scanner, kScannerKey);
    ASSERT_TRUE(scanner.send(hold_frame(2, kDemo, wire::Id128(1, 1), {3}, wire::Id128(1, 8))));
    EXPECT_EQ(scanner.read()->status(), Status::unauthorized);
    ASSERT_TRUE(scanner.send(summary_frame(3, kDemo)));
    EXPECT_EQ(scanner.read()->status(), Status::unauthorized);

    WireClient admin(seatd.port());
    say_hello(admin, kAdminKey);
    ASSERT_TRUE(admin.send(block_frame(2, kDemo, {3}, wire::Id128(1, 7))));
    auto blocked = admin.read();
    ASSERT_EQ(blocked->status(), Status::ok);
    EXPECT_EQ((*blocked)->body_as_BlockReply()->changed(), 1u);
}

// Proves: without a keys file every Hello is admin, whatever key it carries.
TEST(ServerProtocol, WithoutKeysEveryClientIsAdmin) {
    seat::testing::SeatdOptions options;
    options.with_keys = false;
    SeatdProcess seatd(options);
    WireClient c(seatd.port());
    ASSERT_TRUE(c.send(hello_frame(1, "anything")));
    auto hello = c.read();
    ASSERT_TRUE(hello);
    EXPECT_EQ((*hello)->body_as_HelloReply()->role(), wire::Role::admin);
    EXPECT_NE(seatd.log().find("every client is admin"), std::string::npos);
}

}  // namespace
}  // namespace seat::server_testing
