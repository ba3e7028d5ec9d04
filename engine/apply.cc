// apply(): folds one fact into an event's state. It never decides: every id,
// time and choice comes from the fact, so the log replays to the same state.
// Invariants that decide() guarantees are re-checked here, in every build,
// because a fact that breaks them means the log or the engine is wrong.
#include <algorithm>

#include "base/check.h"
#include "engine/engine.h"

namespace seat {

class Applier {
  public:
    explicit Applier(EventState& st) : st_(st) {}

    void apply(const Fact& fact) {
        SEAT_CHECK(st_.created() || std::holds_alternative<EventCreated>(fact),
                   "fact applied to an event that was never created");
        std::visit(*this, fact);
        ++st_.sequence_;
        SEAT_CHECK(st_.totals_.total() == st_.capacity(),
                   "available + held + sold + blocked != capacity");
    }

    void operator()(const EventCreated& f) {
        SEAT_CHECK(!st_.created(), "EventCreated applied twice");
        SEAT_CHECK(f.venue != nullptr, "EventCreated without a venue");
        st_.event_ = f.event;
        st_.venue_ = f.venue;
        st_.settings_ = f.settings;
        st_.created_at_ = f.at;
        st_.seats_.assign(f.venue->seat_count(), SeatState{});
        for (SeatId s = 0; s < st_.seats_.size(); ++s)
            if (f.venue->seats[s].initially_blocked) st_.seats_[s].status = SeatStatus::blocked;
        st_.revenue_by_tier_.assign(f.venue->tiers.size(), 0);
        st_.rebuild_derived();
    }

    void operator()(const HoldPlaced& f) {
        const HoldId expected = st_.next_hold_id();
        SEAT_CHECK(f.hold == expected, "HoldPlaced does not take the next hold slot");
        const std::uint32_t slot = f.hold.slot();
        if (st_.free_slots_.empty()) {
            st_.holds_.emplace_back();
        } else {
            st_.free_slots_.pop_back();
        }
        Hold& h = st_.holds_[slot];
        h = Hold{f.hold, f.session, f.at, f.expires_at, true, false, f.seats};
        for (SeatId s : f.seats) {
            SeatState& seat = st_.seats_[s];
            SEAT_CHECK(seat.status == SeatStatus::available, "hold placed on a seat not available");
            move(s, SeatStatus::held);
            seat.hold_slot = slot;
        }
        ++st_.session_holds_.get_or_insert(EventState::session_key(f.session), 0);
        push_expiry(f.expires_at, f.hold);
        remember(f.tag, CommandKind::hold, HoldReply{f.hold, f.expires_at});
    }

    void operator()(const HoldReleased& f) {
        end_hold(f.hold, /*sold=*/false);
        remember(f.tag, CommandKind::release, ReleaseReply{f.hold});
    }

    void operator()(const HoldExpired& f) { end_hold(f.hold, /*sold=*/false); }

    void operator()(const HoldExtended& f) {
        Hold& h = live(f.hold);
        h.extended = true;
        SEAT_CHECK(f.expires_at >= h.expires_at, "an extension never shortens a hold");
        if (f.expires_at != h.expires_at) {
            h.expires_at = f.expires_at;
            push_expiry(f.expires_at, f.hold);
        }
        remember(f.tag, CommandKind::extend, HoldReply{f.hold, f.expires_at});
    }

