// Sale settings of one event, fixed when the event is created.
#pragma once

#include <cstdint>
#include <string>

#include "engine/ids.h"
#include "engine/limits.h"

namespace seat {

// The waiting room (docs/waiting-room.md). Off by default: an event without a
// room takes holds from anyone once the sale starts.
struct RoomSettings {
    bool enabled = false;
    // Admitted shoppers who have not finished (bought, used up their holds, or
    // let the token expire): never more than this at once.
    std::uint32_t max_active = kRoomMaxActiveDefault;
    std::uint32_t batch_size = kRoomBatchDefault;  // admitted per batch at most
    std::int64_t batch_interval_ms = kRoomBatchIntervalMsDefault;
    std::int64_t token_ttl_ms = kRoomTokenTtlMsDefault;  // to place a hold after admission
    std::uint32_t seats_per_token = kSeatsPerHoldDefault;
    std::uint32_t holds_per_token = kRoomHoldsPerTokenDefault;
    // A waiting position is reclaimed when its holder has not heartbeaten (or
    // polled) for this long.
    std::int64_t heartbeat_grace_ms = kRoomHeartbeatGraceMsDefault;
    friend bool operator==(const RoomSettings&, const RoomSettings&) = default;
};

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
    // When the sale opens (Unix ms, UTC); 0 = at creation. Before it, holds are
    // refused (sale_not_started) and the waiting room gathers its pre-queue.
    UnixMillis sale_starts_at_ms = 0;
    RoomSettings room;

    friend bool operator==(const SaleSettings&, const SaleSettings&) = default;
};

// Empty string if every setting is inside its limit.
std::string validate(const SaleSettings& settings);

}  // namespace seat
