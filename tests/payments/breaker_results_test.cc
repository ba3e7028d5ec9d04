// Proves which payment outcomes count against the provider in the circuit
// breaker: only unknowns that may have reached it; declines and rejections
// are answers, and requests refused before they were sent are not counted.
#include <gtest/gtest.h>

#include "server/payments/breaker_results.h"

namespace seat::payments {
namespace {

TEST(BreakerResults, OnlyUnknownsThatReachedTheProviderAreFailures) {
    EXPECT_EQ(breaker_result(ChargeOutcome{ChargeSucceeded{"pi_1"}}), CallResult::success);
    EXPECT_EQ(breaker_result(ChargeOutcome{ChargeDeclined{"card_declined", "", ""}}),
              CallResult::success);
    EXPECT_EQ(breaker_result(ChargeOutcome{Rejected{RejectCause::authentication, "", ""}}),
              CallResult::success);
    for (UnknownCause cause :
         {UnknownCause::connect_failed, UnknownCause::timeout, UnknownCause::connection_lost,
          UnknownCause::provider_error, UnknownCause::conflict, UnknownCause::rate_limited,
          UnknownCause::pending, UnknownCause::malformed_answer})
        EXPECT_EQ(breaker_result(ChargeOutcome{Unknown{cause, ""}}), CallResult::failure)
            << to_string(cause);
    EXPECT_EQ(breaker_result(ChargeOutcome{Unknown{UnknownCause::overloaded, ""}}),
              CallResult::not_counted);
    EXPECT_EQ(breaker_result(ChargeOutcome{Unknown{UnknownCause::stopped, ""}}),
              CallResult::not_counted);
}

TEST(BreakerResults, SearchesRefundsAndPayoutsCountTheSameWay) {
    EXPECT_EQ(breaker_result(FindChargeOutcome{ChargeNotFound{}}), CallResult::success);
    EXPECT_EQ(breaker_result(FindChargeOutcome{Unknown{UnknownCause::timeout, ""}}),
              CallResult::failure);
    EXPECT_EQ(breaker_result(RefundOutcome{RefundFailed{"charge_already_refunded", ""}}),
              CallResult::success);
    EXPECT_EQ(breaker_result(RefundOutcome{Unknown{UnknownCause::provider_error, ""}}),
              CallResult::failure);
    EXPECT_EQ(breaker_result(PayoutOutcome{PayoutFailed{"resource_missing", ""}}),
              CallResult::success);
    EXPECT_EQ(breaker_result(PayoutOutcome{Unknown{UnknownCause::conflict, ""}}),
              CallResult::failure);
    EXPECT_EQ(breaker_result(PayoutOutcome{Unknown{UnknownCause::stopped, ""}}),
              CallResult::not_counted);
}

}  // namespace
}  // namespace seat::payments
