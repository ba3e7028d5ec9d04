// Tickets end to end against the real seatd: a purchased ticket's code, drawn
// as a QR PNG by seatctl and read back by a real decoder (zbarimg), admits once
// and only once; reissue revokes the old code online and offline (the Bloom
// filter); cancel refunds; concurrent scanners admit a ticket exactly once;
// offline scanners' reports are settled by first-admission-wins; admissions and
// keys survive a restart; a rotated key still verifies, a retired one does not
// (reloaded on SIGHUP, and a broken key file leaves the keys in use).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "seat/offline_scanner.h"
#include "tests/e2e/e2e_helpers.h"

namespace seat::e2e {
namespace {

namespace fs = std::filesystem;

std::string find_zbarimg() {
    for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
        const fs::path p = fs::path(dir) / "zbarimg";
        if (fs::exists(p)) return p.string();
    }
    return {};
}

// Signals our own seatd (by its PID) and waits for `line` to appear in its log.
bool send_sighup_and_wait(testing::SeatdProcess& seatd, const std::string& line) {
    const std::size_t before = seatd.log().size();
    if (::kill(seatd.pid(), SIGHUP) != 0) return false;
    for (int i = 0; i < 100; ++i) {
        if (seatd.log().find(line, before) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

class TicketsTest : public ::testing::Test {
  protected:
    testing::SeatdProcess seatd_;
    Client app_{client_options(seatd_.port(), testing::kAppKey)};
    Client scanner_{client_options(seatd_.port(), testing::kScannerKey)};

    // Buys `names` (demo theatre seats) for `buyer`; returns the ticket ids in seat order.
    std::vector<sc::Id128> buy(const std::vector<std::string>& names, const std::string& buyer) {
        const auto session = sc::Id128::random();
        const auto hold = app_.place_hold(kDemoEvent, session, sc::Seats{{}, names});
        EXPECT_TRUE(hold.ok()) << hold.message;
        const auto bought =
            app_.purchase(kDemoEvent, sc::PurchaseRequest{hold.value.hold, session, buyer, "pay"});
        EXPECT_TRUE(bought.ok()) << bought.message;
        std::vector<sc::Id128> ids;
        for (const auto& t : bought.value.tickets)
            ids.push_back(t.ticket_id);
        return ids;
    }

    sc::Ticket ticket(const sc::Id128& id) {
        const auto r = app_.get_ticket(kDemoEvent, id);
        EXPECT_TRUE(r.ok()) << r.message;
        return r.value.ticket;
    }
};

TEST_F(TicketsTest, QrFromSeatctlReadByZbarimgAdmitsOnceThenAlreadyAdmitted) {
    const std::string zbarimg = find_zbarimg();
    if (zbarimg.empty())
        GTEST_SKIP() << "zbarimg not installed (scripts/setup.sh installs zbar-tools)";
    const auto ids = buy({"Stalls/C/3"}, "alice");
    ASSERT_EQ(ids.size(), 1u);
    const sc::Ticket t = ticket(ids[0]);
    ASSERT_FALSE(t.code.empty());
    ASSERT_FALSE(t.code_hmac.empty());
    EXPECT_EQ(t.owner_id, "alice");

    const fs::path png =
        fs::path(::testing::TempDir()) / ("seatd-ticket-" + std::to_string(::getpid()) + ".png");
    const auto drawn =
        run_seatctl({"--port", std::to_string(seatd_.port()), "--key", testing::kAppKey, "ticket",
                     ids[0].to_string(), "--qr", "png", "--out", png.string()});
    ASSERT_EQ(drawn.exit_code, 0) << drawn.err;
    const auto read = testing::run_program(zbarimg, {"--raw", "-q", "--nodbus", png.string()},
                                           std::chrono::seconds(30));
    fs::remove(png);
    ASSERT_EQ(read.exit_code, 0) << read.err;
    std::string scanned = read.out;
    while (!scanned.empty() && (scanned.back() == '\n' || scanned.back() == '\r'))
        scanned.pop_back();
    ASSERT_EQ(scanned, t.code) << "the decoder must read back exactly the code";

    const auto first = scanner_.admit(kDemoEvent, scanned, "north-3");
    ASSERT_TRUE(first.ok()) << first.message;
    EXPECT_EQ(first.value.ticket.seat_name, "Stalls/C/3");
    EXPECT_EQ(first.value.ticket.section_name, "Stalls");
    EXPECT_EQ(first.value.ticket.row_label, "C");
    EXPECT_EQ(first.value.ticket.seat_label, "3");
    EXPECT_EQ(first.value.ticket.admitted_gate, "north-3");
    EXPECT_GT(first.value.ticket.admitted_at_ms, 0);
    EXPECT_TRUE(first.value.ticket.owner_id.empty()) << "scanners get no owner data";

    // The same ticket again, at another gate and in the other format: refused,
    // with when and where it went in.
    const auto second = scanner_.admit(kDemoEvent, t.code_hmac, "south-1");
    EXPECT_EQ(second.status, sc::Status::already_admitted);
    EXPECT_EQ(second.value.ticket.admitted_gate, "north-3");
    EXPECT_EQ(second.value.ticket.admitted_at_ms, first.value.ticket.admitted_at_ms);
    EXPECT_EQ(ticket(ids[0]).status, sc::TicketStatus::admitted);
}

TEST_F(TicketsTest, ForgedAndMangledCodesAreInvalidSignatureAndLeaveTheTicketAlone) {
    const auto ids = buy({"Stalls/D/1"}, "bob");
    const sc::Ticket t = ticket(ids[0]);
    std::string forged = t.code;
    forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
    for (const std::string& bad : {forged, std::string("hello"), std::string(),
                                   t.code.substr(0, t.code.size() - 3), t.code_hmac + "0"}) {
        const auto r = scanner_.admit(kDemoEvent, bad, "g1");
        EXPECT_EQ(r.status, sc::Status::invalid_signature) << bad;
    }
    // A valid code sent with another event id is refused, not admitted elsewhere.
    EXPECT_EQ(scanner_.admit(999, t.code, "g1").status, sc::Status::invalid_argument);
    EXPECT_EQ(ticket(ids[0]).status, sc::TicketStatus::valid);
    EXPECT_TRUE(scanner_.admit(0, t.code, "g1").ok()) << "event 0: the code names its event";
}

TEST_F(TicketsTest, ReissueRevokesTheOldCodeOnlineAndOffline) {
    const auto ids = buy({"Stalls/E/7", "Stalls/E/8"}, "carol");
    const sc::Ticket before = ticket(ids[0]);
    const auto reissued = app_.reissue_ticket(kDemoEvent, ids[0], "dave");
    ASSERT_TRUE(reissued.ok()) << reissued.message;
    EXPECT_EQ(reissued.value.ticket.version, before.version + 1);
    EXPECT_EQ(reissued.value.ticket.owner_id, "dave");
    EXPECT_NE(reissued.value.ticket.code, before.code);

    // Online: the old code in either format is superseded.
    EXPECT_EQ(scanner_.admit(kDemoEvent, before.code, "g1").status, sc::Status::superseded);
    EXPECT_EQ(scanner_.admit(kDemoEvent, before.code_hmac, "g1").status, sc::Status::superseded);

    // Offline: a scanner with the public keys and the current filter refuses it too.
    const auto keys = scanner_.get_public_keys();
    ASSERT_TRUE(keys.ok()) << keys.message;
    const auto revocations = scanner_.get_revocations(kDemoEvent);
    ASSERT_TRUE(revocations.ok()) << revocations.message;
    EXPECT_EQ(revocations.value.sequence, 1u);
    OfflineScanner gate(kDemoEvent, keys.value.keys);
    ASSERT_TRUE(gate.update_revocations(revocations.value));
    EXPECT_EQ(gate.check(before.code, "offline-1", 1000).outcome, OfflineScanner::Outcome::revoked);
    EXPECT_EQ(gate.check(before.code_hmac, "offline-1", 1000).outcome,
              OfflineScanner::Outcome::needs_online);
    const sc::Ticket other = ticket(ids[1]);
    EXPECT_EQ(gate.check(other.code, "offline-1", 1000).outcome, OfflineScanner::Outcome::admit);

    // The new code admits online; dave holds it now, carol only the other one.
    EXPECT_TRUE(scanner_.admit(kDemoEvent, reissued.value.ticket.code, "g1").ok());
    const auto daves = app_.list_tickets(kDemoEvent, "dave");
    ASSERT_TRUE(daves.ok());
    ASSERT_EQ(daves.value.tickets.size(), 1u);
    EXPECT_EQ(daves.value.tickets[0].ticket_id, ids[0]);
    const auto carols = app_.list_tickets(kDemoEvent, "carol");
    ASSERT_TRUE(carols.ok());
    ASSERT_EQ(carols.value.tickets.size(), 1u);
    EXPECT_EQ(carols.value.tickets[0].ticket_id, ids[1]);

    // An admitted ticket is not reissued.
    EXPECT_EQ(app_.reissue_ticket(kDemoEvent, ids[0]).status, sc::Status::already_admitted);
}

TEST_F(TicketsTest, CancelRefundsTheSeatAndRevokesTheCode) {
    const auto ids = buy({"Balcony/A/1"}, "erin");
    const sc::Ticket t = ticket(ids[0]);
    const auto cancelled = app_.cancel_ticket(kDemoEvent, ids[0]);
    ASSERT_TRUE(cancelled.ok()) << cancelled.message;
    EXPECT_EQ(cancelled.value.ticket.status, sc::TicketStatus::cancelled);
    EXPECT_EQ(scanner_.admit(kDemoEvent, t.code, "g1").status, sc::Status::ticket_cancelled);
    const auto seat = app_.get_seat(kDemoEvent, "Balcony/A/1");
    ASSERT_TRUE(seat.ok());
    EXPECT_EQ(seat.value.status, sc::SeatStatus::available);
    EXPECT_EQ(app_.cancel_ticket(kDemoEvent, ids[0]).status, sc::Status::ticket_cancelled);

    OfflineScanner gate(kDemoEvent, scanner_.get_public_keys().value.keys);
    ASSERT_TRUE(gate.update_revocations(scanner_.get_revocations(kDemoEvent).value));
    EXPECT_EQ(gate.check(t.code, "g2", 5).outcome, OfflineScanner::Outcome::revoked);
}

TEST_F(TicketsTest, ConcurrentScannersAdmitEachTicketExactlyOnce) {
    constexpr int kScanners = 6;
    std::vector<std::string> codes;
    for (std::uint32_t seat = 60; seat < 80; ++seat)
        for (const auto& id : buy({theatre_seat_name(seat)}, "fans"))
            codes.push_back(ticket(id).code);
    std::vector<std::unique_ptr<Client>> scanners;
    for (int i = 0; i < kScanners; ++i) {
        scanners.push_back(
            std::make_unique<Client>(client_options(seatd_.port(), testing::kScannerKey)));
        ASSERT_TRUE(scanners.back()->connect().ok());
    }
    std::atomic<int> admitted{0}, already{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kScanners; ++i) {
        threads.emplace_back([&, i] {
            while (!go.load())
                std::this_thread::yield();
            for (const std::string& code : codes) {
                const auto r = scanners[i]->admit(kDemoEvent, code, "gate-" + std::to_string(i));
                if (r.ok())
                    ++admitted;
                else if (r.status == sc::Status::already_admitted)
                    ++already;
                else
                    ++other;
            }
        });
    }
    go = true;
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(admitted.load(), static_cast<int>(codes.size()));
    EXPECT_EQ(already.load(), static_cast<int>(codes.size()) * (kScanners - 1));
    EXPECT_EQ(other.load(), 0);
}

TEST_F(TicketsTest, OfflineReportsAreSettledByFirstAdmissionWins) {
    const auto ids = buy({"Stalls/F/1", "Stalls/F/2"}, "gina");
    const std::string keys = scanner_.get_public_keys().value.keys;
    OfflineScanner north(kDemoEvent, keys), south(kDemoEvent, keys);
    const std::string code = ticket(ids[0]).code;
    // Scanned an hour ago: the server takes device times of the last 30 days.
    const std::int64_t t0 = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count() -
                            3'600'000;
    ASSERT_EQ(north.check(code, "north", t0 + 1'000).outcome, OfflineScanner::Outcome::admit);
    EXPECT_EQ(north.check(code, "north", t0 + 1'500).outcome,
              OfflineScanner::Outcome::already_admitted_here);
    // A copied code at another gate that is also offline: let in there too...
    ASSERT_EQ(south.check(code, "south", t0 + 2'000).outcome, OfflineScanner::Outcome::admit);
    ASSERT_EQ(south.check(ticket(ids[1]).code, "south", t0 + 2'100).outcome,
              OfflineScanner::Outcome::admit);
    // ...until the reports meet at the server: the first to report wins.
    const auto n = north.report_admissions(scanner_);
    EXPECT_EQ(n.confirmed, 1u);
    EXPECT_EQ(n.unsent, 0u);
    const auto s = south.report_admissions(scanner_);
    EXPECT_EQ(s.confirmed, 1u);
    EXPECT_EQ(s.conflicts, 1u);
    EXPECT_EQ(south.pending_reports(), 0u);
    const sc::Ticket settled = ticket(ids[0]);
    EXPECT_EQ(settled.status, sc::TicketStatus::admitted);
    EXPECT_EQ(settled.admitted_gate, "north");
    EXPECT_EQ(settled.device_at_ms, t0 + 1'000);
}

TEST_F(TicketsTest, ScannersSeeNoBuyerDataAndCannotReissue) {
    const auto ids = buy({"Stalls/G/4"}, "hank");
    const auto seen = scanner_.get_ticket(kDemoEvent, ids[0]);
    ASSERT_TRUE(seen.ok()) << seen.message;
    EXPECT_TRUE(seen.value.buyer_id.empty());
    EXPECT_TRUE(seen.value.ticket.owner_id.empty());
    EXPECT_TRUE(seen.value.ticket.code.empty());
    EXPECT_EQ(scanner_.reissue_ticket(kDemoEvent, ids[0]).status, sc::Status::unauthorized);
    EXPECT_EQ(scanner_.cancel_ticket(kDemoEvent, ids[0]).status, sc::Status::unauthorized);
    EXPECT_EQ(app_.get_ticket(kDemoEvent, sc::Id128::random()).status,
              sc::Status::ticket_not_found);
}

TEST(TicketKeys, AdmissionsSurviveARestartAndRotatedKeysVerifyUntilRetired) {
    testing::SeatdProcess seatd;
    const fs::path key_file = seatd.data_dir() / "ticket-keys";
    std::string old_code, old_key_line;
    sc::Id128 first, second;
    {
        Client app(client_options(seatd.port(), testing::kAppKey));
        const auto session = sc::Id128::random();
        const auto hold =
            app.place_hold(kDemoEvent, session, sc::Seats{{}, {"Stalls/H/1", "Stalls/H/2"}});
        ASSERT_TRUE(hold.ok());
        const auto bought =
            app.purchase(kDemoEvent, sc::PurchaseRequest{hold.value.hold, session, "ivy", "p"});
        ASSERT_TRUE(bought.ok());
        first = bought.value.tickets[0].ticket_id;
        second = bought.value.tickets[1].ticket_id;
        Client scanner(client_options(seatd.port(), testing::kScannerKey));
        ASSERT_TRUE(
            scanner.admit(kDemoEvent, app.get_ticket(kDemoEvent, first).value.ticket.code, "west")
                .ok());
        old_code = app.get_ticket(kDemoEvent, second).value.ticket.code;
    }
    ASSERT_TRUE(fs::exists(key_file));
    EXPECT_EQ(fs::status(key_file).permissions() & fs::perms::group_all, fs::perms::none);
    seatd.terminate();
    const auto rotated = run_seatctl({"keys", "rotate", "ed25519", "--file", key_file.string()});
    ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
    seatd.restart();
    Client app(client_options(seatd.port(), testing::kAppKey));
    Client scanner(client_options(seatd.port(), testing::kScannerKey));
    const auto again =
        scanner.admit(kDemoEvent, app.get_ticket(kDemoEvent, first).value.ticket.code, "east");
    EXPECT_EQ(again.status, sc::Status::already_admitted) << "the admission is durable";
    EXPECT_EQ(again.value.ticket.admitted_gate, "west");
    const std::string new_code = app.get_ticket(kDemoEvent, second).value.ticket.code;
    EXPECT_NE(new_code, old_code) << "codes are now signed with the new key";

    // Retire the old key: codes signed with it stop verifying; the new one works.
    const auto listed = run_seatctl({"keys", "list", "--json", "--file", key_file.string()});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const std::size_t verify_at = listed.out.find("\"verify\"");
    ASSERT_NE(verify_at, std::string::npos) << listed.out;
    const std::size_t id_at = listed.out.rfind("\"id\":\"", verify_at) + 6;
    const std::string old_id = listed.out.substr(id_at, listed.out.find('"', id_at) - id_at);
    // This time without a restart: SIGHUP reloads the key file.
    const auto retired = run_seatctl({"keys", "retire", old_id, "--file", key_file.string()});
    ASSERT_EQ(retired.exit_code, 0) << retired.err;
    ASSERT_TRUE(send_sighup_and_wait(seatd, "reloaded the ticket keys"));
    EXPECT_EQ(scanner.admit(kDemoEvent, old_code, "east").status, sc::Status::invalid_signature);
    EXPECT_TRUE(scanner.admit(kDemoEvent, new_code, "east").ok());

    // A key file that no longer loads is refused on reload: the keys in use stay.
    const std::string good = [&] {
        std::ifstream in(key_file);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }();
    std::ofstream(key_file, std::ios::trunc) << "this is not a key file\n";
    ASSERT_TRUE(send_sighup_and_wait(seatd, "kept the current ticket keys"));
    std::ofstream(key_file, std::ios::trunc) << good;
    const auto third = app.get_ticket(kDemoEvent, second);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(third.value.ticket.code, new_code);
}

}  // namespace
}  // namespace seat::e2e
