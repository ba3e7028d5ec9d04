// Range checks for sale settings.
#include "engine/event/settings.h"

namespace seat {

const char* to_string(ResaleCap c) {
    switch (c) {
        case ResaleCap::none:
            return "none";
        case ResaleCap::face_value:
            return "face_value";
        case ResaleCap::percent_above_face:
            return "percent_above_face";
    }
    return "?";
}

namespace {

std::string validate(const TransferSettings& t) {
    if (t.cutoff_before_start_ms < 0 || t.cutoff_before_start_ms > kTransferWindowMsMax)
        return "transfer cutoff_before_start_ms must be in 0.." +
               std::to_string(kTransferWindowMsMax);
    if (t.offer_ttl_ms <= 0 || t.offer_ttl_ms > kTransferWindowMsMax)
        return "transfer offer_ttl_ms must be in 1.." + std::to_string(kTransferWindowMsMax);
    if (t.max_transfers_per_ticket > kTransfersPerTicketMax)
        return "max_transfers_per_ticket must be in 0.." + std::to_string(kTransfersPerTicketMax);
    if (static_cast<std::size_t>(t.cap) >= kResaleCapCount) return "unknown resale cap";
    if (t.cap_percent > kResaleCapPercentMax)
        return "resale cap_percent must be in 0.." + std::to_string(kResaleCapPercentMax);
    if (t.fee_bps > kResaleFeeBpsMax)
        return "resale fee_bps must be in 0.." + std::to_string(kResaleFeeBpsMax);
    if (t.kyc_threshold_minor < 0) return "kyc_threshold_minor must not be negative";
    if (t.kyc_window_ms <= 0 || t.kyc_window_ms > kKycWindowMsMax)
        return "kyc_window_ms must be in 1.." + std::to_string(kKycWindowMsMax);
    return {};
}

}  // namespace

std::string validate(const SaleSettings& s) {
    if (s.event_name.size() > kNameBytesMax) return "event name longer than 128 bytes";
    if (s.hold_ttl_ms <= 0 || s.hold_ttl_ms > kTtlMsMax)
        return "hold_ttl_ms must be in 1..86400000";
    if (s.checkout_ttl_ms <= 0 || s.checkout_ttl_ms > kTtlMsMax)
        return "checkout_ttl_ms must be in 1..86400000";
    if (s.max_seats_per_hold == 0 || s.max_seats_per_hold > kHoldSeatsMax)
        return "max_seats_per_hold must be in 1.." + std::to_string(kHoldSeatsMax);
    if (s.max_holds_per_session == 0 || s.max_holds_per_session > kSessionHoldsMax)
        return "max_holds_per_session must be in 1.." + std::to_string(kSessionHoldsMax);
    if (s.starts_at_ms < 0) return "starts_at_ms must be a Unix time in milliseconds (or 0)";
    if (!s.currency.empty()) {
        if (s.currency.size() != kCurrencyBytes) return "currency must be a 3-letter ISO 4217 code";
        for (char c : s.currency)
            if (c < 'A' || c > 'Z') return "currency must be 3 upper-case letters, e.g. EUR";
    }
    if (s.payment_timeout_ms <= 0 || s.payment_timeout_ms > kPaymentTimeoutMsMax)
        return "payment_timeout_ms must be in 1..3600000";
    if (s.sale_starts_at_ms < 0)
        return "sale_starts_at_ms must be a Unix time in milliseconds (or 0)";
    if (std::string problem = validate(s.transfers); !problem.empty()) return problem;
    // The room's settings matter only with a room (an event created before rooms
    // existed may allow fewer seats per hold than the default seats per token).
    const RoomSettings& r = s.room;
    if (!r.enabled) return {};
    if (r.max_active == 0 || r.max_active > kRoomMaxActiveMax)
        return "room max_active must be in 1.." + std::to_string(kRoomMaxActiveMax);
    if (r.batch_size == 0 || r.batch_size > kRoomBatchMax)
        return "room batch_size must be in 1.." + std::to_string(kRoomBatchMax);
    if (r.batch_interval_ms < kRoomBatchIntervalMsMin || r.batch_interval_ms > kRoomIntervalMsMax)
        return "room batch_interval_ms must be in " + std::to_string(kRoomBatchIntervalMsMin) +
               ".." + std::to_string(kRoomIntervalMsMax);
    if (r.token_ttl_ms <= 0 || r.token_ttl_ms > kTtlMsMax)
        return "room token_ttl_ms must be in 1..86400000";
    if (r.seats_per_token == 0 || r.seats_per_token > s.max_seats_per_hold)
        return "room seats_per_token must be in 1..max_seats_per_hold";
    if (r.holds_per_token == 0 || r.holds_per_token > kRoomHoldsPerTokenMax)
        return "room holds_per_token must be in 1.." + std::to_string(kRoomHoldsPerTokenMax);
    if (r.heartbeat_grace_ms < kRoomHeartbeatGraceMsMin ||
        r.heartbeat_grace_ms > kRoomIntervalMsMax)
        return "room heartbeat_grace_ms must be in " + std::to_string(kRoomHeartbeatGraceMsMin) +
               ".." + std::to_string(kRoomIntervalMsMax);
    return {};
}

}  // namespace seat
