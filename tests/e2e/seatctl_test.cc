// Proves seatctl end to end against the real seatd, run as a child process with
// explicit arguments: the journey (create, section grid, hold, extend, purchase,
// ticket), its JSON output, and that every kind of failure gets its documented
// exit code (1 refused, 2 usage, 3 transport) and a clear message.
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "tests/e2e/e2e_helpers.h"
#include "tests/e2e/seatctl_fixture.h"
#include "venues/generators.h"
#include "venues/venue_json.h"

namespace seat::e2e {
namespace {

TEST_F(SeatctlTest, JourneyInText) {
    auto r = ctl({"ping"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("role admin"), std::string::npos) << r.out;

    r = ctl({"create", "--generate", "theatre", "--event", "7", "--name", "Matinee"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("created event 7"), std::string::npos) << r.out;

    r = ctl({"events"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Matinee"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("event 1 "), std::string::npos) << r.out;

    r = ctl({"hold", "Stalls/A/1", "Stalls/A/2", "--event", "7", "--session", "alice"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // "placed hold <id>, expires ...": the id can be pasted into the next command.
    const auto at = r.out.find("placed hold ");
    ASSERT_NE(at, std::string::npos) << r.out;
    const std::string hold = r.out.substr(at + 12, r.out.find(',', at) - at - 12);

    r = ctl({"section", "Stalls", "--event", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("  A  hh............\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  J  ac..........ca\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("legend: . available  a accessible  c companion  h held  S sold  x "
                         "blocked  | aisle"),
              std::string::npos);

    r = ctl({"extend", hold, "--event", "7", "--session", "alice"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = ctl({"purchase", hold, "--buyer", "alice@example.com", "--payment", "pay-77", "--event",
             "7", "--session", "alice"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("2 tickets"), std::string::npos) << r.out;
    const auto t = r.out.find("ticket ", r.out.find('\n'));
    ASSERT_NE(t, std::string::npos) << r.out;
    const std::string ticket = r.out.substr(t + 7, 36);

    r = ctl({"ticket", ticket, "--event", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Stalls/A/1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("alice@example.com"), std::string::npos) << r.out;

    r = ctl({"section", "Stalls", "--event", "7"});
    EXPECT_NE(r.out.find("  A  SS............\n"), std::string::npos) << r.out;
    r = ctl({"seat", "Stalls/A/1", "--event", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("sold"), std::string::npos) << r.out;

    r = ctl({"block", "Stalls/B/1", "Stalls/B/2", "--event", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("blocked 2 seats"), std::string::npos) << r.out;
    r = ctl({"section", "Stalls", "--event", "7"});
    EXPECT_NE(r.out.find("  B  xx............\n"), std::string::npos) << r.out;
    r = ctl({"unblock", "Stalls/B/1", "--event", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;

    r = ctl({"summary", "--event", "7"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("197 available, 0 held, 2 sold, 1 blocked"), std::string::npos) << r.out;
}

TEST_F(SeatctlTest, JourneyInJson) {
    auto hold = ctl_json({"hold", "Balcony/A/1", "141"});
    ASSERT_TRUE(hold["ok"].as_bool());
    const auto hold_id = std::to_string(hold["hold"].to_number<std::uint64_t>());
    auto bought = ctl_json({"purchase", hold_id, "--buyer", "b", "--payment", "p"});
    const auto& tickets = bought["tickets"].as_array();
    ASSERT_EQ(tickets.size(), 2u);
    const std::string ticket(tickets[1].as_object().at("ticket_id").as_string());
    auto shown = ctl_json({"ticket", ticket});
    // Ids come before names in a hold, so the second ticket is Balcony/A/1.
    EXPECT_EQ(shown["ticket"].as_object()["seat_name"].as_string(), "Balcony/A/1");
    auto section = ctl_json({"section", "Balcony"});
    EXPECT_EQ(section["rows"].as_array()[0].as_object()["grid"].as_string(), "SS..........");
    auto summary = ctl_json({"summary"});
    EXPECT_EQ(summary["totals"].as_object()["sold"].to_number<int>(), 2);
    auto events = ctl_json({"events"});
    EXPECT_EQ(events["events"].as_array().size(), 1u);
}

// The gate through seatctl: a code admits once (exit 0, "ADMIT"), then is
// refused (exit 1) with when and where; reissue revokes it; the terminal QR,
// the tickets list, the revocation filter and the public keys are printed.
TEST_F(SeatctlTest, TicketsAtTheGate) {
    auto hold = ctl_json({"hold", "Stalls/J/1", "--session", "gate"});
    const auto hold_id = std::to_string(hold["hold"].to_number<std::uint64_t>());
    auto bought =
        ctl_json({"purchase", hold_id, "--buyer", "kim", "--payment", "p", "--session", "gate"});
    const std::string ticket(
        bought["tickets"].as_array()[0].as_object().at("ticket_id").as_string());
    auto shown = ctl_json({"ticket", ticket});
    const std::string code(shown["ticket"].as_object()["code"].as_string());
    ASSERT_EQ(code.rfind("E1.", 0), 0u) << code;

    const auto qr = ctl({"ticket", ticket, "--qr", "term"});
    EXPECT_EQ(qr.exit_code, 0) << qr.err;
    EXPECT_NE(qr.out.find("\u2588"), std::string::npos) << "the QR is drawn with block characters";

    auto admit = ctl({"admit", code, "--gate", "north-1"}, testing::kScannerKey);
    EXPECT_EQ(admit.exit_code, 0) << admit.err;
    EXPECT_NE(admit.out.find("ADMIT  Stalls/J/1"), std::string::npos) << admit.out;
    admit = ctl({"admit", code, "--gate", "south-2"}, testing::kScannerKey);
    EXPECT_EQ(admit.exit_code, 1);
    EXPECT_NE(admit.out.find("already_admitted"), std::string::npos) << admit.out;
    EXPECT_NE(admit.out.find("at gate north-1"), std::string::npos) << admit.out;
    admit = ctl({"admit", "not-a-code", "--gate", "g"}, testing::kScannerKey);
    EXPECT_EQ(admit.exit_code, 1);
    EXPECT_NE(admit.err.find("invalid_signature"), std::string::npos) << admit.err;

    auto mine = ctl_json({"tickets", "--owner", "kim"});
    ASSERT_EQ(mine["tickets"].as_array().size(), 1u);
    EXPECT_EQ(mine["tickets"].as_array()[0].as_object()["status"].as_string(), "admitted");
    EXPECT_EQ(ctl({"reissue", ticket}).exit_code, 1) << "an admitted ticket is not reissued";
    auto revocations = ctl_json({"revocations"});
    EXPECT_EQ(revocations["sequence"].to_number<int>(), 0);
    auto keys = ctl_json({"public-keys"});
    EXPECT_NE(std::string(keys["keys"].as_string()).find(" ed25519 active "), std::string::npos);
}

// Key files offline: generate refuses to overwrite, list never prints secrets.
TEST_F(SeatctlTest, KeyFilesOffline) {
    const std::string file = (seatd_.data_dir().parent_path() / "offline-keys").string();
    auto made = run_seatctl({"keys", "generate", "--file", file});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_EQ(run_seatctl({"keys", "generate", "--file", file}).exit_code, 2);
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto listed = run_seatctl({"keys", "list", "--file", file});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    // Every secret in the file is the line's last field; none may be printed.
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::string secret = line.substr(line.rfind(' ') + 1);
        EXPECT_EQ(listed.out.find(secret), std::string::npos);
    }
    EXPECT_NE(listed.out.find("ed25519  active"), std::string::npos) << listed.out;
    EXPECT_EQ(run_seatctl({"keys", "rotate", "rsa", "--file", file}).exit_code, 2);
    std::filesystem::remove(file);
}

TEST_F(SeatctlTest, RefusalsExitOneWithTheStatusAndTheSeats) {
    auto r = ctl({"hold", "Stalls/C/1", "--session", "a"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = ctl({"hold", "Stalls/C/1", "Stalls/C/2", "--session", "b"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("seats_unavailable"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("one or more seats are not available"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Stalls/C/1: held"), std::string::npos) << r.err;

    r = ctl({"hold", "Stalls/Q/1"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("Stalls/Q/1 is not a seat"), std::string::npos) << r.err;

    r = ctl({"release", "12345"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("hold_not_found"), std::string::npos) << r.err;

    r = ctl({"summary", "--event", "99"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("event_not_found"), std::string::npos) << r.err;

    r = ctl({"block", "Stalls/D/1"}, testing::kAppKey);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("unauthorized"), std::string::npos) << r.err;

    r = ctl({"ping"}, "wrong-key");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("unauthorized"), std::string::npos) << r.err;

    r = ctl({"create", "--generate", "theatre", "--event", "1"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("event_exists"), std::string::npos) << r.err;

    r = ctl({"ticket", "00112233-4455-6677-8899-aabbccddeeff"});
    EXPECT_EQ(r.exit_code, 1);

    r = ctl({"hold", "Stalls/C/1", "--json", "--session", "c"});
    EXPECT_EQ(r.exit_code, 1);
    const auto o = json::parse(r.out).as_object();
    EXPECT_EQ(o.at("status").as_string(), "seats_unavailable");
    EXPECT_EQ(o.at("refusals").as_array()[0].as_object().at("problem").as_string(), "held");
}

TEST_F(SeatctlTest, UsageErrorsExitTwo) {
    EXPECT_EQ(ctl({}).exit_code, 2);
    EXPECT_EQ(ctl({"frobnicate"}).exit_code, 2);
    EXPECT_EQ(ctl({"hold"}).exit_code, 2);
    EXPECT_EQ(ctl({"purchase", "1"}).exit_code, 2);  // no --buyer
    EXPECT_EQ(ctl({"ticket", "not-a-uuid"}).exit_code, 2);
    EXPECT_EQ(ctl({"ping", "--bogus", "1"}).exit_code, 2);
    // A venue file over the frame limit is refused before anything is sent.
    const auto big = std::filesystem::temp_directory_path() /
                     ("seatctl-stadium-" + std::to_string(::getpid()) + ".json");
    std::ofstream(big) << seat::venue_to_json(seat::make_stadium());
    const auto stadium = ctl({"create", "--venue", big.string(), "--event", "9"});
    std::filesystem::remove(big);
    EXPECT_EQ(stadium.exit_code, 2);
    EXPECT_NE(stadium.err.find("1 MiB"), std::string::npos) << stadium.err;
    const auto help = run_seatctl({"--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
}

TEST_F(SeatctlTest, CreatesTheGeneratedStadiumOnTheServer) {
    const auto r = ctl({"create", "--generate", "stadium", "--event", "9", "--name", "Cup final"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto summary = ctl({"summary", "--event", "9", "--json"});
    ASSERT_EQ(summary.exit_code, 0) << summary.err;
    EXPECT_NE(summary.out.find("70000"), std::string::npos) << summary.out;
}

TEST_F(SeatctlTest, UnreachableServerExitsThree) {
    const std::uint16_t port = seatd_.port();
    seatd_.kill9();
    const auto r =
        run_seatctl({"--port", std::to_string(port), "--key", testing::kAdminKey, "ping"});
    EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
    EXPECT_NE(r.err.find("connection_failed"), std::string::npos) << r.err;
    seatd_.restart();
}

}  // namespace
}  // namespace seat::e2e
