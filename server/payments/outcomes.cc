// Names of payment outcomes, for logs and test messages.
#include "server/payments/outcomes.h"

namespace seat::payments {
namespace {

std::string quoted(const std::string& text) {
    return text.empty() ? std::string() : " \"" + text + "\"";
}

// One overload per alternative; describe() visits with them.
std::string describe_one(const ChargeSucceeded& s) {
    return "succeeded " + s.payment_id;
}
std::string describe_one(const ChargeDeclined& d) {
    return "declined (" + d.code + (d.decline_code.empty() ? "" : ", " + d.decline_code) + ")" +
           quoted(d.message);
}
std::string describe_one(const ChargeNotFound&) {
    return "not found";
}
std::string describe_one(const RefundSucceeded& s) {
    return "refunded " + s.refund_id;
}
std::string describe_one(const RefundFailed& f) {
    return "failed (" + f.code + ")" + quoted(f.message);
}
std::string describe_one(const PayoutSucceeded& s) {
    return "paid out " + s.payout_id;
}
std::string describe_one(const PayoutFailed& f) {
    return "failed (" + f.code + ")" + quoted(f.message);
}
std::string describe_one(const Rejected& r) {
    return "rejected (" + std::string(to_string(r.cause)) + (r.code.empty() ? "" : ", " + r.code) +
           ")" + quoted(r.message);
}
std::string describe_one(const Unknown& u) {
    return "unknown (" + std::string(to_string(u.cause)) + ")" + quoted(u.detail);
}

template <class Outcome>
std::string describe_any(const Outcome& outcome) {
    return std::visit([](const auto& o) { return describe_one(o); }, outcome);
}

}  // namespace

std::string_view to_string(RejectCause cause) {
    switch (cause) {
        case RejectCause::invalid_request:
            return "invalid_request";
        case RejectCause::authentication:
            return "authentication";
        case RejectCause::permission:
            return "permission";
        case RejectCause::not_found:
            return "not_found";
    }
    return "?";
}

std::string_view to_string(UnknownCause cause) {
    switch (cause) {
        case UnknownCause::overloaded:
            return "overloaded";
        case UnknownCause::stopped:
            return "stopped";
        case UnknownCause::connect_failed:
            return "connect_failed";
        case UnknownCause::timeout:
            return "timeout";
        case UnknownCause::connection_lost:
            return "connection_lost";
        case UnknownCause::provider_error:
            return "provider_error";
        case UnknownCause::conflict:
            return "conflict";
        case UnknownCause::rate_limited:
            return "rate_limited";
        case UnknownCause::pending:
            return "pending";
        case UnknownCause::malformed_answer:
            return "malformed_answer";
    }
    return "?";
}

std::string describe(const ChargeOutcome& outcome) {
    return describe_any(outcome);
}

std::string describe(const FindChargeOutcome& outcome) {
    return describe_any(outcome);
}

std::string describe(const RefundOutcome& outcome) {
    return describe_any(outcome);
}

std::string describe(const PayoutOutcome& outcome) {
    return describe_any(outcome);
}

}  // namespace seat::payments
