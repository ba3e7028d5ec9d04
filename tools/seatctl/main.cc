// seatctl: the operator's command line for seatd, one protocol request per
// invocation through libseatclient. Output is for people by default and JSON with
// --json; the exit code tells scripts what happened (0 ok, 1 refused by the
// server, 2 usage error, 3 connection or transport error; docs/seatctl.md).
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/frame.h"
#include "seat/client.h"
#include "tools/seatctl/cli.h"

namespace seat::ctl {

constexpr std::uint16_t kDefaultPort = 7400;
constexpr std::uint64_t kDefaultEvent = 1;
constexpr int kDefaultTimeoutMs = 5000;
// A person waits for a CLI: give up on an unreachable server after a few tries.
constexpr int kReconnectAttemptsMax = 3;
// The session that hold, extend, release and purchase share when --session is absent.
constexpr std::string_view kDefaultSession = "seatctl";
// Seats per line when a section has no row layout in its answer.
constexpr std::size_t kGridFallbackWidth = 50;

constexpr const char* kUsage =
    R"(usage: seatctl [GLOBAL FLAGS] COMMAND [ARGS] [FLAGS]

Talks to a seatd server (docs/seatctl.md).

Commands:
  ping                               round trip, server version and your role
  events                             list events
  create (--venue FILE | --generate theatre|stadium) [--name NAME]
                                     create event --event from a venue file
  summary                            counts by section and price tier
  section NAME                       seat grid: . available  h held  S sold  x blocked
  seat SEAT                          one seat's status
  hold SEAT... [--session S]         hold seats ("Stalls/A/5" or numeric ids)
  extend HOLD [--session S]          extend a hold once, for checkout
  release HOLD [--session S]         release a hold
  purchase HOLD --buyer B --payment P [--session S]
                                     buy a held hold; prints the ticket ids
  block SEAT...                      block seats (admin)
  unblock SEAT...                    unblock seats (admin)
  ticket TICKET_ID [--qr png|svg|term] [--out FILE]
                                     show a ticket and its codes; draw its QR
  admit CODE --gate G                admit a scanned code (scanner); CODE - reads stdin
  reissue TICKET_ID [--owner O]      new code (lost phone, transfer); old one revoked
  cancel TICKET_ID                   refund: ticket cancelled, seat on sale again
  tickets --owner O                  the tickets an owner holds
  revocations [--out FILE]           the revoked-code Bloom filter for offline scanners
  public-keys [--out FILE]           the Ed25519 public keys scanners verify with
  keys generate|list|rotate hmac|ed25519|retire KEY_ID|public --file FILE
                                     manage a ticket key file offline (no server)

Global flags:
  --host HOST          server host (default 127.0.0.1)
  --port PORT          server port (default 7400)
  --key KEY            API key (default: environment variable SEATCTL_KEY)
  --event ID           event id (default 1)
  --json               print JSON for scripts instead of text
  --timeout-ms N       give up after N ms (default 5000)
  --idempotency-key K  the key of a mutating command (UUID); reuse it to retry
                       a command whose outcome is unknown: it never acts twice
  --session S          session id: a UUID, or any string (hashed); default "seatctl"
  -h, --help           show this help

Exit codes:
  0  done
  1  refused by the server (a business status such as seats_unavailable,
     hold_expired, unauthorized); the status and its reason are printed
  2  usage error (unknown command or flag, missing argument, venue too large)
  3  connection or transport error (server unreachable, no answer in time);
     the outcome of a mutating command is then unknown: retry it with the same
     --idempotency-key
)";

// ---- Command line.

const std::vector<std::string_view> kValueFlags = {
    "host",    "port",  "key",     "event", "timeout-ms", "idempotency-key",
    "session", "buyer", "payment", "venue", "generate",   "name",
    "gate",    "owner", "qr",      "out",   "file",       "device-at-ms",
};

