// Sale settings of one event, fixed when the event is created.
#pragma once

#include <cstdint>
#include <string>

#include "engine/ids.h"
#include "engine/limits.h"

namespace seat {

struct SaleSettings {
    std::string event_name;
    std::int64_t hold_ttl_ms = kHoldTtlMsDefault;
    std::int64_t checkout_ttl_ms = kCheckoutTtlMsDefault;
    std::uint32_t max_seats_per_hold = kSeatsPerHoldDefault;
    std::uint32_t max_holds_per_session = kSessionHoldsDefault;
    // When the event starts (Unix ms, UTC); 0 = not set. Cancellation and transfer
    // policies count back from it.
    UnixMillis starts_at_ms = 0;
    // The event's currency (ISO 4217, e.g. "EUR"); empty = the venue's tiers'. Every
    // tier must be priced in it: a checkout charges one amount in one currency.
    std::string currency;
    std::int64_t payment_timeout_ms = kPaymentTimeoutMsDefault;

    friend bool operator==(const SaleSettings&, const SaleSettings&) = default;
};

// Empty string if every setting is inside its limit.
std::string validate(const SaleSettings& settings);

}  // namespace seat
