// Ids are checked against the books before use, so uniqueness does not rest on
// the odds of a 143-bit collision alone.
#include "tools/seat-psp/books.h"

#include "base/check.h"
#include "tools/seat-psp/ids.h"

namespace seat::psp {
namespace {

// Length-prefixed, so no choice of key and value can collide with another pair.
std::string metadata_index_key(std::string_view key, std::string_view value) {
    std::string k = std::to_string(key.size());
    k.push_back(':');
    k.append(key);
    k.append(value);
    return k;
}

}  // namespace

std::string_view status_name(IntentStatus status) {
    switch (status) {
        case IntentStatus::succeeded:
            return "succeeded";
        case IntentStatus::requires_payment_method:
            return "requires_payment_method";
    }
    return "unknown";
}

Books::Books(std::size_t records_max) : records_max_(records_max) {}

std::string Books::fresh_id(std::string_view prefix) const {
    for (;;) {
        std::string id = random_id(prefix);
        if (!intent_by_id_.contains(id) && !refund_by_id_.contains(id) &&
            !transfer_by_id_.contains(id))
            return id;
    }
}

const Intent& Books::add_intent(Intent intent) {
    SEAT_CHECK(!intents_full(), "the caller checks intents_full() first");
    SEAT_CHECK(intent.amount_refunded == 0 && intent.refunds.empty(),
               "a new intent has no refunds");
    intent.id = fresh_id("pi_");
    intent.charge = fresh_id("ch_");
    const std::size_t index = intents_.size();
    intent_by_id_.emplace(intent.id, index);
    for (const auto& [key, value] : intent.metadata)
        by_metadata_[metadata_index_key(key, value)].push_back(index);
    intents_.push_back(std::move(intent));
    return intents_.back();
}

const Intent* Books::find_intent(std::string_view id) const {
    const auto it = intent_by_id_.find(std::string(id));
    return it == intent_by_id_.end() ? nullptr : &intents_[it->second];
}

const Refund& Books::add_refund(std::string_view intent_id, std::int64_t amount,
                                std::int64_t created_s, std::string failure_reason) {
    const auto it = intent_by_id_.find(std::string(intent_id));
    SEAT_CHECK(it != intent_by_id_.end(), "a refund names an intent in the books");
    SEAT_CHECK(!refunds_full(), "the caller checks refunds_full() first");
    Intent& intent = intents_[it->second];
    // Invariant: what is refunded never exceeds what was captured.
    SEAT_CHECK(amount >= 1 && amount <= intent.refundable(), "a refund fits what is left");
    const bool failed = !failure_reason.empty();
    Refund refund{fresh_id("re_"), amount, intent.currency,          intent.id,
                  created_s,       failed, std::move(failure_reason)};
    if (!failed) intent.amount_refunded += amount;
    intent.refunds.push_back(refunds_.size());
    refund_by_id_.emplace(refund.id, refunds_.size());
    refunds_.push_back(std::move(refund));
    return refunds_.back();
}

const Transfer& Books::add_transfer(Transfer transfer) {
    SEAT_CHECK(!transfers_full(), "the caller checks transfers_full() first");
    SEAT_CHECK(transfer.amount >= 1, "a transfer moves money");
    SEAT_CHECK(!transfer.destination.empty(), "a transfer has a destination");
    transfer.id = fresh_id("tr_");
    transfer_by_id_.emplace(transfer.id, transfers_.size());
    transfers_.push_back(std::move(transfer));
    return transfers_.back();
}

const Transfer* Books::find_transfer(std::string_view id) const {
    const auto it = transfer_by_id_.find(std::string(id));
    return it == transfer_by_id_.end() ? nullptr : &transfers_[it->second];
}

std::vector<const Intent*> Books::search(std::string_view key, std::string_view value,
                                         std::size_t limit, bool& has_more) const {
    std::vector<const Intent*> found;
    has_more = false;
    const auto it = by_metadata_.find(metadata_index_key(key, value));
    if (it == by_metadata_.end()) return found;
    const std::vector<std::size_t>& matches = it->second;
    for (auto m = matches.rbegin(); m != matches.rend(); ++m) {
        if (found.size() == limit) {
            has_more = true;
            break;
        }
        found.push_back(&intents_[*m]);
    }
    return found;
}

}  // namespace seat::psp
