// seatbench's command line: what to drive (seatd or Redis on loopback), which
// scenario, how many connections and how deep each pipelines, and the bounds
// every run has (a request count and a time limit, whichever ends first).
// Parsing validates every value against the limits below and never exits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace seat::bench {

enum class TargetKind { seatd, redis };
enum class Scenario { flash_sale, holds, contended, section_read };

// Limits on the command line; a run outside them is refused before it starts.
inline constexpr int kConnectionsMax = 512;
inline constexpr int kPipelineMax = 1024;
inline constexpr std::uint64_t kRequestsMax = 1'000'000'000;
inline constexpr double kDurationMax_s = 3600;
inline constexpr double kContendedFillMax = 0.95;
// The flash-sale audit waits for abandoned holds to expire, so their time is bounded.
inline constexpr std::int64_t kFlashSaleHoldTtlMax_ms = 60'000;

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
    bool json = false;
    bool quiet = false;  // no live progress line
};

const char* to_string(TargetKind t);
const char* to_string(Scenario s);

// Parses argv. Returns nullopt with `message` set to the help text (`help` true)
// or to what was wrong.
std::optional<Options> parse_options(int argc, char** argv, std::string& message, bool& help);

}  // namespace seat::bench
