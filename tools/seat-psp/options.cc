// Flags through Boost.Program_options; validation happens once, after parsing,
// with a sentence per refusal that names the flag.
#include "tools/seat-psp/options.h"

#include <boost/program_options.hpp>
#include <cmath>
#include <sstream>

namespace seat::psp {
namespace {

namespace po = boost::program_options;

po::options_description describe() {
    po::options_description d("seat-psp options");
    // clang-format off
    d.add_options()
        ("help", "print this text and exit")
        ("listen", po::value<std::string>()->default_value(kListenDefault),
         "address to listen on, HOST:PORT (IPv6 as [::1]:PORT); port 0 picks a free port")
        ("port-file", po::value<std::string>(),
         "once listening, write the bound port (decimal and a newline) to this file")
        ("secret-key-file", po::value<std::string>(),
         "file whose first line is the secret key clients send as 'Authorization: Bearer KEY' "
         "(required)")
        ("ledger-on-exit", po::value<std::string>(),
         "on SIGTERM/SIGINT, write the ledger (as GET /_sim/ledger answers it) to this file")
        ("log-requests", po::bool_switch(), "log one line per request to stderr")
        ("max-connections", po::value<std::size_t>()->default_value(kConnectionsDefault),
         "client connections served at once; more are closed at accept")
        ("request-timeout-s", po::value<unsigned>()->default_value(kRequestTimeoutDefaultS),
         "a request must arrive whole (and an answer be written) within this time; an idle "
         "keep-alive connection is closed after it")
        ("max-records", po::value<std::size_t>()->default_value(kRecordsDefault),
         "intents, refunds and idempotency keys kept (each); beyond it new ones are refused "
         "with 503")
        ("seed", po::value<std::uint64_t>()->default_value(1),
         "seed of every fault's random draws: the same seed and requests give the same faults")
        ("decline-share", po::value<double>()->default_value(0),
         "fraction of charges that would succeed declined with generic_decline (0..1)")
        ("latency-median-ms", po::value<double>()->default_value(0),
         "median of the lognormal latency added to a POST's first execution (0: none)")
        ("latency-p99-ms", po::value<double>()->default_value(0),
         "99th percentile of that latency (0 or the median: a constant latency)")
        ("error-share", po::value<double>()->default_value(0),
         "fraction of POSTs answered 503 api_error without being processed (0..1)")
        ("timeout-share", po::value<double>()->default_value(0),
         "fraction of POSTs held open without an answer until the client gives up; never "
         "processed (0..1)")
        ("lost-response-share", po::value<double>()->default_value(0),
         "fraction of POSTs processed whose connection then closes without the answer (0..1)")
        ("outage-start-s", po::value<double>()->default_value(0),
         "start of the outage window, in seconds after seat-psp starts")
        ("outage-duration-s", po::value<double>()->default_value(0),
         "length of the outage window, during which every API request is answered 503 "
         "(0: no outage)")
        ("failing-refunds", po::value<std::uint64_t>()->default_value(0),
         "the first N refunds that would be made fail instead: answered with status failed "
         "(expired_or_canceled_card), nothing refunded")
        ("max-concurrency", po::value<std::size_t>()->default_value(0),
         "POSTs executing at once (latency included); more wait for a slot (0: no limit)");
    // clang-format on
    return d;
}

bool share(const po::variables_map& vm, const char* name, double& out, std::string& message) {
    out = vm[name].as<double>();
    if (std::isfinite(out) && out >= 0 && out <= 1) return true;
    message = std::string("--") + name + " must be a fraction from 0 to 1";
    return false;
}

bool non_negative(const po::variables_map& vm, const char* name, double max, double& out,
                  std::string& message) {
    out = vm[name].as<double>();
    if (std::isfinite(out) && out >= 0 && out <= max) return true;
    std::ostringstream text;
    text << "--" << name << " must be from 0 to " << max;
    message = text.str();
    return false;
}

template <typename T>
bool in_range(const po::variables_map& vm, const char* name, T min, T max, T& out,
              std::string& message) {
    out = vm[name].as<T>();
    if (out >= min && out <= max) return true;
    message = std::string("--") + name + " must be from " + std::to_string(min) + " to " +
              std::to_string(max);
    return false;
}

bool read_faults(const po::variables_map& vm, FaultOptions& f, std::string& message) {
    f.seed = vm["seed"].as<std::uint64_t>();
    f.failing_refunds = vm["failing-refunds"].as<std::uint64_t>();
    if (!share(vm, "decline-share", f.decline_share, message) ||
        !share(vm, "error-share", f.error_share, message) ||
        !share(vm, "timeout-share", f.timeout_share, message) ||
        !share(vm, "lost-response-share", f.lost_response_share, message) ||
        !non_negative(vm, "latency-median-ms", kLatencyMaxMs, f.latency_median_ms, message) ||
        !non_negative(vm, "latency-p99-ms", kLatencyMaxMs, f.latency_p99_ms, message) ||
        !non_negative(vm, "outage-start-s", kOutageSecondsMax, f.outage_start_s, message) ||
        !non_negative(vm, "outage-duration-s", kOutageSecondsMax, f.outage_duration_s, message))
        return false;
    if (f.latency_p99_ms > 0 && f.latency_p99_ms < f.latency_median_ms) {
        message = "--latency-p99-ms must be at least --latency-median-ms";
        return false;
    }
    if (f.latency_p99_ms > 0 && f.latency_median_ms == 0) {
        message = "--latency-p99-ms needs --latency-median-ms";
        return false;
    }
    return true;
}

bool read_options(const po::variables_map& vm, Options& out, std::string& message) {
    if (!split_listen(vm["listen"].as<std::string>(), out.listen_host, out.listen_port)) {
        message = "--listen must be HOST:PORT, e.g. 127.0.0.1:7490";
        return false;
    }
    if (!vm.count("secret-key-file")) {
        message = "--secret-key-file is required";
        return false;
    }
    out.secret_key_file = vm["secret-key-file"].as<std::string>();
    if (vm.count("port-file")) out.port_file = vm["port-file"].as<std::string>();
    if (vm.count("ledger-on-exit")) out.ledger_on_exit = vm["ledger-on-exit"].as<std::string>();
    out.log_requests = vm["log-requests"].as<bool>();
    return in_range<std::size_t>(vm, "max-connections", 1, kConnectionsMax, out.max_connections,
                                 message) &&
           in_range<unsigned>(vm, "request-timeout-s", 1, kRequestTimeoutMaxS,
                              out.request_timeout_s, message) &&
           in_range<std::size_t>(vm, "max-records", 1, kRecordsMax, out.max_records, message) &&
           in_range<std::size_t>(vm, "max-concurrency", 0, kConcurrencyMax, out.max_concurrency,
                                 message) &&
           read_faults(vm, out.faults, message);
}

}  // namespace

ParseOutcome parse_options(int argc, const char* const* argv, Options& out, std::string& message) {
    const po::options_description description = describe();
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(description).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        message = e.what();
        return ParseOutcome::bad_usage;
    }
    if (vm.count("help")) {
        std::ostringstream text;
        text << "seat-psp: a local payment-provider simulator speaking the subset of the "
                "provider's API that seatd uses (docs/payments.md).\n\n"
                "usage: seat-psp --secret-key-file FILE [--listen HOST:PORT] [options]\n\n"
             << description;
        message = text.str();
        return ParseOutcome::help;
    }
    return read_options(vm, out, message) ? ParseOutcome::run : ParseOutcome::bad_usage;
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

}  // namespace seat::psp
