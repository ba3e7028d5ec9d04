// What each endpoint does to the books, once its parameters are read: the
// provider's decisions, with no I/O and no faults of their own. The pipeline
// (post_pipeline.h) draws the faults and passes in what they decided, such as a
// forced decline. Every function returns the status and JSON body to send.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "tools/seat-psp/api_error.h"
#include "tools/seat-psp/books.h"
#include "tools/seat-psp/params.h"

namespace seat::psp {

struct Reply {
    unsigned status = 200;
    std::string body;
};

Reply error_reply(const ApiError& e);

// Charges the test card: 200 and the succeeded intent, or (the card declines, or
// `forced_decline`) 402 card_error with the intent in requires_payment_method.
// Both are filed in the books. The caller has checked !books.intents_full().
Reply create_intent(Books& books, const CreateIntent& params, bool forced_decline,
                    std::int64_t now_s);
// 200 and the refund; 404 for an unknown intent; 400 charge_already_refunded
// when nothing is left to refund (never captured, or refunded in full) and
// amount_too_large for more than is left. A refund that would be made fails
// instead (200, status failed, nothing refunded) when `forced_failure()` says so;
// it is asked only then. The caller has checked !refunds_full().
Reply create_refund(Books& books, const CreateRefund& params, std::int64_t now_s,
                    const std::function<bool()>& forced_failure);
// 200 and the transfer, filed in the books; 400 resource_missing (param
// destination) for a destination that does not exist (test_accounts.h), which
// files nothing. The caller has checked !transfers_full().
Reply create_transfer(Books& books, const CreateTransfer& params, std::int64_t now_s);
Reply get_intent(const Books& books, std::string_view id);
Reply get_transfer(const Books& books, std::string_view id);
Reply search_intents(const Books& books, const SearchIntents& params);

}  // namespace seat::psp
