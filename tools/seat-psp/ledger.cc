// One pass over the intents in creation order; sums are checked against the
// books' invariant (net = captured - refunded >= 0) as they are made.
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
        return o;
    }
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
    boost::json::object currencies;
    for (const auto& [currency, sums] : by_currency)
        currencies[currency] = sums.json();
    boost::json::object o;
    o["object"] = "ledger";
    o["intents"] = std::move(intents);
    o["totals"] = totals.json();
    o["currencies"] = std::move(currencies);
    return boost::json::serialize(o);
}

}  // namespace seat::psp
