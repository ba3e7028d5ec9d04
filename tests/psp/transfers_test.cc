// POST /v1/transfers and GET /v1/transfers/{id} against the real seat-psp: a
// transfer has the provider's shape and can be read back; its answer replays
// under its key and the key cannot be reused for another transfer; a
// destination that does not exist (acct_missing…) is 400 resource_missing,
// stored under its key, with nothing paid; malformed parameters are refused
// naming the parameter and store nothing; the faults hit transfers as they hit
// the other POSTs; the ledger adds up what was paid out, per destination.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/psp/psp_fixture.h"

namespace seat::psp_testing {
namespace {

using namespace std::chrono_literals;

boost::json::object totals(PspClient& client) {
    return ledger(client)["totals"].as_object();
}

// Proves: a transfer is 200 with the provider's fields, its id "tr_" and 24
// characters, and GET returns the same object; an unknown id is 404.
TEST(Transfers, SucceededTransferHasTheProviderShape) {
    PspProcess psp;
    PspClient client(psp);
    const HttpResponse r =
        client.post(kTransfers, transfer_form(4250, "acct_seller_1", {{"payout", "po 1"}}));
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.header("Request-Id").rfind("req_", 0), 0u);
    boost::json::object tr = json(r);
    const std::string id = str(tr["id"]);
    EXPECT_EQ(id.rfind("tr_", 0), 0u);
    EXPECT_EQ(id.size(), 27u);
    EXPECT_EQ(str(tr["object"]), "transfer");
    EXPECT_EQ(tr["amount"].as_int64(), 4250);
    EXPECT_EQ(str(tr["currency"]), "eur");
    EXPECT_EQ(str(tr["destination"]), "acct_seller_1");
    EXPECT_EQ(str(tr["metadata"].as_object()["payout"]), "po 1");
    EXPECT_TRUE(tr["created"].is_int64());

