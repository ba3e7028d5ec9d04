// Proves libseatclient's waiting-room calls against the scripted fake server:
// join, status (with the heartbeat), leave and the room are encoded with the
// fields the server reads and carry no idempotency key; a QueueReply decodes
// into QueueEntryInfo (an admitted entry with its token, a waiting one whose
// ETA is unknown because the field is absent), a RoomReply into RoomInfo (an
// unknown or nonsensical rate reads as -1); a refusal without a body is the
// refusal with an empty value, and an ok answer with the wrong body is a
// protocol error. Also the admission token of place_hold and checkout (absent
// when none is given), the room settings of create_event and the summary, and
// the names of the new statuses and states.
#include <gtest/gtest.h>

#include <cmath>
#include <future>
#include <limits>
#include <string>
#include <vector>

#include "seat/client.h"
#include "tests/client/fake_server.h"

namespace seat {
namespace {

namespace sc = seat::client;
using testing::FakeConn;
using testing::FakeServer;
using Builder = flatbuffers::FlatBufferBuilder;

constexpr const char* kToken = "a1.5.0.1803929460000.k1.00112233445566778899aabbccddeeff";

sc::Id128 id_of(const wire::Id128* id) {
    return id == nullptr ? sc::Id128{} : sc::Id128{id->hi(), id->lo()};
}

// Answers `req` with `status` and no body at all, as the server refuses.
void refuse(FakeConn& c, const wire::Request* req, wire::StatusCode status) {
    Builder b;
    c.send(b, wire::CreateResponse(b, req->request_id(), static_cast<std::uint16_t>(status)));
}

// An entry of ticket {3, 4}: waiting third in line with no ETA field (unknown),
// or admitted with its token.
void send_entry(FakeConn& c, std::uint64_t request_id, bool admitted, bool existing = false) {
    Builder b;
    const wire::Id128 ticket(3, 4);
    const auto token =
        admitted ? b.CreateString(kToken) : flatbuffers::Offset<flatbuffers::String>();
    wire::QueueReplyBuilder q(b);
    q.add_ticket(&ticket);
    q.add_state(admitted ? wire::QueueEntryState::admitted : wire::QueueEntryState::waiting);
    q.add_room(wire::RoomState::open);
    q.add_position(admitted ? 0 : 3);
    q.add_ahead(admitted ? 0 : 2);
    // eta_ms is left out: the schema's default, -1, is "unknown".
    q.add_seats_left(1);
    q.add_fewer_seats_than_ahead(!admitted);
    q.add_joined_at_ms(1803929400000);
    if (admitted) {
        q.add_admitted_at_ms(1803929401000);
        q.add_admission_token(token);
        q.add_token_expires_at_ms(1803929460000);
        q.add_holds_left(2);
    }
    q.add_heartbeat_every_ms(20000);
    q.add_existing(existing);
    const auto reply = q.Finish();
    c.send(b, wire::CreateResponse(b, request_id, 0, 0, wire::ResponseBody::QueueReply,
                                   reply.Union()));
}

TEST(QueueNamesTest, StatusAndStateNamesComeFromTheProtocol) {
    EXPECT_EQ(sc::to_string(sc::Status::sale_not_started), "sale_not_started");
    EXPECT_EQ(sc::to_string(sc::Status::not_admitted), "not_admitted");
    EXPECT_EQ(sc::to_string(sc::Status::admission_limit), "admission_limit");
    EXPECT_EQ(sc::to_string(sc::Status::no_waiting_room), "no_waiting_room");
    EXPECT_EQ(sc::to_string(sc::Status::queue_ticket_not_found), "queue_ticket_not_found");
    EXPECT_EQ(sc::to_string(sc::Status::queue_full), "queue_full");
    EXPECT_EQ(sc::to_string(sc::Status::sold_out), "sold_out");
    // (transfers_test.cc checks that the client's last server code is the
    // schema's last; checkout_test.cc every code's name against the schema.)
    EXPECT_NE(sc::describe(sc::Status::not_admitted), "unknown status");

    EXPECT_EQ(sc::to_string(sc::QueueEntryState::waiting), "waiting");
    EXPECT_EQ(sc::to_string(sc::QueueEntryState::admitted), "admitted");
    EXPECT_EQ(sc::to_string(sc::QueueEntryState::done), "done");
    EXPECT_EQ(sc::to_string(sc::QueueEntryState::left), "left");
    EXPECT_EQ(sc::to_string(sc::QueueEntryState::abandoned), "abandoned");
    EXPECT_EQ(sc::to_string(static_cast<sc::QueueEntryState>(5)), "unknown");
    EXPECT_EQ(sc::to_string(sc::RoomState::before_sale), "before_sale");
    EXPECT_EQ(sc::to_string(sc::RoomState::open), "open");
    EXPECT_EQ(sc::to_string(sc::RoomState::paused), "paused");
    EXPECT_EQ(sc::to_string(sc::RoomState::sold_out), "sold_out");
    EXPECT_EQ(sc::to_string(static_cast<sc::RoomState>(4)), "unknown");
}

TEST(QueueTest, JoinSendsTheSessionAndReadsAWaitingEntryWithUnknownEta) {
    std::uint64_t event = 0;
    sc::Id128 session;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::JoinQueue);
        event = req->event();
        session = id_of(req->body_as_JoinQueue()->session());
        send_entry(c, req->request_id(), false);
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.join_queue(5, sc::Id128{1, 2});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(event, 5u);
    EXPECT_EQ(session, (sc::Id128{1, 2}));
    EXPECT_TRUE(r.idempotency_key.is_zero()) << "a resent join finds the entry: no key";
    const sc::QueueEntryInfo& e = r.value;
    EXPECT_EQ(e.ticket, (sc::Id128{3, 4}));
    EXPECT_EQ(e.state, sc::QueueEntryState::waiting);
    EXPECT_EQ(e.room, sc::RoomState::open);
    EXPECT_EQ(e.position, 3u);
    EXPECT_EQ(e.ahead, 2u);
    EXPECT_EQ(e.eta_ms, -1) << "an absent ETA is unknown, not zero";
    EXPECT_EQ(e.seats_left, 1u);
    EXPECT_TRUE(e.fewer_seats_than_ahead);
    EXPECT_EQ(e.joined_at_ms, 1803929400000);
    EXPECT_EQ(e.admitted_at_ms, 0);
    EXPECT_TRUE(e.admission_token.empty());
    EXPECT_EQ(e.heartbeat_every_ms, 20000u);
    EXPECT_FALSE(e.existing);
}

TEST(QueueTest, StatusSendsTheHeartbeatAndReadsAnAdmittedEntryWithItsToken) {
    std::vector<std::pair<sc::Id128, bool>> asked;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::GetQueueEntry);
            const auto* get = req->body_as_GetQueueEntry();
            asked.emplace_back(id_of(get->ticket()), get->heartbeat());
            send_entry(c, req->request_id(), true, i == 1);
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.queue_status(5, sc::Id128{3, 4}, true);
    ASSERT_TRUE(r.ok()) << r.message;
    const sc::QueueEntryInfo& e = r.value;
    EXPECT_EQ(e.state, sc::QueueEntryState::admitted);
    EXPECT_EQ(e.position, 0u) << "an admitted entry has no place in line";
    EXPECT_EQ(e.admission_token, kToken);
    EXPECT_EQ(e.admitted_at_ms, 1803929401000);
    EXPECT_EQ(e.token_expires_at_ms, 1803929460000);
    EXPECT_EQ(e.holds_left, 2u);
    // The future form is the same call.
    auto f = client.queue_status_async(5, sc::Id128{3, 4});
    const auto again = f.get();
    ASSERT_TRUE(again.ok()) << again.message;
    EXPECT_TRUE(again.value.existing);
    EXPECT_EQ(asked, (std::vector<std::pair<sc::Id128, bool>>{{{3, 4}, true}, {{3, 4}, false}}));
}

