// seatbench: parses the options, builds the venue, creates the run's event on
// the target (and, for transfers, sells its tickets), runs the scenario, waits
// for abandoned holds to expire (flash-sale, waiting-room), reads the final
// state back (and the transfers' custody chains), audits it and prints the report.
// Exit status: 0 when the audit (and the waiting room's own checks) passed, 1
// when it failed, 2 when the run could not be set up.
#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "bench/seatbench/audit.h"
#include "bench/seatbench/options.h"
#include "bench/seatbench/process_cpu.h"
#include "bench/seatbench/redis_target.h"
#include "bench/seatbench/report.h"
#include "bench/seatbench/room_report.h"
#include "bench/seatbench/runner.h"
#include "bench/seatbench/seatd_target.h"
#include "bench/seatbench/transfers.h"
#include "bench/seatbench/venues.h"
#include "bench/seatbench/waiting_room.h"

namespace {

using namespace seat::bench;

constexpr int kExitAuditFailed = 1;
constexpr int kExitSetupFailed = 2;
// After the last abandoned hold's TTL, how long the server may take to expire it.
constexpr std::chrono::milliseconds kExpirySettle{1000};

double cpu_seconds() {
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    auto s = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    return s(ru.ru_utime) + s(ru.ru_stime);
}

std::uint64_t fresh_event_id() {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    // Past the demo event (1) and any small ids an operator picks by hand.
    return 1'000'000 + static_cast<std::uint64_t>(ms) % 1'000'000'000'000ull;
}

int fail(const std::string& message) {
    std::cerr << "seatbench: " << message << "\n";
    return kExitSetupFailed;
}

std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::uint64_t sellable_seats(const seat::Venue& venue) {
    std::uint64_t n = 0;
    for (const seat::SeatInfo& s : venue.seats)
        n += s.initially_blocked ? 0 : 1;
    return n;
}

// The waiting-room scenario has a run loop and a report of its own
// (waiting_room.h, room_report.h); its event has a room and a sale start
// `--sale-in-s` away, and its audit is the other scenarios'.
int waiting_room_main(const Options& o, const seat::Venue& venue, Target& target,
                      EventSetup setup) {
    std::string message;
    const RoomOptions& r = o.room;
    setup.sale_starts_at_ms = unix_ms() + static_cast<std::int64_t>(r.sale_in_s * 1000);
    setup.room.enabled = true;
    setup.room.max_active = r.max_active;
    setup.room.batch_size = r.batch;
    setup.room.batch_interval_ms = r.batch_interval_ms;
    setup.room.token_ttl_ms = r.token_ttl_ms;
    setup.room.heartbeat_grace_ms = r.grace_ms;
    if (!target.create_event(setup, message)) return fail(message);
    RoomRun run;
    const double cpu_before = cpu_seconds();
    if (!run_waiting_room(o, setup, run, message)) return fail(message);
    const double cpu_s = cpu_seconds() - cpu_before;

    // Holds walked away from (or cut off by the duration limit) expire within
    // their TTL; once waited out, no seat may be held.
    std::this_thread::sleep_for(std::chrono::milliseconds(o.hold_ttl_ms) + kExpirySettle);
    run.ledger.holds_exact = true;
    FinalState final_state;
    if (!target.read_final(setup, run.ledger, final_state, message))
        return fail("reading the final state back: " + message);
    const AuditReport report = audit(venue.seat_count(), run.ledger, final_state);
    const RoomFigures figures = room_figures(o, run);

    RoomReportInput in;
    in.options = &o;
    in.event = setup.event;
    in.capacity = venue.seat_count();
    in.sellable = sellable_seats(venue);
    in.run = &run;
    in.figures = &figures;
    in.audit = &report;
    in.cpu_s = cpu_s;
    in.cores = std::max(1u, std::thread::hardware_concurrency());
    if (o.json)
        print_room_json(std::cout, in);
    else
        print_room_text(std::cout, in);
    return report.passed() && figures.passed() ? 0 : kExitAuditFailed;
}

}  // namespace

int main(int argc, char** argv) {
    std::string message;
    bool help = false;
    auto parsed = parse_options(argc, argv, message, help);
    if (!parsed) {
        if (help) {
            std::cout << message;
            return 0;
        }
        return fail(message + " (--help for usage)");
    }
    const Options& o = *parsed;
    auto venue = make_venue(o.venue, message);
    if (!venue) return fail(message);
    auto target = o.target == TargetKind::seatd ? make_seatd_target(o) : make_redis_target(o);

    EventSetup setup;
    setup.event = o.event != 0 ? o.event : fresh_event_id();
    setup.venue_kind = o.venue;
    setup.venue = &*venue;
    setup.hold_ttl_ms = o.hold_ttl_ms;
    if (o.scenario == Scenario::waiting_room) return waiting_room_main(o, *venue, *target, setup);
    const bool transfers = o.scenario == Scenario::transfers;
    if (transfers) setup.transfers = transfer_settings();
    if (!target->create_event(setup, message)) return fail(message);

    Shared shared(*venue, o, read_section(*venue, o.venue));
    // The transfers scenario's tickets are sold before the measured run.
    Ledger sale;
    if (transfers && !sell_transfer_tickets(o, setup, shared, sale, message)) return fail(message);
    RunResult run;
    // Both processes' CPU over the same span: the run, connections included,
    // without the event's creation, the expiry wait or the audit's reads.
    const ServerCpuMeter server_cpu(o.server_pid, o.port);
    const double cpu_before = cpu_seconds();
    if (!run_scenario(*target, setup, shared, run, message)) return fail(message);
    const double cpu_s = cpu_seconds() - cpu_before;
    const ServerCpu server = server_cpu.finish();
    run.ledger.merge(std::move(sale));
    // Hand-overs the limits cut in half are finished, untimed, so every ticket is valid.
    if (transfers && !finish_handovers(o, setup, run.ledger, run.counters, message))
        return fail("finishing the hand-overs in progress: " + message);

    // Holds still live at the end (abandoned, or cut off by the limits) expire
    // within their TTL; waiting them out makes the final state exact: no holds.
    run.ledger.holds_exact = run.counters.count("holds_uncertain") == 0;
    if (o.scenario == Scenario::flash_sale) {
        std::this_thread::sleep_for(std::chrono::milliseconds(o.hold_ttl_ms) + kExpirySettle);
        run.ledger.live_held_seats.clear();
    }
    FinalState final_state;
    if (!target->read_final(setup, run.ledger, final_state, message))
        return fail("reading the final state back: " + message);
    AuditReport report = audit(venue->seat_count(), run.ledger, final_state);
    if (transfers &&
        !audit_transfers(o, setup, run.ledger,
                         run.refused() + run.errors() + run.counters["handovers_failed_after_run"],
                         report, message))
        return fail("reading the custody chains back: " + message);

    ReportInput in;
    in.options = &o;
    in.target_name = std::string(target->name());
    in.venue_kind = o.venue;
    in.event = setup.event;
    in.capacity = venue->seat_count();
    in.run = &run;
    in.audit = &report;
    in.cpu_s = cpu_s;
    in.server = server;
    in.cores = std::max(1u, std::thread::hardware_concurrency());
    if (o.json)
        print_json(std::cout, in);
    else
        print_text(std::cout, in);
    return report.passed() ? 0 : kExitAuditFailed;
}
