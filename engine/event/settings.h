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

// How a resale price is capped (docs/resale.md): not at all, at the ticket's
// face value (the seat's tier price: the UK and Irish rule, the Face Value
// Exchange's), or at a percentage above it.
enum class ResaleCap : std::uint8_t { none = 0, face_value, percent_above_face };
inline constexpr std::size_t kResaleCapCount = 3;
const char* to_string(ResaleCap c);

// Transfers and resale after the sale (docs/resale.md). The defaults allow both,
// cap resale at face value and ask for KYC past the EU's DAC7 reporting
// thresholds (Council Directive (EU) 2021/514: 30 sales or EUR 2,000 a year).
struct TransferSettings {
    bool transfers_allowed = true;
    bool resale_allowed = true;
    // No offer, claim or listing this close to the event's start (starts_at_ms),
    // so the gates' revocation lists are settled when the doors open.
    std::int64_t cutoff_before_start_ms = kTransferCutoffMsDefault;
    std::int64_t offer_ttl_ms = kOfferTtlMsDefault;  // never past the cutoff
    // Changes of owner a ticket may go through (direct, gift, marketplace); 0 = no limit.
    std::uint32_t max_transfers_per_ticket = kTransfersPerTicketDefault;
    ResaleCap cap = ResaleCap::face_value;
    std::uint32_t cap_percent = 0;  // percent_above_face: at most face x (100 + p) / 100
    std::uint32_t fee_bps =
        kResaleFeeBpsDefault;  // the platform's fee, of the price, from the payout
    std::int64_t kyc_threshold_minor = kKycThresholdMinorDefault;   // proceeds in the window
    std::uint32_t kyc_threshold_sales = kKycThresholdSalesDefault;  // sales in the window; 0 = none
    std::int64_t kyc_window_ms = kKycWindowMsDefault;
    friend bool operator==(const TransferSettings&, const TransferSettings&) = default;
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
    TransferSettings transfers;

    friend bool operator==(const SaleSettings&, const SaleSettings&) = default;
};

// Empty string if every setting is inside its limit.
std::string validate(const SaleSettings& settings);

}  // namespace seat
