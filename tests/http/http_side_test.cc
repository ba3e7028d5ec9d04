// The HTTP side against the real seatd on loopback (docs/http.md): health and
// readiness, the Prometheus metrics moving with real requests, the seat map's
// caching headers, 304s, gzip and its refresh after a write, the compact form,
// the revocation filter behind a scanner's key, and refusals of bad paths and
// methods.
#include "tests/http/http_fixture.h"

#include <regex>

namespace seat::http_testing {
namespace {

// The value of the first sample whose line starts with `series` (name and labels).
double sample(const std::string& metrics, const std::string& series) {
    const std::size_t at = metrics.find("\n" + series + " ");
    if (at == std::string::npos) throw std::runtime_error("no sample " + series);
    return std::stod(metrics.substr(at + series.size() + 2));
}

// Proves: /healthz and /readyz answer 200 on a running server, and the paths
// refuse other methods with 405 and an Allow header.
TEST(HttpSide, HealthAndReadiness) {
    SeatdProcess seatd(fast_maps());
    ASSERT_NE(seatd.http_port(), 0);
    HttpClient http(seatd.http_port());
    HttpResponse r = http.get("/healthz");
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(r.body, "ok\n");
    r = http.get("/readyz");
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(r.body, "ready\n");
    r = http.post("/healthz", "x=1");
    EXPECT_EQ(r.status, 405u);
    EXPECT_EQ(r.header("Allow"), "GET, HEAD");
}

// Proves: /metrics is the Prometheus text format, every family with HELP and
// TYPE, and its numbers follow what the server did: a hold over the binary
// protocol shows in requests by type and status, holds placed, seats held and
// live holds.
TEST(HttpSide, MetricsFollowRequests) {
    SeatdProcess seatd(fast_maps());
    HttpClient http(seatd.http_port());
    WireClient c(seatd.port());
    say_hello(c, kAdminKey);
    std::uint64_t id = 1;
    hold(c, id, {5, 6});

    const HttpResponse r = http.get("/metrics");
    ASSERT_EQ(r.status, 200u);
    EXPECT_EQ(r.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    const std::string& m = r.body;
    EXPECT_EQ(sample(m, "seatd_build_info{version=\"" SEATD_VERSION "\""
                        ",compiler=\"" __VERSION__ "\"}"),
              1);
    EXPECT_EQ(sample(m, "seatd_requests_total{type=\"Hold\",status=\"ok\"}"), 1);
    EXPECT_EQ(sample(m, "seatd_seats{event=\"1\",status=\"held\"}"), 2);
    EXPECT_EQ(sample(m, "seatd_seats{event=\"1\",status=\"available\"}"), 198);
    EXPECT_EQ(sample(m, "seatd_holds_live{event=\"1\"}"), 1);
    EXPECT_EQ(sample(m, "seatd_events"), 1);
    EXPECT_GE(sample(m, "seatd_connections{listener=\"binary\"}"), 1);
    EXPECT_GE(sample(m, "seatd_connections{listener=\"http\"}"), 1);
    double placed = 0;
    for (const char* shard : {"0", "1"})
        placed += sample(m, std::string("seatd_holds_placed_total{shard=\"") + shard + "\"}");
    EXPECT_EQ(placed, 1);
    // Histograms: cumulative buckets ending in +Inf equal to _count.
    const double commits = sample(m, "seatd_commit_duration_seconds_count{shard=\"0\"}") +
                           sample(m, "seatd_commit_duration_seconds_count{shard=\"1\"}");
    EXPECT_GE(commits, 2);  // the demo event's creation and the hold
    EXPECT_EQ(sample(m, "seatd_commit_duration_seconds_bucket{shard=\"0\",le=\"+Inf\"}"),
              sample(m, "seatd_commit_duration_seconds_count{shard=\"0\"}"));
    // Every sample's family was introduced by HELP and TYPE lines first.
    const std::regex sample_line(R"(^([a-z_]+?)(_bucket|_sum|_count)?(\{.*\})? \S+$)");
    std::set<std::string> typed;
    std::size_t lines = 0;
    for (std::size_t at = 0; at < m.size();) {
        const std::size_t end = m.find('\n', at);
        const std::string line = m.substr(at, end - at);
        at = end + 1;
        if (line.starts_with("# TYPE ")) {
            typed.insert(line.substr(7, line.find(' ', 7) - 7));
            continue;
        }
        if (line.starts_with("# HELP ")) continue;
        std::smatch match;
        ASSERT_TRUE(std::regex_match(line, match, sample_line)) << line;
        const std::string family = match[1].str();
        EXPECT_TRUE(typed.contains(family) || typed.contains(family + match[2].str())) << line;
        EXPECT_TRUE(family.starts_with("seatd_")) << line;
        ++lines;
    }
    EXPECT_GT(lines, 40u);
}

// Proves: the seat map carries a strong ETag and Cache-Control made of the
// refresh interval; If-None-Match answers 304 without a body; gzip is served
// when asked and inflates to the same bytes; and after a hold the next render
// has a new sequence, a new ETag and the seats held.
TEST(HttpSide, SeatmapCachesRevalidatesCompressesAndRefreshes) {
    SeatdProcess seatd(fast_maps());
    HttpClient http(seatd.http_port());
    const HttpResponse first = get_ok(http, "/events/1/seatmap.json");
    ASSERT_EQ(first.status, 200u) << first.body;
    EXPECT_EQ(first.header("Content-Type"), "application/json");
    EXPECT_EQ(first.header("Cache-Control"),
              "public, max-age=1, s-maxage=1, stale-while-revalidate=2");
    EXPECT_EQ(first.header("Vary"), "Accept-Encoding");
    const std::string etag = first.header("ETag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(etag.front(), '"');

    json::object map = json::parse(first.body).as_object();
    EXPECT_EQ(map.at("format").as_string(), "seatd-seatmap/1");
    EXPECT_EQ(map.at("capacity").to_number<int>(), 200);
    std::size_t seats = 0;
    for (const auto& section : map.at("sections").as_array())
        for (const auto& row : section.at("rows").as_array()) {
            ASSERT_EQ(row.at("seats").as_array().size(), row.at("statuses").as_string().size());
            seats += row.at("seats").as_array().size();
        }
    EXPECT_EQ(seats, 200u);
    EXPECT_EQ(map.at("counts").at("available").to_number<int>(), 200);

    HttpResponse again = http.get("/events/1/seatmap.json", {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304u);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.header("ETag"), etag);
    again = http.get("/events/1/seatmap.json", {{"If-None-Match", "W/" + etag + ", \"x\""}});
    EXPECT_EQ(again.status, 304u) << "a list and a weak comparison match too";

    const HttpResponse gz = http.get("/events/1/seatmap.json", {{"Accept-Encoding", "br, gzip"}});
    ASSERT_EQ(gz.status, 200u);
    EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
    EXPECT_LT(gz.body.size(), first.body.size() / 3);
    EXPECT_EQ(gunzip(gz.body), first.body);
    const HttpResponse refused =
        http.get("/events/1/seatmap.json", {{"Accept-Encoding", "gzip;q=0"}});
    EXPECT_EQ(refused.header("Content-Encoding"), "");
    EXPECT_EQ(refused.body, first.body);

    WireClient c(seatd.port());
    say_hello(c, kAdminKey);
    std::uint64_t id = 1;
    hold(c, id, {0, 1, 2});
    const json::object after = map_after(http, 1, map.at("sequence").to_number<std::uint64_t>());
    EXPECT_EQ(after.at("counts").at("held").to_number<int>(), 3);
    const std::string statuses(
        after.at("sections").at(0).at("rows").at(0).at("statuses").as_string());
    EXPECT_EQ(statuses.substr(0, 4), "hhha");
    const HttpResponse moved = http.get("/events/1/seatmap.json", {{"If-None-Match", etag}});
    EXPECT_EQ(moved.status, 200u) << "the old ETag no longer matches";
    EXPECT_NE(moved.header("ETag"), etag);
}

// Proves: the compact form has one status letter per seat per section and the
// same counts as the whole map.
TEST(HttpSide, SectionsFormIsCompactAndAgrees) {
    SeatdProcess seatd(fast_maps());
    HttpClient http(seatd.http_port());
    const HttpResponse full = get_ok(http, "/events/1/seatmap.json");
    const HttpResponse compact = get_ok(http, "/events/1/sections.json");
    ASSERT_EQ(compact.status, 200u);
    EXPECT_LT(compact.body.size(), full.body.size() / 3);
    const json::object s = json::parse(compact.body).as_object();
    EXPECT_EQ(s.at("format").as_string(), "seatd-sections/1");
    std::size_t letters = 0;
    for (const auto& section : s.at("sections").as_array()) {
        const auto& st = section.at("statuses").as_string();
        letters += st.size();
        EXPECT_EQ(static_cast<std::int64_t>(std::count(st.begin(), st.end(), 'a')),
                  section.at("counts").at("available").to_number<std::int64_t>());
    }
    EXPECT_EQ(letters, 200u);
    EXPECT_EQ(compact.header("ETag"), full.header("ETag"));
}

// Proves: the revocation filter needs a key (401 without, with a challenge),
// is served to a scanner's key as bytes with its sequence as ETag, and
// answers 304 to that ETag.
TEST(HttpSide, RevocationsNeedAKeyAndRevalidate) {
    SeatdProcess seatd(fast_maps());
    HttpClient http(seatd.http_port());
    HttpResponse r = http.get("/events/1/revocations");
    EXPECT_EQ(r.status, 401u);
    EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer realm=\"seatd\"");
    r = http.get("/events/1/revocations", {{"Authorization", "Bearer not-a-key-0123456789"}});
    EXPECT_EQ(r.status, 401u);
    r = http.get("/events/1/revocations",
                 {{"Authorization", std::string("Bearer ") + kScannerKey}});
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/octet-stream");
    EXPECT_FALSE(r.body.empty());
    const std::string etag = r.header("ETag");
    EXPECT_EQ(etag, "\"r" + r.header("X-Seatd-Revocations") + "\"");
    r = http.get("/events/1/revocations", {{"Authorization", std::string("Bearer ") + kScannerKey},
                                           {"If-None-Match", etag}});
    EXPECT_EQ(r.status, 304u);
    r = http.get("/events/9/revocations",
                 {{"Authorization", std::string("Bearer ") + kScannerKey}});
    EXPECT_EQ(r.status, 404u);
}

// Proves: unknown events, malformed ids, unknown paths and write methods get
// typed JSON errors; HEAD answers the headers alone; the page and its files
// are served.
TEST(HttpSide, BadPathsAndMethodsAreRefusedWithTypedErrors) {
    SeatdProcess seatd(fast_maps());
    HttpClient http(seatd.http_port());
    const auto code = [](const HttpResponse& r) {
        return std::string(json::parse(r.body).at("error").as_string());
    };
    HttpResponse r = http.get("/events/77/seatmap.json");
    EXPECT_EQ(r.status, 404u);
    EXPECT_EQ(code(r), "event_not_found");
    for (const char* bad : {"/events/abc/seatmap.json", "/events/0/seatmap.json",
                            "/events/99999999999999999999999/seatmap.json", "/events//x"}) {
        r = http.get(bad);
        EXPECT_EQ(r.status, 400u) << bad;
        EXPECT_EQ(code(r), "bad_event_id") << bad;
    }
    r = http.get("/nowhere");
    EXPECT_EQ(r.status, 404u);
    EXPECT_EQ(code(r), "not_found");
    r = http.post("/events/1/seatmap.json", "a=b");
    EXPECT_EQ(r.status, 405u);
    r = http.request(boost::beast::http::verb::head, "/healthz", "", {});
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(r.header("Content-Length"), "3");
    EXPECT_TRUE(r.body.empty());
    r = http.get("/events/1");
    EXPECT_EQ(r.status, 308u);
    EXPECT_EQ(r.header("Location"), "/events/1/");
    r = http.get("/events/1/");
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("/static/seatmap.js"), std::string::npos);
    EXPECT_EQ(http.get("/static/seatmap.js").status, 200u);
    EXPECT_EQ(http.get("/static/seatmap.css").status, 200u);
    EXPECT_EQ(http.get("/static/../main.cc").status, 404u);
}

}  // namespace
}  // namespace seat::http_testing
