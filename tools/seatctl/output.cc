// How seatctl prints: times, money, counts and tickets for people and as JSON,
// and failures with their status, sentence, refused seats and exit code.
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>

#include "tools/seatctl/cli.h"

namespace seat::ctl {

std::string format_time(std::int64_t unix_ms) {
    const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

std::string format_utc_iso(std::int64_t unix_ms) {
    const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string format_money(std::int64_t minor, const std::string& currency) {
    std::ostringstream os;
    os << minor / 100 << '.' << (minor % 100 < 10 ? "0" : "") << std::abs(minor % 100) << ' '
       << currency;
    return os.str();
}

std::string format_duration_ms(std::int64_t ms) {
    if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

json::object counts_json(const sc::Counts& c) {
    return {{"available", c.available}, {"held", c.held}, {"sold", c.sold}, {"blocked", c.blocked}};
}

std::string counts_text(const sc::Counts& c) {
    std::ostringstream os;
    os << c.available << " available, " << c.held << " held, " << c.sold << " sold, " << c.blocked
       << " blocked";
    return os.str();
}

json::object ticket_json(const sc::Ticket& t) {
    return {{"ticket_id", t.ticket_id.to_string()},
            {"seat", t.seat},
            {"seat_name", t.seat_name},
            {"tier", t.tier},
            {"amount_minor", t.amount_minor},
            {"currency", t.currency},
            {"status", sc::to_string(t.status)},
            {"version", t.version},
            {"issued_at_ms", t.issued_at_ms},
            {"owner_id", t.owner_id},
            {"admitted_at_ms", t.admitted_at_ms},
            {"admitted_gate", t.admitted_gate},
            {"device_at_ms", t.device_at_ms},
            {"section", t.section_name},
            {"row", t.row_label},
            {"seat_label", t.seat_label},
            {"code", t.code},
            {"code_hmac", t.code_hmac}};
}

std::string ticket_text(const sc::Ticket& t) {
    std::ostringstream os;
    os << "ticket " << t.ticket_id.to_string() << "  " << t.seat_name << "  tier " << int{t.tier}
       << "  " << format_money(t.amount_minor, t.currency) << "  " << sc::to_string(t.status);
    return os.str();
}

void print_json(const json::value& v) {
    std::cout << json::serialize(v) << "\n";
}

namespace {

std::string seat_label(const sc::SeatRefusal& r) {
    if (!r.seat_name.empty()) return r.seat_name;
    if (r.seat != sc::kNoSeat) return "seat " + std::to_string(r.seat);
    return "(unnamed seat)";
}

// The command as a failure names it: with its action for the commands of
// several (`resale list`), as `transfer`, `resale` and `kyc` are.
std::string command_name(const Args& args) {
    const bool has_actions = args.command == "transfer" || args.command == "resale" ||
                             args.command == "kyc" || args.command == "payouts";
    if (!has_actions || args.positional.empty()) return args.command;
    return args.command + " " + args.positional[0];
}

int exit_code_of(sc::Status s) {
    if (s == sc::Status::ok) return kExitOk;
    if (sc::is_transport_error(s)) return kExitTransport;
    if (s == sc::Status::request_rejected) return kExitUsage;
    return kExitRefused;
}

// "Stalls/a/1 is not a seat; did you mean Stalls/A/1? (names are case-sensitive)"
std::string unknown_seat_text(const std::string& name, const UnknownSeat& u) {
    std::string out = name + " is not a seat";
    if (u.did_you_mean.empty()) return out + (u.why.empty() ? "" : ": " + u.why);
    out += "; did you mean ";
    for (std::size_t i = 0; i < u.did_you_mean.size(); ++i)
        out += (i == 0 ? "" : " or ") + u.did_you_mean[i];
    return out + "?" + (u.why.empty() ? "" : " (" + u.why + ")");
}

}  // namespace

// Prints a failed outcome (stderr for people, stdout for --json) and returns its exit code.
int report_failure(const Args& args, const sc::Outcome& r, const UnknownSeats& unknown) {
    return report_refusal(args, r, {}, {}, unknown);
}

int report_refusal(const Args& args, const sc::Outcome& r, const std::string& hint,
                   const json::object& extra, const UnknownSeats& unknown) {
    const std::string_view sentence = sc::describe(r.status);
    if (args.json) {
        json::array refusals;
        for (const auto& x : r.refusals) {
            json::object o{{"seat", x.seat},
                           {"seat_name", x.seat_name},
                           {"problem", sc::to_string(x.problem)}};
            if (auto u = unknown.find(x.seat_name); u != unknown.end()) {
                o["why"] = u->second.why;
                o["did_you_mean"] =
                    json::array(u->second.did_you_mean.begin(), u->second.did_you_mean.end());
            }
            refusals.push_back(std::move(o));
        }
        json::object o{{"ok", false},
                       {"status", sc::to_string(r.status)},
                       {"code", static_cast<int>(r.status)},
                       {"description", sentence},
                       {"message", r.message},
                       {"refusals", refusals},
                       {"refused_count", r.refused_count}};
        if (r.retry_after_ms > 0) o["retry_after_ms"] = r.retry_after_ms;
        if (!r.idempotency_key.is_zero()) o["idempotency_key"] = r.idempotency_key.to_string();
        if (!hint.empty()) o["hint"] = hint;
        for (const auto& [key, value] : extra)
            o[key] = value;
        print_json(o);
        return exit_code_of(r.status);
    }
    // A transport failure's message says what failed (which host and port, which
    // step); its status's sentence only says that it did.
    const std::string_view headline = sc::is_transport_error(r.status) && !r.message.empty()
                                          ? std::string_view(r.message)
                                          : sentence;
    std::cerr << "seatctl: " << command_name(args) << " failed: " << sc::to_string(r.status) << " ("
              << static_cast<int>(r.status) << "): " << headline << "\n";
    if (!r.message.empty() && r.message != headline) std::cerr << "  " << r.message << "\n";
    for (const auto& x : r.refusals) {
        if (auto u = unknown.find(x.seat_name); u != unknown.end())
            std::cerr << "  " << unknown_seat_text(x.seat_name, u->second) << "\n";
        else
            std::cerr << "  " << seat_label(x) << ": " << sc::to_string(x.problem) << "\n";
    }
    if (r.refused_count > r.refusals.size())
        std::cerr << "  ... and " << r.refused_count - r.refusals.size() << " more\n";
    if (r.retry_after_ms > 0) std::cerr << "  retry after " << r.retry_after_ms << " ms\n";
    if (!hint.empty()) std::cerr << "  " << hint << "\n";
    if (sc::is_transport_error(r.status) && !r.idempotency_key.is_zero()) {
        std::cerr << "  the outcome is unknown; retry safely with --idempotency-key "
                  << r.idempotency_key.to_string() << "\n";
    }
    return exit_code_of(r.status);
}

}  // namespace seat::ctl
