// seat-admitbench: admissions per second through a running seatd, the gate
// side of an event. It creates a stadium event, sells it N tickets, fetches
// their codes, then admits every code once with C scanner connections x P in
// flight, and reports throughput and latency percentiles (a histogram, not
// averages). Every first scan must be admitted; a second pass over a sample
// must be refused as already_admitted, or the run fails (exit 1).
//
//   seat-admitbench --port PORT [--key KEY] [-c 8] [-P 16] [--tickets 20000]
//                   [--format ed25519|hmac] [--json]
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <future>
#include <iostream>
#include <thread>

#include "bench/seatbench/histogram.h"
#include "seat/client.h"
#include "venues/generators.h"

namespace {

namespace sc = seat::client;
namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kSeatsPerHold = 10;
constexpr std::size_t kSetupInFlight = 256;  // calls in flight while buying and fetching codes
constexpr std::size_t kSecondPassSample = 1000;

struct Options {
    std::uint16_t port = 7400;
    std::string key;
    int connections = 8;
    int pipeline = 16;
    std::size_t tickets = 20'000;
    std::string format = "ed25519";
    bool json = false;
};

seat::ClientOptions client_options(const Options& o) {
    seat::ClientOptions c;
    c.port = o.port;
    c.api_key = o.key;
    c.client_name = "seat-admitbench";
    c.call_timeout = std::chrono::seconds(30);
    return c;
}

// Runs `submit(i)` for i in [0, n) with at most `window` futures outstanding.
template <typename T, typename Submit, typename Done>
void windowed(std::size_t n, std::size_t window, Submit submit, Done done) {
    std::deque<std::future<sc::Result<T>>> in_flight;
    for (std::size_t i = 0; i < n; ++i) {
        if (in_flight.size() >= window) {
            done(in_flight.front().get());
            in_flight.pop_front();
        }
        in_flight.push_back(submit(i));
    }
    while (!in_flight.empty()) {
        done(in_flight.front().get());
        in_flight.pop_front();
    }
}

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "seat-admitbench: %s\n", what.c_str());
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    po::options_description d("seat-admitbench options");
    d.add_options()("help,h", "this text")("port", po::value(&o.port), "seatd's port on 127.0.0.1")(
        "key", po::value(&o.key), "admin API key (none when seatd runs without --keys)")(
        "connections,c", po::value(&o.connections), "scanner connections (default 8)")(
        "pipeline,P", po::value(&o.pipeline), "admissions in flight per connection (default 16)")(
        "tickets", po::value(&o.tickets), "tickets to sell and admit (default 20,000)")(
        "format", po::value(&o.format), "code format scanned: ed25519 or hmac")(
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
    if (o.connections < 1 || o.connections > 256 || o.pipeline < 1 || o.pipeline > 1024)
        fail("-c must be 1..256 and -P 1..1024");
    if (o.format != "ed25519" && o.format != "hmac") fail("--format is ed25519 or hmac");

    // Plain seats of the stadium, in groups of kSeatsPerHold (no boxes or
    // companion groups: those must be held whole).
    const seat::Venue venue = seat::make_stadium();
    std::vector<std::uint32_t> plain;
    for (std::uint32_t s = 0; s < venue.seat_count(); ++s)
        if (venue.seats[s].group == seat::kNoGroup && !venue.seats[s].initially_blocked)
            plain.push_back(s);
    o.tickets = std::min(o.tickets, plain.size() / kSeatsPerHold * kSeatsPerHold);
    const std::size_t holds = o.tickets / kSeatsPerHold;

    seat::Client admin(client_options(o));
    const auto event = static_cast<std::uint64_t>(
        std::chrono::system_clock::now().time_since_epoch().count() & 0xFFFFFFFFFFFF);
    sc::CreateEventRequest create;
    create.generator = "stadium";
    create.name = "seat-admitbench";
    create.max_seats_per_hold = kSeatsPerHold;
    if (auto r = admin.create_event(event, create); !r.ok())
        fail("CreateEvent: " + std::string(sc::to_string(r.status)) + ": " + r.message);

    std::fprintf(stderr, "selling %zu tickets of event %llu...\n", o.tickets,
                 static_cast<unsigned long long>(event));
    std::vector<sc::Id128> ticket_ids;
    std::vector<std::pair<std::uint64_t, sc::Id128>> held(holds);
    windowed<sc::HoldInfo>(
        holds, kSetupInFlight,
        [&](std::size_t i) {
            held[i].second = sc::Id128::random();
            sc::Seats seats;
            seats.ids.assign(plain.begin() + static_cast<std::ptrdiff_t>(i * kSeatsPerHold),
                             plain.begin() + static_cast<std::ptrdiff_t>((i + 1) * kSeatsPerHold));
            return admin.place_hold_async(event, held[i].second, seats);
        },
        [&, i = std::size_t{0}](const sc::Result<sc::HoldInfo>& r) mutable {
            if (!r.ok()) fail("hold: " + r.message);
            held[i++].first = r.value.hold;
        });
    windowed<sc::PurchaseInfo>(
        holds, kSetupInFlight,
        [&](std::size_t i) {
            return admin.purchase_async(
                event, sc::PurchaseRequest{held[i].first, held[i].second, "fan", "pay"});
        },
        [&](const sc::Result<sc::PurchaseInfo>& r) {
            if (!r.ok()) fail("purchase: " + r.message);
            for (const auto& t : r.value.tickets)
                ticket_ids.push_back(t.ticket_id);
        });
    std::vector<std::string> codes;
    codes.reserve(ticket_ids.size());
    windowed<sc::TicketInfo>(
        ticket_ids.size(), kSetupInFlight,
        [&](std::size_t i) { return admin.get_ticket_async(event, ticket_ids[i]); },
        [&](const sc::Result<sc::TicketInfo>& r) {
            if (!r.ok()) fail("get_ticket: " + r.message);
            codes.push_back(o.format == "hmac" ? r.value.ticket.code_hmac : r.value.ticket.code);
        });

    std::fprintf(stderr, "admitting %zu codes (%s) with %d connections x %d in flight...\n",
                 codes.size(), o.format.c_str(), o.connections, o.pipeline);
    std::vector<std::unique_ptr<seat::Client>> scanners;
    for (int i = 0; i < o.connections; ++i) {
        scanners.push_back(std::make_unique<seat::Client>(client_options(o)));
        if (auto r = scanners.back()->connect(); !r.ok()) fail("connect: " + r.message);
    }
    std::vector<seat::bench::Histogram> latency(static_cast<std::size_t>(o.connections));
    std::vector<std::size_t> admitted(static_cast<std::size_t>(o.connections), 0);
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < o.connections; ++c) {
        threads.emplace_back([&, c] {
            const auto cu = static_cast<std::size_t>(c);
            std::vector<std::size_t> mine;
            for (std::size_t i = cu; i < codes.size(); i += scanners.size())
                mine.push_back(i);
            std::vector<Clock::time_point> sent(mine.size());
            std::size_t next = 0;
            windowed<sc::AdmitInfo>(
                mine.size(), static_cast<std::size_t>(o.pipeline),
                [&](std::size_t k) {
                    sent[k] = Clock::now();
                    return scanners[cu]->admit_async(event, codes[mine[k]],
                                                     "gate-" + std::to_string(c));
                },
                [&](const sc::Result<sc::AdmitInfo>& r) {
                    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        Clock::now() - sent[next++]);
                    latency[cu].record_us(static_cast<std::uint64_t>(us.count()));
                    if (r.ok()) ++admitted[cu];
                });
        });
    }
    for (auto& t : threads)
        t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    seat::bench::Histogram all;
    std::size_t ok = 0;
    for (std::size_t c = 0; c < latency.size(); ++c) {
        all.merge(latency[c]);
        ok += admitted[c];
    }
    // A second scan of a sample must be refused: each ticket admits once.
    std::size_t refused_again = 0;
    const std::size_t sample = std::min(kSecondPassSample, codes.size());
    windowed<sc::AdmitInfo>(
        sample, kSetupInFlight,
        [&](std::size_t i) { return scanners[0]->admit_async(event, codes[i], "recheck"); },
        [&](const sc::Result<sc::AdmitInfo>& r) {
            if (r.status == sc::Status::already_admitted) ++refused_again;
        });
    const bool passed = ok == codes.size() && refused_again == sample;
    const double rate = static_cast<double>(codes.size()) / seconds;
    if (o.json) {
        boost::json::object j{{"event", event},
                              {"format", o.format},
                              {"connections", o.connections},
                              {"pipeline", o.pipeline},
                              {"tickets", codes.size()},
                              {"admitted", ok},
                              {"refused_on_second_scan", refused_again},
                              {"second_scan_sample", sample},
                              {"seconds", seconds},
                              {"admits_per_s", rate},
                              {"p50_us", all.percentile_us(0.5)},
                              {"p99_us", all.percentile_us(0.99)},
                              {"p99.9_us", all.percentile_us(0.999)},
                              {"max_us", all.max_us()},
                              {"passed", passed}};
        std::cout << boost::json::serialize(j) << "\n";
    } else {
        std::printf(
            "%zu admissions (%s codes) in %.2f s: %.0f admits/s; latency p50 %llu us, p99 %llu us, "
            "p99.9 %llu us, max %llu us\nfirst scans admitted: %zu/%zu; second scans refused: "
            "%zu/%zu -> %s\n",
            codes.size(), o.format.c_str(), seconds, rate,
            static_cast<unsigned long long>(all.percentile_us(0.5)),
            static_cast<unsigned long long>(all.percentile_us(0.99)),
            static_cast<unsigned long long>(all.percentile_us(0.999)),
            static_cast<unsigned long long>(all.max_us()), ok, codes.size(), refused_again, sample,
            passed ? "PASS" : "FAIL");
    }
    return passed ? 0 : 1;
}
