// seatctl's transfer commands (docs/resale.md): offer a ticket to someone, claim
// an offer by its token, cancel it, show it; a ticket's custody chain; the
// admin's seller verification (KYC), the event's payouts and the retry of a
// failed one. Every refusal about
// a transfer says what to do next (transfer_hint), resale's too
// (resale_commands.cc).
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

sc::Id128 id_word(const std::string& word, const char* what) {
    const auto id = sc::Id128::parse(word);
    if (!id || id->is_zero())
        throw UsageError{std::string("a ") + what + " is a UUID, not \"" + word + "\""};
    return *id;
}

// The one word after the action: `transfer ACTION WORD`.
const std::string& action_word(const Context& c, const char* usage) {
    if (c.args.positional.size() != 2) throw UsageError{c.args.command + " takes " + usage};
    return c.args.positional[1];
}

json::object offer_json(const sc::Offer& o) {
    return {{"offer_id", o.offer_id.to_string()}, {"ticket_id", o.ticket_id.to_string()},
            {"from_owner", o.from_owner},         {"to", o.to},
            {"type", sc::to_string(o.type)},      {"state", sc::to_string(o.state)},
            {"offered_at_ms", o.offered_at_ms},   {"expires_at_ms", o.expires_at_ms},
            {"settled_at_ms", o.settled_at_ms},   {"claimer", o.claimer}};
}

// "offer ID: open, direct from alice to bob, expires ..." and what its state adds.
void print_offer(const sc::Offer& o) {
    std::cout << "offer " << o.offer_id.to_string() << ": " << sc::to_string(o.state) << ", "
              << sc::to_string(o.type) << " from " << o.from_owner << " to " << o.to << "\n"
              << "  ticket " << o.ticket_id.to_string() << ", offered "
              << format_time(o.offered_at_ms);
    if (o.state == sc::OfferState::open) {
        std::cout << ", expires " << format_time(o.expires_at_ms);
    } else if (o.settled_at_ms != 0) {
        std::cout << ", " << sc::to_string(o.state) << " " << format_time(o.settled_at_ms);
    }
    std::cout << "\n";
    if (!o.claimer.empty()) std::cout << "  claimed by " << o.claimer << "\n";
}

// A refusal that carries the offer (offer_claimed, offer_cancelled,
// offer_expired): the offer, then the refusal with what to do.
int offer_refusal(Context& c, const sc::Outcome& r, const sc::Offer& offer) {
    const bool has_offer = !offer.offer_id.is_zero();
    json::object extra;
    if (has_offer) extra["offer"] = offer_json(offer);
    if (has_offer && !c.args.json) print_offer(offer);
    return report_refusal(c.args, r, transfer_hint(c, r.status), extra);
}

int transfer_offer(Context& c) {
    sc::OfferRequest req;
    req.ticket_id = id_word(
        action_word(c, "the ticket: transfer offer TICKET --from OWNER --to WHO"), "ticket id");
    req.from_owner = require_flag(c.args, "from");
    req.to = require_flag(c.args, "to");
    req.gift = c.args.flag("gift").has_value();
    const auto r = c.client.offer_transfer(c.event, req, c.call);
    if (!r.ok()) return offer_refusal(c, r, r.value.offer);
    const sc::OfferInfo& v = r.value;
    if (c.args.json) {
        json::object o{{"ok", true},
                       {"offer", offer_json(v.offer)},
                       {"claim_token", v.claim_token},
                       {"replayed", r.replayed}};
        if (!r.idempotency_key.is_zero()) o["idempotency_key"] = r.idempotency_key.to_string();
        print_json(o);
        return kExitOk;
    }
    std::cout << "offered ticket " << req.ticket_id.to_string() << " to " << v.offer.to
              << (req.gift ? " as a gift" : "") << (r.replayed ? " (replayed)" : "")
              << "; its code is revoked until the offer is claimed, cancelled or expires\n";
    print_offer(v.offer);
    if (v.claim_token.empty()) {
        // A replayed answer: the server keeps only the token's hash.
        std::cout << "  the claim token was shown when the offer was made and cannot be shown "
                     "again; if it is lost, cancel the offer and offer again\n";
        return kExitOk;
    }
    std::cout << "  claim token " << v.claim_token << "   (shown once: seatd keeps only its hash)\n"
              << "  send " << v.offer.to << " a link that carries it, e.g. "
              << "https://YOUR-SITE/claim?token=" << v.claim_token << "\n"
              << "next: "
              << command_hint(c.args,
                              "transfer claim " + v.claim_token + " --claimer " + v.offer.to)
              << "\n";
    return kExitOk;
}

