// Names of payment outcomes, for logs and test messages.
#include "server/payments/outcomes.h"

namespace seat::payments {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};

std::string quoted(const std::string& text) {
    return text.empty() ? std::string() : " \"" + text + "\"";
}

std::string describe_rejected(const Rejected& r) {
    return "rejected (" + std::string(to_string(r.cause)) + (r.code.empty() ? "" : ", " + r.code) +
           ")" + quoted(r.message);
}

std::string describe_unknown(const Unknown& u) {
    return "unknown (" + std::string(to_string(u.cause)) + ")" + quoted(u.detail);
}

std::string describe_declined(const ChargeDeclined& d) {
    return "declined (" + d.code + (d.decline_code.empty() ? "" : ", " + d.decline_code) + ")" +
           quoted(d.message);
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
    return std::visit(
        Overloaded{[](const ChargeSucceeded& s) { return "succeeded " + s.payment_id; },
                   [](const ChargeDeclined& d) { return describe_declined(d); },
                   [](const Rejected& r) { return describe_rejected(r); },
                   [](const Unknown& u) { return describe_unknown(u); }},
        outcome);
}

std::string describe(const FindChargeOutcome& outcome) {
    return std::visit(
        Overloaded{[](const ChargeSucceeded& s) { return "succeeded " + s.payment_id; },
                   [](const ChargeDeclined& d) { return describe_declined(d); },
                   [](const Rejected& r) { return describe_rejected(r); },
                   [](const Unknown& u) { return describe_unknown(u); },
                   [](const ChargeNotFound&) { return std::string("not found"); }},
        outcome);
}

std::string describe(const RefundOutcome& outcome) {
    return std::visit(Overloaded{[](const RefundSucceeded& s) { return "refunded " + s.refund_id; },
                                 [](const RefundFailed& f) {
                                     return "failed (" + f.code + ")" + quoted(f.message);
                                 },
                                 [](const Rejected& r) { return describe_rejected(r); },
                                 [](const Unknown& u) { return describe_unknown(u); }},
                      outcome);
}

}  // namespace seat::payments
