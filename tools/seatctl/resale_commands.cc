// seatctl's resale commands (docs/resale.md): list a ticket on the platform's
// marketplace at a price under the event's cap, take it back, buy a listing
// through seatd's payment provider (printed like a checkout), and browse the
// listings on sale. Prices are whole minor units (cents), as on the wire.
#include <iomanip>
#include <iostream>
#include <string>

#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

sc::Id128 id_word(const Context& c, const char* usage, const char* what) {
    if (c.args.positional.size() != 2) throw UsageError{c.args.command + " takes " + usage};
    const std::string& word = c.args.positional[1];
    const auto id = sc::Id128::parse(word);
    if (!id || id->is_zero())
        throw UsageError{std::string("a ") + what + " is a UUID, not \"" + word + "\""};
    return *id;
}

json::object listing_json(const sc::Listing& l) {
    return {{"listing_id", l.listing_id.to_string()},
            {"ticket_id", l.ticket_id.to_string()},
            {"seat", l.seat},
            {"seat_name", l.seat_name},
            {"section", l.section},
            {"section_name", l.section_name},
            {"price_minor", l.price_minor},
            {"face_value_minor", l.face_value_minor},
            {"currency", l.currency},
            {"state", sc::to_string(l.state)},
            {"delist_requested", l.delist_requested},
            {"listed_at_ms", l.listed_at_ms},
            {"settled_at_ms", l.settled_at_ms},
            {"seller", l.seller}};
}

void print_listing(const sc::Listing& l) {
    std::cout << "listing " << l.listing_id.to_string() << ": " << sc::to_string(l.state) << ", "
              << l.seat_name << " at " << format_money(l.price_minor, l.currency) << " (face "
              << format_money(l.face_value_minor, l.currency) << ")\n"
              << "  ticket " << l.ticket_id.to_string();
    if (!l.seller.empty()) std::cout << ", seller " << l.seller;
    std::cout << ", listed " << format_time(l.listed_at_ms) << "\n";
    if (l.delist_requested)
        std::cout << "  delisting asked for while a buyer pays: the listing comes back to the "
                     "seller if the payment fails\n";
}

// A refusal about a listing: the listing when it came with one, then the
// refusal and what to do. price_over_cap names the cap.
int listing_refusal(Context& c, const sc::Result<sc::ListingInfo>& r) {
    const bool has_listing = !r.value.listing.listing_id.is_zero();
    json::object extra;
    if (has_listing) extra["listing"] = listing_json(r.value.listing);
    std::string hint = transfer_hint(c, r.status);
    if (r.status == sc::Status::price_over_cap) {
        extra["cap_minor"] = r.value.cap_minor;
        // The reply carries the cap alone, without the currency.
        std::string major = format_money(r.value.cap_minor, "");
        major.pop_back();
        hint = "the cap: the highest price this event allows for this ticket is " +
               std::to_string(r.value.cap_minor) + " (minor units: " + major +
               " in the event's currency); list it at --price " +
               std::to_string(r.value.cap_minor) + " or less";
    }
    if (has_listing && !c.args.json) print_listing(r.value.listing);
    return report_refusal(c.args, r, hint, extra);
}

int resale_list(Context& c) {
    sc::ListingRequest req;
    req.ticket_id =
        id_word(c, "the ticket: resale list TICKET --seller S --price AMOUNT --payout-account ACCT",
                "ticket id");
    req.seller = require_flag(c.args, "seller");
    req.price_minor = parse_minor_amount(require_flag(c.args, "price"), "--price");
    req.payout_account = require_flag(c.args, "payout-account");
    const auto r = c.client.list_ticket(c.event, req, c.call);
    if (!r.ok()) return listing_refusal(c, r);
    const sc::Listing& l = r.value.listing;
    if (c.args.json) {
        json::object o{{"ok", true}, {"listing", listing_json(l)}, {"replayed", r.replayed}};
        if (!r.idempotency_key.is_zero()) o["idempotency_key"] = r.idempotency_key.to_string();
        print_json(o);
        return kExitOk;
    }
    std::cout << "listed" << (r.replayed ? " (replayed)" : "")
              << ": the ticket is in the platform's escrow and the seller's code is revoked "
                 "until it is sold or delisted\n";
    print_listing(l);
    std::cout << "next: "
              << command_hint(c.args, "resale buy " + l.listing_id.to_string() +
                                          " --buyer BUYER --payment-method pm_card_visa")
              << "\n";
    return kExitOk;
}

