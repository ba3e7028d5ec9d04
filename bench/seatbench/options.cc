// Command-line parsing with Boost.Program_options. The target URL is split here
// (seatd://HOST:PORT or redis://HOST:PORT) and only loopback hosts are accepted:
// seatbench is a load generator, and pointing it at another machine by mistake
// must not be possible.
#include "bench/seatbench/options.h"

#include <boost/program_options.hpp>
#include <cstdlib>
#include <sstream>

namespace seat::bench {
namespace po = boost::program_options;

const char* to_string(TargetKind t) {
    return t == TargetKind::seatd ? "seatd" : "redis";
}

const char* to_string(Scenario s) {
    switch (s) {
        case Scenario::flash_sale:
            return "flash-sale";
        case Scenario::holds:
            return "holds";
        case Scenario::contended:
            return "contended";
        case Scenario::section_read:
            return "section-read";
        case Scenario::waiting_room:
            return "waiting-room";
        case Scenario::transfers:
            return "transfers";
    }
    return "?";
}

namespace {

bool parse_target(const std::string& url, Options& o, std::string& error) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) {
        error = "--target must look like seatd://127.0.0.1:7400 or redis://127.0.0.1:6379";
        return false;
    }
    const std::string scheme = url.substr(0, scheme_end);
    if (scheme == "seatd") {
        o.target = TargetKind::seatd;
    } else if (scheme == "redis") {
        o.target = TargetKind::redis;
    } else {
        error = "unknown target scheme \"" + scheme + "\" (seatd or redis)";
        return false;
    }
    const std::string rest = url.substr(scheme_end + 3);
    const auto colon = rest.rfind(':');
    o.host = rest.substr(0, colon);
    if (colon != std::string::npos) {
        const long port = std::strtol(rest.c_str() + colon + 1, nullptr, 10);
        if (port <= 0 || port > 65535) {
            error = "bad port in --target " + url;
            return false;
        }
        o.port = static_cast<std::uint16_t>(port);
    } else {
        o.port = o.target == TargetKind::seatd ? 7400 : 6379;
    }
    if (o.host == "localhost") o.host = "127.0.0.1";
    if (o.host != "127.0.0.1") {
        error = "seatbench drives loopback servers only (127.0.0.1), not " + o.host;
        return false;
    }
    return true;
}

bool parse_scenario(const std::string& name, Options& o, std::string& error) {
    for (Scenario s : {Scenario::flash_sale, Scenario::holds, Scenario::contended,
                       Scenario::section_read, Scenario::waiting_room, Scenario::transfers}) {
        if (name == to_string(s)) {
            o.scenario = s;
            return true;
        }
    }
    error = "unknown scenario \"" + name +
            "\" (flash-sale, holds, contended, section-read, waiting-room, transfers)";
    return false;
}

bool share(double x) {
    return x >= 0 && x <= 1;
}

std::string check_room(const Options& o) {
    const RoomOptions& r = o.room;
    if (o.target != TargetKind::seatd)
        return "the waiting-room scenario drives seatd's waiting room; the Redis design has "
               "none (use a seatd:// target)";
    if (r.buyers < 1 || r.buyers > kRoomBuyersMax) return "--buyers must be 1..1000000";
    if (r.max_active < 1 || r.max_active > kRoomMaxActiveMax)
        return "--max-active must be 1..1000000";
    if (r.batch < 1 || r.batch > kRoomBatchMax) return "--batch must be 1..4096";
    if (r.batch_interval_ms < kRoomBatchIntervalMin_ms || r.batch_interval_ms > kRoomIntervalMax_ms)
        return "--batch-interval-ms must be 100..3600000";
    if (r.token_ttl_ms < 1 || r.token_ttl_ms > kRoomTokenTtlMax_ms)
        return "--token-ttl-ms must be 1..86400000";
    if (r.poll_max_ms < kRoomPollMin_ms || r.poll_max_ms > kRoomPollMax_ms)
        return "--poll-max-ms must be 1000..20000";
    // A buyer who polls must never lose its place: the grace has to cover the
    // longest gap between two of its heartbeats.
    if (r.grace_ms <= r.poll_max_ms || r.grace_ms > kRoomIntervalMax_ms)
        return "--grace-ms must be more than --poll-max-ms (" + std::to_string(r.poll_max_ms) +
               ") and at most 3600000";
    if (!share(r.abandon_share) || !share(r.hold_abandon_share) || !share(r.late_share))
        return "--abandon-share, --hold-abandon-share and --late-share must be in [0, 1]";
    if (!(r.sale_in_s >= 1 && r.sale_in_s <= kRoomSaleInMax_s))
        return "--sale-in-s must be in [1, 3600]";
    if (o.hold_ttl_ms > kFlashSaleHoldTtlMax_ms)
        return "--hold-ttl-ms must be at most 60000 for waiting-room (the audit waits it out)";
    return "";
}

