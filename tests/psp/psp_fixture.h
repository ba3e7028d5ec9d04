// What the seat-psp tests share: a client that authenticates to a started
// simulator, form bodies built from pairs (percent-encoded as a client would),
// the bodies of the usual requests, and JSON answers parsed for inspection.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/psp_process.h"
#include "tools/seat-psp/form.h"

namespace seat::psp_testing {

using seat::testing::HttpClient;
using seat::testing::HttpHeaders;
using seat::testing::HttpResponse;
using seat::testing::PspOptions;
using seat::testing::PspProcess;
using Pairs = std::vector<std::pair<std::string, std::string>>;

inline constexpr const char* kIntents = "/v1/payment_intents";
inline constexpr const char* kRefunds = "/v1/refunds";
inline constexpr const char* kTransfers = "/v1/transfers";
inline constexpr const char* kLedger = "/_sim/ledger";

// A client of `psp` that sends its secret with every request.
class PspClient : public HttpClient {
  public:
    explicit PspClient(const PspProcess& psp,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10))
        : HttpClient(psp.port(), timeout) {
        set_header("Authorization", psp.authorization());
    }
};

inline std::string form(const Pairs& pairs) {
    std::string out;
    for (const auto& [name, value] : pairs) {
        if (!out.empty()) out.push_back('&');
        out += psp::percent_encode(name) + "=" + psp::percent_encode(value);
    }
    return out;
}

inline Pairs charge_pairs(std::int64_t amount, const std::string& method = "pm_card_visa",
                          const Pairs& metadata = {}) {
    Pairs p = {{"amount", std::to_string(amount)},
               {"currency", "eur"},
               {"payment_method", method},
               {"confirm", "true"}};
    for (const auto& [key, value] : metadata)
        p.emplace_back("metadata[" + key + "]", value);
    return p;
}

inline std::string charge_form(std::int64_t amount, const std::string& method = "pm_card_visa",
                               const Pairs& metadata = {}) {
    return form(charge_pairs(amount, method, metadata));
}

inline Pairs transfer_pairs(std::int64_t amount, const std::string& destination,
                            const Pairs& metadata = {}) {
    Pairs p = {
        {"amount", std::to_string(amount)}, {"currency", "eur"}, {"destination", destination}};
    for (const auto& [key, value] : metadata)
        p.emplace_back("metadata[" + key + "]", value);
    return p;
}

inline std::string transfer_form(std::int64_t amount, const std::string& destination,
                                 const Pairs& metadata = {}) {
    return form(transfer_pairs(amount, destination, metadata));
}

inline HttpHeaders with_key(const std::string& key) {
    return {{"Idempotency-Key", key}};
}

// The body as a JSON object; a test failure (and an empty object) when it is not one.
inline boost::json::object json(const HttpResponse& r) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(r.body, ec);
    if (ec || !v.is_object()) {
        ADD_FAILURE() << "not a JSON object (status " << r.status << "): " << r.body;
        return {};
    }
    return std::move(v.as_object());
}

inline std::string str(const boost::json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : std::string("<not a string>");
}

// The "error" object of an error answer.
inline boost::json::object error_of(const HttpResponse& r) {
    boost::json::object o = json(r);
    if (!o.contains("error") || !o["error"].is_object()) {
        ADD_FAILURE() << "no error object: " << r.body;
        return {};
    }
    return o["error"].as_object();
}

inline boost::json::object ledger(HttpClient& client) {
    const HttpResponse r = client.get(kLedger);
    EXPECT_EQ(r.status, 200u) << r.body;
    return json(r);
}

inline std::string search_target(const std::string& key, const std::string& value) {
    return std::string(kIntents) +
           "/search?query=" + psp::percent_encode("metadata['" + key + "']:'" + value + "'");
}

}  // namespace seat::psp_testing