    void operator()(const HoldPurchased& f) {
        const Hold& h = live(f.hold);
        SEAT_CHECK(f.tickets.size() == h.seats.size(), "one ticket per held seat");
        const auto purchase = static_cast<std::uint32_t>(st_.purchases_.size());
        const auto first_ticket = static_cast<std::uint32_t>(st_.tickets_.size());
        st_.purchases_.push_back(PurchaseRecord{f.hold, h.session, f.buyer_id, f.payment_ref, f.at,
                                                first_ticket,
                                                static_cast<std::uint32_t>(f.tickets.size())});
        for (std::size_t i = 0; i < h.seats.size(); ++i) {
            const SeatId s = h.seats[i];
            const auto index = static_cast<std::uint32_t>(st_.tickets_.size());
            std::uint32_t& slot =
                st_.ticket_index_.get_or_insert(EventState::ticket_key(f.tickets[i]), index);
            SEAT_CHECK(slot == index, "two tickets share an index key (decide redraws such ids)");
            Ticket ticket;
            ticket.id = f.tickets[i];
            ticket.seat = s;
            ticket.purchase = purchase;
            st_.tickets_.push_back(ticket);
            const TierId tier = st_.venue_->seats[s].tier;
            st_.revenue_by_tier_[tier] += st_.venue_->tiers[tier].amount_minor;
        }
        end_hold(f.hold, /*sold=*/true);
        remember(f.tag, CommandKind::purchase,
                 PurchaseReply{f.hold, first_ticket, static_cast<std::uint32_t>(f.tickets.size())});
    }

    void operator()(const SeatsBlocked& f) {
        std::uint32_t changed = 0, pending = 0;
        for (SeatId s : f.seats) {
            SeatState& seat = st_.seats_[s];
            SEAT_CHECK(seat.status != SeatStatus::sold, "block applied to a sold seat");
            if (seat.status == SeatStatus::available) {
                move(s, SeatStatus::blocked);
                ++changed;
            } else if (seat.status == SeatStatus::held && !seat.block_pending) {
                seat.block_pending = true;
                ++pending;
            }
        }
        remember(f.tag, CommandKind::block, BlockReply{changed, pending});
    }

    void operator()(const SeatsUnblocked& f) {
        std::uint32_t changed = 0, pending = 0;
        for (SeatId s : f.seats) {
            SeatState& seat = st_.seats_[s];
            if (seat.status == SeatStatus::blocked) {
                move(s, SeatStatus::available);
                ++changed;
            } else if (seat.block_pending) {
                seat.block_pending = false;
                ++pending;
            }
        }
        remember(f.tag, CommandKind::unblock, BlockReply{changed, pending});
    }

    void operator()(const TicketAdmitted& f) {
        Ticket& t = usable_ticket(f.ticket);
        SEAT_CHECK(f.version == t.version, "admitted a version that is not the ticket's");
        SEAT_CHECK(!f.gate.empty(), "admitted at no gate");
        t.status = TicketStatus::admitted;
        t.gate = intern(st_.gates_, st_.gate_index_, f.gate);
        t.admitted_at = f.at;
        t.device_at = f.device_at;
    }

    void operator()(const TicketReissued& f) {
        Ticket& t = usable_ticket(f.ticket);
        SEAT_CHECK(f.new_version == t.version + 1, "a reissue skips or repeats a version");
        // The new version replaces the old code in this one fact: the old code is revoked.
        t.version = f.new_version;
        if (!f.new_owner.empty()) t.owner = intern(st_.owners_, st_.owner_index_, f.new_owner);
        ++st_.revoked_count_;
        remember(f.tag, CommandKind::reissue,
                 TicketReply{st_.ticket_index(f.ticket), f.new_version});
    }

    void operator()(const TicketCancelled& f) {
        Ticket& t = usable_ticket(f.ticket);
        const std::uint32_t index = st_.ticket_index(f.ticket);
        SeatState& seat = st_.seats_[t.seat];
        SEAT_CHECK(seat.status == SeatStatus::sold && seat.ticket == index,
                   "a cancelled ticket's seat is not sold to it");
        move(t.seat, SeatStatus::available);
        seat.ticket = kNone;
        const TierId tier = st_.venue_->seats[t.seat].tier;
        st_.revenue_by_tier_[tier] -= st_.venue_->tiers[tier].amount_minor;
        t.status = TicketStatus::cancelled;
        ++st_.revoked_count_;
        remember(f.tag, CommandKind::cancel, TicketReply{index, t.version});
    }

