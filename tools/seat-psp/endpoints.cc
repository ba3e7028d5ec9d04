// Bodies are serialized here, once: what is stored for idempotent replay is the
// exact text first sent.
#include "tools/seat-psp/endpoints.h"

#include <boost/json/serialize.hpp>

#include "tools/seat-psp/resources_json.h"
#include "tools/seat-psp/test_accounts.h"

namespace seat::psp {
namespace {

Reply json_reply(unsigned status, const boost::json::object& o) {
    return Reply{status, boost::json::serialize(o)};
}

// 402 card_error, as the provider answers a confirmation that was declined.
Reply decline_reply(const Intent& intent) {
    boost::json::object error;
    error["type"] = "card_error";
    error["code"] = intent.last_error.code;
    error["decline_code"] = intent.last_error.decline_code;
    error["message"] = intent.last_error.message;
    error["payment_intent"] = intent_json(intent);
    boost::json::object body;
    body["error"] = std::move(error);
    return json_reply(402, body);
}

}  // namespace

Reply error_reply(const ApiError& e) {
    return Reply{e.status, error_body(e)};
}

Reply create_intent(Books& books, const CreateIntent& params, bool forced_decline,
                    std::int64_t now_s) {
    const TestCard& outcome =
        params.card->succeeds && forced_decline ? generic_decline() : *params.card;
    Intent intent;
    intent.amount = params.amount;
    intent.currency = params.currency;
    intent.payment_method = std::string(params.card->payment_method);
    intent.metadata = params.metadata;
    intent.created_s = now_s;
    if (outcome.succeeds) {
        intent.status = IntentStatus::succeeded;
    } else {
        intent.status = IntentStatus::requires_payment_method;
        intent.last_error =
            PaymentError{std::string(outcome.code), std::string(outcome.decline_code),
                         std::string(outcome.message)};
    }
    const Intent& filed = books.add_intent(std::move(intent));
    if (filed.status != IntentStatus::succeeded) return decline_reply(filed);
    return json_reply(200, intent_json(filed));
}

Reply create_refund(Books& books, const CreateRefund& params, std::int64_t now_s,
                    const std::function<bool()>& forced_failure) {
    const Intent* intent = books.find_intent(params.payment_intent);
    if (!intent)
        return error_reply(no_such("payment_intent", params.payment_intent, "payment_intent"));
    if (intent->status != IntentStatus::succeeded)
        return error_reply(param_error("payment_intent", "charge_already_refunded",
                                       "This PaymentIntent (" + intent->id +
                                           ") does not have a successful charge to refund."));
    if (intent->refundable() == 0)
        return error_reply(param_error("payment_intent", "charge_already_refunded",
                                       "Charge " + intent->charge + " has already been refunded."));
    const std::int64_t amount = params.amount.value_or(intent->refundable());
    if (amount > intent->refundable())
        return error_reply(param_error("amount", "amount_too_large",
                                       "Refund amount (" + std::to_string(amount) +
                                           ") is greater than unrefunded amount on charge (" +
                                           std::to_string(intent->refundable()) + ")"));
    // The reason a card network gives when the card the charge came from is gone.
    std::string failure = forced_failure() ? "expired_or_canceled_card" : "";
    return json_reply(200,
                      refund_json(books.add_refund(intent->id, amount, now_s, std::move(failure))));
}

Reply create_transfer(Books& books, const CreateTransfer& params, std::int64_t now_s) {
    if (is_missing_account(params.destination))
        return error_reply(param_error("destination", "resource_missing",
                                       "No such destination: '" + params.destination + "'"));
    Transfer transfer;
    transfer.amount = params.amount;
    transfer.currency = params.currency;
    transfer.destination = params.destination;
    transfer.metadata = params.metadata;
    transfer.created_s = now_s;
    return json_reply(200, transfer_json(books.add_transfer(std::move(transfer))));
}

Reply get_intent(const Books& books, std::string_view id) {
    const Intent* intent = books.find_intent(id);
    if (!intent) return error_reply(no_such("payment_intent", id, "intent"));
    return json_reply(200, intent_json(*intent));
}

Reply get_transfer(const Books& books, std::string_view id) {
    const Transfer* transfer = books.find_transfer(id);
    if (!transfer) return error_reply(no_such("transfer", id, "transfer"));
    return json_reply(200, transfer_json(*transfer));
}

Reply search_intents(const Books& books, const SearchIntents& params) {
    bool has_more = false;
    boost::json::array data;
    for (const Intent* intent : books.search(params.key, params.value, params.limit, has_more))
        data.push_back(intent_json(*intent));
    boost::json::object o;
    o["object"] = "search_result";
    o["data"] = std::move(data);
    o["has_more"] = has_more;
    return json_reply(200, o);
}

}  // namespace seat::psp
