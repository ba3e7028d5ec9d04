// The table is the whole of it: a new test method is one more row.
#include "tools/seat-psp/test_cards.h"

#include <array>

namespace seat::psp {
namespace {

constexpr std::array<TestCard, 5> kCards{{
    {"pm_card_visa", true, "", "", ""},
    {"pm_card_mastercard", true, "", "", ""},
    {"pm_card_chargeDeclined", false, "card_declined", "generic_decline",
     "Your card was declined."},
    {"pm_card_chargeDeclinedInsufficientFunds", false, "card_declined", "insufficient_funds",
     "Your card has insufficient funds."},
    {"pm_card_chargeDeclinedExpiredCard", false, "expired_card", "expired_card",
     "Your card has expired."},
}};

}  // namespace

const TestCard* find_test_card(std::string_view payment_method) {
    for (const TestCard& card : kCards)
        if (card.payment_method == payment_method) return &card;
    return nullptr;
}

const TestCard& generic_decline() {
    return kCards[2];
}

}  // namespace seat::psp
