// seatctl's waiting-room commands (docs/waiting-room.md): a buyer's entry
// (join, status and heartbeat, leave) and the room as a whole, for operators.
// They name the event as their first word.
#include <iomanip>
#include <iostream>
#include <string>

#include "tools/seatctl/cli.h"

namespace seat::ctl {

namespace {

// The EVENT word of `queue ACTION EVENT ...` and `room status EVENT`; --event,
// if given too, must name the same event.
std::uint64_t event_word(const Context& c, const std::string& word) {
    const std::uint64_t event = parse_u64(word, "the event id");
    if (c.args.flag("event") && c.event != event)
        throw UsageError{c.args.command + " names event " + word + " but --event says " +
                         std::to_string(c.event)};
    return event;
}

sc::Id128 ticket_word(const std::string& word) {
    const auto id = sc::Id128::parse(word);
    if (!id || id->is_zero())
        throw UsageError{"a queue ticket is the UUID join printed, not \"" + word + "\""};
    return *id;
}

// A wait for people: "under 1s", "about 40s", "about 12m", "about 3h".
std::string approx_duration(std::int64_t ms) {
    if (ms < 1000) return "under 1s";
    if (ms < 90'000) return "about " + std::to_string((ms + 500) / 1000) + "s";
    if (ms < 90 * 60'000) return "about " + std::to_string((ms + 30'000) / 60'000) + "m";
    return "about " + std::to_string((ms + 1'800'000) / 3'600'000) + "h";
}

json::object entry_json(const sc::QueueEntryInfo& e) {
    return {{"ticket", e.ticket.to_string()},
            {"state", sc::to_string(e.state)},
            {"room", sc::to_string(e.room)},
            {"position", e.position},
            {"ahead", e.ahead},
            {"eta_ms", e.eta_ms},
            {"seats_left", e.seats_left},
            {"fewer_seats_than_ahead", e.fewer_seats_than_ahead},
            {"joined_at_ms", e.joined_at_ms},
            {"admitted_at_ms", e.admitted_at_ms},
            {"admission_token", e.admission_token},
            {"token_expires_at_ms", e.token_expires_at_ms},
            {"holds_left", e.holds_left},
            {"heartbeat_every_ms", e.heartbeat_every_ms},
            {"existing", e.existing}};
}

// Where a waiting entry stands: "position 3 (2 ahead), ETA about 4s".
std::string place_text(const sc::QueueEntryInfo& e) {
    if (e.position == 0)
        return "before the sale: " + std::to_string(e.ahead) +
               " others waiting; the order is drawn when the sale starts";
    return "position " + std::to_string(e.position) + " (" + std::to_string(e.ahead) +
           " ahead), ETA " + (e.eta_ms >= 0 ? approx_duration(e.eta_ms) : "unknown");
}

// The entry for people, and the command to run next: the heartbeat while
// waiting, the hold with the token once admitted, a new join once ended.
void print_entry(const Context& c, std::uint64_t event, const sc::QueueEntryInfo& e,
                 const std::string& headline) {
    const std::string ticket = e.ticket.to_string();
    const std::string on_event = c.args.flag("event") ? "" : " --event " + std::to_string(event);
    std::cout << headline << ": ticket " << ticket << ", " << sc::to_string(e.state) << "\n";
    switch (e.state) {
        case sc::QueueEntryState::waiting:
            std::cout << "  " << place_text(e) << "\n";
            break;
        case sc::QueueEntryState::admitted:
            std::cout << "  admitted " << format_time(e.admitted_at_ms) << "; the token expires "
                      << format_time(e.token_expires_at_ms) << ", " << e.holds_left
                      << (e.holds_left == 1 ? " hold" : " holds") << " left\n"
                      << "  token " << e.admission_token << "\n";
            break;
        case sc::QueueEntryState::done:
        case sc::QueueEntryState::left:
        case sc::QueueEntryState::abandoned:
            std::cout << "  the entry has ended; joining again waits at the back\n";
            break;
    }
    std::cout << "  room " << sc::to_string(e.room) << ", " << e.seats_left << " seats left";
    if (e.fewer_seats_than_ahead)
        std::cout << " (fewer than the " << e.ahead << " ahead: the wait may be for nothing)";
    std::cout << "\n";
    const std::string event_text = std::to_string(event);
    switch (e.state) {
        case sc::QueueEntryState::waiting:
            std::cout << "next: "
                      << command_hint(c.args,
                                      "queue status " + event_text + " " + ticket + " --heartbeat")
                      << (e.heartbeat_every_ms > 0
                              ? "   (one every " + format_duration_ms(e.heartbeat_every_ms) +
                                    " keeps the place)"
                              : "")
                      << "\n";
            break;
        case sc::QueueEntryState::admitted:
            if (e.admission_token.empty() || e.holds_left == 0) break;
            std::cout << "next: "
                      << command_hint(c.args,
                                      "hold SEAT..." + on_event + " --token " + e.admission_token)
                      << "\n";
            break;
        case sc::QueueEntryState::done:
        case sc::QueueEntryState::left:
        case sc::QueueEntryState::abandoned:
            std::cout << "next: " << command_hint(c.args, "queue join " + event_text) << "\n";
            break;
    }
}

// ok: the entry, exit 0. A refusal that still carries the entry: the entry on
// stdout, then the refusal. A refusal without one (no_waiting_room, queue_full,
// sold_out, queue_ticket_not_found...): the refusal.
int queue_reply(Context& c, std::uint64_t event, const sc::Result<sc::QueueEntryInfo>& r,
                const std::string& headline) {
    const bool has_entry = !r.value.ticket.is_zero();
    if (!r.ok() && !has_entry) return report_failure(c.args, r);
    if (c.args.json) {
        json::object o{{"ok", r.ok()}, {"event", event}};
        for (auto& [key, value] : entry_json(r.value))
            o[key] = value;
        if (!r.ok()) {
            o["status"] = sc::to_string(r.status);
            o["message"] = r.message;
        }
        print_json(o);
        return r.ok() ? kExitOk : kExitRefused;
    }
    print_entry(c, event, r.value, headline);
    return r.ok() ? kExitOk : report_failure(c.args, r);
}

int queue_join(Context& c) {
    if (c.args.positional.size() != 2)
        throw UsageError{"queue join takes the event: queue join EVENT"};
    const std::uint64_t event = event_word(c, c.args.positional[1]);
    const auto r = c.client.join_queue(event, session_of(c.args), c.call);
    const std::string queue = "the queue of event " + std::to_string(event);
    return queue_reply(c, event, r, r.value.existing ? "already in " + queue : "joined " + queue);
}

int queue_status(Context& c) {
    if (c.args.positional.size() != 3)
        throw UsageError{"queue status takes the event and the ticket: queue status EVENT TICKET"};
    const std::uint64_t event = event_word(c, c.args.positional[1]);
    const sc::Id128 ticket = ticket_word(c.args.positional[2]);
    const bool heartbeat = c.args.flag("heartbeat").has_value();
    return queue_reply(c, event, c.client.queue_status(event, ticket, heartbeat, c.call),
                       "in the queue of event " + std::to_string(event));
}

int queue_leave(Context& c) {
    if (c.args.positional.size() != 3)
        throw UsageError{"queue leave takes the event and the ticket: queue leave EVENT TICKET"};
    const std::uint64_t event = event_word(c, c.args.positional[1]);
    const sc::Id128 ticket = ticket_word(c.args.positional[2]);
    return queue_reply(c, event, c.client.leave_queue(event, ticket, c.call),
                       "left the queue of event " + std::to_string(event));
}

std::string rate_text(double per_second) {
    if (per_second < 0) return "admission rate unknown (fewer than two batches yet)";
    std::ostringstream os;
    os << "admitting " << std::setprecision(3) << per_second << "/s over the last minute";
    return os.str();
}

// -1 when unknown, as on the wire (written as the integer, not as -1E0).
json::value rate_json(double per_second) {
    if (per_second < 0) return json::value(-1);
    return json::value(per_second);
}

}  // namespace

int cmd_queue(Context& c) {
    const std::string action = c.args.positional.empty() ? "" : c.args.positional[0];
    if (action == "join") return queue_join(c);
    if (action == "status") return queue_status(c);
    if (action == "leave") return queue_leave(c);
    throw UsageError{action.empty() ? "queue needs join, status or leave"
                                    : "unknown queue action \"" + action + "\""};
}

int cmd_room(Context& c) {
    if (c.args.positional.size() != 2 || c.args.positional[0] != "status")
        throw UsageError{"room takes status and the event: room status EVENT"};
    const std::uint64_t event = event_word(c, c.args.positional[1]);
    const auto r = c.client.get_room(event, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    const sc::RoomInfo& room = r.value;
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"event", event},
                                {"state", sc::to_string(room.state)},
                                {"waiting", room.waiting},
                                {"active", room.active},
                                {"max_active", room.max_active},
                                {"admitted_total", room.admitted_total},
                                {"abandoned", room.abandoned},
                                {"left", room.left},
                                {"done", room.done},
                                {"admitted_per_second", rate_json(room.admitted_per_second)},
                                {"available", room.available},
                                {"held", room.held},
                                {"sale_starts_at_ms", room.sale_starts_at_ms},
                                {"opened_at_ms", room.opened_at_ms}});
        return kExitOk;
    }
    std::cout << "event " << event << " waiting room: " << sc::to_string(room.state) << "\n"
              << "  " << room.waiting << " waiting, active " << room.active << "/"
              << room.max_active << ", admitted " << room.admitted_total << " in all (" << room.done
              << " done, " << room.left << " left, " << room.abandoned << " abandoned)\n"
              << "  " << rate_text(room.admitted_per_second) << "\n"
              << "  seats: " << room.available << " available, " << room.held << " held\n";
    if (room.opened_at_ms != 0)
        std::cout << "  the sale opened " << format_time(room.opened_at_ms) << "\n";
    else if (room.sale_starts_at_ms != 0)
        std::cout << "  the sale starts " << format_utc_iso(room.sale_starts_at_ms) << "\n";
    return kExitOk;
}

}  // namespace seat::ctl
