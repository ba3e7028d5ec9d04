#include "server/shard/saga_port.h"

namespace seat::server {

std::string charge_idempotency_key(const CheckoutId& checkout) {
    return "seatd-checkout-" + to_string(checkout);
}

std::string refund_idempotency_key(const RefundId& refund, std::uint32_t retries) {
    std::string key = "seatd-refund-" + to_string(refund);
    if (retries > 0) key += "-retry-" + std::to_string(retries);
    return key;
}

std::string payout_idempotency_key(const PayoutId& payout, std::uint32_t retries) {
    std::string key = "seatd-payout-" + to_string(payout);
    if (retries > 0) key += "-retry-" + std::to_string(retries);
    return key;
}

}  // namespace seat::server