Args parse_args(int argc, char** argv) {
    Args args;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            args.command = "help";
            return args;
        }
        if (a == "--json") {
            args.json = true;
            continue;
        }
        if (a.starts_with("--")) {
            std::string name(a.substr(2));
            std::optional<std::string> value;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name.resize(eq);
            }
            if (std::find(kValueFlags.begin(), kValueFlags.end(), name) == kValueFlags.end())
                throw UsageError{"unknown flag --" + name};
            if (!value) {
                if (i + 1 >= argc) throw UsageError{"--" + name + " needs a value"};
                value = argv[++i];
            }
            args.flags[name] = *value;
            continue;
        }
        if (args.command.empty()) {
            args.command = std::string(a);
        } else {
            args.positional.emplace_back(a);
        }
    }
    return args;
}

bool is_number(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t parse_u64(const std::string& text, const std::string& what) {
    if (!is_number(text)) throw UsageError{what + " must be a number, not \"" + text + "\""};
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        throw UsageError{what + " is out of range: " + text};
    }
}

sc::Seats parse_seats(const std::vector<std::string>& words) {
    if (words.empty()) throw UsageError{"name at least one seat (\"Stalls/A/5\" or a seat id)"};
    sc::Seats seats;
    for (const auto& w : words) {
        if (is_number(w)) {
            seats.ids.push_back(static_cast<std::uint32_t>(parse_u64(w, "a seat id")));
        } else {
            seats.names.push_back(w);
        }
    }
    return seats;
}

sc::Id128 session_of(const Args& args) {
    const std::string s = args.flag("session").value_or(std::string(kDefaultSession));
    if (auto id = sc::Id128::parse(s)) return *id;
    return sc::Id128::from_name(s);
}

const std::string& one_positional(const Args& args, const char* what) {
    if (args.positional.size() != 1) throw UsageError{args.command + " takes exactly one " + what};
    return args.positional[0];
}

std::string require_flag(const Args& args, const std::string& name) {
    auto v = args.flag(name);
    if (!v || v->empty()) throw UsageError{args.command + " needs --" + name};
    return *v;
}

// ---- Output.

std::string format_time(std::int64_t unix_ms) {
    const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

std::string format_money(std::int64_t minor, const std::string& currency) {
    std::ostringstream os;
    os << minor / 100 << '.' << (minor % 100 < 10 ? "0" : "") << std::abs(minor % 100) << ' '
       << currency;
    return os.str();
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

std::string seat_label(const sc::SeatRefusal& r) {
    if (!r.seat_name.empty()) return r.seat_name;
    if (r.seat != sc::kNoSeat) return "seat " + std::to_string(r.seat);
    return "(unnamed seat)";
}

int exit_code_of(sc::Status s) {
    if (s == sc::Status::ok) return kExitOk;
    if (sc::is_transport_error(s)) return kExitTransport;
    if (s == sc::Status::request_rejected) return kExitUsage;
    return kExitRefused;
}

// Prints a failed outcome (stderr for people, stdout for --json) and returns its exit code.
int report_failure(const Args& args, const sc::Outcome& r) {
    const std::string_view sentence = sc::describe(r.status);
    if (args.json) {
        json::array refusals;
        for (const auto& x : r.refusals) {
            refusals.push_back(json::object{{"seat", x.seat},
                                            {"seat_name", x.seat_name},
                                            {"problem", sc::to_string(x.problem)}});
        }
        json::object o{{"ok", false},
                       {"status", sc::to_string(r.status)},
                       {"code", static_cast<int>(r.status)},
                       {"description", sentence},
                       {"message", r.message},
                       {"refusals", refusals},
                       {"refused_count", r.refused_count}};
        if (!r.idempotency_key.is_zero()) o["idempotency_key"] = r.idempotency_key.to_string();
        print_json(o);
        return exit_code_of(r.status);
    }
    std::cerr << "seatctl: " << args.command << " failed: " << sc::to_string(r.status) << " ("
              << static_cast<int>(r.status) << "): " << sentence << "\n";
    if (!r.message.empty() && r.message != sentence) std::cerr << "  " << r.message << "\n";
    for (const auto& x : r.refusals)
        std::cerr << "  " << seat_label(x) << ": " << sc::to_string(x.problem) << "\n";
    if (r.refused_count > r.refusals.size())
        std::cerr << "  ... and " << r.refused_count - r.refusals.size() << " more\n";
    if (r.retry_after_ms > 0) std::cerr << "  retry after " << r.retry_after_ms << " ms\n";
    if (sc::is_transport_error(r.status) && !r.idempotency_key.is_zero()) {
        std::cerr << "  the outcome is unknown; retry safely with --idempotency-key "
                  << r.idempotency_key.to_string() << "\n";
    }
    return exit_code_of(r.status);
}

// ---- Commands. Each returns the process's exit code.

int cmd_ping(Context& c) {
    const auto hello = c.client.connect();
    if (!hello.ok()) return report_failure(c.args, hello);
    const auto r = c.client.ping(c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"server_time_ms", r.value.server_time_ms},
                                {"round_trip_us", r.value.round_trip_us},
                                {"server_version", hello.value.server_version},
                                {"protocol_version", hello.value.protocol_version},
                                {"role", sc::to_string(hello.value.role)}});
    } else {
        std::cout << "pong from " << c.client.options().host << ":" << c.client.options().port
                  << ": " << hello.value.server_version << ", protocol "
                  << hello.value.protocol_version << ", role " << sc::to_string(hello.value.role)
                  << ", round trip " << r.value.round_trip_us << " us, server time "
                  << format_time(r.value.server_time_ms) << "\n";
    }
    return kExitOk;
}

