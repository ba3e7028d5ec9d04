// seatbench's command line: what to drive (seatd or Redis on loopback), which
// scenario, how many connections and how deep each pipelines, and the bounds
// every run has (a request count and a time limit, whichever ends first).
// Parsing validates every value against the limits below and never exits. The
// waiting-room scenario has options of its own (RoomOptions) and other defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace seat::bench {

enum class TargetKind { seatd, redis };
enum class Scenario { flash_sale, holds, contended, section_read, waiting_room, transfers };

// Limits on the command line; a run outside them is refused before it starts.
inline constexpr int kConnectionsMax = 512;
inline constexpr int kPipelineMax = 1024;
// seatd connections share this many client I/O threads (--threads); 0 gives
// each connection a thread of its own, as before the shared threads. One
// thread measured best on the 2-core benchmark machine (docs/benchmarks.md).
inline constexpr int kClientThreadsMax = 64;
inline constexpr int kClientThreadsDefault = 1;
inline constexpr std::uint64_t kRequestsMax = 1'000'000'000;
inline constexpr double kDurationMax_s = 3600;
inline constexpr double kContendedFillMax = 0.95;
// The flash-sale audit waits for abandoned holds to expire, so their time is bounded.
inline constexpr std::int64_t kFlashSaleHoldTtlMax_ms = 60'000;

// The waiting-room scenario (waiting_room.h). The room's settings are bounded as
// seatd bounds them (docs/waiting-room.md), so a run is refused here, not there.
inline constexpr std::uint32_t kRoomBuyersMax = 1'000'000;  // seatd's kRoomEntriesMax
inline constexpr std::uint32_t kRoomMaxActiveMax = 1'000'000;
inline constexpr std::uint32_t kRoomBatchMax = 4'096;
inline constexpr std::int64_t kRoomBatchIntervalMin_ms = 100;  // the shard's room tick
inline constexpr std::int64_t kRoomIntervalMax_ms = 3'600'000;
inline constexpr std::int64_t kRoomTokenTtlMax_ms = 86'400'000;
inline constexpr double kRoomSaleInMax_s = 3600;
// Buyers poll at least this often; at most every second. seatd tells clients to
// heartbeat every 20 s, so a poll interval over that would be a misbehaving client.
inline constexpr std::int64_t kRoomPollMin_ms = 1'000;
inline constexpr std::int64_t kRoomPollMax_ms = 20'000;
// The scenario's defaults where they differ from the other scenarios'.
inline constexpr int kRoomConnectionsDefault = 8;
inline constexpr int kRoomPipelineDefault = 256;
inline constexpr double kRoomDurationDefault_s = 600;
inline constexpr std::int64_t kRoomHoldTtlDefault_ms = 10'000;

// The transfers scenario (transfers.h). Every hand-over moves a ticket's code
// version on twice and versions end at 100 (engine/limits.h), so a ticket takes
// at most 49; seatbench retires one well before that.
inline constexpr std::uint32_t kTransferTicketsMax = 60'000;
inline constexpr std::uint32_t kHandoversPerTicketMax = 49;

struct TransferOptions {
    std::uint32_t tickets = 2'000;     // sold in the setup, untimed
    std::uint32_t list_every = 4;      // one hand-over in this many is list + delist; 0 = never
    std::uint32_t handovers_max = 30;  // a ticket is retired after this many
};

struct RoomOptions {
    std::uint32_t buyers = 200'000;
    std::uint32_t max_active = 5'000;
    std::uint32_t batch = 500;
    std::int64_t batch_interval_ms = 1'000;
    std::int64_t token_ttl_ms = 60'000;
    std::int64_t grace_ms = 30'000;     // the room's heartbeat grace
    double abandon_share = 0.05;        // stop polling while waiting
    double hold_abandon_share = 0.1;    // admitted, hold, never buy
    double late_share = 0.1;            // join after the sale start, not in the pre-queue
    double sale_in_s = 10;              // event creation -> sale start: the pre-queue window
    std::int64_t poll_max_ms = 15'000;  // a waiting buyer's longest poll interval
};

struct Options {
    TargetKind target = TargetKind::seatd;
    std::string host = "127.0.0.1";
    std::uint16_t port = 7400;
    std::string api_key;  // seatd only; needs the admin role (the run creates its event)
    std::string tls_ca;   // seatd only: connect with TLS, verifying the server with these CAs
    Scenario scenario = Scenario::holds;
    int connections = 50;
    int pipeline = 1;
    std::uint64_t requests = 100'000;  // every request counts: holds, purchases, releases, reads
    double duration_s = 60;
    std::uint64_t seed = 1;
    std::string venue = "stadium";  // stadium | theatre | arena
    std::uint64_t event = 0;        // 0: a fresh id derived from the clock
    double purchase_share = 0.8;    // flash-sale: of successful holds, bought
    double release_share = 0.1;     // flash-sale: released; the rest are abandoned
    std::int64_t hold_ttl_ms = 0;   // 0: 3,000 for flash-sale, 600,000 otherwise
    double contended_fill = 0.6;    // contended: stop once this share of seats is held
    // seatd only: buy through Checkout, charging this method at seatd's payment
    // provider (seatd --psp-url), instead of Purchase. Empty: Purchase.
    std::string payment_method;
    RoomOptions room;          // waiting-room only
    TransferOptions transfer;  // transfers only
    // The server whose CPU time is reported per request; 0: the process that
    // listens on the target's port (process_cpu.h).
    int server_pid = 0;
    int threads = kClientThreadsDefault;  // seatd: shared client I/O threads; 0: one per connection
    bool json = false;
    bool quiet = false;  // no live progress line
};

const char* to_string(TargetKind t);
const char* to_string(Scenario s);

// Parses argv. Returns nullopt with `message` set to the help text (`help` true)
// or to what was wrong.
std::optional<Options> parse_options(int argc, char** argv, std::string& message, bool& help);

}  // namespace seat::bench
