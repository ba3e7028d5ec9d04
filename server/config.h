// seatd's configuration: command-line flags and an optional config file with the
// same option names (`name = value` lines; flags given on the command line win).
// parse_config() validates every value against its limit, so the rest of the
// server can trust a Config it is handed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace seat::server {

inline constexpr const char* kListenDefault = "127.0.0.1:7400";
inline constexpr const char* kDataDirDefault = "seatd-data";
inline constexpr std::uint16_t kPortDefault = 7400;

inline constexpr unsigned kShardsMax = 256;
inline constexpr unsigned kIoThreadsMax = 64;
inline constexpr std::size_t kConnectionsDefault = 1000;
inline constexpr std::size_t kConnectionsMax = 1'000'000;
inline constexpr std::size_t kShardQueueDefault = 65'536;
inline constexpr std::size_t kShardQueueMax = 16'777'216;
inline constexpr unsigned kIdleTimeoutDefaultS = 300;
// A connection must say Hello this soon after it is accepted; bytes that do not
// complete the Hello frame do not extend it.
inline constexpr unsigned kHelloTimeoutDefaultMs = 5000;
inline constexpr unsigned kHelloTimeoutMaxMs = 60'000;
// A reply being written that makes no progress this long (a client that stopped
// reading) gets its connection cut off.
inline constexpr unsigned kWriteTimeoutDefaultS = 30;
// Connections that have not said Hello yet; beyond it the oldest is closed to
// make room, so sockets that never authenticate cannot lock clients out.
inline constexpr std::size_t kUnauthenticatedDefault = 64;
// What replies waiting for clients, requests being read and read buffers may
// take across all connections (docs/security.md): by default an eighth of the
// machine's memory, at least kMemoryBudgetMinBytes.
inline constexpr std::size_t kMemoryBudgetMinBytes = std::size_t{64} << 20;
std::size_t default_memory_budget_bytes();
// Replay runs at about 1.2 M facts/s (docs/benchmarks.md), so this bounds the
// replay tail at start-up to about 0.2 s per event, while a stadium's snapshot
// (megabytes) is copied at most once per 250,000 facts.
inline constexpr std::uint64_t kSnapshotEveryDefault = 250'000;

// The payment provider (docs/payments.md).
inline constexpr unsigned kPspTimeoutDefaultMs = 10'000;
inline constexpr std::size_t kPspInFlightDefault = 32;
inline constexpr unsigned kCheckoutWaitDefaultMs = 30'000;
inline constexpr unsigned kBreakerOpenDefaultMs = 5000;

struct Config {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = kPortDefault;
    std::filesystem::path data_dir = kDataDirDefault;
    unsigned shards = 1;  // parse_config sets the number of cores
    unsigned io_threads = 1;
    std::filesystem::path keys_file;         // empty: no keys, loopback only, every hello is admin
    std::filesystem::path ticket_keys_file;  // ticket signing keys; default DATA_DIR/ticket-keys
    bool demo = true;
    std::uint64_t snapshot_every = kSnapshotEveryDefault;  // facts per event between snapshots
    std::size_t max_connections = kConnectionsDefault;
    unsigned idle_timeout_s = kIdleTimeoutDefaultS;  // 0: never
    unsigned hello_timeout_ms = kHelloTimeoutDefaultMs;
    unsigned write_timeout_s = kWriteTimeoutDefaultS;
    std::size_t max_unauthenticated = kUnauthenticatedDefault;
    std::size_t memory_budget_bytes = kMemoryBudgetMinBytes;  // parse_config sets the default
    std::uint64_t min_free_disk_bytes = 0;                    // parse_config sets the default
    std::size_t shard_queue_max = kShardQueueDefault;
    std::filesystem::path port_file;  // empty: none
    // The HTTP side (docs/http.md).
    bool http = false;  // --http-listen off: none
    std::string http_host;
    std::uint16_t http_port = 0;
    std::filesystem::path http_port_file;  // empty: none
    std::size_t http_connections_max = 0;  // parse_config sets the default
    unsigned seatmap_interval_s = 0;
    // TLS on the port (docs/protocol.md): both files or neither.
    std::filesystem::path tls_cert_file;  // PEM certificate chain, the server's first
    std::filesystem::path tls_key_file;   // PEM private key, unencrypted
    // Serve plain TCP on a non-loopback address (refused without it).
    bool allow_plaintext_remote = false;

    // Payments: a provider URL and its secret, or neither (Checkout unsupported).
    std::string psp_url;
    std::filesystem::path psp_secret_file;
    std::filesystem::path psp_ca_file;
    unsigned psp_timeout_ms = kPspTimeoutDefaultMs;
    std::size_t psp_in_flight_max = kPspInFlightDefault;
    unsigned checkout_wait_ms = kCheckoutWaitDefaultMs;
    unsigned breaker_open_ms = kBreakerOpenDefaultMs;
    // The rest of the breaker (docs/payments.md, "The circuit breaker").
    std::size_t breaker_window = 100;
    std::size_t breaker_min_calls = 20;
    unsigned breaker_failure_percent = 50;
    unsigned breaker_slow_call_ms = 3000;
    unsigned breaker_slow_percent = 50;
    std::size_t breaker_probes = 3;

    bool payments() const { return !psp_url.empty(); }
    bool tls() const { return !tls_cert_file.empty(); }
};

enum class ParseOutcome { run, help, bad_usage };

// On help, `message` is the usage text; on bad_usage, one sentence saying what is wrong.
ParseOutcome parse_config(int argc, const char* const* argv, Config& out, std::string& message);

// True for "localhost" and loopback IP addresses.
bool is_loopback(const std::string& host);

// Splits "HOST:PORT" ("[::1]:7400" for IPv6); false when it is not of that form.
bool split_listen(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace seat::server
