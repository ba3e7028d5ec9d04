// seat-mapbench: seat-map requests per second from a running seatd's HTTP
// side, the traffic a million buyers' pages (or a CDN's revalidations) put on
// the origin. It creates an event (a stadium by default), holds some seats so
// the map is not empty, waits for the first render, then runs three phases of
// --seconds each with C keep-alive connections to 127.0.0.1:
//   full      GET seatmap.json, identity encoding (a client without gzip)
//   gzip      GET seatmap.json, Accept-Encoding: gzip
//   304       GET seatmap.json with If-None-Match: the map's ETag
// and reports requests/s, MB/s and latency percentiles of each (a histogram,
// not averages). It reads /metrics before and after to show the shard load the
// page views caused: the binary requests and shard rounds in between, which
// must not grow with page views (only the publisher's copies, one per
// interval, appear). Any answer other than the expected 200/304 fails the run.
//
//   seat-mapbench --port PORT --http-port PORT [--key KEY] [-c 8] [--seconds 5]
//                 [--venue stadium|theatre] [--path seatmap.json|sections.json] [--json]
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <thread>

#include "bench/seatbench/histogram.h"
#include "seat/client.h"

namespace {

namespace sc = seat::client;
namespace po = boost::program_options;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kSeatsPerHold = 8;
constexpr std::size_t kHolds = 500;  // 4,000 held seats: a map with colour in it
constexpr auto kRenderWait = std::chrono::seconds(60);

struct Options {
    std::uint16_t port = 7400;
    std::uint16_t http_port = 7480;
    std::string key;
    int connections = 8;
    double seconds = 5;
    std::string venue = "stadium";
    std::string path = "seatmap.json";
    bool json = false;
};

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "seat-mapbench: %s\n", what.c_str());
    std::exit(2);
}

// One keep-alive connection to the HTTP side.
class Connection {
  public:
    explicit Connection(std::uint16_t port) : stream_(io_) {
        asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), port);
        stream_.connect(at);
    }
    bhttp::response<bhttp::string_body> get(
        const std::string& target,
        const std::vector<std::pair<bhttp::field, std::string>>& headers) {
        bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
        req.set(bhttp::field::host, "127.0.0.1");
        for (const auto& [f, v] : headers)
            req.set(f, v);
        bhttp::write(stream_, req);
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64u << 20);
        bhttp::read(stream_, buffer_, parser);
        return parser.release();
    }

  private:
    asio::io_context io_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

// The sum of a Prometheus family's samples.
double metric_sum(const std::string& text, const std::string& family) {
    std::istringstream in(text);
    std::string line;
    double sum = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (line.compare(0, family.size(), family) != 0) continue;
        const char next = line.size() > family.size() ? line[family.size()] : ' ';
        if (next != '{' && next != ' ') continue;
        sum += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return sum;
}

// Requests on one connection until `until`, each timed.
void run_connection(std::uint16_t port, const std::string& target,
                    const std::vector<std::pair<bhttp::field, std::string>>& headers,
                    unsigned expected_status, Clock::time_point until,
                    seat::bench::Histogram& latency, std::uint64_t& requests, std::uint64_t& bytes,
                    std::uint64_t& wrong) {
    Connection conn(port);
    while (Clock::now() < until) {
        const auto sent = Clock::now();
        const auto r = conn.get(target, headers);
        latency.record_us(static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent).count()));
        ++requests;
        bytes += r.body().size();
        if (r.result_int() != expected_status) ++wrong;
    }
}

struct Phase {
    std::string name;
    std::uint64_t requests = 0;
    std::uint64_t bytes = 0;
    std::uint64_t wrong = 0;
    double seconds = 0;
    seat::bench::Histogram latency;
    double shard_requests = 0;  // binary requests the shards answered meanwhile
    double shard_rounds = 0;
};

