// seatctl's event commands: ping the server, list events, create one from a
// venue file or a generated venue (with its sale start, waiting room and
// transfer settings), and its summary by section and price tier with the
// event's settings. The waiting room's own commands are in queue_commands.cc.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/frame.h"
#include "tools/seatctl/cli.h"

namespace seat::ctl {

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

namespace {

// The venue of `create`: a file sent whole, or the name of a venue the server generates.
void read_venue(const Args& args, sc::CreateEventRequest& req) {
    const auto file = args.flag("venue");
    const auto generate = args.flag("generate");
    if (file.has_value() == generate.has_value())
        throw UsageError{"create needs exactly one of --venue FILE and --generate theatre|stadium"};
    if (generate) {
        if (*generate != "theatre" && *generate != "stadium")
            throw UsageError{"--generate takes theatre or stadium, not \"" + *generate + "\""};
        // The server builds generated venues itself: the stadium's file would not fit a frame.
        req.generator = *generate;
        return;
    }
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
}

// The sale settings of `create`; a flag left out leaves 0, the server's default.
// The server checks the ranges (TTLs up to 24 h, 1..16 seats, 1..64 holds).
void read_settings(const Args& args, sc::CreateEventRequest& req) {
    if (auto v = args.flag("hold-ttl")) req.hold_ttl_ms = parse_duration_ms(*v, "--hold-ttl");
    if (auto v = args.flag("checkout-ttl"))
        req.checkout_ttl_ms = parse_duration_ms(*v, "--checkout-ttl");
    const auto count = [&](const char* flag) -> std::uint32_t {
        const auto v = args.flag(flag);
        if (!v) return 0;
        const std::uint64_t n = parse_u64(*v, std::string("--") + flag);
        if (n == 0 || n > 0xFFFFFFFFu)
            throw UsageError{std::string("--") + flag +
                             " must be at least 1 (leave it out for "
                             "the server's default)"};
        return static_cast<std::uint32_t>(n);
    };
    req.max_seats_per_hold = count("max-seats-per-hold");
    req.max_holds_per_session = count("max-holds-per-session");
    if (auto v = args.flag("starts-at")) req.starts_at_ms = parse_utc_time_ms(*v, "--starts-at");
    if (auto v = args.flag("currency")) {
        const bool iso = v->size() == 3 && std::all_of(v->begin(), v->end(), [](char ch) {
                             return ch >= 'A' && ch <= 'Z';
                         });
        if (!iso)
            throw UsageError{"--currency is an ISO 4217 code such as EUR, not \"" + *v + "\""};
        req.currency = *v;
    }
    if (auto v = args.flag("payment-timeout"))
        req.payment_timeout_ms = parse_duration_ms(*v, "--payment-timeout");
    if (auto v = args.flag("sale-starts-at"))
        req.sale_starts_at_ms = parse_utc_time_ms(*v, "--sale-starts-at");
}

// The waiting room of `create`: --room turns it on, each --room-* flag sets one
// of its settings (left out: 0, the server's default). The server checks the
// ranges (a batch interval of 100 ms at least, a grace of 1 s at least).
void read_room(const Args& args, sc::CreateEventRequest& req) {
    constexpr const char* kRoomSettingFlags[] = {
        "room-max-active",      "room-batch",           "room-interval", "room-token-ttl",
        "room-seats-per-token", "room-holds-per-token", "room-grace"};
    if (!args.flag("room")) {
        for (const char* flag : kRoomSettingFlags)
            if (args.flag(flag))
                throw UsageError{std::string("--") + flag +
                                 " is a waiting-room setting: add --room to have one"};
        return;
    }
    sc::RoomSettings& room = req.room;
    room.enabled = true;
    const auto count = [&](const char* flag) -> std::uint32_t {
        const auto v = args.flag(flag);
        if (!v) return 0;
        const std::uint64_t n = parse_u64(*v, std::string("--") + flag);
        if (n == 0 || n > 0xFFFFFFFFu)
            throw UsageError{std::string("--") + flag +
                             " must be at least 1 (leave it out for the server's default)"};
        return static_cast<std::uint32_t>(n);
    };
    const auto duration = [&](const char* flag) -> std::int64_t {
        const auto v = args.flag(flag);
        return v ? parse_duration_ms(*v, std::string("--") + flag) : 0;
    };
    room.max_active = count("room-max-active");
    room.batch_size = count("room-batch");
    room.batch_interval_ms = duration("room-interval");
    room.token_ttl_ms = duration("room-token-ttl");
    room.seats_per_token = count("room-seats-per-token");
    room.holds_per_token = count("room-holds-per-token");
    room.heartbeat_grace_ms = duration("room-grace");
}

// The transfer settings of `create`: any of the flags asks for the server's
// defaults with those changed; none sends no settings (the defaults too).
void read_transfers(const Args& args, sc::CreateEventRequest& req) {
    constexpr const char* kTransferSettingFlags[] = {
        "no-transfers",  "no-resale", "resale-cap",      "resale-fee-bps",
        "kyc-threshold", "kyc-sales", "transfer-cutoff", "offer-ttl"};
    bool any = false;
    for (const char* flag : kTransferSettingFlags)
        any = any || args.flag(flag).has_value();
    if (!any) return;
    sc::TransferSettings& t = req.transfers.emplace();
    t.transfers_allowed = !args.flag("no-transfers");
    t.resale_allowed = !args.flag("no-resale");
    if (auto v = args.flag("resale-cap")) {
        if (*v == "none") {
            t.cap = sc::ResaleCap::none;
        } else if (*v == "face") {
            t.cap = sc::ResaleCap::face_value;
        } else if (v->size() > 1 && v->back() == '%') {
            const std::uint64_t p =
                parse_u64(v->substr(0, v->size() - 1), "--resale-cap's percent");
            if (p > 0xFFFFFFFFu) throw UsageError{"--resale-cap is out of range: " + *v};
            t.cap = sc::ResaleCap::percent_above_face;
            t.cap_percent = static_cast<std::uint32_t>(p);
        } else {
            throw UsageError{
                "--resale-cap takes none, face or a percent above face such as 20%, "
                "not \"" +
                *v + "\""};
        }
    }
    const auto number = [&](const char* flag, std::uint32_t fallback) -> std::uint32_t {
        const auto v = args.flag(flag);
        if (!v) return fallback;
        const std::uint64_t n = parse_u64(*v, std::string("--") + flag);
        if (n > 0xFFFFFFFFu) throw UsageError{std::string("--") + flag + " is out of range: " + *v};
        return static_cast<std::uint32_t>(n);
    };
    t.fee_bps = number("resale-fee-bps", t.fee_bps);
    t.kyc_threshold_sales = number("kyc-sales", t.kyc_threshold_sales);
    if (auto v = args.flag("kyc-threshold"))
        t.kyc_threshold_minor = parse_minor_amount(*v, "--kyc-threshold");
    // A cutoff of 0 is meaningful (transfers until the start), unlike a TTL's.
    if (auto v = args.flag("transfer-cutoff"))
        t.cutoff_before_start_ms = *v == "0" ? 0 : parse_duration_ms(*v, "--transfer-cutoff");
    if (auto v = args.flag("offer-ttl")) t.offer_ttl_ms = parse_duration_ms(*v, "--offer-ttl");
}

std::string cap_text(const sc::TransferSettings& t) {
    switch (t.cap) {
        case sc::ResaleCap::none:
            return "no resale cap";
        case sc::ResaleCap::face_value:
            return "resale capped at face value";
        case sc::ResaleCap::percent_above_face:
            return "resale capped at face value + " + std::to_string(t.cap_percent) + "%";
    }
    return "resale cap unknown";
}

// "transfers allowed, resale allowed (resale capped at face value, fee 10.00%),
// KYC past 2000.00 EUR or 30 sales in 365 days, cutoff 1h before the start,
// offers last 72h, max transfers per ticket 10".
std::string transfers_text(const sc::TransferSettings& t, const std::string& currency) {
    std::ostringstream fee;
    fee << std::fixed << std::setprecision(2) << t.fee_bps / 100.0 << "%";
    std::string kyc_amount =
        t.kyc_threshold_minor > 0 ? format_money(t.kyc_threshold_minor, currency) : "";
    if (currency.empty() && !kyc_amount.empty()) kyc_amount.pop_back();  // no currency after it
    constexpr std::int64_t kDayMs = 86'400'000;
    const std::string window = t.kyc_window_ms % kDayMs == 0
                                   ? std::to_string(t.kyc_window_ms / kDayMs) + " days"
                                   : format_duration_ms(t.kyc_window_ms);
    const std::string kyc_sales =
        t.kyc_threshold_sales > 0 ? std::to_string(t.kyc_threshold_sales) + " sales" : "";
    std::string kyc = kyc_amount.empty() && kyc_sales.empty()
                          ? "no KYC hold"
                          : "KYC past " + kyc_amount +
                                (kyc_amount.empty() || kyc_sales.empty() ? "" : " or ") +
                                kyc_sales + " in " + window;
    return std::string("transfers ") + (t.transfers_allowed ? "allowed" : "off") + ", resale " +
           (t.resale_allowed ? "allowed (" + cap_text(t) + ", fee " + fee.str() + ")" : "off") +
           ", " + kyc + ", " +
           (t.cutoff_before_start_ms > 0
                ? "cutoff " + format_duration_ms(t.cutoff_before_start_ms) + " before the start"
                : std::string("no cutoff (until the start)")) +
           ", offers last " + format_duration_ms(t.offer_ttl_ms) + ", max transfers per ticket " +
           (t.max_transfers_per_ticket > 0 ? std::to_string(t.max_transfers_per_ticket)
                                           : std::string("unlimited"));
}

json::value transfers_json(const std::optional<sc::TransferSettings>& settings) {
    if (!settings) return nullptr;
    const sc::TransferSettings& t = *settings;
    return json::object{{"transfers_allowed", t.transfers_allowed},
                        {"resale_allowed", t.resale_allowed},
                        {"cutoff_before_start_ms", t.cutoff_before_start_ms},
                        {"offer_ttl_ms", t.offer_ttl_ms},
                        {"max_transfers_per_ticket", t.max_transfers_per_ticket},
                        {"cap", sc::to_string(t.cap)},
                        {"cap_percent", t.cap_percent},
                        {"fee_bps", t.fee_bps},
                        {"kyc_threshold_minor", t.kyc_threshold_minor},
                        {"kyc_threshold_sales", t.kyc_threshold_sales},
                        {"kyc_window_ms", t.kyc_window_ms}};
}

// The checkout settings, as `create` sent them or `summary` read them.
std::string checkout_settings_text(std::int64_t starts_at_ms, const std::string& currency,
                                   std::int64_t payment_timeout_ms) {
    return "starts " + (starts_at_ms != 0 ? format_utc_iso(starts_at_ms) : "not set") +
           ", currency " + (currency.empty() ? "the tiers' own" : currency) + ", payment timeout " +
           (payment_timeout_ms > 0 ? format_duration_ms(payment_timeout_ms) : "server default");
}

// "waiting room: max active 2, batches of 2 every 100ms, ..." with "server
// default" for a setting left at 0 (as `create` sent it; `summary` reads every
// one as in force).
std::string room_text(const sc::RoomSettings& r) {
    if (!r.enabled) return "no waiting room";
    const auto number = [](std::uint32_t n) {
        return n > 0 ? std::to_string(n) : std::string("server default");
    };
    const auto duration = [](std::int64_t ms) {
        return ms > 0 ? format_duration_ms(ms) : std::string("server default");
    };
    return "waiting room: max active " + number(r.max_active) + ", batches of " +
           number(r.batch_size) + " every " + duration(r.batch_interval_ms) + ", token TTL " +
           duration(r.token_ttl_ms) + ", seats per token " + number(r.seats_per_token) +
           ", holds per token " + number(r.holds_per_token) + ", heartbeat grace " +
           duration(r.heartbeat_grace_ms);
}

std::string sale_text(std::int64_t sale_starts_at_ms, const sc::RoomSettings& room) {
    return "sale starts " +
           (sale_starts_at_ms != 0 ? format_utc_iso(sale_starts_at_ms) : "at creation") + ", " +
           room_text(room);
}

json::object room_json(const sc::RoomSettings& r) {
    return {{"enabled", r.enabled},
            {"max_active", r.max_active},
            {"batch_size", r.batch_size},
            {"batch_interval_ms", r.batch_interval_ms},
            {"token_ttl_ms", r.token_ttl_ms},
            {"seats_per_token", r.seats_per_token},
            {"holds_per_token", r.holds_per_token},
            {"heartbeat_grace_ms", r.heartbeat_grace_ms}};
}

std::string settings_text(const sc::CreateEventRequest& req) {
    const auto or_default = [](bool set, const std::string& text) {
        return set ? text : std::string("server default");
    };
    return "hold TTL " + or_default(req.hold_ttl_ms > 0, format_duration_ms(req.hold_ttl_ms)) +
           ", checkout TTL " +
           or_default(req.checkout_ttl_ms > 0, format_duration_ms(req.checkout_ttl_ms)) +
           ", max seats per hold " +
           or_default(req.max_seats_per_hold > 0, std::to_string(req.max_seats_per_hold)) +
           ", max holds per session " +
           or_default(req.max_holds_per_session > 0, std::to_string(req.max_holds_per_session)) +
           "\n  " + checkout_settings_text(req.starts_at_ms, req.currency, req.payment_timeout_ms) +
           "\n  " + sale_text(req.sale_starts_at_ms, req.room) + "\n  " +
           (req.transfers ? transfers_text(*req.transfers, req.currency)
                          : std::string("transfers and resale: server defaults"));
}

json::object settings_json(const sc::EventSettings& s) {
    return {{"hold_ttl_ms", s.hold_ttl_ms},
            {"checkout_ttl_ms", s.checkout_ttl_ms},
            {"max_seats_per_hold", s.max_seats_per_hold},
            {"max_holds_per_session", s.max_holds_per_session},
            {"starts_at_ms", s.starts_at_ms},
            {"currency", s.currency},
            {"payment_timeout_ms", s.payment_timeout_ms},
            {"sale_starts_at_ms", s.sale_starts_at_ms},
            {"room", room_json(s.room)},
            {"transfers", transfers_json(s.transfers)}};
}

std::string settings_text(const sc::EventSettings& s) {
    // A server from before checkout sends no settings.
    if (s.hold_ttl_ms == 0) return "settings: not reported by this server";
    return "settings: hold TTL " + format_duration_ms(s.hold_ttl_ms) + ", checkout TTL " +
           format_duration_ms(s.checkout_ttl_ms) + ", max seats per hold " +
           std::to_string(s.max_seats_per_hold) + ", max holds per session " +
           std::to_string(s.max_holds_per_session) + "\n  " +
           checkout_settings_text(s.starts_at_ms, s.currency, s.payment_timeout_ms) + "\n  " +
           sale_text(s.sale_starts_at_ms, s.room) +
           (s.transfers ? "\n  " + transfers_text(*s.transfers, s.currency) : std::string());
}

}  // namespace

int cmd_create(Context& c) {
    sc::CreateEventRequest req;
    read_venue(c.args, req);
    read_settings(c.args, req);
    read_room(c.args, req);
    read_transfers(c.args, req);
    req.name = c.args.flag("name").value_or("Event " + std::to_string(c.event));
    const auto r = c.client.create_event(c.event, req, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        // 0 = the server's default, as on the wire.
        print_json(json::object{{"ok", true},
                                {"event", c.event},
                                {"hold_ttl_ms", req.hold_ttl_ms},
                                {"checkout_ttl_ms", req.checkout_ttl_ms},
                                {"max_seats_per_hold", req.max_seats_per_hold},
                                {"max_holds_per_session", req.max_holds_per_session},
                                {"starts_at_ms", req.starts_at_ms},
                                {"currency", req.currency},
                                {"payment_timeout_ms", req.payment_timeout_ms},
                                {"sale_starts_at_ms", req.sale_starts_at_ms},
                                {"room", room_json(req.room)},
                                {"transfers", transfers_json(req.transfers)},
                                {"replayed", r.replayed}});
    } else {
        std::cout << "created event " << c.event << " \"" << req.name << "\""
                  << (r.replayed ? " (already done: replayed)" : "") << "\n  " << settings_text(req)
                  << "\n";
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
                                {"sequence", s.sequence},
                                {"settings", settings_json(s.settings)},
                                {"checkouts_paying", s.checkouts_paying},
                                {"refunds_owed", s.refunds_owed},
                                {"offers_open", s.offers_open},
                                {"listings_on_sale", s.listings_on_sale},
                                {"payouts_owed", s.payouts_owed},
                                {"payouts_held_kyc", s.payouts_held_kyc}});
        return kExitOk;
    }
    std::cout << "event " << c.event << ": " << counts_text(s.totals) << "; " << s.live_holds
              << " live holds, " << s.tickets << " tickets, " << s.checkouts_paying
              << " checkouts paying, " << s.refunds_owed << " refunds owed\n";
    if (s.settings.transfers)
        std::cout << "  resale: " << s.offers_open << " offers open, " << s.listings_on_sale
                  << " listings on sale, " << s.payouts_owed << " payouts owed, "
                  << s.payouts_held_kyc << " held for KYC\n";
    std::cout << "  " << settings_text(s.settings) << "\n";
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

}  // namespace seat::ctl