std::string check_transfers(const Options& o) {
    const TransferOptions& t = o.transfer;
    if (o.target != TargetKind::seatd)
        return "the transfers scenario drives seatd's ticket transfers and resale; the Redis "
               "design has no tickets to hand over (use a seatd:// target)";
    if (t.tickets < 1 || t.tickets > kTransferTicketsMax) return "--tickets must be 1..60000";
    if (t.handovers_max < 1 || t.handovers_max > kHandoversPerTicketMax)
        return "--handovers-max must be 1..49 (two code versions per hand-over, 100 at most)";
    if (!o.payment_method.empty())
        return "--payment-method does not apply to transfers (the setup buys with Purchase)";
    return "";
}

std::string check_ranges(const Options& o) {
    if (o.connections < 1 || o.connections > kConnectionsMax)
        return "-c must be 1.." + std::to_string(kConnectionsMax);
    if (o.pipeline < 1 || o.pipeline > kPipelineMax)
        return "-P must be 1.." + std::to_string(kPipelineMax);
    if (o.requests < 1 || o.requests > kRequestsMax) return "-n must be 1..1e9";
    if (!(o.duration_s > 0 && o.duration_s <= kDurationMax_s))
        return "--duration must be in (0, 3600] seconds";
    if (o.purchase_share < 0 || o.release_share < 0 || o.purchase_share + o.release_share > 1)
        return "--purchase-share and --release-share must be >= 0 and add up to at most 1";
    if (o.hold_ttl_ms < 0 || o.hold_ttl_ms > 86'400'000) return "--hold-ttl-ms must be 0..86400000";
    if (o.scenario == Scenario::flash_sale && o.hold_ttl_ms > kFlashSaleHoldTtlMax_ms)
        return "--hold-ttl-ms must be at most 60000 for flash-sale (the audit waits it out)";
    if (!(o.contended_fill > 0 && o.contended_fill <= kContendedFillMax))
        return "--fill must be in (0, 0.95]";
    if (o.threads < 0 || o.threads > kClientThreadsMax)
        return "--threads must be 0.." + std::to_string(kClientThreadsMax);
    if (o.server_pid < 0) return "--server-pid must be a PID, or 0 to find the server by its port";
    if (o.venue != "stadium" && o.venue != "theatre" && o.venue != "arena")
        return "--venue must be stadium, theatre or arena";
    if (o.scenario == Scenario::waiting_room) return check_room(o);
    if (o.scenario == Scenario::transfers) return check_transfers(o);
    return "";
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv, std::string& message, bool& help) {
    help = false;
    Options o;
    std::string target = "seatd://127.0.0.1:7400", scenario = "holds";
    RoomOptions& r = o.room;
    TransferOptions& tr = o.transfer;
    po::variables_map vm;
    po::options_description desc(
        "seatbench: load generator for seatd (and the article's Redis design)\n"
        "usage: seatbench [options]\noptions");
    // clang-format off
    desc.add_options()
        ("help,h", "this text")
        ("target,t", po::value(&target)->default_value(target), "seatd://127.0.0.1:PORT or redis://127.0.0.1:PORT")
        ("key,k", po::value(&o.api_key), "seatd API key with the admin role (or env SEATBENCH_KEY)")
        ("tls-ca", po::value(&o.tls_ca), "seatd: connect with TLS, verifying the server with this CA file")
        ("scenario,s", po::value(&scenario)->default_value(scenario), "flash-sale | holds | contended | section-read | waiting-room | transfers")
        ("connections,c", po::value(&o.connections)->default_value(o.connections), "connections")
        ("threads", po::value(&o.threads)->default_value(o.threads), "seatd: client I/O threads all connections share; 0 = one per connection")
        ("pipeline,P", po::value(&o.pipeline)->default_value(o.pipeline), "requests in flight per connection")
        ("requests,n", po::value(&o.requests)->default_value(o.requests), "stop after this many requests in all")
        ("duration,d", po::value(&o.duration_s)->default_value(o.duration_s), "stop after this many seconds")
        ("seed", po::value(&o.seed)->default_value(o.seed), "seed of the simulated buyers' choices")
        ("venue", po::value(&o.venue)->default_value(o.venue), "stadium (70,000 seats) | theatre (200) | arena (8,000)")
        ("event", po::value(&o.event)->default_value(o.event), "event id to create; 0 = derived from the clock")
        ("purchase-share", po::value(&o.purchase_share)->default_value(o.purchase_share, "0.8"), "flash-sale: share of holds bought")
        ("release-share", po::value(&o.release_share)->default_value(o.release_share, "0.1"), "flash-sale: share released (the rest expire)")
        ("hold-ttl-ms", po::value(&o.hold_ttl_ms)->default_value(o.hold_ttl_ms), "hold time; 0 = 3000 for flash-sale, 10000 for waiting-room, 600000 otherwise")
        ("payment-method", po::value(&o.payment_method), "seatd: buy with Checkout charging this method (e.g. pm_card_visa) at seatd's payment provider, not Purchase")
        ("fill", po::value(&o.contended_fill)->default_value(o.contended_fill, "0.6"), "contended: stop when this share of seats is held")
        ("buyers", po::value(&r.buyers)->default_value(r.buyers), "waiting-room: buyers who join the queue")
        ("max-active", po::value(&r.max_active)->default_value(r.max_active), "waiting-room: the room's max_active")
        ("batch", po::value(&r.batch)->default_value(r.batch), "waiting-room: the room's batch_size")
        ("batch-interval-ms", po::value(&r.batch_interval_ms)->default_value(r.batch_interval_ms), "waiting-room: the room's batch_interval_ms")
        ("token-ttl-ms", po::value(&r.token_ttl_ms)->default_value(r.token_ttl_ms), "waiting-room: the room's token_ttl_ms")
        ("grace-ms", po::value(&r.grace_ms)->default_value(r.grace_ms), "waiting-room: the room's heartbeat grace (> --poll-max-ms)")
        ("poll-max-ms", po::value(&r.poll_max_ms)->default_value(r.poll_max_ms), "waiting-room: a waiting buyer's longest poll interval")
        ("abandon-share", po::value(&r.abandon_share)->default_value(r.abandon_share, "0.05"), "waiting-room: buyers who stop polling while waiting")
        ("hold-abandon-share", po::value(&r.hold_abandon_share)->default_value(r.hold_abandon_share, "0.1"), "waiting-room: admitted buyers who hold and never buy")
        ("late-share", po::value(&r.late_share)->default_value(r.late_share, "0.1"), "waiting-room: buyers who join after the sale start")
        ("sale-in-s", po::value(&r.sale_in_s)->default_value(r.sale_in_s), "waiting-room: seconds from the event's creation to the sale start")
        ("tickets", po::value(&tr.tickets)->default_value(tr.tickets), "transfers: tickets sold (Purchase) before the run, untimed")
        ("list-every", po::value(&tr.list_every)->default_value(tr.list_every), "transfers: one hand-over in this many is list + delist instead of offer + claim; 0 = never")
        ("handovers-max", po::value(&tr.handovers_max)->default_value(tr.handovers_max), "transfers: a ticket is retired after this many hand-overs (1..49)")
        ("server-pid", po::value(&o.server_pid)->default_value(o.server_pid), "the server's PID, for its CPU per request; 0 = the process listening on the target's port")
        ("json", po::bool_switch(&o.json), "print the report as JSON on stdout")
        ("quiet,q", po::bool_switch(&o.quiet), "no live progress line on stderr");
    // clang-format on
    try {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
        if (vm.count("help")) {
            std::ostringstream os;
            os << desc;
            message = os.str();
            help = true;
            return std::nullopt;
        }
    } catch (const po::error& e) {
        message = e.what();
        return std::nullopt;
    }
    if (!parse_target(target, o, message) || !parse_scenario(scenario, o, message))
        return std::nullopt;
    if (!o.tls_ca.empty() && o.target != TargetKind::seatd) {
        message = "--tls-ca is for seatd targets only";
        return std::nullopt;
    }
    if (!o.payment_method.empty() && o.target != TargetKind::seatd) {
        message = "--payment-method is for seatd targets only (the Redis design has no payments)";
        return std::nullopt;
    }
    if (o.api_key.empty()) {
        if (const char* env = std::getenv("SEATBENCH_KEY")) o.api_key = env;
    }
    if (o.scenario == Scenario::waiting_room) {
        // Tens of thousands of buyers poll through a few connections, deeply
        // pipelined; abandoned holds come back soon; a sale lasts minutes.
        if (vm["connections"].defaulted()) o.connections = kRoomConnectionsDefault;
        if (vm["pipeline"].defaulted()) o.pipeline = kRoomPipelineDefault;
        if (vm["duration"].defaulted()) o.duration_s = kRoomDurationDefault_s;
        if (o.hold_ttl_ms == 0) o.hold_ttl_ms = kRoomHoldTtlDefault_ms;
    }
    if (o.hold_ttl_ms == 0) o.hold_ttl_ms = o.scenario == Scenario::flash_sale ? 3'000 : 600'000;
    message = check_ranges(o);
    if (!message.empty()) return std::nullopt;
    return o;
}

}  // namespace seat::bench
