// Range checks for sale settings.
#include "engine/event/settings.h"

namespace seat {

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
    return {};
}

}  // namespace seat
