// Ring buffer plus hash index; the oldest entry is forgotten when the ring is full.
#include "engine/idempotency.h"

#include "base/check.h"
#include "engine/limits.h"

namespace seat {

std::uint64_t IdempotencyWindow::hash(const IdempotencyKey& key) {
    std::uint64_t h = key.hi ^ (key.lo * 0x9E3779B97F4A7C15ull);
    h ^= h >> 29;
    return h;
}

const IdempotencyEntry* IdempotencyWindow::find(const IdempotencyKey& key) const {
    // A command looked up here is usually remembered next, which (the window
    // being full) forgets the oldest entry: its index slot is a cache miss in a
    // multi-megabyte table, so it is fetched while the command is decided.
    if (ring_.size() == kIdempotencyWindow) map_.prefetch(hash(ring_[next_].key));
    const std::uint32_t* pos = map_.find(hash(key));
    if (pos == nullptr) return nullptr;
    const IdempotencyEntry& e = ring_[*pos];
    // Two keys with the same 64-bit hash: the newer one owns the slot.
    return e.key == key ? &e : nullptr;
}

bool reply_fits(CommandKind kind, const RememberedReply& reply) {
    switch (kind) {
        case CommandKind::hold:
        case CommandKind::extend:
            return std::holds_alternative<HoldReply>(reply);
        case CommandKind::release:
            return std::holds_alternative<ReleaseReply>(reply);
        case CommandKind::purchase:
            return std::holds_alternative<PurchaseReply>(reply);
        case CommandKind::block:
        case CommandKind::unblock:
            return std::holds_alternative<BlockReply>(reply);
        case CommandKind::reissue:
        case CommandKind::cancel:
            return std::holds_alternative<TicketReply>(reply);
        case CommandKind::start_checkout:
            return std::holds_alternative<CheckoutReply>(reply);
        case CommandKind::retry_refund:
            return std::holds_alternative<RefundReply>(reply);
        case CommandKind::offer_transfer:
        case CommandKind::cancel_offer:
            return std::holds_alternative<OfferReply>(reply);
        case CommandKind::claim_transfer:
            return std::holds_alternative<TicketReply>(reply);
        case CommandKind::list_ticket:
        case CommandKind::delist_ticket:
            return std::holds_alternative<ListingReply>(reply);
        case CommandKind::buy_listing:
            return std::holds_alternative<CheckoutReply>(reply);
        case CommandKind::verify_seller:
            return std::holds_alternative<KycReply>(reply);
        case CommandKind::retry_payout:
            return std::holds_alternative<PayoutReply>(reply);
    }
    return false;
}

void IdempotencyWindow::remember(const IdempotencyEntry& entry) {
    SEAT_CHECK(!entry.key.is_zero(), "zero idempotency key remembered");
    SEAT_CHECK(reply_fits(entry.kind, entry.reply), "remembered reply of another command kind");
    std::uint32_t pos;
    if (ring_.size() < kIdempotencyWindow) {
        pos = static_cast<std::uint32_t>(ring_.size());
        ring_.push_back(entry);
    } else {
        pos = static_cast<std::uint32_t>(next_);
        const std::uint64_t old = hash(ring_[pos].key);
        const std::uint32_t* owner = map_.find(old);
        if (owner != nullptr && *owner == pos) map_.erase(old);
        ring_[pos] = entry;
        next_ = (next_ + 1) % kIdempotencyWindow;
    }
    map_.get_or_insert(hash(entry.key), pos) = pos;
}

std::vector<IdempotencyEntry> IdempotencyWindow::entries() const {
    std::vector<IdempotencyEntry> out;
    out.reserve(ring_.size());
    for (std::size_t i = 0; i < ring_.size(); ++i)
        out.push_back(ring_[(next_ + i) % ring_.size()]);
    return out;
}

void IdempotencyWindow::restore(const std::vector<IdempotencyEntry>& oldest_first) {
    ring_.clear();
    next_ = 0;
    map_.clear();
    for (const auto& e : oldest_first)
        remember(e);
}

}  // namespace seat
