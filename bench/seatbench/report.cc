// Formatting only: every number printed here was computed by the runner or the
// audit. JSON is written with Boost.JSON so that strings are escaped correctly.
#include "bench/seatbench/report.h"

#include <boost/json.hpp>
#include <cstdio>

namespace seat::bench {
namespace {

constexpr double kPercentiles[] = {0.50, 0.90, 0.99, 0.999};
constexpr const char* kPercentileNames[] = {"p50", "p90", "p99", "p99.9"};

double throughput(const ReportInput& in) {
    return in.run->elapsed_s > 0 ? static_cast<double>(in.run->requests()) / in.run->elapsed_s : 0;
}

double cpu_share_of_one_core(const ReportInput& in) {
    return in.run->elapsed_s > 0 ? in.cpu_s / in.run->elapsed_s : 0;
}

constexpr double kUsPerSecond = 1e6;

// The transfers scenario: hand-overs completed in the run (two commands each).
std::uint64_t handovers(const ReportInput& in) {
    const auto it = in.run->counters.find("handovers");
    return it == in.run->counters.end() ? 0 : it->second;
}
double per_s(std::uint64_t n, const ReportInput& in) {
    return in.run->elapsed_s > 0 ? static_cast<double>(n) / in.run->elapsed_s : 0;
}

// CPU seconds spent per request, in microseconds; 0 without requests.
double us_per_request(double cpu_s, const ReportInput& in) {
    const auto n = in.run->requests();
    return n > 0 ? cpu_s * kUsPerSecond / static_cast<double>(n) : 0;
}

std::string ms(std::uint64_t us) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(us) / 1000.0);
    return buf;
}

void latency_line(std::ostream& os, const char* label, const Histogram& h) {
    os << "  " << label << ": n=" << h.count();
    for (std::size_t i = 0; i < std::size(kPercentiles); ++i)
        os << "  " << kPercentileNames[i] << " " << ms(h.percentile_us(kPercentiles[i]));
    os << "  max " << ms(h.max_us()) << " ms\n";
}

boost::json::object latency_json(const Histogram& h) {
    boost::json::object o;
    o["count"] = h.count();
    o["min_us"] = h.min_us();
    for (std::size_t i = 0; i < std::size(kPercentiles); ++i)
        o[std::string(kPercentileNames[i]) + "_us"] = h.percentile_us(kPercentiles[i]);
    o["max_us"] = h.max_us();
    return o;
}

}  // namespace

void print_text(std::ostream& os, const ReportInput& in) {
    const Options& o = *in.options;
    const RunResult& r = *in.run;
    char buf[256];
    os << "seatbench " << to_string(o.scenario) << " against " << in.target_name << " " << o.host
       << ":" << o.port << "  event " << in.event << " (" << in.venue_kind << ", " << in.capacity
       << " seats)\n";
    os << "  " << o.connections << " connections x pipeline " << o.pipeline << ", limits "
       << o.requests << " requests / " << o.duration_s << " s, seed " << o.seed << "\n";
    std::snprintf(buf, sizeof buf, "  %llu requests in %.3f s: %.0f requests/s\n",
                  static_cast<unsigned long long>(r.requests()), r.elapsed_s, throughput(in));
    os << buf;
    if (o.scenario == Scenario::transfers) {
        std::snprintf(buf, sizeof buf, "  %llu hand-overs: %.0f hand-overs/s (each two commands)\n",
                      static_cast<unsigned long long>(handovers(in)), per_s(handovers(in), in));
        os << buf;
    }
    for (std::size_t k = 0; k < kOpKinds; ++k) {
        const KindCounts& c = r.counts[k];
        if (c.total() == 0) continue;
        os << "  " << to_string(static_cast<OpKind>(k)) << ": " << c.ok << " ok, " << c.refused
           << " refused, " << c.errors << " errors\n";
    }
    if (r.seats_read > 0) os << "  seats read: " << r.seats_read << "\n";
    for (const auto& [code, n] : r.codes)
        os << "    " << code << ": " << n << "\n";
    os << "latency (ms, from a log-linear histogram, <1% error):\n";
    latency_line(os, "all", r.all);
    for (std::size_t k = 0; k < kOpKinds; ++k)
        if (r.by_kind[k].count() > 0)
            latency_line(os, to_string(static_cast<OpKind>(k)), r.by_kind[k]);
    for (const auto& [name, n] : r.counters)
        os << "  " << name << ": " << n << "\n";
    if (o.scenario == Scenario::flash_sale) {
        if (r.sold_out_s)
            std::snprintf(buf, sizeof buf, "  sold out in %.3f s\n", *r.sold_out_s);
        else
            std::snprintf(buf, sizeof buf, "  not sold out when the run ended\n");
        os << buf;
    }
    std::snprintf(buf, sizeof buf,
                  "seatbench CPU: %.2f s user+sys = %.0f%% of one core (%u cores on this "
                  "machine)\n",
                  in.cpu_s, 100 * cpu_share_of_one_core(in), in.cores);
    os << buf;
    std::snprintf(buf, sizeof buf, "  %.2f us of seatbench CPU per request\n",
                  us_per_request(in.cpu_s, in));
    os << buf;
    if (in.server.cpu_s) {
        std::snprintf(buf, sizeof buf,
                      "server CPU (pid %d): %.2f s user+sys = %.0f%% of one core, %.2f us per "
                      "request\n",
                      in.server.pid, *in.server.cpu_s,
                      r.elapsed_s > 0 ? 100 * *in.server.cpu_s / r.elapsed_s : 0.0,
                      us_per_request(*in.server.cpu_s, in));
        os << buf;
        if (o.scenario == Scenario::transfers && handovers(in) > 0) {
            std::snprintf(buf, sizeof buf, "  %.2f us of server CPU per hand-over\n",
                          *in.server.cpu_s * kUsPerSecond / static_cast<double>(handovers(in)));
            os << buf;
        }
    } else {
        os << "server CPU: not measured (" << in.server.note << ")\n";
    }
    print_audit_text(os, *in.audit);
}

