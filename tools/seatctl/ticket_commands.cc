// seatctl's ticket commands: show a ticket with its codes and draw its QR (or
// its custody chain, transfer_commands.cc), admit a code at a gate, reissue, cancel, list an
// owner's tickets, and fetch what offline scanners carry (the revocation filter and the public
// keys).
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "tools/qr/png_image.h"
#include "tools/qr/qr_code.h"
#include "tools/qr/svg.h"
#include "tools/qr/terminal.h"
#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

sc::Id128 ticket_id_of(const Args& args) {
    const std::string& text = one_positional(args, "ticket id");
    const auto id = sc::Id128::parse(text);
    if (!id) throw UsageError{"a ticket id is a UUID, not \"" + text + "\""};
    return *id;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) throw UsageError{"cannot write " + path};
}

// Draws `code` as asked by --qr; returns what to tell the user, or "".
std::string draw_qr(const Args& args, const std::string& code) {
    const auto kind = args.flag("qr");
    if (!kind) return {};
    if (code.empty()) throw UsageError{"this ticket has no code to draw (cancelled?)"};
    const qr::QrCode qr = qr::QrCode::encode(code);
    if (*kind == "term") {
        std::cout << qr::to_terminal(qr);
        return {};
    }
    const std::string out = require_flag(args, "out");
    if (*kind == "png") {
        try {
            qr::write_png(qr, out);
        } catch (const std::runtime_error& e) {
            throw UsageError{e.what()};
        }
    } else if (*kind == "svg") {
        write_file(out, qr::to_svg(qr));
    } else {
        throw UsageError{"--qr is png, svg or term"};
    }
    return "QR (" + *kind + ", " + std::to_string(qr.size()) + " modules) written to " + out;
}

void print_ticket(const sc::Ticket& t) {
    std::cout << ticket_text(t) << "\n";
    if (!t.owner_id.empty()) std::cout << "  owner " << t.owner_id << "\n";
    std::cout << "  issued " << format_time(t.issued_at_ms) << ", version " << t.version << "\n";
    if (t.admitted_at_ms != 0) {
        std::cout << "  admitted " << format_time(t.admitted_at_ms) << " at gate "
                  << t.admitted_gate;
        if (t.device_at_ms != 0)
            std::cout << " (offline scan at " << format_time(t.device_at_ms) << ")";
        std::cout << "\n";
    }
}

int ticket_reply(Context& c, const sc::Result<sc::TicketInfo>& r, const char* verb) {
    if (!r.ok()) return report_failure(c.args, r);
    const std::string drawn = draw_qr(c.args, r.value.ticket.code);
    if (c.args.json) {
        json::object o{{"ok", true},
                       {"ticket", ticket_json(r.value.ticket)},
                       {"buyer_id", r.value.buyer_id},
                       {"payment_ref", r.value.payment_ref},
                       {"replayed", r.replayed}};
        if (auto out = c.args.flag("out"); out && c.args.flag("qr")) o["qr_file"] = *out;
        print_json(o);
        return kExitOk;
    }
    if (verb != nullptr) std::cout << verb << (r.replayed ? " (replayed)" : "") << "\n";
    print_ticket(r.value.ticket);
    if (!r.value.buyer_id.empty())
        std::cout << "  buyer " << r.value.buyer_id << ", payment " << r.value.payment_ref << "\n";
    if (!r.value.ticket.code.empty()) std::cout << "  code " << r.value.ticket.code << "\n";
    if (!drawn.empty()) std::cout << drawn << "\n";
    return kExitOk;
}

// `ticket ID --code [ed25519|hmac]`: the code alone on standard output, for a
// pipe into `admit -` or a QR tool.
int print_code(Context& c, const std::string& format) {
    if (format != "ed25519" && format != "hmac")
        throw UsageError{"--code takes ed25519 or hmac, not \"" + format + "\""};
    if (c.args.json || c.args.flag("qr"))
        throw UsageError{"--code prints the code alone: it goes without --json and --qr"};
    const auto r = c.client.get_ticket(c.event, ticket_id_of(c.args), c.call);
    if (!r.ok()) return report_failure(c.args, r);
    const std::string& code = format == "hmac" ? r.value.ticket.code_hmac : r.value.ticket.code;
    if (code.empty()) {
        std::cerr << "seatctl: ticket " << r.value.ticket.ticket_id.to_string()
                  << " has no code: it is " << sc::to_string(r.value.ticket.status) << "\n";
        return kExitRefused;
    }
    std::cout << code << "\n";
    return kExitOk;
}

}  // namespace