int cmd_events(Context& c) {
    std::vector<sc::EventInfo> events;
    std::uint64_t after = 0;
    for (;;) {
        const auto r = c.client.list_events(after, 0, c.call);
        if (!r.ok()) return report_failure(c.args, r);
        events.insert(events.end(), r.value.events.begin(), r.value.events.end());
        if (!r.value.more || r.value.events.empty()) break;
        after = r.value.events.back().event;
    }
    if (c.args.json) {
        json::array a;
        for (const auto& e : events) {
            a.push_back(json::object{{"event", e.event},
                                     {"name", e.name},
                                     {"venue_name", e.venue_name},
                                     {"capacity", e.capacity},
                                     {"counts", counts_json(e.counts)},
                                     {"created_at_ms", e.created_at_ms},
                                     {"sequence", e.sequence}});
        }
        print_json(json::object{{"ok", true}, {"events", a}});
        return kExitOk;
    }
    if (events.empty()) std::cout << "no events\n";
    for (const auto& e : events) {
        std::cout << "event " << e.event << "  \"" << e.name << "\"  venue \"" << e.venue_name
                  << "\"  " << e.capacity << " seats: " << counts_text(e.counts) << "\n";
    }
    return kExitOk;
}

int cmd_create(Context& c) {
    const auto file = c.args.flag("venue");
    const auto generate = c.args.flag("generate");
    if (file.has_value() == generate.has_value())
        throw UsageError{"create needs exactly one of --venue FILE and --generate theatre|stadium"};
    sc::CreateEventRequest req;
    if (file) {
        std::ifstream in(*file, std::ios::binary);
        if (!in) throw UsageError{"cannot read venue file " + *file};
        std::ostringstream os;
        os << in.rdbuf();
        req.venue_json = os.str();
        if (req.venue_json.size() > seat::protocol::kVenueJsonWireBytesMax) {
            throw UsageError{"the venue file is " + std::to_string(req.venue_json.size()) +
                             " bytes; one CreateEvent carries at most " +
                             std::to_string(seat::protocol::kVenueJsonWireBytesMax) +
                             " bytes (the 1 MiB frame limit of protocol v1, about 10,000 seats)"};
        }
    } else if (*generate == "theatre" || *generate == "stadium") {
        // The server builds generated venues itself: the stadium's file would not fit a frame.
        req.generator = *generate;
    } else {
        throw UsageError{"--generate takes theatre or stadium, not \"" + *generate + "\""};
    }
    req.name = c.args.flag("name").value_or("Event " + std::to_string(c.event));
    const auto r = c.client.create_event(c.event, req, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        print_json(json::object{{"ok", true}, {"event", c.event}, {"replayed", r.replayed}});
    } else {
        std::cout << "created event " << c.event << " \"" << req.name << "\""
                  << (r.replayed ? " (already done: replayed)" : "") << "\n";
    }
    return kExitOk;
}

