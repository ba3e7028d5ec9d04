// Proves seatctl's waiting-room commands end to end against the real seatd:
// `create --room` sets the room (the summary shows it), three sessions join, the
// room admits two (its batch and its max_active) and keeps the third waiting;
// an admitted entry's status prints its token, a hold with that token from the
// session that joined is placed, a hold without one (or with another session's)
// is not_admitted, a second hold past the token's one is admission_limit, and
// `room status` counts them. Also a sale that has not started, the refusals of
// an event without a room, and malformed arguments refused before sending.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/e2e_helpers.h"
#include "tests/e2e/seatctl_fixture.h"

namespace seat::e2e {
namespace {

constexpr const char* kUnknownTicket = "00112233-4455-6677-8899-aabbccddeeff";
// The room's first batch comes within one batch interval (100 ms) of the joins;
// this bounds the wait on a loaded machine.
constexpr std::chrono::seconds kAdmissionWaitMax{15};

class SeatctlQueueTest : public SeatctlTest {
  protected:
    // seatctl with the app key (a buyer's application) and --json; the parsed output.
    json::object app_json(std::vector<std::string> args, int exit_code = 0) {
        args.push_back("--json");
        const auto r = ctl(args, testing::kAppKey);
        EXPECT_EQ(r.exit_code, exit_code) << r.out << r.err;
        return json::parse(r.out).as_object();
    }

    // Event 7, the theatre, with a room of two active shoppers admitted two at a
    // time every 100 ms (the server's shortest interval).
    void create_room_event() {
        const auto r =
            ctl({"create", "--generate", "theatre", "--event", "7", "--room", "--room-max-active",
                 "2", "--room-batch", "2", "--room-interval", "100ms"});
        ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
        EXPECT_NE(r.out.find("sale starts at creation, waiting room: max active 2, batches of 2 "
                             "every 100ms, token TTL server default"),
                  std::string::npos)
            << r.out;
    }

    std::string join(const std::string& session) {
        auto o = app_json({"queue", "join", "7", "--session", session});
        EXPECT_EQ(o["ok"].as_bool(), true);
        EXPECT_EQ(o["event"].to_number<std::uint64_t>(), 7u);
        EXPECT_FALSE(o["existing"].as_bool()) << session;
        return std::string(o["ticket"].as_string());
    }

