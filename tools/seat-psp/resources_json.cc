// Only what the subset promises is shown; fields the provider has and seatd does
// not read (client_secret, charges, payment_method_types, …) are left out.
#include "tools/seat-psp/resources_json.h"

namespace seat::psp {

boost::json::object intent_json(const Intent& intent) {
    boost::json::object o;
    o["id"] = intent.id;
    o["object"] = "payment_intent";
    o["amount"] = intent.amount;
    o["currency"] = intent.currency;
    o["status"] = status_name(intent.status);
    o["payment_method"] = intent.payment_method;
    boost::json::object metadata;
    for (const auto& [key, value] : intent.metadata)
        metadata[key] = value;
    o["metadata"] = std::move(metadata);
    o["latest_charge"] = intent.charge;
    o["amount_refunded"] = intent.amount_refunded;
    o["created"] = intent.created_s;
    if (intent.status == IntentStatus::requires_payment_method) {
        boost::json::object error;
        error["type"] = "card_error";
        error["code"] = intent.last_error.code;
        error["decline_code"] = intent.last_error.decline_code;
        error["message"] = intent.last_error.message;
        error["charge"] = intent.charge;
        o["last_payment_error"] = std::move(error);
    }
    return o;
}

boost::json::object refund_json(const Refund& refund) {
    boost::json::object o;
    o["id"] = refund.id;
    o["object"] = "refund";
    o["amount"] = refund.amount;
    o["currency"] = refund.currency;
    o["payment_intent"] = refund.payment_intent;
    o["status"] = refund.failed ? "failed" : "succeeded";
    if (refund.failed) o["failure_reason"] = refund.failure_reason;
    o["created"] = refund.created_s;
    return o;
}

boost::json::object transfer_json(const Transfer& transfer) {
    boost::json::object o;
    o["id"] = transfer.id;
    o["object"] = "transfer";
    o["amount"] = transfer.amount;
    o["currency"] = transfer.currency;
    o["destination"] = transfer.destination;
    boost::json::object metadata;
    for (const auto& [key, value] : transfer.metadata)
        metadata[key] = value;
    o["metadata"] = std::move(metadata);
    o["created"] = transfer.created_s;
    return o;
}

}  // namespace seat::psp