TEST(QueueTest, RefusalsWithoutABodyAreTheRefusalWithAnEmptyValue) {
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const wire::StatusCode refusals[] = {
            wire::StatusCode::no_waiting_room, wire::StatusCode::queue_full,
            wire::StatusCode::sold_out, wire::StatusCode::queue_ticket_not_found};
        for (const auto status : refusals) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            refuse(c, req, status);
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    auto r = client.join_queue(5, sc::Id128{1, 2});
    EXPECT_EQ(r.status, sc::Status::no_waiting_room);
    EXPECT_EQ(r.message, sc::describe(sc::Status::no_waiting_room)) << "the sentence stands in";
    EXPECT_TRUE(r.value.ticket.is_zero());
    EXPECT_EQ(r.value.eta_ms, -1);
    EXPECT_EQ(client.join_queue(5, sc::Id128{1, 2}).status, sc::Status::queue_full);
    EXPECT_EQ(client.join_queue(5, sc::Id128{1, 2}).status, sc::Status::sold_out);
    r = client.leave_queue(5, sc::Id128{9, 9});
    EXPECT_EQ(r.status, sc::Status::queue_ticket_not_found);
    EXPECT_TRUE(r.value.ticket.is_zero());
}

TEST(QueueTest, LeaveSendsTheTicketAndAnOkAnswerWithTheWrongBodyIsAProtocolError) {
    sc::Id128 left;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::LeaveQueue);
        left = id_of(req->body_as_LeaveQueue()->ticket());
        Builder b;
        const auto room = wire::CreateRoomReply(b, wire::RoomState::open);
        c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0, wire::ResponseBody::RoomReply,
                                       room.Union()));
        req = c.next();
        ASSERT_NE(req, nullptr);
        Builder e;
        c.send(e, wire::CreateResponse(e, req->request_id(), 0));  // ok, and no body
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.leave_queue(5, sc::Id128{3, 4});
    EXPECT_EQ(left, (sc::Id128{3, 4}));
    EXPECT_EQ(r.status, sc::Status::protocol_error);
    EXPECT_EQ(client.get_room(5).status, sc::Status::protocol_error);
}