int transfer_claim(Context& c) {
    const std::string& token =
        action_word(c, "the claim token: transfer claim TOKEN --claimer WHO");
    const std::string claimer = require_flag(c.args, "claimer");
    const auto r = c.client.claim_transfer(c.event, token, claimer, c.call);
    if (!r.ok()) return offer_refusal(c, r, r.value.offer);
    const sc::Ticket& t = r.value.ticket.ticket;
    if (c.args.json) {
        print_json(
            json::object{{"ok", true}, {"ticket", ticket_json(t)}, {"replayed", r.replayed}});
        return kExitOk;
    }
    std::cout << "claimed" << (r.replayed ? " (replayed)" : "") << ": the ticket is " << claimer
              << "'s now, with a new code (the sender's is revoked)\n"
              << ticket_text(t) << "\n  owner " << t.owner_id << ", version " << t.version << "\n";
    if (!t.code.empty()) std::cout << "  code " << t.code << "\n";
    return kExitOk;
}

int transfer_cancel(Context& c) {
    const sc::Id128 ticket =
        id_word(action_word(c, "the ticket: transfer cancel TICKET --from OWNER"), "ticket id");
    const std::string from = require_flag(c.args, "from");
    const auto r = c.client.cancel_offer(c.event, ticket, from, c.call);
    if (!r.ok()) return offer_refusal(c, r, r.value.offer);
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"offer", offer_json(r.value.offer)},
                                {"ticket", ticket_json(r.value.ticket)},
                                {"replayed", r.replayed}});
        return kExitOk;
    }
    std::cout << "cancelled the offer" << (r.replayed ? " (replayed)" : "") << ": the ticket is "
              << from << "'s again, with a new code\n";
    print_offer(r.value.offer);
    std::cout << "  " << ticket_text(r.value.ticket) << ", version " << r.value.ticket.version
              << "\n";
    return kExitOk;
}

int transfer_show(Context& c) {
    const sc::Id128 ticket =
        id_word(action_word(c, "the ticket: transfer show TICKET"), "ticket id");
    const auto r = c.client.get_offer(c.event, ticket, c.call);
    if (!r.ok()) return report_refusal(c.args, r, transfer_hint(c, r.status));
    if (c.args.json) {
        print_json(json::object{{"ok", true}, {"offer", offer_json(r.value.offer)}});
        return kExitOk;
    }
    print_offer(r.value.offer);
    return kExitOk;
}

json::object transfer_json(const sc::Transfer& t) {
    return {{"transfer_id", t.transfer_id.to_string()},
            {"from_owner", t.from_owner},
            {"to_owner", t.to_owner},
            {"type", sc::to_string(t.type)},
            {"price_minor", t.price_minor},
            {"fee_minor", t.fee_minor},
            {"currency", t.currency},
            {"version", t.version},
            {"at_ms", t.at_ms}};
}

// "→" is three bytes in UTF-8 and one column: setw counts bytes.
constexpr int kArrowExtraBytes = 2;

std::string money_or_dash(std::int64_t minor, const std::string& currency) {
    return minor != 0 ? format_money(minor, currency) : std::string("-");
}

