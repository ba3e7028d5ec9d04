// Fuzzes what a hostile or broken payment provider can send back: an HTTP
// status (the input's first byte picks one of the statuses the adapter
// distinguishes, or any number from the next two bytes) and a body, read as a
// charge's, a search's, a refund's and a payout's answer (stripe_answers.h).
// Checked besides "no crash": money is said to have moved (a Succeeded
// outcome) only on a 200, and then with the provider's id; a decline only on
// 200 or 402; 401 and 403 are always rejections; 409, 429 and 5xx always
// unknown (the provider may have acted); a status outside the table is
// unknown{malformed_answer}; every outcome describes itself.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "server/payments/stripe/stripe_answers.h"

namespace {

using namespace seat::payments;

constexpr unsigned kStatuses[] = {200, 400, 401, 402, 403, 404, 409, 429, 500,
                                  502, 503, 0,   100, 201, 204, 301, 418, 599};
constexpr std::size_t kStatusCount = sizeof kStatuses / sizeof kStatuses[0];

void check(bool ok) {
    if (!ok) std::abort();
}

bool in_table(unsigned s) {
    return s == 200 || s == 400 || s == 401 || s == 402 || s == 403 || s == 404 || s == 409 ||
           s == 429 || (s >= 500 && s <= 599);
}

bool undecided(unsigned s) {
    return s == 409 || s == 429 || (s >= 500 && s <= 599);
}

template <typename Outcome>
void check_common(unsigned status, const Outcome& outcome) {
    check(!describe(outcome).empty());
    if (status == 401 || status == 403) check(std::holds_alternative<Rejected>(outcome));
    if (undecided(status)) check(std::holds_alternative<Unknown>(outcome));
    if (!in_table(status)) {
        const auto* unknown = std::get_if<Unknown>(&outcome);
        check(unknown != nullptr && unknown->cause == UnknownCause::malformed_answer);
    }
    if (const auto* u = std::get_if<Unknown>(&outcome))
        check(u->cause != UnknownCause::overloaded && u->cause != UnknownCause::stopped);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    unsigned status =
        data[0] < kStatusCount ? kStatuses[data[0]] : (data[1] | (unsigned{data[2]} << 8)) % 1000;
    const std::string_view body(reinterpret_cast<const char*>(data + 3), size - 3);

    const ChargeOutcome charge = stripe::read_charge_answer(status, body);
    check_common(status, charge);
    if (const auto* ok = std::get_if<ChargeSucceeded>(&charge))
        check(status == 200 && !ok->payment_id.empty());
    if (std::holds_alternative<ChargeDeclined>(charge)) check(status == 200 || status == 402);

    const FindChargeOutcome found = stripe::read_search_answer(status, body);
    check_common(status, found);
    if (const auto* ok = std::get_if<ChargeSucceeded>(&found))
        check(status == 200 && !ok->payment_id.empty());
    if (std::holds_alternative<ChargeDeclined>(found) ||
        std::holds_alternative<ChargeNotFound>(found))
        check(status == 200);

    const RefundOutcome refund = stripe::read_refund_answer(status, body);
    check_common(status, refund);
    if (const auto* ok = std::get_if<RefundSucceeded>(&refund))
        check(status == 200 && !ok->refund_id.empty());
    if (std::holds_alternative<RefundFailed>(refund))
        check(status == 200 || status == 400 || status == 404);

    const PayoutOutcome payout = stripe::read_payout_answer(status, body);
    check_common(status, payout);
    if (const auto* ok = std::get_if<PayoutSucceeded>(&payout))
        check(status == 200 && !ok->payout_id.empty());
    if (std::holds_alternative<PayoutFailed>(payout)) check(status == 400);
    return 0;
}