int cmd_summary(Context& c) {
    const auto r = c.client.get_summary(c.event, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    const auto& s = r.value;
    if (c.args.json) {
        json::array sections, tiers;
        for (std::size_t i = 0; i < s.sections.size(); ++i) {
            sections.push_back(json::object{
                {"section", i},
                {"name", i < s.section_names.size() ? s.section_names[i] : std::string()},
                {"counts", counts_json(s.sections[i])}});
        }
        for (const auto& t : s.tiers) {
            tiers.push_back(json::object{{"name", t.name},
                                         {"amount_minor", t.amount_minor},
                                         {"currency", t.currency},
                                         {"counts", counts_json(t.counts)},
                                         {"revenue_minor", t.revenue_minor}});
        }
        print_json(json::object{{"ok", true},
                                {"event", c.event},
                                {"totals", counts_json(s.totals)},
                                {"sections", sections},
                                {"tiers", tiers},
                                {"live_holds", s.live_holds},
                                {"tickets", s.tickets},
                                {"sequence", s.sequence}});
        return kExitOk;
    }
    std::cout << "event " << c.event << ": " << counts_text(s.totals) << "; " << s.live_holds
              << " live holds, " << s.tickets << " tickets\n";
    for (std::size_t i = 0; i < s.sections.size(); ++i) {
        std::cout << "  section " << (i < s.section_names.size() ? s.section_names[i] : "?") << ": "
                  << counts_text(s.sections[i]) << "\n";
    }
    for (const auto& t : s.tiers) {
        std::cout << "  tier " << t.name << " (" << format_money(t.amount_minor, t.currency)
                  << "): " << counts_text(t.counts) << "; revenue "
                  << format_money(t.revenue_minor, t.currency) << "\n";
    }
    return kExitOk;
}

char grid_char(sc::SeatStatus s) {
    switch (s) {
        case sc::SeatStatus::available:
            return '.';
        case sc::SeatStatus::held:
            return 'h';
        case sc::SeatStatus::sold:
            return 'S';
        case sc::SeatStatus::blocked:
            return 'x';
    }
    return '?';
}

int cmd_section(Context& c) {
    const std::string& name = one_positional(c.args, "section name");
    const auto r = is_number(name)
                       ? c.client.get_section(
                             c.event, static_cast<std::uint16_t>(parse_u64(name, "a section id")),
                             false, c.call)
                       : c.client.get_section(c.event, name, false, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    const auto& s = r.value;
    std::string all;
    for (auto st : s.statuses)
        all.push_back(grid_char(st));
    if (c.args.json) {
        json::array rows;
        for (std::size_t i = 0; i < s.rows.size(); ++i) {
            const auto& row = s.rows[i];
            rows.push_back(
                json::object{{"label", i < s.row_labels.size() ? s.row_labels[i] : std::string()},
                             {"first_seat", row.first_seat},
                             {"grid", all.substr(row.first_seat - s.first_seat, row.seat_count)}});
        }
        print_json(json::object{{"ok", true},
                                {"section", s.section},
                                {"name", s.name},
                                {"first_seat", s.first_seat},
                                {"grid", all},
                                {"rows", rows},
                                {"counts", counts_json(s.counts)},
                                {"sequence", s.sequence}});
        return kExitOk;
    }
    std::cout << s.name << " (section " << s.section << ", " << s.statuses.size()
              << " seats): " << counts_text(s.counts) << "\n";
    std::size_t width = 0;
    for (const auto& l : s.row_labels)
        width = std::max(width, l.size());
    if (!s.rows.empty()) {
        for (std::size_t i = 0; i < s.rows.size(); ++i) {
            const std::string label = i < s.row_labels.size() ? s.row_labels[i] : "";
            std::cout << "  " << std::string(width - std::min(width, label.size()), ' ') << label
                      << "  "
                      << all.substr(s.rows[i].first_seat - s.first_seat, s.rows[i].seat_count)
                      << "\n";
        }
    } else {
        for (std::size_t i = 0; i < all.size(); i += kGridFallbackWidth)
            std::cout << "  " << all.substr(i, kGridFallbackWidth) << "\n";
    }
    std::cout << "legend: . available  h held  S sold  x blocked\n";
    return kExitOk;
}

int cmd_seat(Context& c) {
    const std::string& name = one_positional(c.args, "seat");
    const auto r =
        is_number(name)
            ? c.client.get_seat(c.event, static_cast<std::uint32_t>(parse_u64(name, "a seat id")),
                                c.call)
            : c.client.get_seat(c.event, name, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    const auto& s = r.value;
    if (c.args.json) {
        json::object o{{"ok", true},
                       {"seat", s.seat},
                       {"seat_name", s.seat_name},
                       {"section", s.section},
                       {"tier", s.tier},
                       {"status", sc::to_string(s.status)},
                       {"block_pending", s.block_pending}};
        if (s.status == sc::SeatStatus::held) {
            o["hold"] = s.hold;
            o["hold_expires_at_ms"] = s.hold_expires_at_ms;
        }
        if (s.status == sc::SeatStatus::sold) o["ticket_id"] = s.ticket_id.to_string();
        print_json(o);
        return kExitOk;
    }
    std::cout << s.seat_name << " (seat " << s.seat << ", tier " << int{s.tier}
              << "): " << sc::to_string(s.status);
    if (s.status == sc::SeatStatus::held)
        std::cout << " by hold " << s.hold << " until " << format_time(s.hold_expires_at_ms);
    if (s.status == sc::SeatStatus::sold) std::cout << ", ticket " << s.ticket_id.to_string();
    if (s.block_pending) std::cout << " (blocked when its hold ends)";
    std::cout << "\n";
    return kExitOk;
}

int print_hold(Context& c, const sc::Result<sc::HoldInfo>& r, const char* verb) {
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"hold", r.value.hold},
                                {"expires_at_ms", r.value.expires_at_ms},
                                {"replayed", r.replayed}});
        return kExitOk;
    }
    std::cout << verb << " hold " << r.value.hold << ", expires "
              << format_time(r.value.expires_at_ms) << (r.replayed ? " (replayed)" : "") << "\n";
    std::cout << "next: seatctl purchase " << r.value.hold << " --buyer BUYER --payment REF\n";
    return kExitOk;
}

