// One pass over the intents and one over the transfers, in creation order;
// sums are checked against the books' invariants (net = captured - refunded >=
// 0, every transfer counted once per destination) as they are made.
#include "tools/seat-psp/ledger.h"

#include <boost/json/serialize.hpp>
#include <map>

#include "base/check.h"

namespace seat::psp {
namespace {

struct Sums {
    std::int64_t intents = 0;
    std::int64_t succeeded = 0;
    std::int64_t declined = 0;
    std::int64_t refunds = 0;         // that returned money
    std::int64_t refunds_failed = 0;  // that returned nothing
    std::int64_t captured = 0;
    std::int64_t refunded = 0;
    std::int64_t transfers = 0;
    std::int64_t paid_out = 0;

    void add(const Intent& intent, const Books& books) {
        ++intents;
        if (intent.status == IntentStatus::succeeded)
            ++succeeded;
        else
            ++declined;
        for (const std::size_t i : intent.refunds)
            ++(books.refunds()[i].failed ? refunds_failed : refunds);
        captured += intent.captured();
        refunded += intent.amount_refunded;
    }

    void add(const Transfer& transfer) {
        ++transfers;
        paid_out += transfer.amount;
    }

    boost::json::object json() const {
        boost::json::object o;
        o["intents"] = intents;
        o["succeeded"] = succeeded;
        o["declined"] = declined;
        o["refunds"] = refunds;
        o["refunds_failed"] = refunds_failed;
        o["captured"] = captured;
        o["refunded"] = refunded;
        o["net"] = captured - refunded;
        o["transfers"] = transfers;
        o["paid_out"] = paid_out;
        return o;
    }
};

// What one destination was paid, across currencies (as totals are).
struct Payee {
    std::int64_t transfers = 0;
    std::int64_t paid_out = 0;
};

boost::json::object ledger_entry(const Intent& intent, const Books& books) {
    SEAT_CHECK(intent.refundable() >= 0, "refunded never exceeds captured");
    boost::json::object o;
    o["id"] = intent.id;
    o["amount"] = intent.amount;
    o["currency"] = intent.currency;
    o["status"] = status_name(intent.status);
    o["captured"] = intent.captured();
    o["refunded"] = intent.amount_refunded;
    o["net"] = intent.refundable();
    std::int64_t failed = 0;
    for (const std::size_t i : intent.refunds)
        failed += books.refunds()[i].failed ? 1 : 0;
    o["refunds"] = static_cast<std::int64_t>(intent.refunds.size()) - failed;
    o["refunds_failed"] = failed;
    boost::json::object metadata;
    for (const auto& [key, value] : intent.metadata)
        metadata[key] = value;
    o["metadata"] = std::move(metadata);
    return o;
}

boost::json::object transfer_entry(const Transfer& transfer) {
    boost::json::object o;
    o["id"] = transfer.id;
    o["amount"] = transfer.amount;
    o["currency"] = transfer.currency;
    o["destination"] = transfer.destination;
    boost::json::object metadata;
    for (const auto& [key, value] : transfer.metadata)
        metadata[key] = value;
    o["metadata"] = std::move(metadata);
    return o;
}

}  // namespace

std::string ledger_json(const Books& books) {
    boost::json::array intents;
    intents.reserve(books.intents().size());
    Sums totals;
    std::map<std::string, Sums> by_currency;  // sorted, so the output is stable
    for (const Intent& intent : books.intents()) {
        intents.push_back(ledger_entry(intent, books));
        totals.add(intent, books);
        by_currency[intent.currency].add(intent, books);
    }
    SEAT_CHECK(
        totals.refunds + totals.refunds_failed == static_cast<std::int64_t>(books.refunds().size()),
        "every refund belongs to one intent");
    boost::json::array transfers;
    transfers.reserve(books.transfers().size());
    std::map<std::string, Payee> by_destination;  // sorted, so the output is stable
    for (const Transfer& transfer : books.transfers()) {
        transfers.push_back(transfer_entry(transfer));
        totals.add(transfer);
        by_currency[transfer.currency].add(transfer);
        Payee& payee = by_destination[transfer.destination];
        ++payee.transfers;
        payee.paid_out += transfer.amount;
    }
    boost::json::object destinations;
    std::int64_t destination_transfers = 0;
    for (const auto& [destination, payee] : by_destination) {
        destination_transfers += payee.transfers;
        boost::json::object d;
        d["transfers"] = payee.transfers;
        d["paid_out"] = payee.paid_out;
        destinations[destination] = std::move(d);
    }
    SEAT_CHECK(destination_transfers == totals.transfers, "every transfer has one destination");
    boost::json::object currencies;
    for (const auto& [currency, sums] : by_currency)
        currencies[currency] = sums.json();
    boost::json::object o;
    o["object"] = "ledger";
    o["intents"] = std::move(intents);
    o["transfers"] = std::move(transfers);
    o["destinations"] = std::move(destinations);
    o["totals"] = totals.json();
    o["currencies"] = std::move(currencies);
    return boost::json::serialize(o);
}

}  // namespace seat::psp
