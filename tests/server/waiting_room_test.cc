// The waiting room end to end through the real seatd on loopback: batches
// admitted as the room allows, holds that need the entry's own token, positions
// reclaimed when their holders stop heartbeating, the queue's order and the
// admitted tokens surviving kill -9, and the HTTP side a browser polls.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/server/wire_client.h"
#include "tests/support/http_client.h"
#include "tests/support/seatd_process.h"

namespace seat::server_testing {
namespace {

using namespace seat::testing;
using Clock = std::chrono::steady_clock;
namespace json = boost::json;

constexpr std::uint64_t kEvent = 7;

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Bytes entry_frame(std::uint64_t id, wire::Id128 ticket, bool heartbeat) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, kEvent, wire::RequestBody::GetQueueEntry,
                  wire::CreateGetQueueEntry(b, &ticket, heartbeat).Union());
}

Bytes room_frame(std::uint64_t id) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, kEvent, wire::RequestBody::GetRoom, wire::CreateGetRoom(b).Union());
}

Bytes token_hold_frame(std::uint64_t id, wire::Id128 session, std::uint32_t seat,
                       const std::string& token) {
    flatbuffers::FlatBufferBuilder b;
    const wire::Id128 key(0x40, id);
    const std::vector<std::uint32_t> seats{seat};
    const auto body =
        wire::CreatePlaceHoldDirect(b, &session, &seats, nullptr, &key, token.c_str());
    return finish(b, id, kEvent, wire::RequestBody::PlaceHold, body.Union());
}

// One buyer's view of its entry.
struct Entry {
    Status status = Status::internal_error;
    wire::Id128 ticket;
    wire::QueueEntryState state = wire::QueueEntryState::waiting;
    wire::RoomState room = wire::RoomState::before_sale;
    std::uint32_t position = 0;
    std::uint32_t ahead = 0;
    std::string token;
};

class Buyers {
  public:
    explicit Buyers(std::uint16_t port) : port_(port), c_(port, std::chrono::seconds(10)) {
        say_hello(c_, kAppKey);
    }
    WireClient& wire() { return c_; }
    std::uint64_t next_id() { return ++id_; }

