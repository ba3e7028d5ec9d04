// apply()'s write access to an EventState. It is EventState's one friend: the
// groups' appliers (event/, sales/, tickets/apply.cc) change the state only
// through it, and the changes they share are written once, here: a seat moving
// between statuses with its counters, the live hold a fact names, the reply a
// keyed command leaves in the idempotency window, the end of every fact.
// Private to the engine.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "engine/event_state.h"

namespace seat {

class StateEditor {
  public:
    using Expiry = EventState::Expiry;

    explicit StateEditor(EventState& st) : st_(st) {}
    const EventState& state() const { return st_; }

    // ---- The parts of the state, for the groups' appliers.
    EventId& event() { return st_.event_; }
    std::shared_ptr<const Venue>& venue() { return st_.venue_; }
    SaleSettings& settings() { return st_.settings_; }
    UnixMillis& created_at() { return st_.created_at_; }
    std::vector<SeatState>& seats() { return st_.seats_; }
    std::vector<Hold>& holds() { return st_.holds_; }
    std::vector<std::uint32_t>& free_slots() { return st_.free_slots_; }
    FlatMap& session_holds() { return st_.session_holds_; }  // session_key -> live holds
    std::vector<Expiry>& expiry_heap() { return st_.expiry_heap_; }
    std::vector<Ticket>& tickets() { return st_.tickets_; }
    std::vector<PurchaseRecord>& purchases() { return st_.purchases_; }
    FlatMap& ticket_index() { return st_.ticket_index_; }
    std::vector<std::int64_t>& revenue_by_tier() { return st_.revenue_by_tier_; }
    std::vector<Checkout>& checkouts() { return st_.checkouts_; }
    std::vector<Refund>& refunds() { return st_.refunds_; }
    FlatMap& checkout_index() { return st_.checkout_index_; }
    FlatMap& refund_index() { return st_.refund_index_; }
    FlatMap& pinned() { return st_.pinned_; }  // hold id value -> its paying checkout
    std::vector<std::uint32_t>& paying() { return st_.paying_; }
    std::vector<std::uint32_t>& owed() { return st_.owed_; }
    std::size_t& revoked_count() { return st_.revoked_count_; }
    Room& room() { return st_.room_; }
    std::vector<TransferOffer>& offers() { return st_.offers_; }
    std::vector<Listing>& listings() { return st_.listings_; }
    std::vector<Payout>& payouts() { return st_.payouts_; }
    std::vector<TransferRecord>& transfers() { return st_.transfers_; }
    FlatMap& offer_index() { return st_.offer_index_; }
    FlatMap& offer_token_index() { return st_.offer_token_index_; }
    FlatMap& listing_index() { return st_.listing_index_; }
    FlatMap& payout_index() { return st_.payout_index_; }
    FlatMap& escrow() { return st_.escrow_; }  // ticket index -> open offer / live listing
    FlatMap& chain_head() { return st_.chain_head_; }
    std::vector<std::uint32_t>& open_offers() { return st_.open_offers_; }
    std::vector<std::uint32_t>& owed_payouts() { return st_.owed_payouts_; }
    // Links a payout just appended into its seller's chain.
    void chain_payout(std::uint32_t index) {
        SEAT_CHECK(index == st_.seller_previous_payout_.size(), "payouts chained out of order");
        std::uint32_t& last = st_.seller_last_payout_.get_or_insert(
            EventState::name_key(st_.payouts_[index].seller), index);
        st_.seller_previous_payout_.push_back(last == index ? kNone : last);
        last = index;
    }
    // Adds a verified seller; false if they were already.
    bool verify_seller(std::string_view seller) {
        if (st_.seller_verified(seller)) return false;
        intern(st_.verified_sellers_, st_.verified_index_, seller);
        return true;
    }
    static std::uint64_t session_key(const SessionId& s) { return EventState::session_key(s); }
    // Counters, indices and the expiry queue from the parts (after EventCreated).
    void rebuild_derived() { st_.rebuild_derived(); }

    // The index of an owner or gate name, interned on first use.
    std::uint32_t intern_owner(std::string_view name) {
        return intern(st_.owners_, st_.owner_index_, name);
    }
    std::uint32_t intern_gate(std::string_view name) {
        return intern(st_.gates_, st_.gate_index_, name);
    }

    // ---- Changes the groups share.

    // Moves seat s to status `to`, keeping the total, section and tier counters in step.
    void move(SeatId s, SeatStatus to) {
        SeatState& seat = st_.seats_[s];
        const SeatInfo& info = st_.venue_->seats[s];
        for (Counts* c : {&st_.totals_, &st_.by_section_[info.section], &st_.by_tier_[info.tier]}) {
            --(*c)[seat.status];
            ++(*c)[to];
        }
        seat.status = to;
    }

    // The live hold a fact names; there must be one.
    Hold& live(HoldId id) {
        SEAT_CHECK(st_.live_hold(id) != nullptr, "fact names a hold that is not live");
        return st_.holds_[id.slot()];
    }

    // Remembers the command's reply for retries, if it asked for idempotency.
    void remember(const CommandTag& tag, CommandKind kind, const RememberedReply& reply) {
        if (!tag.key.is_zero())
            st_.idempotency_.remember(IdempotencyEntry{tag.key, tag.fingerprint, kind, reply});
    }

    // Every fact: the sequence moves on, and no seat was lost or counted twice.
    void fact_applied() {
        ++st_.sequence_;
        SEAT_CHECK(st_.totals_.total() == st_.capacity(),
                   "available + held + sold + blocked != capacity");
    }

  private:
    static std::uint32_t intern(std::vector<std::string>& names, FlatMap& index,
                                std::string_view name) {
        const std::uint32_t found = EventState::find_name(names, index, name);
        if (found != kNone) return found;
        const auto i = static_cast<std::uint32_t>(names.size());
        names.emplace_back(name);
        index.get_or_insert(EventState::name_key(name), i);  // keeps an older owner of the key
        return i;
    }

    EventState& st_;
};

}  // namespace seat
