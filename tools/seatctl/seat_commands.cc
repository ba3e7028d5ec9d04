// seatctl's seat commands: one seat's status, the hold's life (hold, extend,
// release, purchase) and blocking, each one request. A seat name the server
// does not know is explained after the refusal (seat_names.cc). An event with a
// waiting room takes holds with an admission token only (--token).
#include <iostream>
#include <string>

#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

int print_hold(Context& c, const sc::Result<sc::HoldInfo>& r, const char* verb) {
    if (!r.ok()) {
        const int code = report_failure(c.args, r, explain_unknown_seats(c, r));
        if (r.status == sc::Status::not_admitted && !c.args.json)
            std::cerr << "  wait in the queue for a token: "
                      << command_hint(c.args, "queue join " + std::to_string(c.event)) << "\n";
        return code;
    }
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"hold", r.value.hold},
                                {"expires_at_ms", r.value.expires_at_ms},
                                {"replayed", r.replayed}});
        return kExitOk;
    }
    std::cout << verb << " hold " << r.value.hold << ", expires "
              << format_time(r.value.expires_at_ms) << (r.replayed ? " (replayed)" : "") << "\n";
    // Checkout first: seatd takes the payment. Purchase is for an application
    // that charged elsewhere. With a waiting room, checkout presents the
    // hold's token again.
    const std::string hold = std::to_string(r.value.hold);
    const std::string token = admission_token_of(c.args);
    std::cout << "next: "
              << command_hint(c.args, "checkout " + hold +
                                          " --buyer BUYER --payment-method pm_card_visa" +
                                          (token.empty() ? "" : " --token " + token))
              << "\n  or: "
              << command_hint(c.args, "purchase " + hold + " --buyer BUYER --payment REF")
              << "   (paid elsewhere)\n";
    return kExitOk;
}

}  // namespace

int cmd_seat(Context& c) {
    const std::string& name = one_positional(c.args, "seat");
    const auto r =
        is_number(name)
            ? c.client.get_seat(c.event, static_cast<std::uint32_t>(parse_u64(name, "a seat id")),
                                c.call)
            : c.client.get_seat(c.event, name, c.call);
    if (!r.ok() && r.status == sc::Status::invalid_argument && !is_number(name)) {
        // GetSeat names no refused seat, but a name it cannot read is unknown,
        // as a hold would say: explained the same way.
        sc::Outcome unknown = r;
        unknown.refusals.push_back({sc::kNoSeat, name, sc::SeatProblem::unknown});
        unknown.refused_count = 1;
        return report_failure(c.args, unknown, explain_unknown_seats(c, unknown));
    }
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

int cmd_hold(Context& c) {
    sc::HoldRequest req;
    req.session = session_of(c.args);
    req.seats = parse_seats(c.args.positional);
    req.admission_token = admission_token_of(c.args);
    return print_hold(c, c.client.place_hold(c.event, req, c.call), "placed");
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
    if (!r.ok()) return report_failure(c.args, r, explain_unknown_seats(c, r));
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

}  // namespace seat::ctl