    std::optional<Reply> ask(const Bytes& frame) {
        if (!c_.send(frame)) return std::nullopt;
        return c_.read();
    }
    // As an admin: the buyers' key is an application's.
    void create(const RoomOptions& o) {
        WireClient admin(port_);
        say_hello(admin, kAdminKey);
        ASSERT_TRUE(admin.send(create_room_event_frame(next_id(), kEvent, o)));
        const auto r = admin.read();
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status(), Status::ok) << (*r)->message()->str();
    }
    Entry entry_of(const std::optional<Reply>& r) {
        Entry e;
        if (!r) return e;
        e.status = r->status();
        const wire::QueueReply* q = (*r)->body_as_QueueReply();
        if (q == nullptr) return e;
        e.ticket = *q->ticket();
        e.state = q->state();
        e.room = q->room();
        e.position = q->position();
        e.ahead = q->ahead();
        if (q->admission_token() != nullptr) e.token = q->admission_token()->str();
        return e;
    }
    Entry join(std::uint64_t buyer) {
        return entry_of(ask(join_frame(next_id(), kEvent, session(buyer))));
    }
    Entry poll(const wire::Id128& ticket, bool heartbeat = true) {
        return entry_of(ask(entry_frame(next_id(), ticket, heartbeat)));
    }
    // Polls until the entry is admitted or `within` passes.
    Entry await_admitted(const wire::Id128& ticket, std::chrono::milliseconds within) {
        const auto end = Clock::now() + within;
        for (;;) {
            Entry e = poll(ticket);
            if (e.state == wire::QueueEntryState::admitted || Clock::now() > end) return e;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    const wire::RoomReply* room(std::optional<Reply>& holder) {
        holder = ask(room_frame(next_id()));
        return holder ? (*holder)->body_as_RoomReply() : nullptr;
    }
    Status hold(std::uint64_t buyer, std::uint32_t seat, const std::string& token) {
        const auto r = ask(token_hold_frame(next_id(), session(buyer), seat, token));
        return r ? r->status() : Status::internal_error;
    }
    static wire::Id128 session(std::uint64_t buyer) { return wire::Id128(0x5E, buyer); }

  private:
    std::uint16_t port_;
    WireClient c_;
    std::uint64_t id_ = 1;
};

// Proves: the room admits in batches up to max_active, and a hold needs the
// admitted entry's own token, presented with the session that joined; the
// token's hold limit holds.
TEST(WaitingRoom, AdmitsUpToMaxActiveAndHoldsNeedTheEntrysToken) {
    SeatdProcess seatd;
    Buyers buyers(seatd.port());
    buyers.create(RoomOptions{});
    const Entry a = buyers.join(1), b = buyers.join(2), c = buyers.join(3);
    ASSERT_EQ(a.status, Status::ok);
    EXPECT_EQ(buyers.join(1).ticket.lo(), a.ticket.lo()) << "a second join is the same entry";

    const Entry a_in = buyers.await_admitted(a.ticket, std::chrono::seconds(5));
    const Entry b_in = buyers.await_admitted(b.ticket, std::chrono::seconds(5));
    ASSERT_EQ(a_in.state, wire::QueueEntryState::admitted);
    ASSERT_EQ(b_in.state, wire::QueueEntryState::admitted);
    ASSERT_FALSE(a_in.token.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // three more batch intervals
    const Entry c_now = buyers.poll(c.ticket);
    EXPECT_EQ(c_now.state, wire::QueueEntryState::waiting) << "admitted past max_active";
    EXPECT_EQ(c_now.position, 1u);

    EXPECT_EQ(buyers.hold(1, 0, ""), Status::not_admitted);
    EXPECT_EQ(buyers.hold(3, 0, a_in.token), Status::not_admitted) << "another session's token";
    std::string forged = a_in.token;
    forged.back() = forged.back() == '0' ? '1' : '0';
    EXPECT_EQ(buyers.hold(1, 0, forged), Status::not_admitted);
    EXPECT_EQ(buyers.hold(1, 0, a_in.token), Status::ok);
    EXPECT_EQ(buyers.hold(1, 1, a_in.token), Status::admission_limit);

    std::optional<Reply> holder;
    const wire::RoomReply* room = buyers.room(holder);
    ASSERT_NE(room, nullptr);
    EXPECT_EQ(room->active(), 2u);
    EXPECT_EQ(room->waiting(), 1u);
    EXPECT_EQ(room->max_active(), 2u);
    EXPECT_EQ(room->admitted_total(), 2u);
    EXPECT_EQ(room->state(), wire::RoomState::open);
}

// Proves: a waiting buyer who stops heartbeating loses the position after the
// grace, and is no longer counted; one who keeps beating keeps it.
TEST(WaitingRoom, PositionsWithoutHeartbeatsAreReclaimed) {
    SeatdProcess seatd;
    Buyers buyers(seatd.port());
    RoomOptions o;
    o.grace_ms = 1'000;
    o.sale_starts_at_ms = wall_ms() + 60'000;  // they wait, nobody is admitted
    buyers.create(o);
    const Entry quiet = buyers.join(1), loyal = buyers.join(2);
    const auto end = Clock::now() + std::chrono::milliseconds(3'500);
    while (Clock::now() < end) {
        EXPECT_EQ(buyers.poll(loyal.ticket).state, wire::QueueEntryState::waiting);
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    EXPECT_EQ(buyers.poll(quiet.ticket, false).state, wire::QueueEntryState::abandoned);
    EXPECT_EQ(buyers.poll(loyal.ticket).state, wire::QueueEntryState::waiting);
    std::optional<Reply> holder;
    const wire::RoomReply* room = buyers.room(holder);
    ASSERT_NE(room, nullptr);
    EXPECT_EQ(room->waiting(), 1u);
    EXPECT_EQ(room->abandoned(), 1u);
    EXPECT_EQ(room->state(), wire::RoomState::before_sale);
}

// Proves: kill -9 keeps the queue's drawn order and the admitted tokens: every
// waiting buyer has the position they had, and an admitted buyer's token still
// places a hold after the restart.
TEST(WaitingRoom, TheQueueOrderAndTokensSurviveKill9) {
    SeatdProcess seatd;
    std::map<std::uint64_t, Entry> before;
    {
        Buyers buyers(seatd.port());
        RoomOptions o;
        o.max_active = 3;
        o.batch = 3;
        o.sale_starts_at_ms = wall_ms() + 1'500;
        buyers.create(o);
        for (std::uint64_t i = 1; i <= 12; ++i)
            before[i] = buyers.join(i);
        // Wait for the sale to open and the first batch.
        const auto end = Clock::now() + std::chrono::seconds(6);
        std::optional<Reply> holder;
        while (Clock::now() < end) {
            const wire::RoomReply* room = buyers.room(holder);
            if (room != nullptr && room->active() == 3) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        for (auto& [i, e] : before)
            e = buyers.poll(e.ticket);
    }
    seatd.kill9();
    seatd.restart();
    Buyers buyers(seatd.port());
    std::size_t admitted = 0;
    for (const auto& [i, e] : before) {
        const Entry now = buyers.poll(e.ticket);
        ASSERT_EQ(now.status, Status::ok);
        EXPECT_EQ(now.state, e.state) << "buyer " << i;
        EXPECT_EQ(now.position, e.position) << "buyer " << i;
        if (e.state == wire::QueueEntryState::admitted) {
            ++admitted;
            EXPECT_EQ(now.token, e.token);
            EXPECT_EQ(buyers.hold(i, static_cast<std::uint32_t>(i), e.token), Status::ok)
                << "buyer " << i;
        }
    }
    EXPECT_EQ(admitted, 3u);
}

// Proves: a browser can join, poll, heartbeat and leave over HTTP, every answer
// uncacheable; bad sessions and tickets and an event without a room get typed
// errors; /metrics reports the room.
TEST(WaitingRoom, TheHttpSideJoinsPollsAndLeaves) {
    SeatdProcess seatd;
    {
        Buyers buyers(seatd.port());
        RoomOptions o;
        o.sale_starts_at_ms = wall_ms() + 600'000;
        buyers.create(o);
    }
    HttpClient http(seatd.http_port());
    const std::string events = "/events/" + std::to_string(kEvent);
    HttpResponse r = http.request(boost::beast::http::verb::post, events + "/queue",
                                  R"({"session":"00112233445566778899aabbccddeeff"})",
                                  {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("Cache-Control"), "no-store");
    const json::object joined = json::parse(r.body).as_object();
    const std::string ticket(joined.at("ticket").as_string());
    EXPECT_EQ(ticket.size(), 32u);
    EXPECT_EQ(joined.at("state").as_string(), "waiting");
    EXPECT_EQ(joined.at("room").as_string(), "before_sale");
    EXPECT_TRUE(joined.at("position").is_null()) << "drawn at the sale's start";
    EXPECT_TRUE(joined.at("eta_ms").is_null());
    EXPECT_EQ(joined.at("heartbeat_every_ms").to_number<std::int64_t>(), 20'000);

    r = http.request(boost::beast::http::verb::post, events + "/queue/" + ticket + "/heartbeat", "",
                     {});
    ASSERT_EQ(r.status, 200) << r.body;
    r = http.get(events + "/queue/" + ticket);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body).at("ticket").as_string(), ticket);
    // The UUID form, as seatctl prints tickets, names the same entry.
    const std::string dashed = ticket.substr(0, 8) + "-" + ticket.substr(8, 4) + "-" +
                               ticket.substr(12, 4) + "-" + ticket.substr(16, 4) + "-" +
                               ticket.substr(20);
    r = http.get(events + "/queue/" + dashed);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body).at("ticket").as_string(), ticket);
    r = http.get(events + "/room");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body).at("waiting").to_number<int>(), 1);

    r = http.get("/metrics");
    EXPECT_NE(r.body.find("seatd_room_waiting{event=\"7\"} 1"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("seatd_room_admitted_total{event=\"7\"} 0"), std::string::npos);

    r = http.request(boost::beast::http::verb::delete_, events + "/queue/" + ticket, "", {});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body).at("state").as_string(), "left");

    // Typed refusals.
    r = http.request(boost::beast::http::verb::post, events + "/queue", R"({"session":"xyz"})", {});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json::parse(r.body).at("error").as_string(), "bad_session");
    r = http.get(events + "/queue/ffffffffffffffffffffffffffffffff");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(json::parse(r.body).at("error").as_string(), "queue_ticket_not_found");
    r = http.get(events + "/queue/nothex");
    EXPECT_EQ(r.status, 400);
    r = http.get("/events/1/room");  // the demo event has no room
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(json::parse(r.body).at("error").as_string(), "no_waiting_room");
    r = http.get(events + "/queue");
    EXPECT_EQ(r.status, 405);
}

}  // namespace
}  // namespace seat::server_testing
