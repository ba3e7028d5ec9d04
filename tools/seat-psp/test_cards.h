// The test payment methods, named as the provider names them: two that succeed
// and three that decline, each decline with the provider's code, decline_code
// and message. Any other payment_method is unknown (400 resource_missing).
#pragma once

#include <string_view>

namespace seat::psp {

struct TestCard {
    std::string_view payment_method;
    bool succeeds;
    // For a decline: what the error and the intent's last_payment_error say.
    std::string_view code;
    std::string_view decline_code;
    std::string_view message;
};

// nullptr when `payment_method` is not a test method.
const TestCard* find_test_card(std::string_view payment_method);

// What --decline-share turns an otherwise-succeeding charge into.
const TestCard& generic_decline();

}  // namespace seat::psp