  private:
    // The named ticket, which must be valid: neither admitted nor cancelled.
    Ticket& usable_ticket(const TicketId& id) {
        const std::uint32_t index = st_.ticket_index(id);
        SEAT_CHECK(index != kNone, "fact names a ticket this event never issued");
        Ticket& t = st_.tickets_[index];
        SEAT_CHECK(t.status == TicketStatus::valid, "fact acts on a ticket that is not valid");
        return t;
    }

    // The index of `name` in `names`, appending it first if it is new.
    static std::uint32_t intern(std::vector<std::string>& names, FlatMap& index,
                                std::string_view name) {
        const std::uint32_t found = EventState::find_name(names, index, name);
        if (found != kNone) return found;
        const auto i = static_cast<std::uint32_t>(names.size());
        names.emplace_back(name);
        index.get_or_insert(EventState::name_key(name), i);  // keeps an older owner of the key
        return i;
    }

    Hold& live(HoldId id) {
        SEAT_CHECK(st_.live_hold(id) != nullptr, "fact names a hold that is not live");
        return st_.holds_[id.slot()];
    }

    void move(SeatId s, SeatStatus to) {
        SeatState& seat = st_.seats_[s];
        const SeatInfo& info = st_.venue_->seats[s];
        for (Counts* c : {&st_.totals_, &st_.by_section_[info.section], &st_.by_tier_[info.tier]}) {
            --(*c)[seat.status];
            ++(*c)[to];
        }
        seat.status = to;
    }

    // Ends a live hold: its seats become sold (tickets were appended by the caller,
    // in hold order), or return to available, or become blocked if a block waits.
    void end_hold(HoldId id, bool sold) {
        Hold& h = live(id);
        std::uint32_t ticket =
            static_cast<std::uint32_t>(st_.tickets_.size() - (sold ? h.seats.size() : 0));
        for (SeatId s : h.seats) {
            SeatState& seat = st_.seats_[s];
            SEAT_CHECK(seat.status == SeatStatus::held && seat.hold_slot == id.slot(),
                       "hold's seat is not held by it");
            seat.hold_slot = kNone;
            if (sold) {
                move(s, SeatStatus::sold);
                seat.ticket = ticket++;
                seat.block_pending = false;
            } else {
                move(s, seat.block_pending ? SeatStatus::blocked : SeatStatus::available);
                seat.block_pending = false;
            }
        }
        h.live = false;
        st_.free_slots_.push_back(id.slot());
        const std::uint64_t key = EventState::session_key(h.session);
        std::uint32_t* n = st_.session_holds_.find(key);
        SEAT_CHECK(n != nullptr && *n > 0, "session hold count out of step");
        if (--*n == 0) st_.session_holds_.erase(key);
        trim_expiries();
    }

    static bool later(const EventState::Expiry& a, const EventState::Expiry& b) {
        return a.at > b.at;
    }

    void push_expiry(UnixMillis at, HoldId id) {
        st_.expiry_heap_.push_back({at, id});
        std::push_heap(st_.expiry_heap_.begin(), st_.expiry_heap_.end(), later);
    }

    // Pops entries of holds that ended or were extended, so the heap stays as
    // small as the set of live holds plus those not yet at its top.
    void trim_expiries() {
        auto& heap = st_.expiry_heap_;
        while (!heap.empty()) {
            const Hold* h = st_.live_hold(heap.front().hold);
            if (h != nullptr && h->expires_at == heap.front().at) break;
            std::pop_heap(heap.begin(), heap.end(), later);
            heap.pop_back();
        }
    }

    // Remembers the command's reply for retries, if it asked for idempotency.
    void remember(const CommandTag& tag, CommandKind kind, const RememberedReply& reply) {
        if (!tag.key.is_zero())
            st_.idempotency_.remember(IdempotencyEntry{tag.key, tag.fingerprint, kind, reply});
    }

    EventState& st_;
};

void apply(EventState& state, const Fact& fact) {
    Applier(state).apply(fact);
}

}  // namespace seat
