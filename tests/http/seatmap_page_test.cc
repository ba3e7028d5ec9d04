// The seat-map page in a real browser: Debian's chromium, headless, loads the
// page from the real seatd's HTTP side and runs its script. The DOM it dumps
// must draw every seat of the snapshot with the snapshot's statuses; a seat
// sold through the binary protocol is drawn sold on the next load of the
// next render; a screenshot is a real PNG.
#include "tests/http/http_fixture.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "tests/support/child_process.h"

namespace seat::http_testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const char* kChromium = "/usr/bin/chromium";

// chromium's own output (stdout: the DOM) for `url`, with the page given
// `budget_ms` of virtual time to fetch and draw.
std::string dump_dom(const std::string& url, const fs::path& profile) {
    const fs::path out = profile / "dom.html";
    std::error_code ec;
    fs::remove(out, ec);
    // Its stderr lands in the same file; the checks look for markup only.
    const pid_t pid = spawn_logged(
        {kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--user-data-dir=" + profile.string(), "--virtual-time-budget=8000", "--dump-dom", url},
        out);
    EXPECT_EQ(reap_within(pid, 60s), 0);
    return read_whole_file(out);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

std::string body_attribute(const std::string& dom, const std::string& name) {
    const std::regex re("<body[^>]* data-" + name + "=\"([^\"]*)\"");
    std::smatch m;
    return std::regex_search(dom, m, re) ? m[1].str() : std::string();
}

class SeatmapPage : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!fs::exists(kChromium)) GTEST_SKIP() << "chromium is not installed (scripts/setup.sh)";
        profile_ = fs::temp_directory_path() / ("seatd-chromium-" + std::to_string(::getpid()));
        fs::create_directories(profile_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(profile_, ec);
    }
    fs::path profile_;
};

// Proves: the page draws the demo theatre: one circle per seat of the
// snapshot, the snapshot's counts by status, every seat's status as the
// snapshot says; after a purchase, the next render's page shows that seat sold
// (no tier colour any more) and one fewer available.
TEST_F(SeatmapPage, DrawsTheSnapshotAndASoldSeatAfterTheNextRefresh) {
    SeatdProcess seatd(fast_maps());
    HttpClient http(seatd.http_port());
    WireClient c(seatd.port());
    say_hello(c, kAdminKey);
    std::uint64_t id = 1;
    hold(c, id, {20, 21}, wire::Id128(4, 4));  // held: drawn held
    const json::object map = map_after(http, 1, 1);
    const std::string url = "http://127.0.0.1:" + std::to_string(seatd.http_port()) + "/events/1/";

    const std::string dom = dump_dom(url, profile_);
    ASSERT_EQ(body_attribute(dom, "state"), "drawn") << dom.substr(0, 2000);
    EXPECT_EQ(body_attribute(dom, "seats"), "200");
    EXPECT_EQ(count(dom, "<circle "), 200u);
    EXPECT_EQ(body_attribute(dom, "sequence"),
              std::to_string(map.at("sequence").to_number<std::uint64_t>()));
    const json::object& counts = map.at("counts").as_object();
    EXPECT_EQ(count(dom, "data-status=\"a\""), counts.at("available").to_number<std::size_t>());
    EXPECT_EQ(count(dom, "data-status=\"h\""), 2u);
    EXPECT_NE(dom.find("data-seat=\"20\" data-tier=\"0\" data-status=\"h\""), std::string::npos);
    EXPECT_NE(dom.find("<h1 id=\"title\">Demo night</h1>"), std::string::npos);

    // Seat 7 is sold; the next render carries it; the page draws it sold.
    const std::uint64_t sold = hold(c, id, {7}, wire::Id128(5, 5));
    ++id;
    ASSERT_TRUE(c.send(purchase_frame(id, 1, sold, wire::Id128(5, 5), wire::Id128(0x71, id))));
    ASSERT_EQ(c.read()->status(), Status::ok);
    EXPECT_NE(dom.find("data-seat=\"7\" data-tier=\"0\" data-status=\"a\" fill="),
              std::string::npos);
    map_after(http, 1, map.at("sequence").to_number<std::uint64_t>());
    const std::string after = dump_dom(url, profile_);
    EXPECT_NE(after.find("data-seat=\"7\" data-tier=\"0\" data-status=\"s\">"), std::string::npos)
        << "sold: the status attribute, and no tier fill";
    EXPECT_EQ(body_attribute(after, "sold"), "1");
    EXPECT_EQ(body_attribute(after, "available"),
              std::to_string(counts.at("available").to_number<std::size_t>() - 1));
}

