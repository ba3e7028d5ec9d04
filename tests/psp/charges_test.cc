// POST /v1/payment_intents and GET /v1/payment_intents/{id} against the real
// seat-psp: the succeeded intent has the provider's shape, each test decline
// method declines as the provider does (402 card_error with the intent), an
// unknown id is 404 resource_missing, and every malformed parameter is a 400
// that names it — with nothing filed in the books.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>

#include "tests/psp/psp_fixture.h"

namespace seat::psp_testing {
namespace {

bool id_shaped(const std::string& id, const std::string& prefix) {
    if (id.size() != prefix.size() + 24 || id.rfind(prefix, 0) != 0) return false;
    for (std::size_t i = prefix.size(); i < id.size(); ++i)
        if (!std::isalnum(static_cast<unsigned char>(id[i]))) return false;
    return true;
}

std::int64_t unix_now() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

// Proves: a charge of a succeeding card answers 200 with every field of the
// intent, and GET answers the same bytes.
TEST(Charges, SucceededIntentHasTheProviderShape) {
    PspProcess psp;
    PspClient client(psp);
    const HttpResponse r = client.post(
        kIntents, charge_form(1250, "pm_card_visa", {{"checkout", "ck_1"}, {"seats", "A-1 A-2"}}));
    ASSERT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(r.header("Request-Id").rfind("req_", 0), 0u);
    EXPECT_EQ(r.header("Idempotent-Replayed"), "");
    boost::json::object intent = json(r);
    EXPECT_TRUE(id_shaped(str(intent["id"]), "pi_")) << intent["id"];
    EXPECT_EQ(str(intent["object"]), "payment_intent");
    EXPECT_EQ(intent["amount"].as_int64(), 1250);
    EXPECT_EQ(str(intent["currency"]), "eur");
    EXPECT_EQ(str(intent["status"]), "succeeded");
    EXPECT_EQ(str(intent["payment_method"]), "pm_card_visa");
    EXPECT_EQ(boost::json::serialize(intent["metadata"]),
              R"({"checkout":"ck_1","seats":"A-1 A-2"})");
    EXPECT_TRUE(id_shaped(str(intent["latest_charge"]), "ch_"));
    EXPECT_EQ(intent["amount_refunded"].as_int64(), 0);
    EXPECT_NEAR(static_cast<double>(intent["created"].as_int64()), static_cast<double>(unix_now()),
                5);
    EXPECT_FALSE(intent.contains("last_payment_error"));

    const HttpResponse got = client.get(std::string(kIntents) + "/" + str(intent["id"]));
    EXPECT_EQ(got.status, 200u);
    EXPECT_EQ(got.body, r.body);
    EXPECT_EQ(client.post(kIntents, charge_form(1, "pm_card_mastercard")).status, 200u);
}

// Proves: an unknown intent id is 404 resource_missing, and so is a path below an intent.
TEST(Charges, UnknownIntentIs404ResourceMissing) {
    PspProcess psp;
    PspClient client(psp);
    const HttpResponse r = client.get(std::string(kIntents) + "/pi_doesnotexist");
    EXPECT_EQ(r.status, 404u);
    boost::json::object e = error_of(r);
    EXPECT_EQ(str(e["type"]), "invalid_request_error");
    EXPECT_EQ(str(e["code"]), "resource_missing");
    EXPECT_NE(str(e["message"]).find("pi_doesnotexist"), std::string::npos);
    EXPECT_EQ(client.get(std::string(kIntents) + "/pi_x/confirm").status, 404u);
    EXPECT_EQ(client.post(std::string(kIntents) + "/pi_x/capture", "").status, 404u);
    EXPECT_EQ(client.get("/v1/charges").status, 404u);
    EXPECT_EQ(client.request(boost::beast::http::verb::delete_, kIntents, "", {}).status, 404u);
}

struct DeclineCase {
    const char* method;
    const char* code;
    const char* decline_code;
};

// Proves: each decline method answers 402 card_error with its code and
// decline_code and the intent in requires_payment_method, and the decline is
// filed (GET shows the intent, with last_payment_error).
TEST(Charges, DeclineMethodsDeclineAsTheProviderDoes) {
    PspProcess psp;
    PspClient client(psp);
    for (const DeclineCase c :
         {DeclineCase{"pm_card_chargeDeclined", "card_declined", "generic_decline"},
          DeclineCase{"pm_card_chargeDeclinedInsufficientFunds", "card_declined",
                      "insufficient_funds"},
          DeclineCase{"pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card"}}) {
        SCOPED_TRACE(c.method);
        const HttpResponse r =
            client.post(kIntents, charge_form(900, c.method, {{"checkout", "d"}}));
        ASSERT_EQ(r.status, 402u) << r.body;
        boost::json::object e = error_of(r);
        EXPECT_EQ(str(e["type"]), "card_error");
        EXPECT_EQ(str(e["code"]), c.code);
        EXPECT_EQ(str(e["decline_code"]), c.decline_code);
        EXPECT_FALSE(str(e["message"]).empty());
        ASSERT_TRUE(e["payment_intent"].is_object());
        boost::json::object intent = e["payment_intent"].as_object();
        EXPECT_EQ(str(intent["status"]), "requires_payment_method");
        EXPECT_EQ(str(intent["payment_method"]), c.method);
        EXPECT_EQ(intent["amount"].as_int64(), 900);
        boost::json::object last = intent["last_payment_error"].as_object();
        EXPECT_EQ(str(last["code"]), c.code);
        EXPECT_EQ(str(last["decline_code"]), c.decline_code);
        EXPECT_EQ(str(last["charge"]), str(intent["latest_charge"]));

        const HttpResponse got = client.get(std::string(kIntents) + "/" + str(intent["id"]));
        ASSERT_EQ(got.status, 200u);
        EXPECT_EQ(got.body, boost::json::serialize(intent));
    }
    EXPECT_EQ(
        str(error_of(client.post(kIntents, charge_form(900, "pm_card_chargeDeclined")))["message"]),
        "Your card was declined.");
}

struct BadParams {
    std::string body;
    std::string param;  // "" when the error is about the encoding, not one parameter
    std::string code;   // "" when the error has none
};

// Proves: every malformed parameter is 400 invalid_request_error naming it,
// and none of them files anything.
TEST(Charges, MalformedParametersAreRefusedNamingTheParameter) {
    PspProcess psp;
    PspClient client(psp);
    const std::string ok = "&currency=eur&payment_method=pm_card_visa&confirm=true";
    const std::string long_key(41, 'k');
    std::string too_many;
    for (int i = 0; i < 51; ++i)
        too_many += "&metadata[k" + std::to_string(i) + "]=v";
    const std::vector<BadParams> cases = {
        {"currency=eur&payment_method=pm_card_visa&confirm=true", "amount", "parameter_missing"},
        {"amount=abc" + ok, "amount", "parameter_invalid_integer"},
        {"amount=-5" + ok, "amount", "parameter_invalid_integer"},
        {"amount=12.5" + ok, "amount", "parameter_invalid_integer"},
        {"amount=" + ok, "amount", "parameter_invalid_integer"},
        {"amount=0" + ok, "amount", "amount_too_small"},
        {"amount=100000000" + ok, "amount", "amount_too_large"},
        {"amount=99999999999999999999999" + ok, "amount", "amount_too_large"},
        {"amount=5&payment_method=pm_card_visa&confirm=true", "currency", "parameter_missing"},
        {"amount=5&currency=EUR&payment_method=pm_card_visa&confirm=true", "currency", ""},
        {"amount=5&currency=euro&payment_method=pm_card_visa&confirm=true", "currency", ""},
        {"amount=5&currency=eur&confirm=true", "payment_method", "parameter_missing"},
        {"amount=5&currency=eur&payment_method=pm_card_amex&confirm=true", "payment_method",
         "resource_missing"},
        {"amount=5&currency=eur&payment_method=pm_card_visa", "confirm", "parameter_missing"},
        {"amount=5&currency=eur&payment_method=pm_card_visa&confirm=false", "confirm", ""},
        {"amount=5" + ok + "&description=x", "description", "parameter_unknown"},
        {"amount=5&amount=6" + ok, "amount", ""},
        {"amount=5" + ok + "&metadata[" + long_key + "]=v", "metadata[" + long_key + "]", ""},
        {"amount=5" + ok + "&metadata[k]=" + std::string(501, 'v'), "metadata[k]", ""},
        {"amount=5" + ok + too_many, "metadata", ""},
        {"amount=5" + ok + "&metadata[]=v", "metadata", ""},
        {"amount=5" + ok + "&metadata[a][b]=v", "metadata", ""},
        {"amount=5" + ok + "&metadata=v", "metadata", ""},
        {"amount=5" + ok + "&metadata[k]=1&metadata[k]=2", "metadata[k]", ""},
        {"amount=%zz" + ok, "", ""},
        {"amount" + ok, "", ""},
    };
    for (const BadParams& c : cases) {
        SCOPED_TRACE(c.body.substr(0, 120));
        const HttpResponse r = client.post(kIntents, c.body);
        ASSERT_EQ(r.status, 400u) << r.body;
        boost::json::object e = error_of(r);
        EXPECT_EQ(str(e["type"]), "invalid_request_error");
        EXPECT_FALSE(str(e["message"]).empty());
        if (!c.param.empty()) {
            EXPECT_EQ(str(e["param"]), c.param) << r.body;
        } else {
            EXPECT_FALSE(e.contains("param")) << r.body;
        }
        if (!c.code.empty()) {
            EXPECT_EQ(str(e["code"]), c.code) << r.body;
        }
    }
    // The body must be a form, and a POST takes no query string.
    EXPECT_EQ(client.post(kIntents, "amount=5" + ok, {{"Content-Type", "application/json"}}).status,
              400u);
    EXPECT_EQ(client.post(std::string(kIntents) + "?amount=5", ok.substr(1)).status, 400u);
    EXPECT_EQ(client
                  .post(kIntents, "amount=5" + ok,
                        {{"Content-Type", "Application/X-WWW-Form-Urlencoded; charset=utf-8"}})
                  .status,
              200u);
    boost::json::object books = ledger(client);
    EXPECT_EQ(books["totals"].as_object()["intents"].as_int64(), 1);
}

// Proves: the largest request the API allows (50 metadata keys of 40 bytes with
// values of 500, amount 99,999,999) is accepted and echoed.
TEST(Charges, LimitsAtTheEdgeAreAccepted) {
    PspProcess psp;
    PspClient client(psp);
    Pairs metadata;
    for (int i = 0; i < 50; ++i) {
        std::string key = "k" + std::to_string(i);
        key.resize(40, 'x');
        metadata.emplace_back(key, std::string(500, static_cast<char>('a' + i % 26)));
    }
    metadata[0].second = std::string(250, 'e') + "é&=+%'[]";  // what needs encoding survives
    metadata[0].second.resize(500, 'e');
    const HttpResponse r = client.post(kIntents, charge_form(99'999'999, "pm_card_visa", metadata));
    ASSERT_EQ(r.status, 200u) << r.body.substr(0, 300);
    boost::json::object intent = json(r);
    EXPECT_EQ(intent["amount"].as_int64(), 99'999'999);
    boost::json::object echoed = intent["metadata"].as_object();
    ASSERT_EQ(echoed.size(), 50u);
    EXPECT_EQ(str(echoed[metadata[0].first]), metadata[0].second);
    EXPECT_EQ(client.post(kIntents, charge_form(1)).status, 200u);
}

// Proves: ids are unique across many intents and charges and look random
// (24 base-62 characters after the prefix, no common stem).
TEST(Charges, IdsAreUniqueAndUnguessableLooking) {
    PspProcess psp;
    PspClient client(psp);
    std::set<std::string> ids;
    std::set<std::string> stems;
    for (int i = 0; i < 200; ++i) {
        const HttpResponse r = client.post(kIntents, charge_form(100));
        ASSERT_EQ(r.status, 200u);
        boost::json::object intent = json(r);
        const std::string id = str(intent["id"]);
        EXPECT_TRUE(id_shaped(id, "pi_")) << id;
        ids.insert(id);
        ids.insert(str(intent["latest_charge"]));
        stems.insert(id.substr(3, 4));
    }
    EXPECT_EQ(ids.size(), 400u);
    EXPECT_GT(stems.size(), 190u);
}

// Proves: at --max-records the charges beyond it are 503 api_error, even when
// they all passed the first check together and filled the books during their
// latency (the room is checked again before executing; the books' invariant
// would otherwise stop the process), and seat-psp goes on serving.
TEST(Charges, BooksAreBoundedByMaxRecords) {
    PspProcess psp(PspOptions{{"--max-records", "2", "--latency-median-ms", "200"}});
    std::vector<std::unique_ptr<PspClient>> clients;
    for (int i = 0; i < 4; ++i)
        clients.push_back(std::make_unique<PspClient>(psp));
    // Without keys: the key store (also bounded at 2) must not refuse them first.
    for (const auto& c : clients)
        ASSERT_TRUE(c->send(boost::beast::http::verb::post, kIntents, charge_form(100), {}));
    int succeeded = 0;
    int refused = 0;
    for (const auto& c : clients) {
        const HttpResponse r = c->receive();
        if (r.status == 200u) ++succeeded;
        if (r.status == 503u && str(error_of(r)["type"]) == "api_error") ++refused;
    }
    EXPECT_EQ(succeeded, 2);
    EXPECT_EQ(refused, 2);
    ASSERT_TRUE(psp.running()) << psp.log();
    PspClient client(psp);
    EXPECT_EQ(client.post(kIntents, charge_form(100)).status, 503u);
    EXPECT_EQ(ledger(client)["totals"].as_object()["intents"].as_int64(), 2);
}

}  // namespace
}  // namespace seat::psp_testing
