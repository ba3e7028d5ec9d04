// Proves libseatclient's own behaviour without a real server: ids and statuses,
// answers matched by request id when they come out of order, a mutation resent
// with its original idempotency key after the connection broke, timeouts, a
// server that cannot be reached, and callbacks run exactly once at shutdown. A
// scripted fake server on 127.0.0.1 plays the server's side of the protocol.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "protocol/frame.h"
#include "seat/client.h"
#include "tests/client/fake_server.h"

namespace seat {
namespace {

namespace sc = seat::client;
using Clock = std::chrono::steady_clock;
using testing::FakeConn;
using testing::FakeServer;

ClientOptions options(std::uint16_t port) {
    return testing::fake_server_options(port);
}

TEST(Id128Test, TextRoundTripAndStableNames) {
    const auto id = sc::Id128::parse("00112233-4455-6677-8899-aabbccddeeff");
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->hi, 0x0011223344556677ull);
    EXPECT_EQ(id->lo, 0x8899aabbccddeeffull);
    EXPECT_EQ(id->to_string(), "00112233-4455-6677-8899-aabbccddeeff");
    EXPECT_EQ(sc::Id128::parse("00112233445566778899aabbccddeeff"), id);
    EXPECT_FALSE(sc::Id128::parse("00112233-4455-6677-8899-aabbccddeefg").has_value());
    EXPECT_FALSE(sc::Id128::parse("").has_value());
    // Pinned: session ids derived from strings must never change between versions.
    EXPECT_EQ(sc::Id128::from_name("abc").to_string(), "29e32c04-ec3f-9c30-bdea-ecbc6d492249");
    EXPECT_NE(sc::Id128::from_name("abc"), sc::Id128::from_name("abd"));
    const auto r = sc::Id128::random();
    EXPECT_EQ((r.hi >> 12) & 0xf, 4u);  // UUID version 4
    EXPECT_NE(r, sc::Id128::random());
}

TEST(StatusTest, NamesAndSentences) {
    EXPECT_EQ(sc::to_string(sc::Status::seats_unavailable), "seats_unavailable");
    EXPECT_EQ(sc::to_string(sc::Status::connection_failed), "connection_failed");
    EXPECT_FALSE(sc::describe(sc::Status::hold_expired).empty());
    EXPECT_EQ(sc::to_string(static_cast<sc::Status>(77)), "unknown_status");
    EXPECT_TRUE(sc::is_transport_error(sc::Status::timed_out));
    EXPECT_FALSE(sc::is_transport_error(sc::Status::seats_unavailable));
}

TEST(ClientTest, UnreachableServerFailsWithConnectionFailed) {
    FakeServer server([](FakeConn&, int) {});
    ClientOptions o = options(1);  // nothing listens on port 1
    o.reconnect_attempts_max = 3;
    Client client(o);
    const auto start = Clock::now();
    const auto r = client.ping();
    EXPECT_EQ(r.status, sc::Status::connection_failed);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
}

TEST(ClientTest, AnswersOutOfOrderAreMatchedByRequestId) {
    constexpr int kPings = 16;
    FakeServer server([](FakeConn& c, int) {
        c.accept_hello();
        std::vector<std::uint64_t> ids;
        for (int i = 0; i < kPings; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ids.push_back(req->request_id());
        }
        // Answer in reverse, each with its own id as the time, so that a
        // mismatch would show.
        for (auto it = ids.rbegin(); it != ids.rend(); ++it)
            c.pong(*it, static_cast<std::int64_t>(*it) * 1000);
        c.next();  // until the client closes
    });
    Client client(options(server.port()));
    std::vector<std::future<sc::Result<sc::Pong>>> futures;
    for (int i = 0; i < kPings; ++i) {
        auto p = std::make_shared<std::promise<sc::Result<sc::Pong>>>();
        futures.push_back(p->get_future());
        client.ping_async([p](sc::Result<sc::Pong> r) { p->set_value(std::move(r)); });
    }
    std::int64_t last = 0;
    for (auto& f : futures) {
        ASSERT_EQ(f.wait_for(std::chrono::seconds(5)), std::future_status::ready);
        const auto r = f.get();
        ASSERT_TRUE(r.ok()) << r.message;
        // Request ids grow with call order, so the times must too.
        EXPECT_GT(r.value.server_time_ms, last);
        last = r.value.server_time_ms;
    }
}

TEST(ClientTest, MutationIsResentWithItsKeyAfterTheConnectionBreaks) {
    std::vector<sc::Id128> keys;
    std::vector<std::uint64_t> ids;
    FakeServer server([&](FakeConn& c, int n) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::Purchase);
        const auto* key = req->body_as_Purchase()->idempotency_key();
        keys.push_back(sc::Id128{key->hi(), key->lo()});
        ids.push_back(req->request_id());
        if (n == 0) return;  // close without answering: the outcome is unknown to the client
        flatbuffers::FlatBufferBuilder b;
        const wire::Id128 ticket(1, 2);
        std::vector<flatbuffers::Offset<wire::TicketView>> tickets{
            wire::CreateTicketViewDirect(b, &ticket, 7, "Stalls/A/8")};
        const auto reply = wire::CreatePurchaseReplyDirect(b, &tickets);
        c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0,
                                       wire::ResponseBody::PurchaseReply, reply.Union(), true));
        c.next();
    });
    Client client(options(server.port()));
    const auto r = client.purchase(5, sc::PurchaseRequest{9, sc::Id128{1, 1}, "b", "p"});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_TRUE(r.replayed);
    ASSERT_EQ(r.value.tickets.size(), 1u);
    EXPECT_EQ(r.value.tickets[0].seat_name, "Stalls/A/8");
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_FALSE(keys[0].is_zero());
    EXPECT_EQ(keys[0], keys[1]);
    EXPECT_EQ(keys[0], r.idempotency_key);
    EXPECT_EQ(ids[0], ids[1]);
    EXPECT_EQ(client.stats().connects, 2u);
    EXPECT_EQ(client.stats().resent, 1u);
}