int cmd_ticket(Context& c) {
    if (auto format = c.args.flag("code")) return print_code(c, *format);
    if (c.args.flag("history")) {
        if (c.args.flag("qr")) throw UsageError{"--history shows the custody chain: no --qr"};
        return print_history(c, ticket_id_of(c.args));
    }
    return ticket_reply(c, c.client.get_ticket(c.event, ticket_id_of(c.args), c.call), nullptr);
}

int cmd_reissue(Context& c) {
    const std::string owner = c.args.flag("owner").value_or("");
    return ticket_reply(c, c.client.reissue_ticket(c.event, ticket_id_of(c.args), owner, c.call),
                        "reissued: the previous code is revoked");
}

int cmd_cancel(Context& c) {
    return ticket_reply(c, c.client.cancel_ticket(c.event, ticket_id_of(c.args), c.call),
                        "cancelled: the seat is on sale again");
}

// The answer a gate display shows: admitted or why not, and the seat.
int cmd_admit(Context& c) {
    std::string code = one_positional(c.args, "code (or - to read it from stdin)");
    if (code == "-") std::getline(std::cin, code);
    const std::string gate = require_flag(c.args, "gate");
    const std::int64_t device_at =
        c.args.flag("device-at-ms")
            ? static_cast<std::int64_t>(parse_u64(*c.args.flag("device-at-ms"), "--device-at-ms"))
            : 0;
    // The code names its event: --event only has to match when it is given.
    const std::uint64_t event = c.args.flag("event") ? c.event : 0;
    const auto r = c.client.admit(event, code, gate, device_at, c.call);
    const sc::Ticket& t = r.value.ticket;
    if (c.args.json) {
        if (!r.ok() && t.ticket_id.is_zero()) return report_failure(c.args, r);
        print_json(json::object{{"ok", r.ok()},
                                {"status", sc::to_string(r.status)},
                                {"message", r.message},
                                {"ticket", ticket_json(t)}});
        return r.ok() ? kExitOk : kExitRefused;
    }
    if (!r.ok() && t.ticket_id.is_zero()) return report_failure(c.args, r);
    if (r.ok()) {
        std::cout << "ADMIT  " << t.seat_name << "  (section " << t.section_name << ", row "
                  << t.row_label << ", seat " << t.seat_label << ")\n";
        return kExitOk;
    }
    std::cout << "REFUSED  " << sc::to_string(r.status) << ": " << sc::describe(r.status) << "\n"
              << "  " << t.seat_name << "  ticket " << t.ticket_id.to_string() << "\n";
    if (r.status == sc::Status::already_admitted)
        std::cout << "  first admitted " << format_time(t.admitted_at_ms) << " at gate "
                  << t.admitted_gate << "\n";
    return kExitRefused;
}

int cmd_tickets(Context& c) {
    const std::string owner = require_flag(c.args, "owner");
    const auto r = c.client.list_tickets(c.event, owner, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        json::array list;
        for (const auto& t : r.value.tickets)
            list.push_back(ticket_json(t));
        print_json(json::object{{"ok", true}, {"tickets", list}, {"more", r.value.more}});
        return kExitOk;
    }
    std::cout << owner << " holds " << r.value.tickets.size() << " tickets"
              << (r.value.more ? " (list cut at the server's limit)" : "") << "\n";
    for (const auto& t : r.value.tickets)
        std::cout << "  " << ticket_text(t) << "\n";
    return kExitOk;
}

int cmd_revocations(Context& c) {
    const auto r = c.client.get_revocations(c.event, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (auto out = c.args.flag("out")) write_file(*out, r.value.filter);
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"sequence", r.value.sequence},
                                {"bytes", r.value.filter.size()},
                                {"false_positive_rate", r.value.false_positive_rate}});
        return kExitOk;
    }
    std::cout << "revocation filter: " << r.value.sequence << " revoked codes, "
              << r.value.filter.size()
              << " bytes, false positives <= " << r.value.false_positive_rate * 100 << " %";
    if (auto out = c.args.flag("out")) std::cout << ", written to " << *out;
    std::cout << "\n";
    return kExitOk;
}

int cmd_public_keys(Context& c) {
    const auto r = c.client.get_public_keys(c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (auto out = c.args.flag("out")) {
        write_file(*out, r.value.keys);
        if (!c.args.json) std::cout << "public keys written to " << *out << "\n";
    } else if (!c.args.json) {
        std::cout << r.value.keys;
    }
    if (c.args.json) print_json(json::object{{"ok", true}, {"keys", r.value.keys}});
    return kExitOk;
}

}  // namespace seat::ctl
