// seatd: reads the configuration, opens and recovers the durable log, places every
// event on its shard, creates the demo event when asked to, then serves until
// SIGTERM/SIGINT. Exit status: 0 after a clean shutdown, 2 for bad usage or
// configuration, 1 when start-up fails, 70 when a round cannot be made durable.
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/atomic_file.h"
#include "protocol/status_text.h"
#include "server/auth/api_keys.h"
#include "server/auth/server_secret.h"
#include "server/checkout/saga_worker.h"
#include "server/config.h"
#include "server/http/http_server.h"
#include "server/http/metrics.h"
#include "server/http/seatmap_publisher.h"
#include "server/log.h"
#include "server/net/server.h"
#include "server/net/tls_context.h"
#include "server/net/wire_limits.h"
#include "server/payments/stripe_provider.h"
#include "server/room/admission_tokens.h"
#include "server/shard/event_directory.h"
#include "server/shard/shard.h"
#include "storage/disk_space.h"
#include "storage/fact_log.h"
#include "storage/recovery.h"
#include "venues/generators.h"

namespace {

using namespace seat;
using namespace seat::server;

constexpr int kExitStartupFailed = 1;
constexpr int kExitBadUsage = 2;
constexpr EventId kDemoEvent = 1;
// Blocks at least this large are mapped on their own (see main).
constexpr int kLargeBufferBytes = 256 * 1024;

std::unique_ptr<storage::FactLog> open_and_recover(const Config& config,
                                                   std::vector<storage::RecoveredEvent>& events) {
    storage::Status status;
    auto log = storage::FactLog::open(config.data_dir, storage::LogOptions{}, status);
    if (!log) {
        log_line("cannot open the data directory %s: %s", config.data_dir.c_str(),
                 status.to_string().c_str());
        return nullptr;
    }
    storage::RecoveryStats stats;
    status = storage::recover(*log, storage::RecoveryOptions{}, events, stats);
    if (!status.ok()) {
        log_line("recovery of %s failed, refusing to start: %s", config.data_dir.c_str(),
                 status.to_string().c_str());
        return nullptr;
    }
    log_line("recovered %zu events, %llu facts replayed (%zu from snapshots) in %.3f s from %s",
             stats.events, static_cast<unsigned long long>(stats.facts_replayed),
             stats.snapshots_used, stats.seconds, config.data_dir.c_str());
    // The last durable sequence of each event, for an operator to compare with
    // what clients last saw (docs/durability.md: storage that drops synced bytes).
    for (const storage::RecoveredEvent& e : events)
        log_line("event %llu: last sequence %llu", static_cast<unsigned long long>(e.state.event()),
                 static_cast<unsigned long long>(e.state.sequence()));
    return log;
}

void create_demo_event(Shards& shards) {
    Shard& owner = shards.owner(kDemoEvent);
    if (owner.has_event(kDemoEvent)) return;
    SaleSettings settings;
    settings.event_name = "Demo night";
    const Result r = owner.create_now(
        CreateEvent{kDemoEvent, std::make_shared<const Venue>(make_theatre()), settings});
    if (r.ok()) {
        log_line("created the demo event %llu \"Demo night\" (200-seat theatre)",
                 static_cast<unsigned long long>(kDemoEvent));
    } else {
        log_line("could not create the demo event: %s",
                 std::string(protocol::status_name(static_cast<std::uint16_t>(r.status))).c_str());
    }
}

// The checkout saga's worker over the configured provider, or null when
// payments are off. Throws when the URL or the secret file is unusable.
std::unique_ptr<SagaWorker> make_saga(const Config& config, const Clock& clock) {
    if (!config.payments()) return nullptr;
    payments::StripeOptions provider;
    provider.base_url = config.psp_url;
    provider.secret_file = config.psp_secret_file;
    provider.ca_file = config.psp_ca_file;
    provider.response_timeout = std::chrono::milliseconds(config.psp_timeout_ms);
    provider.connections_max = config.psp_in_flight_max;
    SagaOptions saga;
    saga.breaker.in_flight_max = config.psp_in_flight_max;
    saga.breaker.open_for = std::chrono::milliseconds(config.breaker_open_ms);
    saga.breaker.window_calls = config.breaker_window;
    saga.breaker.min_calls = config.breaker_min_calls;
    saga.breaker.failure_rate_percent = config.breaker_failure_percent;
    saga.breaker.slow_call = std::chrono::milliseconds(config.breaker_slow_call_ms);
    saga.breaker.slow_rate_percent = config.breaker_slow_percent;
    saga.breaker.half_open_probes = config.breaker_probes;
    return std::make_unique<SagaWorker>(std::make_unique<payments::StripeProvider>(provider), clock,
                                        saga);
}

bool write_http_port_file(const Config& config, std::uint16_t port, std::string& error) {
    if (config.http_port_file.empty()) return true;
    return write_file_atomically(config.http_port_file, std::to_string(port) + "\n", error);
}

}  // namespace