    const HttpResponse read = client.get(std::string(kTransfers) + "/" + id);
    ASSERT_EQ(read.status, 200u);
    EXPECT_EQ(read.body, r.body);
    const HttpResponse unknown = client.get(std::string(kTransfers) + "/tr_nothere");
    EXPECT_EQ(unknown.status, 404u);
    boost::json::object e = error_of(unknown);
    EXPECT_EQ(str(e["code"]), "resource_missing");
    EXPECT_EQ(str(e["param"]), "transfer");
    EXPECT_EQ(client.get(std::string(kTransfers) + "/" + id + "?expand=x").status, 400u);
    EXPECT_EQ(client.get(kTransfers).status, 404u);  // no list endpoint
}

// Proves: the same key and body replay the first answer byte for byte and pay
// once; the key with another amount, or on another endpoint, is
// idempotency_error and pays nothing more.
TEST(Transfers, ReplaysUnderItsKeyAndPaysOnce) {
    PspProcess psp;
    PspClient client(psp);
    const std::string body = transfer_form(900, "acct_seller_1");
    const HttpResponse first = client.post(kTransfers, body, with_key("seatd-payout-1"));
    ASSERT_EQ(first.status, 200u) << first.body;
    for (int i = 0; i < 2; ++i) {
        const HttpResponse again = client.post(kTransfers, body, with_key("seatd-payout-1"));
        EXPECT_EQ(again.status, 200u);
        EXPECT_EQ(again.body, first.body);
        EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
        EXPECT_EQ(again.header("Original-Request"), first.header("Request-Id"));
    }
    const HttpResponse other =
        client.post(kTransfers, transfer_form(901, "acct_seller_1"), with_key("seatd-payout-1"));
    EXPECT_EQ(other.status, 400u);
    EXPECT_EQ(str(error_of(other)["type"]), "idempotency_error");
    const HttpResponse elsewhere =
        client.post(kRefunds, form({{"payment_intent", "pi_x"}}), with_key("seatd-payout-1"));
    EXPECT_EQ(str(error_of(elsewhere)["type"]), "idempotency_error");
    boost::json::object t = totals(client);
    EXPECT_EQ(t["transfers"].as_int64(), 1);
    EXPECT_EQ(t["paid_out"].as_int64(), 900);
}

// Proves: a destination that does not exist is 400 resource_missing naming
// `destination`, as the provider answers; the answer is stored under the key
// (it replays), and nothing is paid or filed.
TEST(Transfers, MissingDestinationIs400ResourceMissing) {
    PspProcess psp;
    PspClient client(psp);
    for (const char* destination : {"acct_missing", "acct_missing_seller_7"}) {
        SCOPED_TRACE(destination);
        const std::string body = transfer_form(500, destination);
        const HttpResponse r = client.post(kTransfers, body, with_key(destination));
        ASSERT_EQ(r.status, 400u) << r.body;
        boost::json::object e = error_of(r);
        EXPECT_EQ(str(e["type"]), "invalid_request_error");
        EXPECT_EQ(str(e["code"]), "resource_missing");
        EXPECT_EQ(str(e["param"]), "destination");
        EXPECT_EQ(str(e["message"]), std::string("No such destination: '") + destination + "'");
        const HttpResponse again = client.post(kTransfers, body, with_key(destination));
        EXPECT_EQ(again.body, r.body);
        EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    }
    boost::json::object books = ledger(client);
    EXPECT_TRUE(books["transfers"].as_array().empty());
    EXPECT_TRUE(books["destinations"].as_object().empty());
    EXPECT_EQ(books["totals"].as_object()["paid_out"].as_int64(), 0);
}

// Proves: a bad amount, currency or destination, a missing, unknown or
// repeated parameter is 400 naming it; nothing is stored, so the key stays
// free for the corrected request.
TEST(Transfers, MalformedParametersAreRefusedNamingTheParameter) {
    PspProcess psp;
    PspClient client(psp);
    struct Case {
        std::string body;
        std::string param;
        std::string code;
    };
    const std::string to = "&currency=eur&destination=acct_s";
    for (const Case& c : {
             Case{"amount=0" + to, "amount", "amount_too_small"},
             Case{"amount=-5" + to, "amount", "parameter_invalid_integer"},
             Case{"amount=1.5" + to, "amount", "parameter_invalid_integer"},
             Case{"amount=100000000" + to, "amount", "amount_too_large"},
             Case{"currency=eur&destination=acct_s", "amount", "parameter_missing"},
             Case{"amount=5&destination=acct_s", "currency", "parameter_missing"},
             Case{"amount=5&currency=EUR&destination=acct_s", "currency", ""},
             Case{"amount=5&currency=eur", "destination", "parameter_missing"},
             Case{"amount=5&currency=eur&destination=", "destination", "parameter_invalid_empty"},
             Case{"amount=5&currency=eur&destination=bob", "destination", ""},
             Case{"amount=5&currency=eur&destination=acct_", "destination", ""},
             Case{"amount=5&currency=eur&destination=acct_a-b", "destination", ""},
             Case{"amount=5&currency=eur&destination=acct_" + std::string(65, 'a'), "destination",
                  ""},
             Case{"amount=5" + to + "&description=x", "description", "parameter_unknown"},
             Case{"amount=5" + to + "&destination=acct_t", "destination", ""},
             Case{"amount=5" + to + "&metadata[a[b]]=1", "metadata", ""},
         }) {
        SCOPED_TRACE(c.body);
        const HttpResponse r = client.post(kTransfers, c.body, with_key("fixed-later"));
        EXPECT_EQ(r.status, 400u) << r.body;
        boost::json::object e = error_of(r);
        EXPECT_EQ(str(e["type"]), "invalid_request_error");
        EXPECT_EQ(str(e["param"]), c.param);
        EXPECT_EQ(e.contains("code") ? str(e["code"]) : "", c.code);
    }
    const HttpResponse fixed =
        client.post(kTransfers, transfer_form(5, "acct_s"), with_key("fixed-later"));
    EXPECT_EQ(fixed.status, 200u) << fixed.body;
    EXPECT_EQ(fixed.header("Idempotent-Replayed"), "");
    EXPECT_EQ(totals(client)["transfers"].as_int64(), 1);
}

// Proves: the limits themselves are accepted: the smallest and largest
// amounts, the longest destination id.
TEST(Transfers, LimitsAtTheEdgeAreAccepted) {
    PspProcess psp;
    PspClient client(psp);
    const std::string longest = "acct_" + std::string(64, 'Z');
    EXPECT_EQ(client.post(kTransfers, transfer_form(1, longest)).status, 200u);
    EXPECT_EQ(client.post(kTransfers, transfer_form(99'999'999, "acct_big")).status, 200u);
    EXPECT_EQ(totals(client)["paid_out"].as_int64(), 100'000'000);
}

// Proves: the faults reach transfers as they reach charges and refunds: an
// error is 503 and pays nothing (the retry executes afresh); a held request
// is never processed; a lost response was paid all the same, and the retry
// with the key replays it without paying twice.
TEST(Transfers, FaultsApplyAsToTheOtherPosts) {
    {
        PspProcess psp(PspOptions{{"--error-share", "1"}});
        PspClient client(psp);
        for (int i = 0; i < 2; ++i) {
            const HttpResponse r =
                client.post(kTransfers, transfer_form(700, "acct_s"), with_key("e"));
            EXPECT_EQ(r.status, 503u);
            EXPECT_EQ(str(error_of(r)["type"]), "api_error");
            EXPECT_EQ(r.header("Idempotent-Replayed"), "");
        }
        EXPECT_EQ(totals(client)["transfers"].as_int64(), 0);
    }
    {
        PspProcess psp(PspOptions{{"--timeout-share", "1"}});
        PspClient client(psp, 500ms);
        const HttpResponse held = client.post(kTransfers, transfer_form(700, "acct_s"));
        EXPECT_FALSE(held.received);
        EXPECT_TRUE(held.timed_out) << held.error;
        PspClient reader(psp);
        EXPECT_EQ(totals(reader)["transfers"].as_int64(), 0);
    }
    {
        PspProcess psp(PspOptions{{"--lost-response-share", "1"}});
        PspClient client(psp);
        const std::string body = transfer_form(700, "acct_s");
        const HttpResponse lost = client.post(kTransfers, body, with_key("po-lost"));
        EXPECT_FALSE(lost.received);
        EXPECT_TRUE(lost.closed) << lost.error;
        const HttpResponse retry = client.post(kTransfers, body, with_key("po-lost"));
        ASSERT_EQ(retry.status, 200u) << retry.error;
        EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
        const std::string id = str(json(retry)["id"]);
        EXPECT_EQ(client.get(std::string(kTransfers) + "/" + id).status, 200u);
        boost::json::object t = totals(client);
        EXPECT_EQ(t["transfers"].as_int64(), 1);
        EXPECT_EQ(t["paid_out"].as_int64(), 700);
        EXPECT_NE(psp.log().find("fault=lost-response"), std::string::npos);
    }
    {
        PspProcess psp(PspOptions{{"--outage-start-s", "0", "--outage-duration-s", "60"}});
        PspClient client(psp);
        EXPECT_EQ(client.post(kTransfers, transfer_form(700, "acct_s")).status, 503u);
        EXPECT_EQ(client.get(std::string(kTransfers) + "/tr_x").status, 503u);
        EXPECT_EQ(totals(client)["transfers"].as_int64(), 0);
    }
}

// Proves: the ledger lists every transfer in creation order, sums what each
// destination was paid and how many times, adds transfers and paid_out to the
// totals and per currency, and leaves the charges' net as it was.
TEST(Transfers, LedgerTotalsPerDestination) {
    PspProcess psp;
    PspClient client(psp);
    ASSERT_EQ(client.post(kIntents, charge_form(10'000)).status, 200u);
    const std::string first = str(
        json(client.post(kTransfers, transfer_form(4000, "acct_a", {{"payout", "po_1"}})))["id"]);
    ASSERT_EQ(client.post(kTransfers, transfer_form(2500, "acct_b")).status, 200u);
    ASSERT_EQ(client.post(kTransfers, transfer_form(1500, "acct_a")).status, 200u);
    ASSERT_EQ(client.post(kTransfers, transfer_form(999, "acct_missing")).status, 400u);
    ASSERT_EQ(client
                  .post(kTransfers,
                        form({{"amount", "30"}, {"currency", "usd"}, {"destination", "acct_b"}}))
                  .status,
              200u);

    boost::json::object books = ledger(client);
    boost::json::array transfers = books["transfers"].as_array();
    ASSERT_EQ(transfers.size(), 4u);
    boost::json::object t0 = transfers[0].as_object();
    EXPECT_EQ(str(t0["id"]), first);
    EXPECT_EQ(t0["amount"].as_int64(), 4000);
    EXPECT_EQ(str(t0["currency"]), "eur");
    EXPECT_EQ(str(t0["destination"]), "acct_a");
    EXPECT_EQ(str(t0["metadata"].as_object()["payout"]), "po_1");
    EXPECT_EQ(str(transfers[3].as_object()["currency"]), "usd");

    boost::json::object destinations = books["destinations"].as_object();
    ASSERT_EQ(destinations.size(), 2u);
    boost::json::object a = destinations["acct_a"].as_object();
    EXPECT_EQ(a["transfers"].as_int64(), 2);
    EXPECT_EQ(a["paid_out"].as_int64(), 5500);
    boost::json::object b = destinations["acct_b"].as_object();
    EXPECT_EQ(b["transfers"].as_int64(), 2);
    EXPECT_EQ(b["paid_out"].as_int64(), 2530);  // across currencies, as totals are

    boost::json::object t = books["totals"].as_object();
    EXPECT_EQ(t["transfers"].as_int64(), 4);
    EXPECT_EQ(t["paid_out"].as_int64(), 8030);
    EXPECT_EQ(t["captured"].as_int64(), 10'000);
    EXPECT_EQ(t["net"].as_int64(), 10'000);  // captured less refunded, payouts beside it
    boost::json::object currencies = books["currencies"].as_object();
    EXPECT_EQ(currencies["eur"].as_object()["paid_out"].as_int64(), 8000);
    EXPECT_EQ(currencies["eur"].as_object()["transfers"].as_int64(), 3);
    boost::json::object usd = currencies["usd"].as_object();
    EXPECT_EQ(usd["paid_out"].as_int64(), 30);
    EXPECT_EQ(usd["intents"].as_int64(), 0);
}

}  // namespace
}  // namespace seat::psp_testing