Phase run_phase(const Options& o, const std::string& name, const std::string& target,
                const std::vector<std::pair<bhttp::field, std::string>>& headers,
                unsigned expected_status) {
    // A connection of its own each time: the server closes one idle for 10 s.
    const std::string before = Connection(o.http_port).get("/metrics", {}).body();
    Phase p;
    p.name = name;
    std::vector<seat::bench::Histogram> latency(static_cast<std::size_t>(o.connections));
    std::vector<std::uint64_t> requests(latency.size()), bytes(latency.size()),
        wrong(latency.size());
    const auto started = Clock::now();
    const auto until = started + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(o.seconds));
    std::vector<std::thread> threads;
    for (std::size_t c = 0; c < latency.size(); ++c) {
        threads.emplace_back([&, c] {
            try {
                run_connection(o.http_port, target, headers, expected_status, until, latency[c],
                               requests[c], bytes[c], wrong[c]);
            } catch (const std::exception& e) {
                // A connection the server closed or reset: the run fails.
                std::fprintf(stderr, "seat-mapbench: connection %zu: %s\n", c, e.what());
                ++wrong[c];
            }
        });
    }
    for (auto& t : threads)
        t.join();
    p.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    for (std::size_t c = 0; c < latency.size(); ++c) {
        p.latency.merge(latency[c]);
        p.requests += requests[c];
        p.bytes += bytes[c];
        p.wrong += wrong[c];
    }
    const std::string after = Connection(o.http_port).get("/metrics", {}).body();
    p.shard_requests =
        metric_sum(after, "seatd_requests_total") - metric_sum(before, "seatd_requests_total");
    p.shard_rounds =
        metric_sum(after, "seatd_rounds_total") - metric_sum(before, "seatd_rounds_total");
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    po::options_description d("seat-mapbench options");
    d.add_options()("help,h", "this text")("port", po::value(&o.port),
                                           "seatd's binary port on 127.0.0.1")(
        "http-port", po::value(&o.http_port), "seatd's HTTP port on 127.0.0.1")(
        "key", po::value(&o.key), "admin API key (none when seatd runs without --keys)")(
        "connections,c", po::value(&o.connections), "HTTP connections (default 8)")(
        "seconds", po::value(&o.seconds), "length of each phase (default 5)")(
        "venue", po::value(&o.venue), "stadium (70,000 seats) or theatre (200)")(
        "path", po::value(&o.path), "seatmap.json (default) or sections.json")(
        "json", po::bool_switch(&o.json), "print the report as JSON");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, d), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        fail(e.what());
    }
    if (vm.count("help")) {
        std::cout << d;
        return 0;
    }
    if (o.connections < 1 || o.connections > 256) fail("-c must be 1..256");
    if (o.seconds <= 0 || o.seconds > 600) fail("--seconds must be in (0, 600]");
    if (o.venue != "stadium" && o.venue != "theatre") fail("--venue is stadium or theatre");
    if (o.path != "seatmap.json" && o.path != "sections.json")
        fail("--path is seatmap.json or sections.json");

    seat::ClientOptions co;
    co.port = o.port;
    co.api_key = o.key;
    co.client_name = "seat-mapbench";
    co.call_timeout = std::chrono::seconds(30);
    seat::Client admin(co);
    const auto event = static_cast<std::uint64_t>(
        std::chrono::system_clock::now().time_since_epoch().count() & 0xFFFFFFFFFFFF);
    sc::CreateEventRequest create;
    create.generator = o.venue;
    create.name = "seat-mapbench";
    create.max_seats_per_hold = kSeatsPerHold;
    if (auto r = admin.create_event(event, create); !r.ok())
        fail("CreateEvent: " + std::string(sc::to_string(r.status)) + ": " + r.message);
    // Some holds, best effort (a theatre has fewer plain seats than this asks).
    std::size_t held = 0;
    for (std::size_t i = 0; i < kHolds; ++i) {
        sc::Seats seats;
        for (std::uint32_t k = 0; k < kSeatsPerHold; ++k)
            seats.ids.push_back(static_cast<std::uint32_t>(i * 17 * kSeatsPerHold + k));
        if (admin.place_hold(event, sc::Id128::random(), seats).ok()) ++held;
        if (o.venue == "theatre" && i >= 10) break;
    }

    const std::string target = "/events/" + std::to_string(event) + "/" + o.path;
    std::size_t identity_bytes = 0, gzip_bytes = 0;
    const auto deadline = Clock::now() + kRenderWait;
    {
        Connection conn(o.http_port);
        while (true) {
            const auto r = conn.get(target, {});
            // The first counts are the event's (the header's).
            const std::size_t held_at = r.body().find("\"held\":");
            if (r.result_int() == 200 && held_at != std::string::npos &&
                r.body().compare(held_at, 9, "\"held\":0,") != 0) {
                identity_bytes = r.body().size();
                break;
            }
            if (Clock::now() > deadline) fail("the map was not rendered within 60 s");
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        const auto z = conn.get(target, {{bhttp::field::accept_encoding, "gzip"}});
        gzip_bytes = z.body().size();
    }
    std::fprintf(
        stderr,
        "event %llu (%s, %zu holds): %s is %zu bytes, %zu gzip; %d connections, %.0f s a phase\n",
        static_cast<unsigned long long>(event), o.venue.c_str(), held, o.path.c_str(),
        identity_bytes, gzip_bytes, o.connections, o.seconds);

    std::string etag;
    std::vector<Phase> phases;
    phases.push_back(run_phase(o, "full", target, {}, 200));
    phases.push_back(run_phase(o, "gzip", target, {{bhttp::field::accept_encoding, "gzip"}}, 200));
    // The map's ETag now: a render taken while the holds were being placed
    // had another sequence.
    etag = std::string(Connection(o.http_port).get(target, {})[bhttp::field::etag]);
    phases.push_back(run_phase(
        o, "304", target,
        {{bhttp::field::accept_encoding, "gzip"}, {bhttp::field::if_none_match, etag}}, 304));
    // The publisher's own cost, from its counters: renders happen off the
    // shards, on its thread, once per interval per changed event.
    const std::string metrics = Connection(o.http_port).get("/metrics", {}).body();
    const double renders = metric_sum(metrics, "seatd_seatmap_renders_total");
    const double render_ms =
        renders > 0 ? 1000 * metric_sum(metrics, "seatd_seatmap_render_seconds_total") / renders
                    : 0;
    const double copies = metric_sum(metrics, "seatd_seatmap_copies_total");
    const double copy_us =
        copies > 0 ? 1e6 * metric_sum(metrics, "seatd_seatmap_copy_seconds_total") / copies : 0;
    bool passed = true;
    boost::json::array rows;
    for (const Phase& p : phases) {
        passed = passed && p.wrong == 0 && p.requests > 0;
        const double rate = static_cast<double>(p.requests) / p.seconds;
        const double mbps = static_cast<double>(p.bytes) / p.seconds / 1e6;
        if (o.json) {
            rows.push_back(boost::json::object{{"phase", p.name},
                                               {"requests", p.requests},
                                               {"wrong_status", p.wrong},
                                               {"requests_per_s", rate},
                                               {"body_mb_per_s", mbps},
                                               {"p50_us", p.latency.percentile_us(0.5)},
                                               {"p99_us", p.latency.percentile_us(0.99)},
                                               {"shard_requests", p.shard_requests},
                                               {"shard_rounds", p.shard_rounds}});
        } else {
            std::printf(
                "%-5s %9llu requests  %8.0f req/s  %8.1f MB/s  p50 %6llu us  p99 %6llu us  "
                "wrong %llu  shard requests meanwhile %.0f, rounds %.0f\n",
                p.name.c_str(), static_cast<unsigned long long>(p.requests), rate, mbps,
                static_cast<unsigned long long>(p.latency.percentile_us(0.5)),
                static_cast<unsigned long long>(p.latency.percentile_us(0.99)),
                static_cast<unsigned long long>(p.wrong), p.shard_requests, p.shard_rounds);
        }
    }
    if (o.json) {
        std::cout << boost::json::serialize(boost::json::object{{"event", event},
                                                                {"venue", o.venue},
                                                                {"path", o.path},
                                                                {"bytes", identity_bytes},
                                                                {"gzip_bytes", gzip_bytes},
                                                                {"connections", o.connections},
                                                                {"renders", renders},
                                                                {"render_ms_mean", render_ms},
                                                                {"copies", copies},
                                                                {"copy_us_mean", copy_us},
                                                                {"phases", rows},
                                                                {"passed", passed}})
                  << "\n";
    } else {
        std::printf(
            "publisher: %.0f renders, %.1f ms each on average; %.0f copies on shard "
            "threads, %.0f us each (all events)\n%s\n",
            renders, render_ms, copies, copy_us, passed ? "PASS" : "FAIL");
    }
    return passed ? 0 : 1;
}