// Proves: on an event with a waiting room the page joins the queue (with its
// own session, kept in the browser) and shows the buyer's position and that
// the wait is not known yet (one batch admitted is no rate).
TEST_F(SeatmapPage, ShowsTheQueuePositionWhileWaiting) {
    SeatdProcess seatd(fast_maps());
    WireClient c(seatd.port());
    say_hello(c, kAdminKey);
    RoomOptions room;
    room.max_active = 1;
    room.batch = 1;
    ASSERT_TRUE(c.send(create_room_event_frame(2, 7, room)));
    ASSERT_EQ(c.read()->status(), Status::ok);
    for (std::uint64_t buyer = 1; buyer <= 2; ++buyer) {
        ASSERT_TRUE(c.send(join_frame(2 + buyer, 7, wire::Id128(0x5E, buyer))));
        ASSERT_EQ(c.read()->status(), Status::ok);
    }
    // The first buyer is let in; the second waits at position 1.
    std::this_thread::sleep_for(500ms);
    const std::string url =
        "http://127.0.0.1:" + std::to_string(seatd.http_port()) + "/events/7/?join";
    const std::string dom = dump_dom(url, profile_);
    EXPECT_EQ(body_attribute(dom, "queue"), "waiting") << dom.substr(0, 3000);
    EXPECT_NE(dom.find("Your place in the queue: 2. Wait: unknown"), std::string::npos)
        << dom.substr(0, 3000);
    EXPECT_NE(dom.find("<section id=\"queue\" aria-label=\"Waiting room\" data-state=\"open\">"),
              std::string::npos);
}

// Proves: the stadium's 70,000 seats, with runs held and sold across it, reach
// the map (the render shows every sale and hold) and a headless screenshot of
// the page is a PNG (chromium drew something). SEAT_KEEP_SCREENSHOT=PATH keeps
// it: docs/seatmap-stadium.png is one.
TEST_F(SeatmapPage, TheStadiumRendersToAScreenshot) {
    SeatdOptions options = fast_maps();
    SeatdProcess seatd(options);
    WireClient c(seatd.port(), 30s);
    say_hello(c, kAdminKey);
    flatbuffers::FlatBufferBuilder b;
    const wire::Id128 key(0xE7, 2);
    ASSERT_TRUE(c.send(finish(
        b, 2, 2, wire::RequestBody::CreateEvent,
        wire::CreateCreateEventDirect(b, nullptr, "Stadium night", 0, 0, 0, 0, &key, "stadium")
            .Union())));
    ASSERT_EQ(c.read()->status(), Status::ok);
    HttpClient http(seatd.http_port(), 20s);
    const json::object created = map_after(http, 2, 0, 20s);
    EXPECT_EQ(created.at("capacity").to_number<int>(), 70'000);
    // Runs of ten seats across the stadium held, every other one sold, so the
    // picture shows every status (a run crossing a box or companion group is
    // refused, which is fine).
    std::uint64_t id = 10;
    std::vector<std::pair<std::uint64_t, wire::Id128>> held;
    for (std::uint32_t i = 0; i < 300; ++i) {
        const wire::Id128 session(0x5E, i);
        std::vector<std::uint32_t> seats;
        for (std::uint32_t k = 0; k < 10; ++k)
            seats.push_back(i * 233 + k);
        ++id;
        ASSERT_TRUE(c.send(hold_frame(id, 2, session, seats, wire::Id128(0x72, id))));
        const auto r = c.read();
        if (r && r->status() == Status::ok)
            held.emplace_back((*r)->body_as_HoldReply()->hold(), session);
    }
    ASSERT_GT(held.size(), 100u);
    for (std::size_t i = 0; i < held.size(); i += 2) {
        ++id;
        ASSERT_TRUE(
            c.send(purchase_frame(id, 2, held[i].first, held[i].second, wire::Id128(0x73, id))));
        ASSERT_EQ(c.read()->status(), Status::ok);
    }
    // The render that has them all (sold is the last thing to change).
    const std::size_t sold = (held.size() + 1) / 2 * 10;
    json::object map = map_after(http, 2, created.at("sequence").to_number<std::uint64_t>(), 20s);
    for (const auto end = Clock::now() + 20s;
         map.at("counts").as_object().at("sold").to_number<std::size_t>() < sold;) {
        ASSERT_LT(Clock::now(), end) << "the map never showed every sale";
        map = map_after(http, 2, map.at("sequence").to_number<std::uint64_t>(), 20s);
    }
    EXPECT_EQ(map.at("counts").as_object().at("held").to_number<std::size_t>(),
              held.size() / 2 * 10);
    const fs::path png = profile_ / "stadium.png";
    const pid_t pid =
        spawn_logged({kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--user-data-dir=" + profile_.string(), "--virtual-time-budget=20000",
                      "--window-size=1400,1000", "--screenshot=" + png.string(),
                      "http://127.0.0.1:" + std::to_string(seatd.http_port()) + "/events/2/"},
                     profile_ / "chromium.log");
    ASSERT_EQ(reap_within(pid, 120s), 0) << read_whole_file(profile_ / "chromium.log");
    std::ifstream in(png, std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    ASSERT_GT(bytes.size(), 10'000u);
    EXPECT_EQ(bytes.substr(1, 3), "PNG");
    if (const char* keep = std::getenv("SEAT_KEEP_SCREENSHOT"))
        fs::copy_file(png, keep, fs::copy_options::overwrite_existing);
}

}  // namespace
}  // namespace seat::http_testing
