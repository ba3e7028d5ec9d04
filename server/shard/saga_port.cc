#include "server/shard/saga_port.h"

namespace seat::server {

std::string charge_idempotency_key(const CheckoutId& checkout) {
    return "seatd-checkout-" + to_string(checkout);
}

std::string refund_idempotency_key(const RefundId& refund) {
    return "seatd-refund-" + to_string(refund);
}

}  // namespace seat::server