std::optional<sc::PayoutState> payout_state_of(const Args& args) {
    const std::string state = args.flag("state").value_or("all");
    if (state == "all") return std::nullopt;
    if (state == "owed") return sc::PayoutState::owed;
    if (state == "held_kyc") return sc::PayoutState::held_kyc;
    if (state == "paid") return sc::PayoutState::paid;
    if (state == "failed") return sc::PayoutState::failed;
    throw UsageError{"--state takes owed, held_kyc, paid, failed or all, not \"" + state + "\""};
}

json::object payout_json(const sc::Payout& p) {
    return {{"payout_id", p.payout_id.to_string()},
            {"listing_id", p.listing_id.to_string()},
            {"seller", p.seller},
            {"destination", p.destination},
            {"gross_minor", p.gross_minor},
            {"fee_minor", p.fee_minor},
            {"amount_minor", p.amount_minor},
            {"currency", p.currency},
            {"state", sc::to_string(p.state)},
            {"provider_payout_id", p.provider_payout_id},
            {"failure", p.failure},
            {"attempts", p.attempts},
            {"retries", p.retries},
            {"owed_at_ms", p.owed_at_ms},
            {"released_at_ms", p.released_at_ms},
            {"settled_at_ms", p.settled_at_ms}};
}

std::string payout_text(const sc::Payout& p) {
    std::string out = "payout " + p.payout_id.to_string() + "  " +
                      format_money(p.amount_minor, p.currency) + " to " + p.seller + " (" +
                      p.destination + ")  " + std::string(sc::to_string(p.state)) + "  gross " +
                      format_money(p.gross_minor, p.currency) + ", fee " +
                      format_money(p.fee_minor, p.currency);
    if (!p.provider_payout_id.empty()) out += "  " + p.provider_payout_id;
    if (p.attempts > 0) out += "  attempts " + std::to_string(p.attempts);
    if (p.retries > 0) out += "  retries " + std::to_string(p.retries);
    // A retried payout, owed again, keeps the reason its last attempt failed.
    if (!p.failure.empty())
        out += p.state == sc::PayoutState::failed ? ": " + p.failure
                                                  : "  (last failure: " + p.failure + ")";
    return out;
}

// The longest account the server takes (engine/limits.h, kPayoutAccountBytesMax).
constexpr std::size_t kPayoutAccountBytesMax = 128;

// `payouts retry PAYOUT_ID [--destination ACCT]`: a failed payout owed again.
int payouts_retry(Context& c) {
    if (c.args.positional.size() != 2)
        throw UsageError{
            "payouts retry takes the payout: payouts retry PAYOUT_ID "
            "[--destination ACCT]"};
    const sc::Id128 payout = id_word(c.args.positional[1], "payout id");
    std::string destination;
    if (auto d = c.args.flag("destination")) {
        if (d->empty() || d->size() > kPayoutAccountBytesMax)
            throw UsageError{"--destination is the seller's account at the provider, 1 to " +
                             std::to_string(kPayoutAccountBytesMax) + " bytes"};
        destination = *d;
    }
    const auto r = c.client.retry_payout(c.event, payout, destination, c.call);
    if (!r.ok()) {
        // The server's one refusal of a known payout: it is owed, paid or held, not failed.
        const std::string hint = r.status == sc::Status::invalid_argument
                                     ? "only a failed payout can be retried; see " +
                                           command_hint(c.args, "payouts --state failed")
                                     : transfer_hint(c, r.status);
        return report_refusal(c.args, r, hint);
    }
    if (c.args.json) {
        json::object o{{"ok", true}, {"payout", payout_json(r.value)}, {"replayed", r.replayed}};
        if (!r.idempotency_key.is_zero()) o["idempotency_key"] = r.idempotency_key.to_string();
        print_json(o);
        return kExitOk;
    }
    std::cout << "owed again" << (r.replayed ? " (replayed)" : "") << ": the payout worker pays it "
              << "under a new provider key (retry " << r.value.retries << ")\n  "
              << payout_text(r.value) << "\n"
              << "next: " << command_hint(c.args, "payouts") << "\n";
    return kExitOk;
}

}  // namespace