void print_json(std::ostream& os, const ReportInput& in) {
    const Options& o = *in.options;
    const RunResult& r = *in.run;
    boost::json::object j;
    j["scenario"] = to_string(o.scenario);
    j["target"] = in.target_name;
    j["address"] = o.host + ":" + std::to_string(o.port);
    j["event"] = in.event;
    j["venue"] = in.venue_kind;
    j["capacity"] = in.capacity;
    j["connections"] = o.connections;
    j["pipeline"] = o.pipeline;
    j["request_limit"] = o.requests;
    j["duration_limit_s"] = o.duration_s;
    j["seed"] = o.seed;
    j["requests"] = r.requests();
    j["elapsed_s"] = r.elapsed_s;
    j["throughput_per_s"] = throughput(in);
    j["ok"] = r.requests() - r.refused() - r.errors();
    j["refused"] = r.refused();
    j["errors"] = r.errors();
    j["seats_read"] = r.seats_read;
    if (o.scenario == Scenario::transfers) {
        j["handovers"] = handovers(in);
        j["handovers_per_s"] = per_s(handovers(in), in);
    }
    boost::json::object kinds;
    for (std::size_t k = 0; k < kOpKinds; ++k) {
        const KindCounts& c = r.counts[k];
        if (c.total() == 0) continue;
        boost::json::object ko{{"ok", c.ok}, {"refused", c.refused}, {"errors", c.errors}};
        ko["latency"] = latency_json(r.by_kind[k]);
        kinds[to_string(static_cast<OpKind>(k))] = std::move(ko);
    }
    j["by_kind"] = std::move(kinds);
    j["latency"] = latency_json(r.all);
    boost::json::object codes, counters;
    for (const auto& [code, n] : r.codes)
        codes[code] = n;
    for (const auto& [name, n] : r.counters)
        counters[name] = n;
    j["codes"] = std::move(codes);
    j["counters"] = std::move(counters);
    if (r.sold_out_s)
        j["sold_out_s"] = *r.sold_out_s;
    else
        j["sold_out_s"] = nullptr;
    j["cpu_s"] = in.cpu_s;
    j["cpu_share_of_one_core"] = cpu_share_of_one_core(in);
    j["cores"] = in.cores;
    j["cpu_us_per_request"] = us_per_request(in.cpu_s, in);
    if (in.server.pid != 0)
        j["server_pid"] = in.server.pid;
    else
        j["server_pid"] = nullptr;
    if (in.server.cpu_s) {
        j["server_cpu_s"] = *in.server.cpu_s;
        j["server_cpu_us_per_request"] = us_per_request(*in.server.cpu_s, in);
        if (o.scenario == Scenario::transfers && handovers(in) > 0)
            j["server_cpu_us_per_handover"] =
                *in.server.cpu_s * kUsPerSecond / static_cast<double>(handovers(in));
    } else {
        j["server_cpu_s"] = nullptr;
        j["server_cpu_us_per_request"] = nullptr;
        j["server_cpu_note"] = in.server.note;
    }
    j["audit"] = audit_json(*in.audit);
    os << boost::json::serialize(j) << "\n";
}

void print_audit_text(std::ostream& os, const AuditReport& a) {
    os << "audit: " << (a.passed() ? "PASSED" : "FAILED") << "\n";
    for (const auto& c : a.checks)
        os << "  [" << (c.passed ? "ok" : "FAIL") << "] " << c.name << ": " << c.detail << "\n";
    for (const auto& n : a.notes)
        os << "  note: " << n << "\n";
}

boost::json::object audit_json(const AuditReport& a) {
    boost::json::object audit;
    audit["passed"] = a.passed();
    audit["available"] = a.counts[0];
    audit["held"] = a.counts[1];
    audit["sold"] = a.counts[2];
    audit["blocked"] = a.counts[3];
    boost::json::array checks, notes;
    for (const auto& c : a.checks)
        checks.push_back(
            boost::json::object{{"name", c.name}, {"passed", c.passed}, {"detail", c.detail}});
    for (const auto& n : a.notes)
        notes.push_back(boost::json::string(n));
    audit["checks"] = std::move(checks);
    audit["notes"] = std::move(notes);
    return audit;
}

}  // namespace seat::bench
