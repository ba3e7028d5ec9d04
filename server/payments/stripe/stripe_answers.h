// Reading Stripe's answers into outcomes: the HTTP status first (it says
// whether the provider decided), then the JSON body for the details. Pure
// functions of (status, body), so every answer the adapter can meet is tested
// without a socket, and the reader can be fuzzed. Private to server/payments.
//
//   status       charge           find_charge     refund                payout
//   200          intent's status  intents found   refund's status       PayoutSucceeded
//   400          Rejected         Rejected        RefundFailed or       PayoutFailed or
//                                                 Rejected (*)          Rejected (**)
//   401 403      Rejected         Rejected        Rejected              Rejected
//   404          Rejected         Rejected        RefundFailed if       Rejected
//                                                 resource_missing
//   402          ChargeDeclined   Unknown         Unknown               Unknown
//   409 429 5xx  Unknown          Unknown         Unknown               Unknown
//   anything else: Unknown (malformed_answer)
//
// An intent that "succeeded" is a charge; "processing" is Unknown{pending};
// "requires_payment_method", "requires_action", "requires_confirmation" and
// "canceled" are declines (money did not move, and without a buyer to act on
// it the intent never will). An answer whose body cannot be read where the
// outcome depends on it is Unknown{malformed_answer}.
//
// (*) A 400 on a refund is RefundFailed when its code says the refund cannot
// be made (charge_already_refunded, amount_too_large, ...) and Rejected when it
// says our request was wrong: a parameter_* code, an idempotency_error (the key
// reused with other parameters), or no code.
//
// (**) A 400 on a payout (a transfer) is PayoutFailed when the error is about
// the destination: it names `destination` as its param (resource_missing: no
// such account; or an account the provider refuses), or its code is
// insufficient_capabilities_for_transfer (the account cannot receive). Our
// request being wrong is Rejected: a parameter_* code, an idempotency_error,
// and any other 400 (balance_insufficient: the platform's balance is short,
// which an operator mends, not a retry). A 400 without an error object is
// Unknown{malformed_answer}, as for refunds.
#pragma once

#include <string_view>

#include "server/payments/outcomes.h"

namespace seat::payments::stripe {

ChargeOutcome read_charge_answer(unsigned status, std::string_view body);
FindChargeOutcome read_search_answer(unsigned status, std::string_view body);
RefundOutcome read_refund_answer(unsigned status, std::string_view body);
PayoutOutcome read_payout_answer(unsigned status, std::string_view body);

}  // namespace seat::payments::stripe
