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

// The waiting room (engine/room/). Entries are never removed while the event
// lives, so one event's room holds at most kRoomEntriesMax joins (about 60 MB
// of memory); a join past it is refused queue_full.
inline constexpr std::size_t kRoomEntriesMax = 1'000'000;
inline constexpr std::uint32_t kRoomMaxActiveDefault = 5'000;
inline constexpr std::uint32_t kRoomMaxActiveMax = 1'000'000;
inline constexpr std::uint32_t kRoomBatchDefault = 500;
// Entries one room fact names at most (a batch, reclaimed positions, ended
// admissions): 16 KB of entry numbers.
inline constexpr std::uint32_t kRoomBatchMax = 4'096;
inline constexpr std::int64_t kRoomBatchIntervalMsDefault = 1'000;
inline constexpr std::int64_t kRoomBatchIntervalMsMin = 100;  // the shard's room tick
inline constexpr std::int64_t kRoomIntervalMsMax = 3'600'000;
// Short: an admitted shopper who never holds keeps a seat back from the queue
// until the token expires (admission counts them against the seats on sale).
inline constexpr std::int64_t kRoomTokenTtlMsDefault = 300'000;
inline constexpr std::uint32_t kRoomHoldsPerTokenDefault = 1;
inline constexpr std::uint32_t kRoomHoldsPerTokenMax = 16;
// Buyers heartbeat every 20 s (kRoomHeartbeatEveryMs, what clients are told);
// a position is lost after three missed beats.
inline constexpr std::int64_t kRoomHeartbeatEveryMs = 20'000;
inline constexpr std::int64_t kRoomHeartbeatGraceMsDefault = 60'000;
inline constexpr std::int64_t kRoomHeartbeatGraceMsMin = 1'000;

// Transfers and resale (engine/transfers/, docs/resale.md).
inline constexpr std::int64_t kTransferCutoffMsDefault = 3'600'000;   // 1 h before the start
inline constexpr std::int64_t kOfferTtlMsDefault = 72ll * 3'600'000;  // 72 h
inline constexpr std::int64_t kTransferWindowMsMax = 365ll * 24 * 3'600'000;
inline constexpr std::uint32_t kTransfersPerTicketDefault = 10;
// Each change of owner also moves the code's version on twice at most (escrow,
// then the new owner's), and versions end at kTicketVersionMax.
inline constexpr std::uint32_t kTransfersPerTicketMax = 40;
inline constexpr std::uint32_t kResaleCapPercentMax = 1'000;
inline constexpr std::uint32_t kResaleFeeBpsDefault = 1'000;        // 10 %
inline constexpr std::uint32_t kResaleFeeBpsMax = 5'000;            // half the price
inline constexpr std::int64_t kKycThresholdMinorDefault = 200'000;  // EUR 2,000 (DAC7)
inline constexpr std::uint32_t kKycThresholdSalesDefault = 30;      // DAC7
inline constexpr std::int64_t kKycWindowMsDefault = 365ll * 24 * 3'600'000;
inline constexpr std::int64_t kKycWindowMsMax = 3 * kKycWindowMsDefault;
// The addressee of an offer (an e-mail address or user id) and a seller's
// payout account at the provider.
inline constexpr std::size_t kAddresseeBytesMax = 254;  // an e-mail address's limit (RFC 5321)
inline constexpr std::size_t kPayoutAccountBytesMax = 128;
// Listings one browse answer lists at most; history entries per ticket are
// bounded by kTicketVersionMax.
inline constexpr std::size_t kListingsPageMax = 500;
// A resale price: at most 10 million in major units (of a 2-decimal currency).
inline constexpr std::int64_t kResalePriceMinorMax = 1'000'000'000;

static_assert(2 * kTransfersPerTicketMax < kTicketVersionMax,
              "every allowed transfer must be able to move the version twice");
static_assert(kSeatsPerHoldDefault <= kHoldSeatsMax);
static_assert(kRoomHoldsPerTokenMax <= UINT8_MAX, "QueueEntry counts holds in a byte");
static_assert(kRoomEntriesMax < UINT32_MAX, "entries are numbered in 32 bits");
static_assert(kSessionHoldsDefault <= kSessionHoldsMax);
static_assert(kGroupSeatsMax <= kHoldSeatsMax, "a together group must fit in one hold");
static_assert(kVenueSeatsMax < UINT32_MAX, "seat ids are 32-bit with UINT32_MAX reserved");
// Every live hold has a seat, so the hold table never has more slots than seats.
static_assert(kVenueSeatsMax < (std::size_t{1} << 24), "hold slots fit HoldId::kSlotBits");
static_assert(kVenueSectionsMax <= UINT16_MAX);
static_assert(kVenueTiersMax <= UINT8_MAX);

}  // namespace seat
