#include "engine/checkout/records.h"

namespace seat {

const char* to_string(CheckoutState s) {
    switch (s) {
        case CheckoutState::paying:
            return "paying";
        case CheckoutState::sold:
            return "sold";
        case CheckoutState::declined:
            return "declined";
        case CheckoutState::abandoned:
            return "abandoned";
        case CheckoutState::refunded:
            return "refunded";
    }
    return "unknown";
}

const char* to_string(RefundState s) {
    switch (s) {
        case RefundState::owed:
            return "owed";
        case RefundState::succeeded:
            return "succeeded";
        case RefundState::failed:
            return "failed";
    }
    return "unknown";
}

const char* to_string(RefundReason r) {
    return r == RefundReason::compensation ? "compensation" : "cancellation";
}

}  // namespace seat
