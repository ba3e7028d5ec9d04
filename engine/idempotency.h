// The idempotency window of one event: the outcome of each of the last
// kIdempotencyWindow mutating commands, keyed by the client's idempotency key.
// It is filled by apply() from facts, so it survives restarts exactly as the log
// does. Refusals write no fact and are not remembered: a refused command did not
// act, so deciding its retry afresh cannot make it act twice.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "engine/flat_map.h"
#include "engine/ids.h"
#include "engine/result.h"

namespace seat {

enum class CommandKind : std::uint8_t {
    hold,
    release,
    extend,
    purchase,
    block,
    unblock,
    reissue,
    cancel,
    start_checkout,
    retry_refund,
    offer_transfer,
    claim_transfer,
    cancel_offer,
    list_ticket,
    delist_ticket,
    buy_listing,
    verify_seller,
    retry_payout,
};

// What a retry is answered with: the reply of the command that acted. Only
// commands with an idempotency key are remembered, so CreateEvent (the shard
// keeps its key), ExpireHolds and AdmitTicket (none) have no alternative here.
using RememberedReply =
    std::variant<HoldReply, ReleaseReply, PurchaseReply, BlockReply, TicketReply, CheckoutReply,
                 RefundReply, OfferReply, ListingReply, KycReply, PayoutReply>;

// Whether `reply` is the type a command of `kind` answers with: hold and extend
// a HoldReply, block and unblock a BlockReply, reissue and cancel a TicketReply.
bool reply_fits(CommandKind kind, const RememberedReply& reply);

// Enough to rebuild the original Result; tickets are looked up by index in the
// state. An entry costs 56 bytes (key 16, fingerprint 8, kind 1 + padding 7, the
// reply 24: its largest alternative 16 plus the variant's index, padded), 8 fewer
// than the flat entry it replaced. A full window is 3.5 MiB of entries per event,
// plus its hash index (16-byte slots at most half full: 4 MiB).
struct IdempotencyEntry {
    IdempotencyKey key;
    std::uint64_t fingerprint = 0;
    CommandKind kind = CommandKind::hold;
    RememberedReply reply;
    friend bool operator==(const IdempotencyEntry&, const IdempotencyEntry&) = default;
};
static_assert(sizeof(IdempotencyEntry) <= 56,
              "the window holds kIdempotencyWindow entries per event");

class IdempotencyWindow {
  public:
    const IdempotencyEntry* find(const IdempotencyKey& key) const;
    void remember(const IdempotencyEntry& entry);
    std::size_t size() const { return map_.size(); }
    std::size_t memory_bytes() const {
        return ring_.capacity() * sizeof(IdempotencyEntry) + map_.memory_bytes();
    }
    // Entries oldest first (for snapshots and comparison).
    std::vector<IdempotencyEntry> entries() const;
    void restore(const std::vector<IdempotencyEntry>& oldest_first);

  private:
    static std::uint64_t hash(const IdempotencyKey& key);
    std::vector<IdempotencyEntry> ring_;  // grows to kIdempotencyWindow, then wraps
    std::size_t next_ = 0;                // ring position of the next entry once full
    FlatMap map_;                         // hash(key) -> ring position
};

}  // namespace seat