int resale_delist(Context& c) {
    const sc::Id128 ticket = id_word(c, "the ticket: resale delist TICKET --seller S", "ticket id");
    const std::string seller = require_flag(c.args, "seller");
    const auto r = c.client.delist_ticket(c.event, ticket, seller, c.call);
    if (!r.ok()) return listing_refusal(c, r);
    if (c.args.json) {
        print_json(json::object{{"ok", true},
                                {"listing", listing_json(r.value.listing)},
                                {"ticket", ticket_json(r.value.ticket)},
                                {"replayed", r.replayed}});
        return kExitOk;
    }
    if (r.value.listing.delist_requested) {
        std::cout << "a buyer is paying for this listing now: it is delisted if the payment "
                     "fails, sold otherwise\n";
        print_listing(r.value.listing);
        return kExitOk;
    }
    std::cout << "delisted" << (r.replayed ? " (replayed)" : "") << ": the ticket is " << seller
              << "'s again, with a new code\n";
    print_listing(r.value.listing);
    std::cout << "  " << ticket_text(r.value.ticket) << ", version " << r.value.ticket.version
              << "\n";
    return kExitOk;
}

int resale_buy(Context& c) {
    sc::BuyListingRequest req;
    req.listing_id =
        id_word(c, "the listing: resale buy LISTING --buyer B --payment-method PM", "listing id");
    req.buyer_id = require_flag(c.args, "buyer");
    req.payment_method = require_flag(c.args, "payment-method");
    const auto r = c.client.buy_listing(c.event, req, c.call);
    if (!r.ok() && r.value.checkout.checkout_id.is_zero())
        return report_refusal(c.args, r, transfer_hint(c, r.status));
    return checkout_reply(c, r);
}

int resale_listings(Context& c) {
    if (c.args.positional.size() != 1) throw UsageError{"resale listings takes only flags"};
    sc::ListingFilter filter;
    if (auto section = c.args.flag("section")) {
        if (is_number(*section)) {
            const std::uint64_t id = parse_u64(*section, "--section");
            if (id >= 0xFFFF) throw UsageError{"--section is out of range: " + *section};
            filter.section = static_cast<std::uint16_t>(id);
        } else {
            filter.section_name = *section;
        }
    }
    if (auto p = c.args.flag("max-price"))
        filter.max_price_minor = parse_minor_amount(*p, "--max-price");
    if (auto n = c.args.flag("limit")) {
        const std::uint64_t limit = parse_u64(*n, "--limit");
        if (limit == 0 || limit > 0xFFFFFFFFu)
            throw UsageError{"--limit must be at least 1 (leave it out for the server's page)"};
        filter.limit = static_cast<std::uint32_t>(limit);
    }
    const auto r = c.client.list_listings(c.event, filter, c.call);
    if (!r.ok()) return report_refusal(c.args, r, transfer_hint(c, r.status));
    if (c.args.json) {
        json::array list;
        for (const auto& l : r.value.listings)
            list.push_back(listing_json(l));
        print_json(json::object{{"ok", true}, {"listings", list}, {"more", r.value.more}});
        return kExitOk;
    }
    if (r.value.listings.empty()) {
        std::cout << "no listings on sale\n";
        return kExitOk;
    }
    std::cout << "event " << c.event << ": " << r.value.listings.size() << " listings on sale"
              << (r.value.more ? " (more match: raise --limit or narrow the search)" : "")
              << ", cheapest first\n";
    std::cout << "  " << std::left << std::setw(38) << "listing" << std::setw(20) << "seat"
              << std::setw(14) << "price" << std::setw(14) << "face"
              << "listed\n";
    for (const auto& l : r.value.listings) {
        std::cout << "  " << std::setw(38) << l.listing_id.to_string() << std::setw(20)
                  << l.seat_name << std::setw(14) << format_money(l.price_minor, l.currency)
                  << std::setw(14) << format_money(l.face_value_minor, l.currency)
                  << format_time(l.listed_at_ms) << "\n";
    }
    std::cout << std::right << "next: "
              << command_hint(c.args,
                              "resale buy LISTING --buyer BUYER --payment-method "
                              "pm_card_visa")
              << "\n";
    return kExitOk;
}

}  // namespace

int cmd_resale(Context& c) {
    const std::string action = c.args.positional.empty() ? "" : c.args.positional[0];
    if (action == "list") return resale_list(c);
    if (action == "delist") return resale_delist(c);
    if (action == "buy") return resale_buy(c);
    if (action == "listings") return resale_listings(c);
    throw UsageError{action.empty() ? "resale needs list, delist, buy or listings"
                                    : "unknown resale action \"" + action + "\""};
}

}  // namespace seat::ctl
