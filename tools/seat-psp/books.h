// The provider's books: every payment intent, refund and transfer since the
// process started, in memory only (a restart begins with empty books), with an
// index from metadata pairs to intents for search. Invariants, checked as they
// change: an intent's refunds add up to amount_refunded, which never exceeds
// what was captured; only a succeeded intent has refunds; a transfer moves a
// positive amount to one destination; ids are unique. A failed refund is filed
// on its intent but refunds nothing. Not thread-safe: seat-psp runs on one
// thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace seat::psp {

// In the order the client sent it.
using Metadata = std::vector<std::pair<std::string, std::string>>;

enum class IntentStatus { succeeded, requires_payment_method };
std::string_view status_name(IntentStatus status);

// Why the last confirmation failed (the intent's last_payment_error).
struct PaymentError {
    std::string code;
    std::string decline_code;
    std::string message;
};

struct Intent {
    std::string id;      // pi_…, given by add_intent
    std::string charge;  // ch_…, the latest (succeeded or failed) charge, given by add_intent
    std::int64_t amount = 0;
    std::string currency;
    std::string payment_method;
    Metadata metadata;
    IntentStatus status = IntentStatus::succeeded;
    PaymentError last_error;  // set when status is requires_payment_method
    std::int64_t amount_refunded = 0;
    std::int64_t created_s = 0;
    std::vector<std::size_t> refunds;  // indices into Books::refunds(), oldest first

    std::int64_t captured() const { return status == IntentStatus::succeeded ? amount : 0; }
    std::int64_t refundable() const { return captured() - amount_refunded; }
};

struct Refund {
    std::string id;  // re_…
    std::int64_t amount = 0;
    std::string currency;
    std::string payment_intent;
    std::int64_t created_s = 0;
    bool failed = false;         // status failed: nothing went back to the card
    std::string failure_reason;  // set when failed
};

// Money sent from the platform's balance to a connected account (a payout).
struct Transfer {
    std::string id;  // tr_…, given by add_transfer
    std::int64_t amount = 0;
    std::string currency;
    std::string destination;  // acct_…
    Metadata metadata;
    std::int64_t created_s = 0;
};

class Books {
  public:
    // At most `records_max` intents, as many refunds and as many transfers.
    explicit Books(std::size_t records_max);

    bool intents_full() const { return intents_.size() >= records_max_; }
    bool refunds_full() const { return refunds_.size() >= records_max_; }
    bool transfers_full() const { return transfers_.size() >= records_max_; }

    // Files a new intent under fresh ids (its id and charge are replaced).
    const Intent& add_intent(Intent intent);
    const Intent* find_intent(std::string_view id) const;
    // Refunds `amount` (1..refundable) of the intent `intent_id`, which must exist;
    // or, with a `failure_reason`, files a failed refund that returns nothing.
    const Refund& add_refund(std::string_view intent_id, std::int64_t amount,
                             std::int64_t created_s, std::string failure_reason = {});
    // Files a new transfer under a fresh id (its id is replaced).
    const Transfer& add_transfer(Transfer transfer);
    const Transfer* find_transfer(std::string_view id) const;

    // Intents whose metadata maps `key` to `value`, newest first, at most `limit`;
    // `has_more` says whether more matched.
    std::vector<const Intent*> search(std::string_view key, std::string_view value,
                                      std::size_t limit, bool& has_more) const;

    const std::deque<Intent>& intents() const { return intents_; }
    const std::deque<Refund>& refunds() const { return refunds_; }
    const std::deque<Transfer>& transfers() const { return transfers_; }

  private:
    std::string fresh_id(std::string_view prefix) const;

    std::size_t records_max_;
    std::deque<Intent> intents_;  // creation order; a deque keeps references stable
    std::deque<Refund> refunds_;
    std::deque<Transfer> transfers_;
    std::unordered_map<std::string, std::size_t> intent_by_id_;
    std::unordered_map<std::string, std::size_t> refund_by_id_;
    std::unordered_map<std::string, std::size_t> transfer_by_id_;
    // "<key length>:<key><value>" -> intents, oldest first.
    std::unordered_map<std::string, std::vector<std::size_t>> by_metadata_;
};

}  // namespace seat::psp
