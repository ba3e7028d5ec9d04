// Flags and config file through Boost.Program_options. The command line is
// stored first, so its values win over the config file's; validation happens
// once, after both are read.
#include "server/config.h"
#include "server/http/http_limits.h"

#include "storage/disk_space.h"

#include <boost/asio/ip/address.hpp>
#include <boost/program_options.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

namespace seat::server {
namespace {

namespace po = boost::program_options;

unsigned cores() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

po::options_description file_options() {
    po::options_description d("Options (also accepted in a --config file as `name = value`)");
    // clang-format off
    d.add_options()
        ("listen", po::value<std::string>()->default_value(kListenDefault),
         "address to listen on, HOST:PORT (IPv6 as [::1]:PORT); port 0 picks a free port")
        ("data-dir", po::value<std::string>()->default_value(kDataDirDefault),
         "directory of the durable log (RocksDB); created if missing")
        ("shards", po::value<unsigned>()->default_value(cores()),
         "shard threads; each owns a share of the events (default: number of cores)")
        ("io-threads", po::value<unsigned>()->default_value(1),
         "threads reading and writing client connections")
        ("keys", po::value<std::string>(),
         "API keys file: one `ROLE KEY` per line, ROLE app|scanner|admin, # comments. "
         "Without it seatd listens on loopback only and every client is admin")
        ("ticket-keys", po::value<std::string>(),
         "ticket signing keys file (docs/tickets.md); created with fresh keys if missing "
         "(default: DATA_DIR/ticket-keys)")
        ("no-demo", po::bool_switch(), "do not create the demo event (id 1) when it is missing")
        ("snapshot-every", po::value<std::uint64_t>()->default_value(kSnapshotEveryDefault),
         "facts per event between snapshots (bounds replay at start-up)")
        ("max-connections", po::value<std::size_t>()->default_value(kConnectionsDefault),
         "client connections served at once; more are closed at accept")
        ("idle-timeout-s", po::value<unsigned>()->default_value(kIdleTimeoutDefaultS),
         "close a connection that sent no complete request and awaits nothing for this long "
         "(0: never)")
        ("hello-timeout-ms", po::value<unsigned>()->default_value(kHelloTimeoutDefaultMs),
         "close a connection that has not completed its Hello this long after it was accepted")
        ("write-timeout-s", po::value<unsigned>()->default_value(kWriteTimeoutDefaultS),
         "cut off a connection whose replies make no progress being written for this long")
        ("min-free-disk-mb", po::value<std::uint64_t>()->default_value(storage::kOpenFreeBytesDefault >> 20),
         "refuse to start when the data directory's disk has less room than this (RocksDB "
         "writes when it opens; 0: do not check)")
        ("max-unauthenticated", po::value<std::size_t>()->default_value(kUnauthenticatedDefault),
         "connections that have not said Hello yet; beyond it the oldest of them is closed")
        ("memory-budget-mb", po::value<std::size_t>()->default_value(default_memory_budget_bytes() >> 20),
         "memory for replies waiting for clients, requests being read and read buffers, across "
         "all connections: reading pauses near it, and the connection holding the most is cut "
         "off past it (default: an eighth of this machine's memory)")
        ("shard-queue-max", po::value<std::size_t>()->default_value(kShardQueueDefault),
         "requests queued per shard; beyond it requests are answered `overloaded`")
        ("port-file", po::value<std::string>(),
         "once listening, write the bound port (decimal and a newline) to this file")
        ("http-listen", po::value<std::string>()->default_value(http::kHttpListenDefault),
         "address of the HTTP side (seat maps, the page, metrics, health; docs/http.md), "
         "HOST:PORT, or 'off'. Plain HTTP: put a TLS proxy or CDN in front of a public one")
        ("http-port-file", po::value<std::string>(),
         "once the HTTP side listens, write its port to this file")
        ("http-connections-max", po::value<std::size_t>()->default_value(http::kHttpConnectionsDefault),
         "HTTP connections served at once; more are closed at accept")
        ("seatmap-interval-s", po::value<unsigned>()->default_value(http::kSeatmapIntervalDefaultS),
         "render each event's seat map this often when it changed (1-3600): the staleness a "
         "buyer may see, and the Cache-Control max-age")
        ("tls-cert", po::value<std::string>(),
         "serve TLS (1.2 or later) on the port with this PEM certificate chain, the server's "
         "certificate first; needs --tls-key. Every connection is then TLS")
        ("tls-key", po::value<std::string>(),
         "the PEM private key (unencrypted) of --tls-cert's certificate")
        ("allow-plaintext-remote", po::bool_switch(),
         "allow a non-loopback --listen without TLS: API keys and buyer data then cross the "
         "network unencrypted (refused by default)")
        ("psp-url", po::value<std::string>(),
         "take payments (Checkout) through the Stripe-style provider at this base URL: "
         "https://api.stripe.com, or http://127.0.0.1:PORT for seat-psp (docs/payments.md); "
         "needs --psp-secret-file. Without it Checkout is answered unsupported")
        ("psp-secret-file", po::value<std::string>(),
         "the file holding the provider's secret key (sk_...); read once at start, never logged")
        ("psp-ca-file", po::value<std::string>(),
         "PEM CA certificates to trust for an https --psp-url instead of the system's")
        ("psp-timeout-ms", po::value<unsigned>()->default_value(kPspTimeoutDefaultMs),
         "a charge or refund not answered this long has an unknown outcome and is asked "
         "again with the same idempotency key")
        ("psp-in-flight-max", po::value<std::size_t>()->default_value(kPspInFlightDefault),
         "calls to the provider at once; more wait their turn")
        ("checkout-wait-ms", po::value<unsigned>()->default_value(kCheckoutWaitDefaultMs),
         "how long a Checkout's answer waits for the payment's outcome before it is answered "
         "payment_pending (the payment carries on; GetCheckout tells)")
        ("breaker-open-ms", po::value<unsigned>()->default_value(kBreakerOpenDefaultMs),
         "how long the circuit breaker refuses new checkouts (checkout_throttled) once the "
         "provider fails or is slow, before it probes again")
        ("breaker-window", po::value<std::size_t>()->default_value(100),
         "calls the breaker's sliding window keeps")
        ("breaker-min-calls", po::value<std::size_t>()->default_value(20),
         "calls in the window before the breaker may open")
        ("breaker-failure-percent", po::value<unsigned>()->default_value(50),
         "share of unknown outcomes (timeouts, 5xx, lost answers) in the window that opens it")
        ("breaker-slow-call-ms", po::value<unsigned>()->default_value(3000),
         "a call slower than this counts as slow (set it to about 1.5 times the provider's p99)")
        ("breaker-slow-percent", po::value<unsigned>()->default_value(50),
         "share of slow calls in the window that opens it")
        ("breaker-probes", po::value<std::size_t>()->default_value(3),
         "calls let through half-open; all must succeed in time to close it");
    // clang-format on
    return d;
}

po::options_description all_options() {
    po::options_description d = file_options();
    d.add_options()("config", po::value<std::string>(), "read options from this file too")(
        "help", "print this text and exit");
    return d;
}

std::string usage_text() {
    std::ostringstream out;
    out << "usage: seatd [options]\n\n"
           "seatd serves seat inventory over TCP (docs/protocol.md). Every decision is\n"
           "written to the log in --data-dir before it is answered. SIGTERM or SIGINT stops\n"
           "it cleanly: the round in progress is made durable and answered first.\n\n"
        << all_options();
    return out.str();
}

template <typename T>
bool in_range(const po::variables_map& vm, const char* name, T low, T high, T& out,
              std::string& message) {
    const T v = vm[name].as<T>();
    if (v < low || v > high) {
        message = "--" + std::string(name) + " must be between " + std::to_string(low) + " and " +
                  std::to_string(high);
        return false;
    }
    out = v;
    return true;
}

bool fill(const po::variables_map& vm, Config& out, std::string& message) {
    if (!split_listen(vm["listen"].as<std::string>(), out.listen_host, out.listen_port)) {
        message = "--listen must be HOST:PORT, e.g. 127.0.0.1:7400";
        return false;
    }
    out.data_dir = vm["data-dir"].as<std::string>();
    if (vm.count("keys")) out.keys_file = vm["keys"].as<std::string>();
    out.ticket_keys_file = vm.count("ticket-keys")
                               ? std::filesystem::path(vm["ticket-keys"].as<std::string>())
                               : out.data_dir / "ticket-keys";
    if (vm.count("port-file")) out.port_file = vm["port-file"].as<std::string>();
    if (const std::string h = vm["http-listen"].as<std::string>(); h != "off") {
        out.http = true;
        if (!split_listen(h, out.http_host, out.http_port)) {
            message = "--http-listen must be HOST:PORT (e.g. 127.0.0.1:7480) or off";
            return false;
        }
    }
    if (vm.count("http-port-file")) out.http_port_file = vm["http-port-file"].as<std::string>();
    if (!in_range<std::size_t>(vm, "http-connections-max", 1, http::kHttpConnectionsMax,
                               out.http_connections_max, message) ||
        !in_range<unsigned>(vm, "seatmap-interval-s", http::kSeatmapIntervalMinS,
                            http::kSeatmapIntervalMaxS, out.seatmap_interval_s, message))
        return false;
    if (vm.count("tls-cert")) out.tls_cert_file = vm["tls-cert"].as<std::string>();
    if (vm.count("tls-key")) out.tls_key_file = vm["tls-key"].as<std::string>();
    out.allow_plaintext_remote = vm["allow-plaintext-remote"].as<bool>();
    if (vm.count("psp-url")) out.psp_url = vm["psp-url"].as<std::string>();
    if (vm.count("psp-secret-file")) out.psp_secret_file = vm["psp-secret-file"].as<std::string>();
    if (vm.count("psp-ca-file")) out.psp_ca_file = vm["psp-ca-file"].as<std::string>();
    if (!in_range<unsigned>(vm, "psp-timeout-ms", 100, 120'000, out.psp_timeout_ms, message) ||
        !in_range<std::size_t>(vm, "psp-in-flight-max", 1, 1024, out.psp_in_flight_max, message) ||
        !in_range<unsigned>(vm, "checkout-wait-ms", 0, 120'000, out.checkout_wait_ms, message) ||
        !in_range<unsigned>(vm, "breaker-open-ms", 100, 600'000, out.breaker_open_ms, message) ||
        !in_range<std::size_t>(vm, "breaker-window", 1, 10'000, out.breaker_window, message) ||
        !in_range<std::size_t>(vm, "breaker-min-calls", 1, 10'000, out.breaker_min_calls,
                               message) ||
        !in_range<unsigned>(vm, "breaker-failure-percent", 1, 100, out.breaker_failure_percent,
                            message) ||
        !in_range<unsigned>(vm, "breaker-slow-call-ms", 1, 600'000, out.breaker_slow_call_ms,
                            message) ||
        !in_range<unsigned>(vm, "breaker-slow-percent", 1, 100, out.breaker_slow_percent,
                            message) ||
        !in_range<std::size_t>(vm, "breaker-probes", 1, 1024, out.breaker_probes, message))
        return false;
    if (out.breaker_min_calls > out.breaker_window) {
        message = "--breaker-min-calls (" + std::to_string(out.breaker_min_calls) +
                  ") cannot exceed --breaker-window (" + std::to_string(out.breaker_window) + ")";
        return false;
    }
    if (out.breaker_probes > out.psp_in_flight_max) {
        message = "--breaker-probes must fit in --psp-in-flight-max";
        return false;
    }
    if (out.psp_url.empty() != out.psp_secret_file.empty()) {
        message = "--psp-url and --psp-secret-file go together: give both, or neither";
        return false;
    }
    out.demo = !vm["no-demo"].as<bool>();
    if (!in_range(vm, "shards", 1u, kShardsMax, out.shards, message) ||
        !in_range(vm, "io-threads", 1u, kIoThreadsMax, out.io_threads, message) ||
        !in_range<std::uint64_t>(vm, "snapshot-every", 1, UINT64_MAX, out.snapshot_every,
                                 message) ||
        !in_range<std::size_t>(vm, "max-connections", 1, kConnectionsMax, out.max_connections,
                               message) ||
        !in_range<unsigned>(vm, "idle-timeout-s", 0, 86'400, out.idle_timeout_s, message) ||
        !in_range<unsigned>(vm, "hello-timeout-ms", 100, kHelloTimeoutMaxMs, out.hello_timeout_ms,
                            message) ||
        !in_range<unsigned>(vm, "write-timeout-s", 1, 3600, out.write_timeout_s, message) ||
        !in_range<std::size_t>(vm, "max-unauthenticated", 1, kConnectionsMax,
                               out.max_unauthenticated, message) ||
        !in_range<std::size_t>(vm, "memory-budget-mb", kMemoryBudgetMinBytes >> 20,
                               std::size_t{1} << 30, out.memory_budget_bytes, message) ||
        !in_range<std::size_t>(vm, "shard-queue-max", 1, kShardQueueMax, out.shard_queue_max,
                               message))
        return false;
    out.memory_budget_bytes <<= 20;
    if (!in_range<std::uint64_t>(vm, "min-free-disk-mb", 0, std::uint64_t{1} << 20,
                                 out.min_free_disk_bytes, message))
        return false;
    out.min_free_disk_bytes <<= 20;
    if (out.keys_file.empty() && !is_loopback(out.listen_host)) {
        message = "without --keys seatd listens on loopback addresses only (asked to listen on " +
                  out.listen_host + ")";
        return false;
    }
    if (out.http && out.keys_file.empty() && !is_loopback(out.http_host)) {
        message = "without --keys the HTTP side listens on loopback addresses only (asked for " +
                  out.http_host + "): its revocation filter would be anyone's";
        return false;
    }
    if (out.tls_cert_file.empty() != out.tls_key_file.empty()) {
        message = "--tls-cert and --tls-key go together: give both, or neither";
        return false;
    }
    if (!out.tls() && !out.allow_plaintext_remote && !is_loopback(out.listen_host)) {
        message = "a non-loopback --listen (" + out.listen_host +
                  ") needs TLS: give --tls-cert and --tls-key, or --allow-plaintext-remote to "
                  "serve plain TCP anyway";
        return false;
    }
    return true;
}

}  // namespace

bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

std::size_t default_memory_budget_bytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page_bytes = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_bytes <= 0) return kMemoryBudgetMinBytes;
    const std::size_t eighth =
        static_cast<std::size_t>(pages) * static_cast<std::size_t>(page_bytes) / 8;
    return eighth < kMemoryBudgetMinBytes ? kMemoryBudgetMinBytes : eighth;
}

bool split_listen(const std::string& text, std::string& host, std::uint16_t& port) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
    host = text.substr(0, colon);
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') return false;
        host = host.substr(1, host.size() - 2);
    }
    unsigned long value = 0;
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<unsigned long>(c - '0');
        if (value > UINT16_MAX) return false;
    }
    port = static_cast<std::uint16_t>(value);
    return true;
}

ParseOutcome parse_config(int argc, const char* const* argv, Config& out, std::string& message) {
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, all_options()), vm);
        if (vm.count("help")) {
            message = usage_text();
            return ParseOutcome::help;
        }
        if (vm.count("config")) {
            const std::string path = vm["config"].as<std::string>();
            std::ifstream file(path);
            if (!file) {
                message = "cannot read the config file " + path;
                return ParseOutcome::bad_usage;
            }
            po::store(po::parse_config_file(file, file_options()), vm);
        }
        po::notify(vm);
    } catch (const po::error& e) {
        message = e.what();
        return ParseOutcome::bad_usage;
    }
    return fill(vm, out, message) ? ParseOutcome::run : ParseOutcome::bad_usage;
}

}  // namespace seat::server