std::string transfer_hint(const Context& c, sc::Status s) {
    using S = sc::Status;
    const std::string ticket = c.args.positional.size() > 1 ? c.args.positional[1] : "TICKET";
    switch (s) {
        case S::not_owner:
            return "the owner (--from) or seller (--seller) must be the ticket's owner: " +
                   command_hint(c.args, "ticket " + ticket) + " shows who it is";
        case S::transfers_disabled:
            return "this event was created without transfers (create --no-transfers)";
        case S::resale_disabled:
            return "this event was created without resale (create --no-resale)";
        case S::transfer_window_closed:
            return "the event starts within its transfer cutoff: no more offers, claims, "
                   "listings or resale purchases (summary shows the cutoff)";
        case S::transfer_limit:
            return "the ticket has changed hands as often as this event allows (summary shows "
                   "its max transfers per ticket)";
        case S::ticket_offered:
            return "an open offer holds the ticket: claim it, or take it back with " +
                   command_hint(c.args, "transfer cancel " + ticket + " --from OWNER");
        case S::ticket_listed:
            return "the ticket is listed for resale: take it back with " +
                   command_hint(c.args, "resale delist " + ticket + " --seller SELLER");
        case S::offer_not_found:
            return "check the ticket id or the claim token (transfer offer prints the token "
                   "once)";
        case S::offer_claimed:
            return "the offer was claimed already: the ticket belongs to its claimer";
        case S::offer_cancelled:
        case S::offer_expired:
            return "the ticket went back to its sender, who may offer it again";
        case S::listing_not_found:
            return command_hint(c.args, "resale listings") + " shows the listings on sale";
        case S::listing_unavailable:
            return command_hint(c.args, "resale listings") + " shows what is on sale now";
        case S::listing_in_checkout:
            return "a buyer is paying for this listing now; try again in a few minutes";
        case S::payout_not_found:
            return command_hint(c.args, "payouts") + " lists the event's payouts";
        default:
            return {};
    }
}

int cmd_transfer(Context& c) {
    const std::string action = c.args.positional.empty() ? "" : c.args.positional[0];
    if (action == "offer") return transfer_offer(c);
    if (action == "claim") return transfer_claim(c);
    if (action == "cancel") return transfer_cancel(c);
    if (action == "show") return transfer_show(c);
    throw UsageError{action.empty() ? "transfer needs offer, claim, cancel or show"
                                    : "unknown transfer action \"" + action + "\""};
}

// The custody chain as a table: when, type, from → to, price, fee, version.
int print_history(Context& c, sc::Id128 ticket_id) {
    const auto r = c.client.get_ticket_history(c.event, ticket_id, c.call);
    if (!r.ok()) return report_refusal(c.args, r, transfer_hint(c, r.status));
    const sc::Ticket& t = r.value.ticket;
    if (c.args.json) {
        json::array chain;
        for (const auto& x : r.value.transfers)
            chain.push_back(transfer_json(x));
        print_json(json::object{{"ok", true}, {"ticket", ticket_json(t)}, {"transfers", chain}});
        return kExitOk;
    }
    std::cout << ticket_text(t);
    if (!t.owner_id.empty()) std::cout << ", owner " << t.owner_id;
    std::cout << ", version " << t.version << "\n";
    std::cout << "  " << std::left << std::setw(25) << "when" << std::setw(13) << "type"
              << std::setw(48 + kArrowExtraBytes) << "from → to" << std::setw(14) << "price"
              << std::setw(13) << "fee"
              << "version\n";
    for (const auto& x : r.value.transfers) {
        const std::string parties =
            (x.from_owner.empty() ? std::string("(sale)") : x.from_owner) + " → " + x.to_owner;
        std::cout << "  " << std::left << std::setw(25) << format_time(x.at_ms) << std::setw(13)
                  << sc::to_string(x.type) << std::setw(48 + kArrowExtraBytes) << parties
                  << std::setw(14) << money_or_dash(x.price_minor, x.currency) << std::setw(13)
                  << money_or_dash(x.fee_minor, x.currency) << x.version << "\n";
    }
    std::cout << std::right;
    return kExitOk;
}

