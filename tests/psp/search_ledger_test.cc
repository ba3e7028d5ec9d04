// GET /v1/payment_intents/search and GET /_sim/ledger against the real
// seat-psp: search by one metadata pair finds every intent with it, newest
// first, declines included (how seatd finds a charge whose answer was lost);
// the ledger's per-intent figures and totals add up to what was charged and
// refunded; --ledger-on-exit writes the same ledger when seat-psp stops.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/psp/psp_fixture.h"

namespace seat::psp_testing {
namespace {

// Proves: search finds exactly the intents with the pair, newest first,
// declined ones with their status; a pair nobody has finds nothing.
TEST(Search, FindsByMetadataNewestFirstDeclinesIncluded) {
    PspProcess psp;
    PspClient client(psp);
    const HttpResponse declined =
        client.post(kIntents, charge_form(100, "pm_card_chargeDeclined", {{"checkout", "ck_7"}}));
    const HttpResponse succeeded =
        client.post(kIntents, charge_form(100, "pm_card_visa", {{"checkout", "ck_7"}, {"x", "y"}}));
    ASSERT_EQ(
        client.post(kIntents, charge_form(100, "pm_card_visa", {{"checkout", "ck_8"}})).status,
        200u);
    const HttpResponse r = client.get(search_target("checkout", "ck_7"));
    ASSERT_EQ(r.status, 200u) << r.body;
    boost::json::object result = json(r);
    EXPECT_EQ(str(result["object"]), "search_result");
    EXPECT_EQ(result["has_more"].as_bool(), false);
    boost::json::array data = result["data"].as_array();
    ASSERT_EQ(data.size(), 2u);
    EXPECT_EQ(boost::json::serialize(data[0]), succeeded.body);
    EXPECT_EQ(str(data[1].as_object()["status"]), "requires_payment_method");
    EXPECT_EQ(boost::json::serialize(data[1]),
              boost::json::serialize(json(declined)["error"].as_object()["payment_intent"]));
    EXPECT_TRUE(json(client.get(search_target("checkout", "ck_9")))["data"].as_array().empty());
    EXPECT_TRUE(json(client.get(search_target("x", "ck_7")))["data"].as_array().empty());
}

// Proves: quotes in values are escaped as \' ; limit caps the answer and sets
// has_more; anything but the one supported form is 400 naming `query`.
TEST(Search, QuotingLimitAndRefusals) {
    PspProcess psp;
    PspClient client(psp);
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(
            client.post(kIntents, charge_form(100, "pm_card_visa", {{"note", "it's"}})).status,
            200u);
    const std::string target = search_target("note", "it\\'s");
    EXPECT_EQ(json(client.get(target))["data"].as_array().size(), 3u);
    boost::json::object limited = json(client.get(target + "&limit=2"));
    EXPECT_EQ(limited["data"].as_array().size(), 2u);
    EXPECT_EQ(limited["has_more"].as_bool(), true);
    const std::string search = std::string(kIntents) + "/search";
    for (const std::string& bad :
         {search, search + "?query=" + psp::percent_encode("status:'succeeded'"),
          search + "?query=" + psp::percent_encode("metadata[\"note\"]:\"x\""), target + "&limit=0",
          target + "&limit=101", target + "&page=abc"}) {
        SCOPED_TRACE(bad);
        const HttpResponse r = client.get(bad);
        EXPECT_EQ(r.status, 400u);
        EXPECT_EQ(str(error_of(r)["type"]), "invalid_request_error");
        EXPECT_FALSE(str(error_of(r)["param"]).empty());
    }
}

// Proves: the ledger shows each intent's captured, refunded and net amounts,
// and totals and per-currency sums that add up.
TEST(Ledger, AddsUpChargesDeclinesAndRefunds) {
    PspProcess psp;
    PspClient client(psp);
    const std::string a =
        str(json(client.post(kIntents, charge_form(1000, "pm_card_visa", {{"ck", "a"}})))["id"]);
    ASSERT_EQ(
        client.post(kIntents, charge_form(300, "pm_card_chargeDeclined", {{"ck", "b"}})).status,
        402u);
    ASSERT_EQ(client
                  .post(kIntents, form({{"amount", "50"},
                                        {"currency", "usd"},
                                        {"payment_method", "pm_card_visa"},
                                        {"confirm", "true"}}))
                  .status,
              200u);
    ASSERT_EQ(client.post(kRefunds, form({{"payment_intent", a}, {"amount", "250"}})).status, 200u);
    boost::json::object books = ledger(client);
    EXPECT_EQ(str(books["object"]), "ledger");
    boost::json::array intents = books["intents"].as_array();
    ASSERT_EQ(intents.size(), 3u);
    boost::json::object first = intents[0].as_object();
    EXPECT_EQ(str(first["id"]), a);
    EXPECT_EQ(first["amount"].as_int64(), 1000);
    EXPECT_EQ(str(first["currency"]), "eur");
    EXPECT_EQ(str(first["status"]), "succeeded");
    EXPECT_EQ(first["captured"].as_int64(), 1000);
    EXPECT_EQ(first["refunded"].as_int64(), 250);
    EXPECT_EQ(first["net"].as_int64(), 750);
    EXPECT_EQ(str(first["metadata"].as_object()["ck"]), "a");
    boost::json::object second = intents[1].as_object();
    EXPECT_EQ(str(second["status"]), "requires_payment_method");
    EXPECT_EQ(second["captured"].as_int64(), 0);
    EXPECT_EQ(second["net"].as_int64(), 0);
    boost::json::object totals = books["totals"].as_object();
    EXPECT_EQ(totals["intents"].as_int64(), 3);
    EXPECT_EQ(totals["succeeded"].as_int64(), 2);
    EXPECT_EQ(totals["declined"].as_int64(), 1);
    EXPECT_EQ(totals["refunds"].as_int64(), 1);
    EXPECT_EQ(totals["captured"].as_int64(), 1050);
    EXPECT_EQ(totals["refunded"].as_int64(), 250);
    EXPECT_EQ(totals["net"].as_int64(), 800);
    boost::json::object eur = books["currencies"].as_object()["eur"].as_object();
    EXPECT_EQ(eur["net"].as_int64(), 750);
    EXPECT_EQ(books["currencies"].as_object()["usd"].as_object()["captured"].as_int64(), 50);
    EXPECT_EQ(client.get(std::string(kLedger) + "?x=1").status, 400u);
}

// Proves: SIGTERM stops seat-psp with status 0, after writing the ledger to
// --ledger-on-exit exactly as GET /_sim/ledger showed it.
TEST(Ledger, WrittenOnExit) {
    const std::filesystem::path out =
        std::filesystem::temp_directory_path() / ("seat-psp-ledger-" + std::to_string(::getpid()));
    PspProcess psp(PspOptions{{"--ledger-on-exit", out.string()}});
    PspClient client(psp);
    ASSERT_EQ(client.post(kIntents, charge_form(77)).status, 200u);
    const std::string shown = client.get(kLedger).body;
    client.disconnect();
    EXPECT_EQ(psp.terminate(), 0);
    std::ifstream in(out);
    std::stringstream written;
    written << in.rdbuf();
    EXPECT_EQ(written.str(), shown);
    EXPECT_NE(psp.log().find("stopped cleanly"), std::string::npos) << psp.log();
    std::filesystem::remove(out);
}

}  // namespace
}  // namespace seat::psp_testing
