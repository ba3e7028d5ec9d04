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
    for (Scenario s :
         {Scenario::flash_sale, Scenario::holds, Scenario::contended, Scenario::section_read}) {
        if (name == to_string(s)) {
            o.scenario = s;
            return true;
        }
    }
    error = "unknown scenario \"" + name + "\" (flash-sale, holds, contended, section-read)";
    return false;
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
    if (o.venue != "stadium" && o.venue != "theatre" && o.venue != "arena")
        return "--venue must be stadium, theatre or arena";
    return "";
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv, std::string& message, bool& help) {
    help = false;
    Options o;
    std::string target = "seatd://127.0.0.1:7400", scenario = "holds";
    po::options_description desc(
        "seatbench: load generator for seatd (and the article's Redis design)\n"
        "usage: seatbench [options]\noptions");
    // clang-format off
    desc.add_options()
        ("help,h", "this text")
        ("target,t", po::value(&target)->default_value(target), "seatd://127.0.0.1:PORT or redis://127.0.0.1:PORT")
        ("key,k", po::value(&o.api_key), "seatd API key with the admin role (or env SEATBENCH_KEY)")
        ("tls-ca", po::value(&o.tls_ca), "seatd: connect with TLS, verifying the server with this CA file")
        ("scenario,s", po::value(&scenario)->default_value(scenario), "flash-sale | holds | contended | section-read")
        ("connections,c", po::value(&o.connections)->default_value(o.connections), "connections (one thread each)")
        ("pipeline,P", po::value(&o.pipeline)->default_value(o.pipeline), "requests in flight per connection")
        ("requests,n", po::value(&o.requests)->default_value(o.requests), "stop after this many requests in all")
        ("duration,d", po::value(&o.duration_s)->default_value(o.duration_s), "stop after this many seconds")
        ("seed", po::value(&o.seed)->default_value(o.seed), "seed of the simulated buyers' choices")
        ("venue", po::value(&o.venue)->default_value(o.venue), "stadium (70,000 seats) | theatre (200) | arena (8,000)")
        ("event", po::value(&o.event)->default_value(o.event), "event id to create; 0 = derived from the clock")
        ("purchase-share", po::value(&o.purchase_share)->default_value(o.purchase_share, "0.8"), "flash-sale: share of holds bought")
        ("release-share", po::value(&o.release_share)->default_value(o.release_share, "0.1"), "flash-sale: share released (the rest expire)")
        ("hold-ttl-ms", po::value(&o.hold_ttl_ms)->default_value(o.hold_ttl_ms), "hold time; 0 = 3000 for flash-sale, 600000 otherwise")
        ("payment-method", po::value(&o.payment_method), "seatd: buy with Checkout charging this method (e.g. pm_card_visa) at seatd's payment provider, not Purchase")
        ("fill", po::value(&o.contended_fill)->default_value(o.contended_fill, "0.6"), "contended: stop when this share of seats is held")
        ("json", po::bool_switch(&o.json), "print the report as JSON on stdout")
        ("quiet,q", po::bool_switch(&o.quiet), "no live progress line on stderr");
    // clang-format on
    try {
        po::variables_map vm;
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
    if (o.hold_ttl_ms == 0) o.hold_ttl_ms = o.scenario == Scenario::flash_sale ? 3'000 : 600'000;
    message = check_ranges(o);
    if (!message.empty()) return std::nullopt;
    return o;
}

}  // namespace seat::bench