int cmd_kyc(Context& c) {
    if (c.args.positional.size() != 2 || c.args.positional[0] != "verify")
        throw UsageError{"kyc takes verify and the seller: kyc verify SELLER"};
    const std::string& seller = c.args.positional[1];
    const auto r = c.client.verify_seller(c.event, seller, c.call);
    if (!r.ok()) return report_refusal(c.args, r, transfer_hint(c, r.status));
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"seller", r.value.seller},
                                {"released", r.value.released},
                                {"replayed", r.replayed}});
        return kExitOk;
    }
    std::cout << "seller " << r.value.seller << " verified" << (r.replayed ? " (replayed)" : "")
              << ": " << r.value.released << " held payout" << (r.value.released == 1 ? "" : "s")
              << " released\n";
    if (r.value.released > 0)
        std::cout << "next: " << command_hint(c.args, "payouts --state owed") << "\n";
    return kExitOk;
}

int cmd_payouts(Context& c) {
    if (!c.args.positional.empty() && c.args.positional[0] == "retry") return payouts_retry(c);
    if (!c.args.positional.empty())
        throw UsageError{
            "payouts takes only flags, or retry: payouts retry PAYOUT_ID "
            "[--destination ACCT]"};
    sc::PayoutFilter filter;
    filter.state = payout_state_of(c.args);
    if (auto after = c.args.flag("after")) {
        const std::uint64_t n = parse_u64(*after, "--after");
        if (n > 0xFFFFFFFFu) throw UsageError{"--after is out of range: " + *after};
        filter.after = static_cast<std::uint32_t>(n);
    }
    const auto r = c.client.list_payouts(c.event, filter, c.call);
    if (!r.ok()) return report_refusal(c.args, r, transfer_hint(c, r.status));
    if (c.args.json) {
        json::array list;
        for (const auto& p : r.value.payouts)
            list.push_back(payout_json(p));
        json::object out{{"ok", true}, {"payouts", list}, {"more", r.value.more}};
        if (r.value.more) out["next_after"] = r.value.next_after;
        print_json(out);
        return kExitOk;
    }
    if (r.value.payouts.empty()) {
        std::cout << "no payouts\n";
        return kExitOk;
    }
    std::cout << "event " << c.event << ": " << r.value.payouts.size() << " payouts\n";
    for (const auto& p : r.value.payouts)
        std::cout << "  " << payout_text(p) << "\n";
    bool held = false;
    for (const auto& p : r.value.payouts)
        held = held || p.state == sc::PayoutState::held_kyc;
    if (held)
        std::cout << "  held_kyc: the seller passed the event's KYC threshold; once their "
                     "identity is checked: "
                  << command_hint(c.args, "kyc verify SELLER") << "\n";
    bool failed = false;
    for (const auto& p : r.value.payouts)
        failed = failed || p.state == sc::PayoutState::failed;
    if (failed)
        std::cout << "  failed: once the seller's account is fixed: "
                  << command_hint(c.args, "payouts retry PAYOUT_ID --destination ACCT") << "\n";
    if (r.value.more) {
        std::string rest = "payouts --after " + std::to_string(r.value.next_after);
        if (auto state = c.args.flag("state")) rest += " --state " + *state;
        std::cout << "next: " << command_hint(c.args, rest) << "\n";
    }
    return kExitOk;
}

}  // namespace seat::ctl