int cmd_hold(Context& c) {
    const auto seats = parse_seats(c.args.positional);
    return print_hold(c, c.client.place_hold(c.event, session_of(c.args), seats, c.call), "placed");
}

int cmd_extend(Context& c) {
    const auto hold = parse_u64(one_positional(c.args, "hold id"), "the hold id");
    return print_hold(c, c.client.extend_hold(c.event, hold, session_of(c.args), c.call),
                      "extended");
}

int cmd_release(Context& c) {
    const auto hold = parse_u64(one_positional(c.args, "hold id"), "the hold id");
    const auto r = c.client.release_hold(c.event, hold, session_of(c.args), c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        print_json(json::object{{"ok", true}, {"hold", hold}, {"replayed", r.replayed}});
    } else {
        std::cout << "released hold " << hold << (r.replayed ? " (replayed)" : "") << "\n";
    }
    return kExitOk;
}

int cmd_purchase(Context& c) {
    sc::PurchaseRequest req;
    req.hold = parse_u64(one_positional(c.args, "hold id"), "the hold id");
    req.session = session_of(c.args);
    req.buyer_id = require_flag(c.args, "buyer");
    req.payment_ref = require_flag(c.args, "payment");
    const auto r = c.client.purchase(c.event, req, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        json::array tickets;
        for (const auto& t : r.value.tickets)
            tickets.push_back(ticket_json(t));
        print_json(json::object{{"ok", true}, {"tickets", tickets}, {"replayed", r.replayed}});
        return kExitOk;
    }
    std::cout << "purchased hold " << req.hold << ": " << r.value.tickets.size() << " tickets"
              << (r.replayed ? " (replayed)" : "") << "\n";
    for (const auto& t : r.value.tickets)
        std::cout << "  " << ticket_text(t) << "\n";
    return kExitOk;
}