TEST(RoomTest, GetRoomReadsTheRoomAndAnUnknownOrNonsensicalRateReadsAsMinusOne) {
    const double rates[] = {2.5, -1, -7, std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity()};
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (const double rate : rates) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::GetRoom);
            EXPECT_EQ(req->event(), 5u);
            Builder b;
            const auto room = wire::CreateRoomReply(b, wire::RoomState::paused, 7, 2, 2, 10, 1, 3,
                                                    4, rate, 5, 6, 1803929300000, 1803929400000);
            c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0,
                                           wire::ResponseBody::RoomReply, room.Union()));
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.get_room(5);
    ASSERT_TRUE(r.ok()) << r.message;
    const sc::RoomInfo& room = r.value;
    EXPECT_EQ(room.state, sc::RoomState::paused);
    EXPECT_EQ(room.waiting, 7u);
    EXPECT_EQ(room.active, 2u);
    EXPECT_EQ(room.max_active, 2u);
    EXPECT_EQ(room.admitted_total, 10u);
    EXPECT_EQ(room.abandoned, 1u);
    EXPECT_EQ(room.left, 3u);
    EXPECT_EQ(room.done, 4u);
    EXPECT_EQ(room.admitted_per_second, 2.5);
    EXPECT_EQ(room.available, 5u);
    EXPECT_EQ(room.held, 6u);
    EXPECT_EQ(room.sale_starts_at_ms, 1803929300000);
    EXPECT_EQ(room.opened_at_ms, 1803929400000);
    // The callback form, for the rest.
    for (int i = 1; i < 5; ++i) {
        std::promise<sc::Result<sc::RoomInfo>> p;
        client.get_room_async(5, [&](sc::Result<sc::RoomInfo> got) { p.set_value(got); });
        const auto unknown = p.get_future().get();
        ASSERT_TRUE(unknown.ok()) << unknown.message;
        EXPECT_EQ(unknown.value.admitted_per_second, -1) << rates[i];
    }
}

TEST(AdmissionTokenTest, HoldAndCheckoutCarryTheTokenOnlyWhenGiven) {
    std::vector<std::string> hold_tokens, checkout_tokens;
    std::vector<bool> hold_token_present;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 3; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::PlaceHold);
            const auto* token = req->body_as_PlaceHold()->admission_token();
            hold_token_present.push_back(token != nullptr);
            hold_tokens.push_back(token == nullptr ? "" : token->str());
            if (i == 0) {
                refuse(c, req, wire::StatusCode::not_admitted);
                continue;
            }
            Builder b;
            const auto hold = wire::CreateHoldReply(b, 42, 1803929500000);
            c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0,
                                           wire::ResponseBody::HoldReply, hold.Union()));
        }
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::Checkout);
            const auto* token = req->body_as_Checkout()->admission_token();
            checkout_tokens.push_back(token == nullptr ? "(none)" : token->str());
            refuse(c, req, wire::StatusCode::admission_limit);
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const sc::Seats seats{{1, 2}, {}};
    EXPECT_EQ(client.place_hold(5, sc::Id128{1, 2}, seats).status, sc::Status::not_admitted);
    const auto held = client.place_hold(5, sc::HoldRequest{sc::Id128{1, 2}, seats, kToken});
    ASSERT_TRUE(held.ok()) << held.message;
    EXPECT_EQ(held.value.hold, 42u);
    EXPECT_FALSE(held.idempotency_key.is_zero()) << "a hold is a mutation, token or not";
    auto future = client.place_hold_async(5, sc::HoldRequest{sc::Id128{1, 2}, seats, kToken});
    EXPECT_TRUE(future.get().ok());
    EXPECT_EQ(hold_token_present, (std::vector<bool>{false, true, true}))
        << "no token is sent as none, as before the waiting room";
    EXPECT_EQ(hold_tokens, (std::vector<std::string>{"", kToken, kToken}));

    sc::CheckoutRequest checkout{42, sc::Id128{1, 2}, "alice@example.com", "pm_card_visa"};
    EXPECT_EQ(client.checkout(5, checkout).status, sc::Status::admission_limit);
    checkout.admission_token = kToken;
    EXPECT_EQ(client.checkout(5, checkout).status, sc::Status::admission_limit);
    EXPECT_EQ(checkout_tokens, (std::vector<std::string>{"(none)", kToken}));
}