TEST(ClientTest, CallerChosenKeyIsSent) {
    sc::Id128 seen;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        const auto* key = req->body_as_PlaceHold()->idempotency_key();
        seen = sc::Id128{key->hi(), key->lo()};
        flatbuffers::FlatBufferBuilder b;
        c.send(b, wire::CreateResponse(b, req->request_id(), 1, b.CreateString("taken")));
        c.next();
    });
    Client client(options(server.port()));
    CallOptions o;
    o.idempotency_key = sc::Id128{42, 43};
    const auto r = client.place_hold(5, sc::Id128{1, 1}, sc::Seats{{1}}, o);
    EXPECT_EQ(r.status, sc::Status::seats_unavailable);
    EXPECT_EQ(r.message, "taken");
    EXPECT_EQ(seen, (sc::Id128{42, 43}));
}

TEST(ClientTest, UnansweredCallTimesOut) {
    FakeServer server([](FakeConn& c, int) {
        c.accept_hello();
        c.next();
        c.next();  // never answers
    });
    Client client(options(server.port()));
    CallOptions o;
    o.timeout = std::chrono::milliseconds(200);
    const auto start = Clock::now();
    const auto r = client.ping(o);
    EXPECT_EQ(r.status, sc::Status::timed_out);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

TEST(ClientTest, OversizedRequestIsRejectedWithoutSending) {
    Client client(options(1));  // never connects: the call fails before that
    sc::CreateEventRequest req;
    req.venue_json.assign(std::size_t{2} << 20, 'x');
    const auto r = client.create_event(9, req);
    EXPECT_EQ(r.status, sc::Status::request_rejected);
    EXPECT_EQ(client.stats().calls_in_flight, 0u);
    EXPECT_EQ(client.stats().connects, 0u);
}

TEST(ClientTest, DestroyingTheClientCompletesEveryCallOnce) {
    FakeServer server([](FakeConn& c, int) {
        c.accept_hello();
        c.next();
    });
    std::atomic<int> closed{0};
    {
        Client client(options(server.port()));
        ASSERT_TRUE(client.connect().ok());
        for (int i = 0; i < 10; ++i) {
            client.ping_async([&closed](sc::Result<sc::Pong> r) {
                if (r.status == sc::Status::client_closed) closed.fetch_add(1);
            });
        }
    }
    EXPECT_EQ(closed.load(), 10);
}

}  // namespace
}  // namespace seat