int cmd_block(Context& c, bool block) {
    const auto seats = parse_seats(c.args.positional);
    const auto r = block ? c.client.block_seats(c.event, seats, c.call)
                         : c.client.unblock_seats(c.event, seats, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"changed", r.value.changed},
                                {"pending", r.value.pending},
                                {"replayed", r.replayed}});
        return kExitOk;
    }
    std::cout << (block ? "blocked " : "unblocked ") << r.value.changed << " seats now";
    if (r.value.pending > 0) std::cout << ", " << r.value.pending << " more when their holds end";
    std::cout << (r.replayed ? " (replayed)" : "") << "\n";
    return kExitOk;
}

int run(const Args& args) {
    seat::ClientOptions opts;
    opts.host = args.flag("host").value_or("127.0.0.1");
    opts.port = kDefaultPort;
    if (auto p = args.flag("port")) {
        const auto port = parse_u64(*p, "--port");
        if (port == 0 || port > 65535) throw UsageError{"--port must be 1..65535"};
        opts.port = static_cast<std::uint16_t>(port);
    }
    if (auto k = args.flag("key")) {
        opts.api_key = *k;
    } else if (const char* env = std::getenv("SEATCTL_KEY")) {
        opts.api_key = env;
    }
    opts.client_name = "seatctl/0.1";
    int timeout_ms = kDefaultTimeoutMs;
    if (auto t = args.flag("timeout-ms"))
        timeout_ms =
            static_cast<int>(std::min<std::uint64_t>(parse_u64(*t, "--timeout-ms"), 3600000));
    opts.connect_timeout = std::chrono::milliseconds(timeout_ms);
    opts.call_timeout = std::chrono::milliseconds(timeout_ms);
    opts.reconnect_attempts_max = kReconnectAttemptsMax;

    seat::CallOptions call;
    if (auto k = args.flag("idempotency-key")) {
        auto id = sc::Id128::parse(*k);
        if (!id || id->is_zero()) throw UsageError{"--idempotency-key must be a non-zero UUID"};
        call.idempotency_key = *id;
    }
    const std::uint64_t event =
        args.flag("event") ? parse_u64(*args.flag("event"), "--event") : kDefaultEvent;

    using Handler = int (*)(Context&);
    static constexpr std::pair<std::string_view, Handler> kCommands[] = {
        {"ping", cmd_ping},
        {"events", cmd_events},
        {"create", cmd_create},
        {"summary", cmd_summary},
        {"section", cmd_section},
        {"seat", cmd_seat},
        {"hold", cmd_hold},
        {"extend", cmd_extend},
        {"release", cmd_release},
        {"purchase", cmd_purchase},
        {"block", [](Context& c) { return cmd_block(c, true); }},
        {"unblock", [](Context& c) { return cmd_block(c, false); }},
        {"ticket", cmd_ticket},
        {"admit", cmd_admit},
        {"reissue", cmd_reissue},
        {"cancel", cmd_cancel},
        {"tickets", cmd_tickets},
        {"revocations", cmd_revocations},
        {"public-keys", cmd_public_keys},
    };
    if (args.command == "keys") return cmd_keys(args);
    for (const auto& [name, handler] : kCommands) {
        if (name != args.command) continue;
        seat::Client client(opts);
        Context ctx{args, client, event, call};
        return handler(ctx);
    }
    throw UsageError{args.command.empty() ? "no command given"
                                          : "unknown command \"" + args.command + "\""};
}

}  // namespace seat::ctl

int main(int argc, char** argv) {
    using namespace seat::ctl;
    try {
        const Args args = parse_args(argc, argv);
        if (args.command == "help") {
            std::cout << kUsage;
            return kExitOk;
        }
        return run(args);
    } catch (const UsageError& e) {
        std::cerr << "seatctl: " << e.message << "\n(seatctl --help for usage)\n";
        return kExitUsage;
    }
}
