// Hard limits of the engine, each a named constant so that every buffer sized by
// them is visibly bounded. Related limits are tied together with static_asserts.
#pragma once

#include <cstddef>
#include <cstdint>

namespace seat {

// A hold (and so a purchase) never names more seats than this; the per-event
// setting max_seats_per_hold may lower it, never raise it.
inline constexpr std::size_t kHoldSeatsMax = 16;
// A together group (box, table) is sold as one unit, so it must fit in one hold.
inline constexpr std::size_t kGroupSeatsMax = kHoldSeatsMax;
// One block/unblock command names at most this many seats.
inline constexpr std::size_t kBlockSeatsMax = 1024;

inline constexpr std::size_t kVenueSeatsMax = 250'000;
inline constexpr std::size_t kVenueSectionsMax = 4096;
inline constexpr std::size_t kVenueTiersMax = 64;
inline constexpr std::size_t kLabelBytesMax = 32;
inline constexpr std::size_t kNameBytesMax = 128;

inline constexpr std::size_t kBuyerIdBytesMax = 128;
inline constexpr std::size_t kPaymentRefBytesMax = 128;

// A ticket's new owner (ReissueTicket) is a buyer id like any other.
inline constexpr std::size_t kOwnerBytesMax = kBuyerIdBytesMax;
// The name of an admission gate (AdmitTicket), interned once per event.
inline constexpr std::size_t kGateBytesMax = 64;
// A ticket is reissued at most kTicketVersionMax - 1 times: each reissue adds a
// revoked code that offline scanners must carry, so the list stays bounded.
inline constexpr std::uint32_t kTicketVersionMax = 100;

// Live holds per session: the setting may lower it.
inline constexpr std::uint32_t kSessionHoldsMax = 64;

// The idempotency window: the results of the last this-many mutating commands of
// an event are remembered (in memory, rebuilt from the log on recovery).
inline constexpr std::size_t kIdempotencyWindow = 1u << 16;

// Checkout: a payment method as the provider names it, the provider's payment
// and refund ids, a decline or failure reason, a currency (ISO 4217).
inline constexpr std::size_t kPaymentMethodBytesMax = 64;
inline constexpr std::size_t kProviderIdBytesMax = 128;
inline constexpr std::size_t kReasonBytesMax = 256;
inline constexpr std::size_t kCurrencyBytes = 3;
// How long a checkout may wait for its payment's outcome: past it the checkout
// is abandoned (its seats return to sale) and a charge that succeeds later is
// refunded.
inline constexpr std::int64_t kPaymentTimeoutMsDefault = 120'000;
inline constexpr std::int64_t kPaymentTimeoutMsMax = 3'600'000;

inline constexpr std::int64_t kHoldTtlMsDefault = 600'000;
inline constexpr std::int64_t kCheckoutTtlMsDefault = 900'000;
inline constexpr std::int64_t kTtlMsMax = 24ll * 3600 * 1000;
inline constexpr std::uint32_t kSeatsPerHoldDefault = 10;
inline constexpr std::uint32_t kSessionHoldsDefault = 4;

static_assert(kSeatsPerHoldDefault <= kHoldSeatsMax);
static_assert(kSessionHoldsDefault <= kSessionHoldsMax);
static_assert(kGroupSeatsMax <= kHoldSeatsMax, "a together group must fit in one hold");
static_assert(kVenueSeatsMax < UINT32_MAX, "seat ids are 32-bit with UINT32_MAX reserved");
// Every live hold has a seat, so the hold table never has more slots than seats.
static_assert(kVenueSeatsMax < (std::size_t{1} << 24), "hold slots fit HoldId::kSlotBits");
static_assert(kVenueSectionsMax <= UINT16_MAX);
static_assert(kVenueTiersMax <= UINT8_MAX);

}  // namespace seat
