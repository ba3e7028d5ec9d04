// seat-psp: a local payment-provider simulator for seatd's checkout saga. It
// speaks the subset of the provider's HTTP API that seatd uses, keeps intents,
// refunds and idempotent responses in memory for its lifetime, and injects the
// faults its flags ask for (docs/payments.md). Exit status: 0 after SIGTERM or
// SIGINT, 2 for bad usage, 1 when it cannot start or cannot write --ledger-on-exit.
#include <cstdio>
#include <string>

#include "base/atomic_file.h"
#include "tools/seat-psp/log.h"
#include "tools/seat-psp/options.h"
#include "tools/seat-psp/secret_key.h"
#include "tools/seat-psp/simulator.h"

namespace {

using namespace seat::psp;

constexpr int kExitStartupFailed = 1;
constexpr int kExitBadUsage = 2;

void log_configuration(const Options& o, std::uint16_t port) {
    const FaultOptions& f = o.faults;
    log_line("listening on %s:%u (books in memory: nothing survives a restart)",
             o.listen_host.c_str(), port);
    log_line(
        "faults: seed %llu, decline %.3f, error %.3f, timeout %.3f, lost response %.3f, "
        "latency median %.1f ms p99 %.1f ms, outage %.1f s from %.1f s, max concurrency %zu, "
        "failing refunds %llu",
        static_cast<unsigned long long>(f.seed), f.decline_share, f.error_share, f.timeout_share,
        f.lost_response_share, f.latency_median_ms,
        f.latency_p99_ms > 0 ? f.latency_p99_ms : f.latency_median_ms, f.outage_duration_s,
        f.outage_start_s, o.max_concurrency, static_cast<unsigned long long>(f.failing_refunds));
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    std::string message;
    switch (parse_options(argc, argv, options, message)) {
        case ParseOutcome::help:
            std::fputs(message.c_str(), stdout);
            return 0;
        case ParseOutcome::bad_usage:
            log_line("%s (see seat-psp --help)", message.c_str());
            return kExitBadUsage;
        case ParseOutcome::run:
            break;
    }
    const std::optional<SecretKey> secret = SecretKey::load(options.secret_key_file, message);
    if (!secret) {
        log_line("%s", message.c_str());
        return kExitBadUsage;
    }
    Simulator simulator(options, *secret);
    if (!simulator.listen(message)) {
        log_line("%s", message.c_str());
        return kExitStartupFailed;
    }
    log_configuration(options, simulator.port());
    simulator.run();
    if (!options.ledger_on_exit.empty()) {
        if (!seat::write_file_atomically(options.ledger_on_exit, simulator.ledger(), message)) {
            log_line("%s", message.c_str());
            return kExitStartupFailed;
        }
        log_line("wrote the ledger to %s", options.ledger_on_exit.c_str());
    }
    log_line("stopped cleanly");
    return 0;
}
