// Figures first (room_figures), then formatting only: every number printed
// here was computed there or by the scheduler. JSON is written with Boost.JSON.
#include "bench/seatbench/room_report.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>

#include "bench/seatbench/rank_order.h"
#include "bench/seatbench/report.h"

namespace seat::bench {
namespace {

constexpr double kP50 = 0.50;
constexpr double kP99 = 0.99;

// How buyers ended, by the names the report uses.
struct CounterName {
    const char* name;
    std::uint64_t RoomCounters::*member;
};
constexpr CounterName kCounters[] = {
    {"joined", &RoomCounters::joined},
    {"joined_before_sale", &RoomCounters::joined_before_sale},
    {"abandon_chosen", &RoomCounters::abandon_chosen},
    {"hold_abandon_chosen", &RoomCounters::hold_abandon_chosen},
    {"admitted", &RoomCounters::admitted},
    {"holds", &RoomCounters::holds},
    {"seats_bought", &RoomCounters::seats_bought},
    {"ended_bought", &RoomCounters::ended_bought},
    {"ended_hold_abandoned", &RoomCounters::ended_hold_abandoned},
    {"ended_abandoned", &RoomCounters::ended_abandoned},
    {"ended_told_sold_out", &RoomCounters::ended_told_sold_out},
    {"ended_no_seats", &RoomCounters::ended_no_seats},
    {"ended_admission_ended", &RoomCounters::ended_admission_ended},
    {"ended_position_lost", &RoomCounters::ended_position_lost},
    {"ended_failed", &RoomCounters::ended_failed},
    {"unfinished", &RoomCounters::unfinished},
};

void add(RoomFigures& f, std::string name, bool passed, std::string detail) {
    f.checks.push_back({std::move(name), passed, std::move(detail)});
}

void room_checks(RoomFigures& f, const Options& o, const RoomRun& run) {
    const RoomMonitor& m = run.monitor;
    add(f, "never more than max_active admitted at once", m.max_active_seen <= o.room.max_active,
        "at most " + std::to_string(m.max_active_seen) + " active in " + std::to_string(m.reads) +
            " GetRoom reads, max_active " + std::to_string(o.room.max_active));
    if (f.admitted_after_sold_out)
        add(f, "no admission after the sell-out", *f.admitted_after_sold_out == 0,
            std::to_string(m.admitted_total_at_sold_out) + " admitted when first seen sold out, " +
                std::to_string(m.admitted_total_at_end) + " at the end");
    else
        add(f, "no admission after the sell-out", true, "not sold out during the run");
    add(f, "admission follows the drawn order", f.inversions == 0,
        std::to_string(f.inversions) + " inversions among " + std::to_string(f.ranked_admitted) +
            " admitted buyers ranked by place (the same admitted_at_ms is a tie)");
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string seconds(std::uint64_t ms) {
    return fixed(static_cast<double>(ms) / 1000.0, 2) + " s";
}

std::string tau(const std::optional<double>& t) {
    return t ? fixed(*t, 3) : std::string("n/a");
}

boost::json::value optional_json(const std::optional<double>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::object ms_json(const Histogram& h) {
    return {{"count", h.count()},
            {"p50", h.percentile_us(kP50)},
            {"p99", h.percentile_us(kP99)},
            {"max", h.max_us()}};
}

void print_requests(std::ostream& os, const RoomRun& r) {
    os << "requests (latency in ms, from a log-linear histogram):\n";
    for (std::size_t k = 0; k < kRoomRequestKinds; ++k) {
        const RoomRequestStats& s = r.requests[k];
        if (s.count == 0) continue;
        os << "  " << to_string(static_cast<RoomRequest>(k)) << ": n=" << s.count << " not ok "
           << s.errors << "  p50 " << fixed(s.latency.percentile_us(kP50) / 1000.0, 3) << "  p99 "
           << fixed(s.latency.percentile_us(kP99) / 1000.0, 3) << "  max "
           << fixed(s.latency.max_us() / 1000.0, 3) << "\n";
    }
    for (const auto& [code, n] : r.codes)
        os << "    " << code << ": " << n << "\n";
}

void print_buyers(std::ostream& os, const RoomRun& r) {
    const RoomCounters& c = r.counters;
    os << "buyers:\n  joined " << c.joined << " (" << c.joined_before_sale << " before the sale, "
       << c.joined - c.joined_before_sale << " after its start)\n";
    os << "  walked away while waiting: " << c.abandon_chosen << " chosen, " << c.ended_abandoned
       << " stopped polling; reclaimed by the room: " << r.monitor.abandoned_at_end << "\n";
    os << "  admitted " << c.admitted << ", holds " << c.holds << " (" << c.ended_hold_abandoned
       << " left to expire), seats bought " << c.seats_bought << " by " << c.ended_bought
       << " buyers\n";
    os << "  told sold out " << c.ended_told_sold_out << "; admitted, no seats left "
       << c.ended_no_seats << "; admission ended unused " << c.ended_admission_ended
       << "; position lost while polling " << c.ended_position_lost << "; failed " << c.ended_failed
       << "; unfinished " << c.unfinished << "\n";
}

void print_queue(std::ostream& os, const RoomRun& r, const RoomFigures& f) {
    os << "queue:\n  admission rate "
       << (f.admission_rate_per_s ? fixed(*f.admission_rate_per_s, 1) + "/s" : "n/a") << " ("
       << r.counters.admitted << " admissions over " << seconds(f.admission_span_ms)
       << ", from admitted_at_ms)\n";
    const Histogram& q = f.time_in_queue_ms;
    os << "  time in queue: p50 " << seconds(q.percentile_us(kP50)) << ", p99 "
       << seconds(q.percentile_us(kP99)) << ", max " << seconds(q.max_us()) << " (n=" << q.count()
       << ")\n";
    const Histogram& e = f.eta_error_ms;
    os << "  ETA error: p50 " << seconds(e.percentile_us(kP50)) << ", p99 "
       << seconds(e.percentile_us(kP99)) << ", median signed "
       << (f.eta_error_signed_median_ms
               ? fixed(static_cast<double>(*f.eta_error_signed_median_ms) / 1000.0, 2) + " s"
               : std::string("n/a"))
       << " (n=" << e.count() << "; positive: admitted later than predicted)\n";
    os << "fairness:\n  inversions between place and admission order: " << f.inversions << " among "
       << f.ranked_admitted << " admitted buyers\n";
    os << "  Kendall tau-b, join order vs place: pre-queue " << tau(f.tau_pre_queue)
       << " (n=" << f.ranked_pre_queue << ", drawn: about 0), after the start "
       << tau(f.tau_after_start) << " (n=" << f.ranked_after_start
       << ", first come first served: about 1)\n";
}

}  // namespace

bool RoomFigures::passed() const {
    return std::all_of(checks.begin(), checks.end(), [](const AuditCheck& c) { return c.passed; });
}

RoomFigures room_figures(const Options& o, const RoomRun& run) {
    RoomFigures f;
    std::vector<RankPair> by_place, pre_queue, after_start;
    std::vector<std::int64_t> signed_errors;
    std::int64_t first = INT64_MAX, last = INT64_MIN;
    std::uint64_t admitted = 0;
    for (const BuyerRecord& r : run.buyers) {
        if (r.place != 0 && r.joined_at_ms != 0)
            (r.pre_queue ? pre_queue : after_start).push_back({r.joined_at_ms, r.place});
        if (r.admitted_at_ms == 0) continue;
        ++admitted;
        first = std::min(first, r.admitted_at_ms);
        last = std::max(last, r.admitted_at_ms);
        const std::int64_t queued_from = std::max(r.joined_at_ms, run.sale_starts_at_ms);
        f.time_in_queue_ms.record_us(
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, r.admitted_at_ms - queued_from)));
        if (r.place != 0) by_place.push_back({r.place, r.admitted_at_ms});
        if (r.predicted_at_ms >= 0) {
            const std::int64_t error = r.admitted_at_ms - r.predicted_at_ms;
            signed_errors.push_back(error);
            f.eta_error_ms.record_us(static_cast<std::uint64_t>(std::llabs(error)));
        }
    }
    if (admitted >= 2 && last > first) {
        f.admission_span_ms = last - first;
        f.admission_rate_per_s =
            static_cast<double>(admitted) * 1000.0 / static_cast<double>(f.admission_span_ms);
    }
    if (!signed_errors.empty()) {
        auto mid = signed_errors.begin() + static_cast<std::ptrdiff_t>(signed_errors.size() / 2);
        std::nth_element(signed_errors.begin(), mid, signed_errors.end());
        f.eta_error_signed_median_ms = *mid;
    }
    f.ranked_admitted = by_place.size();
    f.inversions = count_inversions(std::move(by_place));
    f.ranked_pre_queue = pre_queue.size();
    f.tau_pre_queue = kendall_tau_b(std::move(pre_queue));
    f.ranked_after_start = after_start.size();
    f.tau_after_start = kendall_tau_b(std::move(after_start));
    const RoomMonitor& m = run.monitor;
    if (m.sold_out_seen) {
        f.sold_out_after_start_s =
            static_cast<double>(m.sold_out_seen_at_ms - run.sale_starts_at_ms) / 1000.0;
        f.admitted_after_sold_out = m.admitted_total_at_end >= m.admitted_total_at_sold_out
                                        ? m.admitted_total_at_end - m.admitted_total_at_sold_out
                                        : 0;
    }
    room_checks(f, o, run);
    return f;
}

void print_room_text(std::ostream& os, const RoomReportInput& in) {
    const Options& o = *in.options;
    const RoomOptions& ro = o.room;
    const RoomRun& r = *in.run;
    const RoomFigures& f = *in.figures;
    os << "seatbench waiting-room against seatd " << o.host << ":" << o.port << "  event "
       << in.event << " (" << o.venue << ", " << in.capacity << " seats, " << in.sellable
       << " on sale)\n";
    os << "  " << ro.buyers << " buyers (" << ro.late_share << " late, " << ro.abandon_share
       << " walk away, " << ro.hold_abandon_share << " hold and go), " << o.connections
       << " connections x pipeline " << o.pipeline << ", seed " << o.seed << ", limit "
       << o.duration_s << " s\n";
    os << "  room: max_active " << ro.max_active << ", batch " << ro.batch << " / "
       << ro.batch_interval_ms << " ms, token " << ro.token_ttl_ms << " ms, grace " << ro.grace_ms
       << " ms, polls every 1.." << ro.poll_max_ms / 1000 << " s, sale " << ro.sale_in_s
       << " s after creation; holds " << o.hold_ttl_ms << " ms"
       << (o.payment_method.empty() ? "" : ", checkout with " + o.payment_method) << "\n";
    print_buyers(os, r);
    os << "  "
       << (f.sold_out_after_start_s
               ? "sold out " + fixed(*f.sold_out_after_start_s, 1) + " s after the sale start"
               : std::string("not sold out"))
       << "; run " << fixed(r.elapsed_s, 1) << " s"
       << (r.hit_duration_cap ? " (stopped at the duration limit)" : "") << "\n";
    print_queue(os, r, f);
    os << "room:\n  max active seen " << r.monitor.max_active_seen << " of " << ro.max_active
       << "; admitted_total at the sell-out "
       << (r.monitor.sold_out_seen ? std::to_string(r.monitor.admitted_total_at_sold_out) : "n/a")
       << ", at the end " << r.monitor.admitted_total_at_end << "\n";
    print_requests(os, r);
    const double cpu_share = r.elapsed_s > 0 ? in.cpu_s / r.elapsed_s : 0;
    os << "seatbench CPU: " << fixed(in.cpu_s, 2) << " s user+sys = " << fixed(100 * cpu_share, 0)
       << "% of one core (" << in.cores << " cores on this machine)\n";
    os << "room checks: " << (f.passed() ? "PASSED" : "FAILED") << "\n";
    for (const auto& c : f.checks)
        os << "  [" << (c.passed ? "ok" : "FAIL") << "] " << c.name << ": " << c.detail << "\n";
    print_audit_text(os, *in.audit);
}

void print_room_json(std::ostream& os, const RoomReportInput& in) {
    const Options& o = *in.options;
    const RoomOptions& ro = o.room;
    const RoomRun& r = *in.run;
    const RoomFigures& f = *in.figures;
    const RoomCounters& c = r.counters;
    boost::json::object j;
    j["scenario"] = to_string(o.scenario);
    j["target"] = "seatd";
    j["address"] = o.host + ":" + std::to_string(o.port);
    j["event"] = in.event;
    j["venue"] = o.venue;
    j["capacity"] = in.capacity;
    j["sellable"] = in.sellable;
    j["connections"] = o.connections;
    j["pipeline"] = o.pipeline;
    j["seed"] = o.seed;
    j["duration_limit_s"] = o.duration_s;
    j["hold_ttl_ms"] = o.hold_ttl_ms;
    j["payment_method"] = o.payment_method;
    j["room"] = {{"max_active", ro.max_active},
                 {"batch_size", ro.batch},
                 {"batch_interval_ms", ro.batch_interval_ms},
                 {"token_ttl_ms", ro.token_ttl_ms},
                 {"heartbeat_grace_ms", ro.grace_ms},
                 {"poll_max_ms", ro.poll_max_ms},
                 {"sale_in_s", ro.sale_in_s}};
    j["shares"] = {{"late", ro.late_share},
                   {"abandon", ro.abandon_share},
                   {"hold_abandon", ro.hold_abandon_share}};
    j["buyers"] = ro.buyers;
    j["joined"] = c.joined;
    j["abandoned_chosen"] = c.abandon_chosen;
    j["abandoned"] = c.ended_abandoned;
    j["reclaimed"] = r.monitor.abandoned_at_end;
    j["admitted"] = c.admitted;
    j["holds"] = c.holds;
    j["seats_bought"] = c.seats_bought;
    j["told_sold_out"] = c.ended_told_sold_out;
    boost::json::object counters;
    for (const CounterName& n : kCounters)
        counters[n.name] = c.*n.member;
    j["counters"] = std::move(counters);
    j["elapsed_s"] = r.elapsed_s;
    j["hit_duration_cap"] = r.hit_duration_cap;
    j["sold_out_after_start_s"] = optional_json(f.sold_out_after_start_s);
    j["admission_rate_per_s"] = optional_json(f.admission_rate_per_s);
    j["admission_span_ms"] = f.admission_span_ms;
    j["time_in_queue_ms"] = ms_json(f.time_in_queue_ms);
    boost::json::object eta = ms_json(f.eta_error_ms);
    eta["median_signed"] = f.eta_error_signed_median_ms
                               ? boost::json::value(*f.eta_error_signed_median_ms)
                               : boost::json::value(nullptr);
    j["eta_error_ms"] = std::move(eta);
    j["fairness"] = {{"inversions", f.inversions},
                     {"ranked_admitted", f.ranked_admitted},
                     {"tau_b_pre_queue", optional_json(f.tau_pre_queue)},
                     {"ranked_pre_queue", f.ranked_pre_queue},
                     {"tau_b_after_start", optional_json(f.tau_after_start)},
                     {"ranked_after_start", f.ranked_after_start}};
    j["max_active_seen"] = r.monitor.max_active_seen;
    j["max_active"] = ro.max_active;
    j["admitted_total_at_sold_out"] = r.monitor.sold_out_seen
                                          ? boost::json::value(r.monitor.admitted_total_at_sold_out)
                                          : boost::json::value(nullptr);
    j["admitted_total_at_end"] = r.monitor.admitted_total_at_end;
    j["admitted_after_sold_out"] = f.admitted_after_sold_out
                                       ? boost::json::value(*f.admitted_after_sold_out)
                                       : boost::json::value(nullptr);
    boost::json::object requests, codes;
    for (std::size_t k = 0; k < kRoomRequestKinds; ++k) {
        const RoomRequestStats& s = r.requests[k];
        requests[to_string(static_cast<RoomRequest>(k))] = {
            {"count", s.count},
            {"not_ok", s.errors},
            {"latency",
             {{"p50_us", s.latency.percentile_us(kP50)},
              {"p99_us", s.latency.percentile_us(kP99)},
              {"max_us", s.latency.max_us()}}}};
    }
    for (const auto& [code, n] : r.codes)
        codes[code] = n;
    j["requests"] = std::move(requests);
    j["codes"] = std::move(codes);
    j["cpu_s"] = in.cpu_s;
    j["cpu_share_of_one_core"] = r.elapsed_s > 0 ? in.cpu_s / r.elapsed_s : 0.0;
    j["cores"] = in.cores;
    boost::json::array checks;
    for (const auto& check : f.checks)
        checks.push_back(boost::json::object{
            {"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
    j["checks"] = std::move(checks);
    j["passed"] = f.passed() && in.audit->passed();
    j["audit"] = audit_json(*in.audit);
    os << boost::json::serialize(j) << "\n";
}

}  // namespace seat::bench
