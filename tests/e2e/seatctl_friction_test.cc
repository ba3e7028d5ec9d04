// Proves the fixes for the friction a new seatctl user hit (issue 9), each
// through the real seatd and the real seatctl binary: hints that work when
// pasted, ping failures that say what failed, event settings at create, seat
// names the server does not know explained with the nearest real ones, the
// list of sections, seat types and aisles in the grid, and a ticket's code alone.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/e2e/e2e_helpers.h"
#include "tests/e2e/seatctl_fixture.h"

namespace seat::e2e {
namespace {

// The line after "next: " in seatctl's output, empty when there is none.
std::string next_hint(const std::string& out) {
    const auto at = out.find("next: ");
    if (at == std::string::npos) return {};
    return out.substr(at + 6, out.find('\n', at) - at - 6);
}

// The purchase hinted on the "  or: " line after a hold, without its note.
std::string or_hint(const std::string& out) {
    const auto at = out.find("  or: ");
    if (at == std::string::npos) return {};
    const std::string line = out.substr(at + 6, out.find('\n', at) - at - 6);
    return line.substr(0, line.find("   (paid elsewhere)"));
}

// The whitespace-separated words of the first line of `out` that contains `what`.
std::vector<std::string> words_of_line(const std::string& out, const std::string& what) {
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        if (line.find(what) == std::string::npos) continue;
        std::istringstream in(line);
        std::vector<std::string> words;
        for (std::string w; in >> w;)
            words.push_back(w);
        return words;
    }
    return {};
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// Runs a printed command line the way a person pasting it would: through a shell.
CommandResult paste(const std::string& command_line) {
    return testing::run_program("/bin/sh", {"-c", command_line}, kSeatctlTimeout,
                                kSeatctlEnvironment);
}

// A loopback port where the kernel completes TCP handshakes but nobody ever
// reads or answers: a server that hangs, or a port that is not seatd's.
class SilentListener {
  public:
    SilentListener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(fd_, 16) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            throw std::runtime_error("silent listener: bind/listen failed");
        port_ = std::to_string(ntohs(addr.sin_port));
    }
    ~SilentListener() { ::close(fd_); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;

    const std::string& port() const { return port_; }

  private:
    int fd_ = -1;
    std::string port_;
};

// Issue 9, item 1: the hints after hold and extend dropped --session (and the
// port and event), so the pasted purchase failed with wrong_session.
TEST_F(SeatctlTest, NextHintAfterHoldAndExtendWorksWhenPasted) {
    ASSERT_EQ(ctl({"create", "--generate", "theatre", "--event", "7"}).exit_code, 0);
    auto r = ctl({"hold", "Stalls/E/1", "Stalls/E/2", "--event", "7", "--session", "bob o'neil"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string checkout = next_hint(r.out);
    EXPECT_EQ(checkout.rfind(testing::seatctl_binary().string() + " checkout ", 0), 0u) << checkout;
    EXPECT_NE(checkout.find("--payment-method pm_card_visa"), std::string::npos) << checkout;
    EXPECT_NE(checkout.find("--session 'bob o'\\''neil'"), std::string::npos) << checkout;
    std::string hint = or_hint(r.out);
    EXPECT_EQ(hint.rfind(testing::seatctl_binary().string() + " purchase ", 0), 0u) << hint;
    EXPECT_NE(hint.find("--session 'bob o'\\''neil'"), std::string::npos) << hint;
    EXPECT_NE(hint.find("--event 7"), std::string::npos) << hint;
    EXPECT_EQ(hint.find(testing::kAdminKey), std::string::npos) << "the key is never printed";

    const auto at = hint.find(" purchase ") + 10;
    const std::string hold = hint.substr(at, hint.find(' ', at) - at);
    r = ctl({"extend", hold, "--event", "7", "--session", "bob o'neil"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(next_hint(r.out), checkout) << "extend hints the same checkout";
    EXPECT_EQ(or_hint(r.out), hint) << "and the same purchase";

    replace_all(hint, "--buyer BUYER", "--buyer bob@example.com");
    replace_all(hint, "--payment REF", "--payment pay-9");
    replace_all(hint, "--key KEY", std::string("--key ") + testing::kAdminKey);
    const auto bought = paste(hint);
    EXPECT_EQ(bought.exit_code, 0) << hint << "\n" << bought.out << bought.err;
    EXPECT_NE(bought.out.find("2 tickets"), std::string::npos) << bought.out;
}

// Issue 9, item 2: a failed ping printed the transport sentence about
// idempotency keys; a ping has none. It now says what failed, and only a
// mutation whose outcome is unknown gets the retry advice.
TEST_F(SeatctlTest, FailedPingSaysWhatFailedWithoutIdempotencyAdvice) {
    const SilentListener silent;
    auto r = run_seatctl({"--port", silent.port(), "--timeout-ms", "300", "ping"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("ping failed: connection_failed (1000): could not reach 127.0.0.1:" +
                         silent.port() + " (connected, but no answer to the Hello within 300 ms)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("idempotency"), std::string::npos) << r.err;
    r = run_seatctl({"--port", silent.port(), "--timeout-ms", "300", "events"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("events failed: timed_out (1001): no answer from 127.0.0.1:" +
                         silent.port() + " within 300 ms"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("idempotency"), std::string::npos) << r.err;

    const std::string port = std::to_string(seatd_.port());
    seatd_.kill9();
    r = run_seatctl({"--port", port, "ping"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("could not reach 127.0.0.1:" + port + " (connect: "), std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("idempotency"), std::string::npos) << r.err;
    r = run_seatctl({"--port", port, "hold", "Stalls/A/1"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("the outcome is unknown; retry safely with --idempotency-key "),
              std::string::npos)
        << r.err;
    seatd_.restart();
}

// Issue 9, item 3: create could not set the hold and checkout TTLs or the
// limits. The server does not report an event's settings, so the test sees
// them at work: expiry times, and the limits' refusals.
TEST_F(SeatctlTest, CreateSetsTheTtlsAndTheLimits) {
    auto r =
        ctl({"create", "--generate", "theatre", "--event", "8", "--hold-ttl", "2m",
             "--checkout-ttl", "300", "--max-seats-per-hold", "2", "--max-holds-per-session", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("hold TTL 2m, checkout TTL 5m, max seats per hold 2, max holds per "
                         "session 1"),
              std::string::npos)
        << r.out;
    const auto before_ms = ctl_json({"ping"})["server_time_ms"].to_number<std::int64_t>();
    // The expiry is the server's clock at the hold plus the TTL: after `before`, and soon after.
    const auto expect_expiry_after = [&](json::object reply, std::int64_t ttl_ms) {
        const auto expires_ms = reply["expires_at_ms"].to_number<std::int64_t>();
        EXPECT_GE(expires_ms, before_ms + ttl_ms);
        EXPECT_LT(expires_ms, before_ms + ttl_ms + 10'000);
    };

    r = ctl({"hold", "Stalls/A/1", "Stalls/A/2", "Stalls/A/3", "--event", "8"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("too_many_seats"), std::string::npos) << r.err;
    auto hold = ctl_json({"hold", "Stalls/A/1", "Stalls/A/2", "--event", "8"});
    expect_expiry_after(hold, 120'000);
    r = ctl({"hold", "Stalls/A/3", "--event", "8"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("session_hold_limit"), std::string::npos) << r.err;
    expect_expiry_after(ctl_json({"extend", std::to_string(hold["hold"].to_number<std::uint64_t>()),
                                  "--event", "8"}),
                        300'000);

    EXPECT_EQ(
        ctl({"create", "--generate", "theatre", "--event", "9", "--hold-ttl", "10x"}).exit_code, 2);
    EXPECT_EQ(ctl({"create", "--generate", "theatre", "--event", "9", "--max-seats-per-hold", "0"})
                  .exit_code,
              2);
    r = ctl({"create", "--generate", "theatre", "--event", "9", "--hold-ttl", "25h"});
    EXPECT_EQ(r.exit_code, 1) << "the server decides the ranges";
    EXPECT_NE(r.err.find("hold_ttl_ms must be in"), std::string::npos) << r.err;
}

// Issue 9, item 5: `section` without a name failed; it lists the sections
// with their seats and counts, the names `section NAME` takes.
TEST_F(SeatctlTest, SectionWithoutANameListsTheSections) {
    ASSERT_EQ(ctl({"hold", "Balcony/A/1"}).exit_code, 0);
    const auto r = ctl({"section"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("event 1: 2 sections"), std::string::npos) << r.out;
    using Words = std::vector<std::string>;
    EXPECT_EQ(words_of_line(r.out, "name"),
              (Words{"id", "name", "seats", "available", "held", "sold", "blocked"}));
    EXPECT_EQ(words_of_line(r.out, "Stalls"), (Words{"0", "Stalls", "140", "140", "0", "0", "0"}));
    EXPECT_EQ(words_of_line(r.out, "Balcony"), (Words{"1", "Balcony", "60", "59", "1", "0", "0"}));
    EXPECT_NE(r.out.find("next: " + testing::seatctl_binary().string() + " section NAME"),
              std::string::npos)
        << r.out;

    auto listed = ctl_json({"section"});
    const auto& balcony = listed["sections"].as_array()[1].as_object();
    EXPECT_EQ(balcony.at("name").as_string(), "Balcony");
    EXPECT_EQ(balcony.at("seats").to_number<int>(), 60);
    EXPECT_EQ(balcony.at("counts").as_object().at("held").to_number<int>(), 1);
}

// A venue whose seat numbers jump where its aisles are: row 1 numbered
// 1 2 3 | 7 8, row 2 on an odd-numbered side 1 3 5 | 11 13, row 3 lettered.
constexpr const char* kNumberedHall = R"({
  "format": "seatd-venue/1", "name": "Numbered hall",
  "price_tiers": [{"name": "Std", "amount_minor": 1000, "currency": "EUR"}],
  "sections": [{"name": "Floor", "type": "floor", "tier": "Std", "seat_type": "floor", "rows": [
    {"label": "1", "seats": [{"label": "1", "x": 0, "y": 1}, {"label": "2", "x": 1, "y": 1},
      {"label": "3", "x": 2, "y": 1}, {"label": "7", "x": 4, "y": 1, "aisle_before": true},
      {"label": "8", "x": 5, "y": 1}]},
    {"label": "2", "seats": [{"label": "1", "x": 0, "y": 2}, {"label": "3", "x": 1, "y": 2},
      {"label": "5", "x": 2, "y": 2}, {"label": "11", "x": 4, "y": 2, "aisle_before": true},
      {"label": "13", "x": 5, "y": 2}]},
    {"label": "3", "seats": [{"label": "A", "x": 0, "y": 3}, {"label": "B", "x": 1, "y": 3}]}
  ]}]
})";

// Issue 9, item 6: the grid showed neither aisles nor accessible and companion
// seats. Seat types come from the server (the theatre's row J); aisles show
// where the seat numbers jump, since the server does not send aisle_before.
TEST_F(SeatctlTest, SectionGridMarksAccessibleAndCompanionSeatsAndAisles) {
    ASSERT_EQ(ctl({"hold", "Stalls/J/14"}).exit_code, 0);
    auto r = ctl({"section", "Stalls"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("  J  ac..........ch\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("legend: . available  a accessible  c companion  h held  S sold  x "
                         "blocked  | aisle\n"),
              std::string::npos)
        << r.out;
    auto stalls = ctl_json({"section", "Stalls"});
    const auto& row_j = stalls["rows"].as_array()[9].as_object();
    EXPECT_EQ(row_j.at("grid").as_string(), ".............h") << "the JSON grid is statuses only";
    EXPECT_EQ(row_j.at("accessible_seats"), (json::array{126, 139}));
    EXPECT_EQ(row_j.at("companion_seats"), (json::array{127, 138}));

    const auto file = seatd_.data_dir().parent_path() / "numbered-hall.json";
    std::ofstream(file) << kNumberedHall;
    ASSERT_EQ(ctl({"create", "--venue", file.string(), "--event", "11"}).exit_code, 0);
    r = ctl({"section", "Floor", "--event", "11"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("  1  ...|..\n  2  ...|..\n  3  ..\n"), std::string::npos) << r.out;
    auto floor = ctl_json({"section", "Floor", "--event", "11"});
    EXPECT_EQ(floor["rows"].as_array()[0].as_object().at("aisles_before"), (json::array{3}));
    EXPECT_EQ(floor["rows"].as_array()[1].as_object().at("aisles_before"), (json::array{8}));
    EXPECT_EQ(floor["rows"].as_array()[2].as_object().at("aisles_before"), json::array{});
}

// Issue 9, item 4: a hold or block naming unknown or wrongly-cased seats got
// a bare invalid_argument. seatctl now says which names are not seats and
// suggests the nearest real ones, read from the event's sections.
TEST_F(SeatctlTest, UnknownSeatNamesAreExplainedWithTheNearestRealOnes) {
    auto r = ctl({"hold", "Stalls/a/1", "Stals/C/3", "Stalls/A/15", "Stalls/Q/1", "Foyer/A/1",
                  "Balcony/A/1"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("hold failed: invalid_argument (3)"), std::string::npos) << r.err;
    for (const char* line : {
             "  Stalls/a/1 is not a seat; did you mean Stalls/A/1? (names are case-sensitive)\n",
             "  Stals/C/3 is not a seat; did you mean Stalls/C/3? (there is no section Stals)\n",
             "  Stalls/A/15 is not a seat; did you mean Stalls/A/14? (row A has seats 1 to 14)\n",
             "  Stalls/Q/1 is not a seat: Stalls has no row Q (rows: A, B, C, D, E, F, G, H, I, "
             "J)\n",
             "  Foyer/A/1 is not a seat: there is no section Foyer (sections: Stalls, Balcony)\n",
         })
        EXPECT_NE(r.err.find(line), std::string::npos) << line << "in:\n" << r.err;
    EXPECT_EQ(r.err.find("Balcony/A/1"), std::string::npos) << "a real seat is not explained";

    r = ctl({"block", "balcony/e/12", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    const auto refusal = json::parse(r.out).as_object().at("refusals").as_array()[0].as_object();
    EXPECT_EQ(refusal.at("problem").as_string(), "unknown");
    EXPECT_EQ(refusal.at("did_you_mean"), (json::array{"Balcony/E/12"}));
    EXPECT_EQ(refusal.at("why").as_string(), "names are case-sensitive");

    r = ctl({"seat", "stalls/j/1"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("stalls/j/1 is not a seat; did you mean Stalls/J/1?"), std::string::npos)
        << r.err;
    EXPECT_EQ(ctl({"hold", "Stalls/A/1", "Stalls/A/14", "Balcony/E/12"}).exit_code, 0)
        << "the suggestions are real seats";
}

// Issue 9, item 7: the README piped `ticket --json` through python to get the
// code. `ticket ID --code` prints the Ed25519 code alone, `--code hmac` the
// HMAC one, and the README's pipe into `admit -` works as written.
TEST_F(SeatctlTest, TicketCodePrintsTheCodeAloneForAPipe) {
    const auto bought = [&](const char* seat) {
        auto hold = ctl_json({"hold", seat});
        auto r = ctl_json({"purchase", std::to_string(hold["hold"].to_number<std::uint64_t>()),
                           "--buyer", "kim", "--payment", "p"});
        return std::string(r["tickets"].as_array()[0].as_object().at("ticket_id").as_string());
    };
    const std::string ticket = bought("Stalls/F/3");
    auto shown = ctl_json({"ticket", ticket});
    const auto& t = shown["ticket"].as_object();
    auto r = ctl({"ticket", ticket, "--code"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, std::string(t.at("code").as_string()) + "\n");
    r = ctl({"ticket", "--code", "hmac", ticket});
    EXPECT_EQ(r.out, std::string(t.at("code_hmac").as_string()) + "\n") << r.err;
    EXPECT_EQ(ctl({"ticket", ticket, "--code=hmac"}).out, r.out);
    EXPECT_EQ(ctl({"ticket", ticket, "--code=rsa"}).exit_code, 2);
    EXPECT_EQ(ctl({"ticket", ticket, "--code", "--json"}).exit_code, 2);

    const std::string seatctl =
        testing::seatctl_binary().string() + " --port " + std::to_string(seatd_.port());
    const auto admitted =
        paste(seatctl + " --key " + testing::kAdminKey + " ticket " + ticket + " --code | " +
              seatctl + " --key " + testing::kScannerKey + " admit - --gate north-1");
    EXPECT_EQ(admitted.exit_code, 0) << admitted.out << admitted.err;
    EXPECT_NE(admitted.out.find("ADMIT  Stalls/F/3"), std::string::npos) << admitted.out;

    const std::string refunded = bought("Stalls/F/4");
    ASSERT_EQ(ctl({"cancel", refunded}).exit_code, 0);
    r = ctl({"ticket", refunded, "--code"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("has no code: it is cancelled"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace seat::e2e
