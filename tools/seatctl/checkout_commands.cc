// seatctl's checkout commands: pay for a hold through seatd's payment provider,
// look a checkout up, list the event's refunds and owe a failed one again. A
// checkout that did not sell (declined, refunded, still paying) is shown like a
// sold one, then reported as the refusal it is (exit 1).
#include <iostream>
#include <string>

#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

sc::Id128 id_of(const Args& args, const char* what) {
    const std::string& text = one_positional(args, what);
    const auto id = sc::Id128::parse(text);
    if (!id) throw UsageError{std::string("a ") + what + " is a UUID, not \"" + text + "\""};
    return *id;
}

json::object checkout_json(const sc::CheckoutInfo& info) {
    const sc::CheckoutView& v = info.checkout;
    json::array tickets;
    for (const auto& t : info.tickets)
        tickets.push_back(ticket_json(t));
    json::object o{{"checkout_id", v.checkout_id.to_string()},
                   {"hold", v.hold},
                   {"state", sc::to_string(v.state)},
                   {"amount_minor", v.amount_minor},
                   {"currency", v.currency},
                   {"payment_method", v.payment_method},
                   {"payment_id", v.payment_id},
                   {"decline_reason", v.decline_reason},
                   {"started_at_ms", v.started_at_ms},
                   {"deadline_ms", v.deadline_ms},
                   {"settled_at_ms", v.settled_at_ms},
                   {"tickets", tickets}};
    if (!v.refund_id.is_zero()) o["refund_id"] = v.refund_id.to_string();
    return o;
}

// "checkout ID: sold, 90.00 EUR by pm_card_visa, payment pi_1", then what the
// state adds: the decline reason, the refund, the deadline, the tickets.
void print_checkout(const Args& args, const sc::CheckoutInfo& info, bool replayed) {
    const sc::CheckoutView& v = info.checkout;
    std::cout << "checkout " << v.checkout_id.to_string() << ": " << sc::to_string(v.state) << ", "
              << format_money(v.amount_minor, v.currency) << " by " << v.payment_method;
    if (!v.payment_id.empty()) std::cout << ", payment " << v.payment_id;
    std::cout << (replayed ? " (replayed)" : "") << "\n";
    // A resale purchase pays for a listing, not a hold.
    std::cout << "  ";
    if (v.hold != 0) std::cout << "hold " << v.hold << ", ";
    std::cout << "started " << format_time(v.started_at_ms);
    if (v.settled_at_ms != 0) std::cout << ", settled " << format_time(v.settled_at_ms);
    std::cout << "\n";
    switch (v.state) {
        case sc::CheckoutState::declined:
            std::cout << "  declined: "
                      << (v.decline_reason.empty() ? "(no reason given)" : v.decline_reason)
                      << "\n";
            break;
        case sc::CheckoutState::refunded:
            std::cout << "  the charge is refunded: refund " << v.refund_id.to_string() << "\n";
            break;
        case sc::CheckoutState::paying:
            std::cout << "  waiting for the provider until " << format_time(v.deadline_ms) << "\n"
                      << "next: "
                      << command_hint(args, "checkout-status " + v.checkout_id.to_string()) << "\n";
            break;
        case sc::CheckoutState::sold:
        case sc::CheckoutState::abandoned:
            break;
    }
    if (!info.tickets.empty()) std::cout << "  " << info.tickets.size() << " tickets\n";
    for (const auto& t : info.tickets)
        std::cout << "  " << ticket_text(t) << "\n";
}

}  // namespace

// ok: the checkout, exit 0. A refusal with the checkout (declined, refunded,
// pending): the checkout on stdout, then the refusal as every command reports
// it. Any other refusal (unsupported, throttled, hold_expired...): the refusal.
int checkout_reply(Context& c, const sc::Result<sc::CheckoutInfo>& r) {
    const bool has_checkout = !r.value.checkout.checkout_id.is_zero();
    if (!r.ok() && !has_checkout) {
        const int code = report_failure(c.args, r);
        if (r.status == sc::Status::checkout_throttled && !c.args.json)
            std::cerr << "  the checkout did not start and nothing was charged; run it again then"
                      << " (with --idempotency-key " << r.idempotency_key.to_string() << ")\n";
        return code;
    }
    if (c.args.json) {
        json::object o{{"ok", r.ok()},
                       {"status", sc::to_string(r.status)},
                       {"message", r.message},
                       {"checkout", checkout_json(r.value)},
                       {"replayed", r.replayed}};
        if (!r.idempotency_key.is_zero()) o["idempotency_key"] = r.idempotency_key.to_string();
        print_json(o);
        return r.ok() ? kExitOk : kExitRefused;
    }
    print_checkout(c.args, r.value, r.replayed);
    return r.ok() ? kExitOk : report_failure(c.args, r);
}