    json::object status(const std::string& ticket) {
        return app_json({"queue", "status", "7", ticket, "--heartbeat"});
    }
};

TEST_F(SeatctlQueueTest, TheRoomAdmitsABatchAndHoldsNeedTheToken) {
    create_room_event();
    auto r = ctl({"summary", "--event", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("sale starts at creation, waiting room: max active 2, batches of 2 every "
                         "100ms, token TTL 5m"),
              std::string::npos)
        << r.out;
    auto summary = ctl_json({"summary", "--event", "7"});
    const auto room_settings = summary["settings"].as_object().at("room").as_object();
    EXPECT_TRUE(room_settings.at("enabled").as_bool());
    EXPECT_EQ(room_settings.at("max_active").to_number<std::uint32_t>(), 2u);
    EXPECT_EQ(room_settings.at("batch_size").to_number<std::uint32_t>(), 2u);
    EXPECT_EQ(room_settings.at("batch_interval_ms").to_number<std::int64_t>(), 100);

    const std::vector<std::string> sessions = {"alice", "bob", "carol"};
    std::map<std::string, std::string> ticket_of;  // session -> queue ticket
    for (const auto& s : sessions)
        ticket_of[s] = join(s);
    EXPECT_NE(ticket_of["alice"], ticket_of["bob"]);
    // Joining again finds the session's entry.
    auto again = app_json({"queue", "join", "7", "--session", "alice"});
    EXPECT_TRUE(again["existing"].as_bool());
    EXPECT_EQ(again["ticket"].as_string(), ticket_of["alice"]);

    // Two are admitted (the batch, and max_active), the third waits first in line.
    std::map<std::string, json::object> entry_of;
    const auto deadline = std::chrono::steady_clock::now() + kAdmissionWaitMax;
    for (;;) {
        int admitted = 0;
        for (const auto& s : sessions) {
            entry_of[s] = status(ticket_of[s]);
            admitted += entry_of[s]["state"].as_string() == "admitted";
        }
        if (admitted >= 2) break;
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no batch admitted in time";
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::vector<std::string> admitted, waiting;
    for (const auto& s : sessions)
        (entry_of[s]["state"].as_string() == "admitted" ? admitted : waiting).push_back(s);
    ASSERT_EQ(admitted.size(), 2u);
    ASSERT_EQ(waiting.size(), 1u);
    const std::string in = admitted[0], other = admitted[1], out = waiting[0];
    json::object& entry = entry_of[in];
    const std::string token(entry["admission_token"].as_string());
    EXPECT_FALSE(token.empty());
    EXPECT_GT(entry["token_expires_at_ms"].to_number<std::int64_t>(), 0);
    EXPECT_EQ(entry["holds_left"].to_number<std::uint32_t>(), 1u);
    EXPECT_EQ(entry["position"].to_number<std::uint32_t>(), 0u);
    EXPECT_EQ(entry_of[out]["state"].as_string(), "waiting");
    EXPECT_EQ(entry_of[out]["position"].to_number<std::uint32_t>(), 1u);
    EXPECT_EQ(entry_of[out]["ahead"].to_number<std::uint32_t>(), 0u);
    EXPECT_TRUE(entry_of[out]["admission_token"].as_string().empty());

    // For people: the token, and the hold to paste next; the waiting one's place.
    r = ctl({"queue", "status", "7", ticket_of[in], "--session", in}, testing::kAppKey);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("in the queue of event 7: ticket " + ticket_of[in] + ", admitted"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("  token " + token + "\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("hold SEAT... --event 7 --token " + token), std::string::npos) << r.out;
    r = ctl({"queue", "status", "7", ticket_of[out]}, testing::kAppKey);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("position 1 (0 ahead), ETA "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("queue status 7 " + ticket_of[out] + " --heartbeat"), std::string::npos)
        << r.out;

    auto room = app_json({"room", "status", "7"});
    EXPECT_EQ(room["state"].as_string(), "open");
    EXPECT_EQ(room["active"].to_number<std::uint32_t>(), 2u);
    EXPECT_EQ(room["max_active"].to_number<std::uint32_t>(), 2u);
    EXPECT_EQ(room["waiting"].to_number<std::uint32_t>(), 1u);
    EXPECT_EQ(room["admitted_total"].to_number<std::uint64_t>(), 2u);
    EXPECT_EQ(room["available"].to_number<std::uint32_t>(), 200u);
    r = ctl({"room", "status", "7"}, testing::kAppKey);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("event 7 waiting room: open\n  1 waiting, active 2/2, admitted 2 in all"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("seats: 200 available, 0 held"), std::string::npos) << r.out;

    // Without a token, and with a token another session joined for: not admitted.
    r = ctl({"hold", "Stalls/A/2", "--event", "7", "--session", other}, testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("hold failed: not_admitted (31)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("queue join 7"), std::string::npos) << r.err;
    r = ctl({"hold", "Stalls/A/3", "--event", "7", "--session", out, "--token", token},
            testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("not_admitted"), std::string::npos) << r.err;

    // With the token, from the session that joined: held, and the checkout to
    // paste next presents the token again.
    r = ctl({"hold", "Stalls/A/1", "--event", "7", "--session", in, "--token", token},
            testing::kAppKey);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("placed hold "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--payment-method pm_card_visa --token " + token), std::string::npos)
        << r.out;
    // The token's one hold is used: a second one is over its limit.
    r = ctl({"hold", "Stalls/A/5", "--event", "7", "--session", in, "--token", token},
            testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("hold failed: admission_limit (32)"), std::string::npos) << r.err;
    room = app_json({"room", "status", "7"});
    EXPECT_EQ(room["held"].to_number<std::uint32_t>(), 1u);

    // The waiting one leaves; the entry stays, as left.
    auto left = app_json({"queue", "leave", "7", ticket_of[out]});
    EXPECT_EQ(left["state"].as_string(), "left");
    EXPECT_EQ(status(ticket_of[out])["state"].as_string(), "left");
    r = ctl({"queue", "status", "7", ticket_of[out]}, testing::kAppKey);
    EXPECT_NE(r.out.find("next: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("queue join 7"), std::string::npos) << r.out;
}

TEST_F(SeatctlQueueTest, UnknownTicketsAndEventsWithoutARoomAreRefused) {
    create_room_event();
    auto r = ctl({"queue", "status", "7", kUnknownTicket}, testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("queue failed: queue_ticket_not_found (34)"), std::string::npos) << r.err;
    auto o = app_json({"queue", "leave", "7", kUnknownTicket}, 1);
    EXPECT_EQ(o["status"].as_string(), "queue_ticket_not_found");

    // The demo event has no room: no queue, and holds need no token.
    r = ctl({"queue", "join", "1", "--session", "alice"}, testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("queue failed: no_waiting_room (33)"), std::string::npos) << r.err;
    o = app_json({"room", "status", "1"}, 1);
    EXPECT_EQ(o["status"].as_string(), "no_waiting_room");
    r = ctl({"hold", "Stalls/A/1", "--session", "alice"}, testing::kAppKey);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = ctl({"summary"});
    EXPECT_NE(r.out.find("sale starts at creation, no waiting room"), std::string::npos) << r.out;
}

TEST_F(SeatctlQueueTest, BeforeTheSaleHoldsAreRefusedAndTheQueueGathers) {
    auto r = ctl({"create", "--generate", "theatre", "--event", "8", "--sale-starts-at",
                  "2099-01-01T00:00:00Z", "--room"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    r = ctl({"summary", "--event", "8"});
    EXPECT_NE(r.out.find("sale starts 2099-01-01T00:00:00Z, waiting room: max active "),
              std::string::npos)
        << r.out;
    EXPECT_EQ(ctl_json({"summary", "--event", "8"})["settings"]
                  .as_object()
                  .at("sale_starts_at_ms")
                  .to_number<std::int64_t>(),
              4070908800000);

    r = ctl({"queue", "join", "8", "--session", "alice"}, testing::kAppKey);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("joined the queue of event 8: ticket "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("before the sale: 0 others waiting"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("room before_sale"), std::string::npos) << r.out;
    auto o = app_json({"queue", "join", "8", "--session", "bob"});
    EXPECT_EQ(o["position"].to_number<std::uint32_t>(), 0u) << "unknown before the draw";
    EXPECT_EQ(o["eta_ms"].to_number<std::int64_t>(), -1);
    o = app_json({"room", "status", "8"});
    EXPECT_EQ(o["state"].as_string(), "before_sale");
    EXPECT_EQ(o["waiting"].to_number<std::uint32_t>(), 2u);
    EXPECT_EQ(o["admitted_per_second"].to_number<double>(), -1);
    r = ctl({"room", "status", "8"}, testing::kAppKey);
    EXPECT_NE(r.out.find("admission rate unknown"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("the sale starts 2099-01-01T00:00:00Z"), std::string::npos) << r.out;

    // Without a room, too: no holds before the sale.
    r = ctl({"create", "--generate", "theatre", "--event", "9", "--sale-starts-at",
             "2099-01-01T00:00:00Z"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    r = ctl({"hold", "Stalls/A/1", "--event", "9"}, testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("hold failed: sale_not_started (30)"), std::string::npos) << r.err;
}

TEST_F(SeatctlQueueTest, MalformedArgumentsAreRefusedBeforeSending) {
    const std::vector<std::vector<std::string>> bad = {
        {"queue"},
        {"queue", "wait", "7"},
        {"queue", "join"},
        {"queue", "join", "seven"},
        {"queue", "status", "7"},
        {"queue", "status", "7", "not-a-ticket"},
        {"queue", "leave", "7"},
        {"queue", "join", "7", "--event", "8"},
        {"room"},
        {"room", "7"},
        {"room", "status"},
        {"create", "--generate", "theatre", "--event", "10", "--room-batch", "2"},
        {"create", "--generate", "theatre", "--event", "10", "--room", "--room-batch", "0"},
        {"create", "--generate", "theatre", "--event", "10", "--room", "--room-interval", "soon"},
        {"create", "--generate", "theatre", "--event", "10", "--sale-starts-at", "tomorrow"},
    };
    for (const auto& args : bad) {
        const auto r = ctl(args, testing::kAppKey);
        std::string line;
        for (const auto& a : args)
            line += a + " ";
        EXPECT_EQ(r.exit_code, 2) << line << r.out << r.err;
    }
    auto r = ctl({"create", "--generate", "theatre", "--event", "10", "--room-grace", "5s"});
    EXPECT_NE(r.err.find("--room-grace is a waiting-room setting: add --room"), std::string::npos)
        << r.err;
    r = ctl({"queue", "status", "7", "not-a-ticket"});
    EXPECT_NE(r.err.find("a queue ticket is the UUID join printed"), std::string::npos) << r.err;
    // Nothing was created by any of them.
    EXPECT_EQ(ctl({"summary", "--event", "10"}).exit_code, 1);
    // Out of the server's range (a batch interval of 100 ms at least): the server refuses it.
    r = ctl(
        {"create", "--generate", "theatre", "--event", "10", "--room", "--room-interval", "50ms"});
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find("invalid_argument"), std::string::npos) << r.err;
}

TEST_F(SeatctlQueueTest, UsageListsTheRoomCommandsAndSettings) {
    const auto r = ctl({"--help"});
    ASSERT_EQ(r.exit_code, 0);
    for (const char* text :
         {"queue join EVENT [--session S]", "queue status EVENT TICKET [--heartbeat]",
          "queue leave EVENT TICKET", "room status EVENT", "hold SEAT... [--session S] [--token T]",
          "[--session S] [--token T]", "--sale-starts-at 2027-03-01T10:00:00Z", "--room-batch N",
          "--room-interval T", "--room-grace T"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text;
}

}  // namespace
}  // namespace seat::e2e