int main(int argc, char** argv) {
    // Reply buffers of clients that do not read can reach megabytes. glibc
    // raises its mmap threshold as large blocks are freed, after which such
    // buffers come from the heap and their pages stay with the process when
    // freed; a fixed threshold keeps every large buffer mapped on its own and
    // returned to the system when freed, so the memory budget is what RSS shows.
    mallopt(M_MMAP_THRESHOLD, kLargeBufferBytes);
    Config config;
    std::string message;
    switch (parse_config(argc, argv, config, message)) {
        case ParseOutcome::help:
            std::fputs(message.c_str(), stdout);
            return 0;
        case ParseOutcome::bad_usage:
            log_line("%s (see seatd --help)", message.c_str());
            return kExitBadUsage;
        case ParseOutcome::run:
            break;
    }
    // Checked before anything else is opened: a bad certificate or key is a
    // configuration error, found in a second.
    TlsContext tls;
    if (config.tls()) {
        tls = load_tls_context(config.tls_cert_file, config.tls_key_file, message);
        if (!tls.context) {
            log_line("%s", message.c_str());
            return kExitBadUsage;
        }
        log_line("TLS on the port: %s, key %s", tls.about.c_str(), config.tls_key_file.c_str());
    } else if (!is_loopback(config.listen_host)) {
        log_line(
            "--allow-plaintext-remote: serving plain TCP on %s; API keys and buyer data cross "
            "the network unencrypted",
            config.listen_host.c_str());
    }
    // Before anything is written: the server secret, the ticket keys and the log
    // all live on the data directory's disk.
    if (config.min_free_disk_bytes > 0 &&
        !storage::enough_free_space(config.data_dir, config.min_free_disk_bytes, message)) {
        log_line("refusing to start: %s", message.c_str());
        return kExitStartupFailed;
    }
    ServerSecret secret{};
    try {
        bool created = false;
        secret = open_server_secret(config.data_dir / "server-secret", created);
        if (created) log_line("created the server secret in %s", config.data_dir.c_str());
    } catch (const std::exception& e) {
        log_line("server secret: %s", e.what());
        return kExitStartupFailed;
    }
    std::optional<ApiKeys> keys;
    if (!config.keys_file.empty()) {
        keys.emplace(secret);
        if (!keys->load(config.keys_file, message)) {
            log_line("%s", message.c_str());
            return kExitBadUsage;
        }
        log_line("%zu API keys from %s", keys->size(), config.keys_file.c_str());
    } else {
        log_line("no --keys file: listening on loopback only, and every client is admin");
    }

    std::vector<storage::RecoveredEvent> recovered;
    std::unique_ptr<storage::FactLog> log = open_and_recover(config, recovered);
    if (!log) return kExitStartupFailed;

    std::shared_ptr<TicketKeys> tickets;
    try {
        bool created = false;
        tickets = std::make_shared<TicketKeys>(config.ticket_keys_file, created);
        log_line("%s ticket signing keys in %s%s", created ? "created fresh" : "loaded",
                 config.ticket_keys_file.c_str(),
                 created ? " (back this file up: codes cannot be verified without it)" : "");
    } catch (const std::exception& e) {
        log_line("ticket keys: %s", e.what());
        return kExitBadUsage;
    }

    EventDirectory directory;
    ShardOptions options;
    std::unique_ptr<SagaWorker> saga;  // outlives the shards, which call it
    try {
        saga = make_saga(config, options.environment.clock_or_wall());
    } catch (const std::exception& e) {
        log_line("payment provider: %s", e.what());
        return kExitBadUsage;
    }
    if (saga) {
        options.saga = saga.get();
        options.checkout_answer_wait_ms = config.checkout_wait_ms;
        log_line("payments through %s (secret from %s)", config.psp_url.c_str(),
                 config.psp_secret_file.c_str());
    }
    options.revocation_filter_bytes_max = kRevocationFilterBytesMax;
    options.queue_max = config.shard_queue_max;
    options.snapshots.every_facts = config.snapshot_every;
    Shards shards(config.shards, *log, directory, options);
    for (storage::RecoveredEvent& e : recovered)
        shards.owner(e.state.event()).adopt(std::move(e));
    recovered.clear();
    if (config.demo) create_demo_event(shards);

    if (saga) saga->attach(shards);
    shards.start();
    const Binding room_sessions = room_binding(secret);
    Server server(config, shards, directory, keys ? &*keys : nullptr,
                  ApiKeys(secret).unrestricted(), tickets, room_sessions, tls.context);
    // The HTTP side, bound before the binary port's --port-file is written, so a
    // process that waits for that file finds both listening.
    const Clock& clock = options.environment.clock_or_wall();
    http::SeatmapStore seatmaps;
    http::SeatmapPublisher publisher(shards, directory, seatmaps, clock,
                                     std::chrono::seconds(config.seatmap_interval_s));
    std::unique_ptr<http::HttpServer> web;
    if (config.http) {
        http::RouterContext routes;
        routes.shards = &shards;
        routes.directory = &directory;
        routes.seatmaps = &seatmaps;
        routes.seatmap_refresh_s = config.seatmap_interval_s;
        routes.keys = keys ? &*keys : nullptr;
        routes.room_binding = &room_sessions;
        routes.tickets = tickets;
        routes.ready = [&server] { return server.accepting(); };
        routes.metrics = [&, sources = http::MetricsSources{}]() mutable {
            sources.shards = &shards;
            sources.directory = &directory;
            sources.seatmaps = &seatmaps;
            sources.publisher = &publisher;
            sources.saga = saga.get();
            sources.clock = &clock;
            sources.binary_connections = [&server] { return server.connections(); };
            sources.http_connections = [&web] { return web ? web->connections() : 0; };
            return http::render_metrics(sources);
        };
        web = std::make_unique<http::HttpServer>(std::move(routes), config.http_connections_max);
        if (!web->listen(config.http_host, config.http_port, message) ||
            !write_http_port_file(config, web->port(), message)) {
            log_line("%s", message.c_str());
            shards.stop_and_join();
            return kExitStartupFailed;
        }
        publisher.start();
        web->start();
        log_line("HTTP side on http://%s:%u/ (seat maps every %u s; docs/http.md)",
                 config.http_host.c_str(), web->port(), config.seatmap_interval_s);
    }
    if (!server.listen(message)) {
        log_line("%s", message.c_str());
        if (web) web->stop();
        publisher.stop();
        shards.stop_and_join();
        return kExitStartupFailed;
    }
    log_line("%u shards, %u I/O threads, data in %s", config.shards, config.io_threads,
             config.data_dir.c_str());
    server.run();
    publisher.stop();
    if (web) web->stop();    // after the shards' last rounds answered its queries
    if (saga) saga->stop();  // after the shards' last rounds
    log_line("stopped cleanly");
    return 0;
}