TEST(RoomSettingsTest, CreateSendsTheRoomAndTheSummaryReadsItBack) {
    std::vector<bool> room_sent;
    sc::RoomSettings seen;
    std::int64_t sale_starts_at = 0;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::CreateEvent);
            const auto* create = req->body_as_CreateEvent();
            room_sent.push_back(create->room() != nullptr);
            if (create->room() != nullptr) {
                const auto* r = create->room();
                seen.enabled = r->enabled();
                seen.max_active = r->max_active();
                seen.batch_size = r->batch_size();
                seen.batch_interval_ms = r->batch_interval_ms();
                seen.token_ttl_ms = r->token_ttl_ms();
                seen.seats_per_token = r->seats_per_token();
                seen.holds_per_token = r->holds_per_token();
                seen.heartbeat_grace_ms = r->heartbeat_grace_ms();
                sale_starts_at = create->sale_starts_at_ms();
            }
            Builder b;
            c.send(b, wire::CreateResponse(b, req->request_id(), 0));
        }
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            Builder s;
            // The first summary is a server's from before the waiting room: no room.
            const auto room =
                i == 0 ? flatbuffers::Offset<wire::RoomSettings>()
                       : wire::CreateRoomSettings(s, true, 2, 2, 100, 600000, 10, 1, 1000);
            const auto settings = wire::CreateEventSettingsDirect(
                s, 600000, 900000, 10, 4, 0, nullptr, 120000, i == 0 ? 0 : 1803929300000, room);
            const auto reply = wire::CreateSummaryReply(s, nullptr, 0, 0, 0, 0, 0, 0, settings);
            c.send(s, wire::CreateResponse(s, req->request_id(), 0, 0,
                                           wire::ResponseBody::SummaryReply, reply.Union()));
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    sc::CreateEventRequest create;
    create.generator = "theatre";
    ASSERT_TRUE(client.create_event(5, create).ok());
    create.sale_starts_at_ms = 1803929300000;
    create.room = sc::RoomSettings{true, 2, 2, 100, 0, 0, 0, 1000};
    ASSERT_TRUE(client.create_event(6, create).ok());
    EXPECT_EQ(room_sent, (std::vector<bool>{false, true})) << "no room is sent as none";
    EXPECT_TRUE(seen.enabled);
    EXPECT_EQ(seen.max_active, 2u);
    EXPECT_EQ(seen.batch_size, 2u);
    EXPECT_EQ(seen.batch_interval_ms, 100);
    EXPECT_EQ(seen.token_ttl_ms, 0) << "0 asks for the server's default";
    EXPECT_EQ(seen.seats_per_token, 0u);
    EXPECT_EQ(seen.holds_per_token, 0u);
    EXPECT_EQ(seen.heartbeat_grace_ms, 1000);
    EXPECT_EQ(sale_starts_at, 1803929300000);

    const auto old = client.get_summary(5);
    ASSERT_TRUE(old.ok()) << old.message;
    EXPECT_FALSE(old.value.settings.room.enabled);
    EXPECT_EQ(old.value.settings.room.max_active, 0u);
    EXPECT_EQ(old.value.settings.sale_starts_at_ms, 0);
    const auto summary = client.get_summary(6);
    ASSERT_TRUE(summary.ok()) << summary.message;
    const sc::EventSettings& s = summary.value.settings;
    EXPECT_EQ(s.payment_timeout_ms, 120000);
    EXPECT_EQ(s.sale_starts_at_ms, 1803929300000);
    EXPECT_TRUE(s.room.enabled);
    EXPECT_EQ(s.room.max_active, 2u);
    EXPECT_EQ(s.room.batch_size, 2u);
    EXPECT_EQ(s.room.batch_interval_ms, 100);
    EXPECT_EQ(s.room.token_ttl_ms, 600000);
    EXPECT_EQ(s.room.seats_per_token, 10u);
    EXPECT_EQ(s.room.holds_per_token, 1u);
    EXPECT_EQ(s.room.heartbeat_grace_ms, 1000);
}

}  // namespace
}  // namespace seat
