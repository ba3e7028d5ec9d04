// Sale settings of one event, fixed when the event is created.
#pragma once

#include <cstdint>
#include <string>

#include "engine/limits.h"

namespace seat {

struct SaleSettings {
    std::string event_name;
    std::int64_t hold_ttl_ms = kHoldTtlMsDefault;
    std::int64_t checkout_ttl_ms = kCheckoutTtlMsDefault;
    std::uint32_t max_seats_per_hold = kSeatsPerHoldDefault;
    std::uint32_t max_holds_per_session = kSessionHoldsDefault;

    friend bool operator==(const SaleSettings&, const SaleSettings&) = default;
};

// Empty string if every setting is inside its limit.
std::string validate(const SaleSettings& settings);

}  // namespace seat