namespace {

std::optional<sc::RefundState> refund_state_of(const Args& args) {
    const std::string state = args.flag("state").value_or("all");
    if (state == "all") return std::nullopt;
    if (state == "owed") return sc::RefundState::owed;
    if (state == "failed") return sc::RefundState::failed;
    if (state == "succeeded") return sc::RefundState::succeeded;
    throw UsageError{"--state takes owed, failed, succeeded or all, not \"" + state + "\""};
}

json::object refund_json(const sc::Refund& r) {
    return {{"refund_id", r.refund_id.to_string()},
            {"checkout_id", r.checkout_id.is_zero() ? "" : r.checkout_id.to_string()},
            {"payment_id", r.payment_id},
            {"amount_minor", r.amount_minor},
            {"currency", r.currency},
            {"reason", r.reason},
            {"state", sc::to_string(r.state)},
            {"provider_refund_id", r.provider_refund_id},
            {"failure", r.failure},
            {"attempts", r.attempts},
            {"owed_at_ms", r.owed_at_ms},
            {"settled_at_ms", r.settled_at_ms}};
}

std::string refund_text(const sc::Refund& r) {
    std::string out = "refund " + r.refund_id.to_string() + "  " +
                      format_money(r.amount_minor, r.currency) + "  " +
                      std::string(sc::to_string(r.state)) + "  " + r.reason;
    if (!r.payment_id.empty()) out += "  payment " + r.payment_id;
    out += "  attempts " + std::to_string(r.attempts);
    if (!r.failure.empty()) out += ": " + r.failure;
    return out;
}

}  // namespace

int cmd_checkout(Context& c) {
    sc::CheckoutRequest req;
    req.hold = parse_u64(one_positional(c.args, "hold id"), "the hold id");
    req.session = session_of(c.args);
    req.buyer_id = require_flag(c.args, "buyer");
    req.payment_method = require_flag(c.args, "payment-method");
    // With a waiting room: the token the hold was placed with.
    req.admission_token = admission_token_of(c.args);
    return checkout_reply(c, c.client.checkout(c.event, req, c.call));
}

int cmd_checkout_status(Context& c) {
    return checkout_reply(c, c.client.get_checkout(c.event, id_of(c.args, "checkout id"), c.call));
}

int cmd_refunds(Context& c) {
    if (!c.args.positional.empty()) throw UsageError{"refunds takes no words, only flags"};
    sc::RefundFilter filter;
    filter.state = refund_state_of(c.args);
    if (auto after = c.args.flag("after")) {
        const std::uint64_t n = parse_u64(*after, "--after");
        if (n > 0xFFFFFFFFu) throw UsageError{"--after is out of range: " + *after};
        filter.after = static_cast<std::uint32_t>(n);
    }
    const auto r = c.client.list_refunds(c.event, filter, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        json::array list;
        for (const auto& x : r.value.refunds)
            list.push_back(refund_json(x));
        json::object out{{"ok", true}, {"refunds", list}, {"more", r.value.more}};
        if (r.value.more) out["next_after"] = r.value.next_after;
        print_json(out);
        return kExitOk;
    }
    if (r.value.refunds.empty()) {
        std::cout << "no refunds\n";
        return kExitOk;
    }
    std::cout << "event " << c.event << ": " << r.value.refunds.size() << " refunds\n";
    for (const auto& x : r.value.refunds)
        std::cout << "  " << refund_text(x) << "\n";
    if (r.value.more) {
        std::string rest = "refunds --after " + std::to_string(r.value.next_after);
        if (auto state = c.args.flag("state")) rest += " --state " + *state;
        std::cout << "next: " << command_hint(c.args, rest) << "\n";
    }
    return kExitOk;
}

int cmd_refund_retry(Context& c) {
    const auto r = c.client.retry_refund(c.event, id_of(c.args, "refund id"), c.call);
    if (!r.ok()) return report_failure(c.args, r);
    if (c.args.json) {
        print_json(
            json::object{{"ok", true}, {"refund", refund_json(r.value)}, {"replayed", r.replayed}});
        return kExitOk;
    }
    std::cout << "owed again" << (r.replayed ? " (replayed)" : "") << "\n  " << refund_text(r.value)
              << "\n";
    return kExitOk;
}

}  // namespace seat::ctl
