// decide(): validates one command against the state and writes the facts that
// carry it out. It reads the state but never changes it; all choices (hold ids,
// expiry times, ticket ids) are made here and recorded in the facts.
#include <algorithm>

#include "base/check.h"
#include "engine/engine.h"

namespace seat {
namespace {

// FNV-1a over the command's identifying fields: a repeated idempotency key with
// a different fingerprint is a client bug, answered with idempotency_key_reused.
class Fingerprint {
  public:
    explicit Fingerprint(CommandKind kind) { mix(static_cast<std::uint64_t>(kind)); }
    Fingerprint& mix(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h_ ^= (v >> (8 * i)) & 0xFF;
            h_ *= 0x100000001B3ull;
        }
        return *this;
    }
    Fingerprint& mix(const Id128& id) { return mix(id.hi).mix(id.lo); }
    Fingerprint& mix(std::string_view s) {
        mix(s.size());
        for (unsigned char c : s) {
            h_ ^= c;
            h_ *= 0x100000001B3ull;
        }
        return *this;
    }
    std::uint64_t value() const { return h_; }

  private:
    std::uint64_t h_ = 0xCBF29CE484222325ull;
};

bool contains(std::span<const SeatId> seats, SeatId s) {
    return std::find(seats.begin(), seats.end(), s) != seats.end();
}

class Decider {
  public:
    Decider(const EventState& st, UnixMillis now, Rng& rng, FactBuffer& out)
        : st_(st), now_(now), rng_(rng), out_(out) {}

    Result operator()(const CreateEvent& c) {
        if (st_.created()) return status(Status::event_exists);
        if (c.event == 0 || c.venue == nullptr) return status(Status::invalid_argument);
        if (!validate(*c.venue).empty() || !validate(c.settings).empty())
            return status(Status::invalid_argument);
        out_.push_back(EventCreated{c.event, c.venue, c.settings, now_});
        return ok(CreateReply{});
    }

    Result operator()(const PlaceHold& c) {
        Fingerprint fp(CommandKind::hold);
        fp.mix(c.session);
        for (SeatId s : c.seats)
            fp.mix(s);
        const CommandTag tag{c.key, fp.value()};
        if (Result r; replay(tag, CommandKind::hold, r)) return r;

        if (c.seats.empty()) return status(Status::invalid_argument);
        if (c.seats.size() > st_.settings().max_seats_per_hold)
            return status(Status::too_many_seats);

        Result r;
        InlineVec<HoldId, kHoldSeatsMax>
            due;  // holds past their time that share a seat with this request
        check_seats(c.seats.span(), r, due);
        if (r.refused_count > 0) return r;

        std::uint32_t session_holds = st_.session_live_holds(c.session);
        for (HoldId id : due)
            if (st_.live_hold(id)->session == c.session) --session_holds;
        if (session_holds >= st_.settings().max_holds_per_session)
            return status(Status::session_hold_limit);

        // Expire first: the new hold then takes the slot the last expiry freed.
        HoldId hold = st_.next_hold_id();
        for (HoldId id : due) {
            out_.push_back(HoldExpired{id, now_});
            hold = HoldId::make(id.slot(), id.generation() + 1);
        }
        const UnixMillis expires_at = now_ + st_.settings().hold_ttl_ms;
        out_.push_back(HoldPlaced{hold, c.session, c.seats, expires_at, now_, tag});
        r.status = Status::ok;
        r.reply = HoldReply{hold, expires_at};
        return r;
    }

    Result operator()(const ReleaseHold& c) {
        const CommandTag tag{
            c.key, Fingerprint(CommandKind::release).mix(c.hold.value).mix(c.session).value()};
        if (Result r; replay(tag, CommandKind::release, r)) return r;
        if (Result r; !usable_hold(c.hold, c.session, r)) return r;
        out_.push_back(HoldReleased{c.hold, now_, tag});
        return ok(ReleaseReply{c.hold});
    }

    Result operator()(const ExtendHold& c) {
        const CommandTag tag{
            c.key, Fingerprint(CommandKind::extend).mix(c.hold.value).mix(c.session).value()};
        if (Result r; replay(tag, CommandKind::extend, r)) return r;
        if (Result r; !usable_hold(c.hold, c.session, r)) return r;
        const Hold& h = *st_.live_hold(c.hold);
        if (h.extended) return status(Status::hold_already_extended);
        // Never shortens: with a hold TTL longer than the checkout TTL the hold keeps its time.
        const UnixMillis expires_at = std::max(h.expires_at, now_ + st_.settings().checkout_ttl_ms);
        out_.push_back(HoldExtended{c.hold, expires_at, now_, tag});
        return ok(HoldReply{c.hold, expires_at});
    }

    Result operator()(const Purchase& c) {
        const CommandTag tag{c.key, Fingerprint(CommandKind::purchase)
                                        .mix(c.hold.value)
                                        .mix(c.session)
                                        .mix(c.buyer_id)
                                        .mix(c.payment_ref)
                                        .value()};
        if (Result r; replay(tag, CommandKind::purchase, r)) return r;
        if (c.buyer_id.empty() || c.buyer_id.size() > kBuyerIdBytesMax || c.payment_ref.empty() ||
            c.payment_ref.size() > kPaymentRefBytesMax)
            return status(Status::invalid_argument);
        if (Result r; !usable_hold(c.hold, c.session, r)) return r;
        const Hold& h = *st_.live_hold(c.hold);
        HoldPurchased fact{c.hold, c.buyer_id, c.payment_ref, {}, now_, tag};
        for (std::size_t i = 0; i < h.seats.size(); ++i)
            fact.tickets.push_back(fresh_ticket_id(fact.tickets));
        out_.push_back(std::move(fact));
        return ok(PurchaseReply{c.hold, static_cast<std::uint32_t>(st_.tickets().size()),
                                static_cast<std::uint32_t>(h.seats.size())});
    }

    Result operator()(const BlockSeats& c) { return block(c.seats, c.key, /*block=*/true); }
    Result operator()(const UnblockSeats& c) { return block(c.seats, c.key, /*block=*/false); }

    Result operator()(const ExpireHolds&) {
        ExpireReply reply;
        st_.for_each_due_hold(now_, [&](HoldId id, UnixMillis) {
            out_.push_back(HoldExpired{id, now_});
            return ++reply.holds_expired < kExpireBatchMax;
        });
        return ok(reply);
    }

    Result operator()(const AdmitTicket& c) {
        if (c.gate.empty() || c.gate.size() > kGateBytesMax || c.version == 0)
            return status(Status::invalid_argument);
        const std::uint32_t index = st_.ticket_index(c.ticket);
        if (index == kNone) return status(Status::ticket_not_found);
        const Ticket& t = st_.tickets()[index];
        if (c.version != t.version) {
            // A newer version than issued was never signed by us: a malformed request.
            return about_ticket(
                c.version > t.version ? Status::invalid_argument : Status::superseded, index);
        }
        if (Result r; !usable_ticket(t, index, r)) return r;
        out_.push_back(TicketAdmitted{c.ticket, c.version, c.gate, now_, c.device_at});
        return ok(TicketReply{index, c.version});
    }

    Result operator()(const ReissueTicket& c) {
        const CommandTag tag{
            c.key, Fingerprint(CommandKind::reissue).mix(c.ticket).mix(c.new_owner).value()};
        if (Result r; replay(tag, CommandKind::reissue, r)) return r;
        if (c.new_owner.size() > kOwnerBytesMax) return status(Status::invalid_argument);
        const std::uint32_t index = st_.ticket_index(c.ticket);
        if (index == kNone) return status(Status::ticket_not_found);
        const Ticket& t = st_.tickets()[index];
        if (Result r; !usable_ticket(t, index, r)) return r;
        if (t.version >= kTicketVersionMax) return status(Status::invalid_argument);
        out_.push_back(TicketReissued{c.ticket, t.version + 1, c.new_owner, now_, tag});
        return ok(TicketReply{index, t.version + 1});
    }

    Result operator()(const CancelTicket& c) {
        const CommandTag tag{c.key, Fingerprint(CommandKind::cancel).mix(c.ticket).value()};
        if (Result r; replay(tag, CommandKind::cancel, r)) return r;
        const std::uint32_t index = st_.ticket_index(c.ticket);
        if (index == kNone) return status(Status::ticket_not_found);
        const Ticket& t = st_.tickets()[index];
        if (Result r; !usable_ticket(t, index, r)) return r;
        out_.push_back(TicketCancelled{c.ticket, now_, tag});
        return ok(TicketReply{index, t.version});
    }

  private:
    // A ticket id whose index key no ticket uses, in the state or earlier in this purchase.
    TicketId fresh_ticket_id(const TicketIds& drawn) {
        for (;;) {
            const TicketId id = rng_.uuid();
            const std::uint64_t key = EventState::ticket_key(id);
            bool taken = st_.ticket_key_taken(id);
            for (const TicketId& d : drawn)
                taken |= EventState::ticket_key(d) == key;
            if (!taken) return id;
        }
    }

    // A ticket that may be admitted, reissued or cancelled: neither cancelled nor
    // admitted. Otherwise r says why and names the ticket (tickets()[index]), so
    // the caller can show when and where an admitted ticket went in.
    static bool usable_ticket(const Ticket& t, std::uint32_t index, Result& r) {
        if (t.status == TicketStatus::cancelled) {
            r = about_ticket(Status::ticket_cancelled, index);
            return false;
        }
        if (t.status == TicketStatus::admitted) {
            r = about_ticket(Status::already_admitted, index, t.version);
            return false;
        }
        return true;
    }

    // A refusal that names an existing ticket.
    static Result about_ticket(Status s, std::uint32_t index, std::uint32_t version = 0) {
        Result r = status(s);
        r.reply = TicketReply{index, version};
        return r;
    }

    static Result status(Status s) {
        Result r;
        r.status = s;
        return r;
    }

    static Result ok(const Reply& reply) {
        Result r;
        r.reply = reply;
        return r;
    }

    // Answers a repeated idempotency key with the original outcome.
    bool replay(const CommandTag& tag, CommandKind kind, Result& r) const {
        if (tag.key.is_zero()) return false;
        const IdempotencyEntry* e = st_.idempotency().find(tag.key);
        if (e == nullptr) return false;
        r = Result{};
        if (e->kind != kind || e->fingerprint != tag.fingerprint) {
            r.status = Status::idempotency_key_reused;
            return true;
        }
        r.status = Status::ok;
        r.replayed = true;
        r.reply = std::visit([](const auto& reply) -> Reply { return reply; }, e->reply);
        return true;
    }

    // A hold a session may act on: live, its own, and not past its time. A hold
    // past its time is expired now (a stale client cannot revive it).
    bool usable_hold(HoldId id, const SessionId& session, Result& r) {
        const Hold* h = st_.live_hold(id);
        if (h == nullptr) {
            r = status(Status::hold_not_found);
            return false;
        }
        if (!(h->session == session)) {
            r = status(Status::wrong_session);
            return false;
        }
        if (h->expires_at <= now_) {
            out_.push_back(HoldExpired{id, now_});
            r = status(Status::hold_expired);
            r.reply = HoldReply{id, 0};
            return false;
        }
        return true;
    }

    // Refuses every seat that cannot be held, with its reason; collects live holds
    // that are past their time on requested seats (they count as released).
    void check_seats(std::span<const SeatId> seats, Result& r,
                     InlineVec<HoldId, kHoldSeatsMax>& due) {
        const Venue& venue = st_.venue();
        bool invalid = false, group = false;
        for (std::size_t i = 0; i < seats.size(); ++i) {
            const SeatId s = seats[i];
            if (s >= st_.capacity()) {
                r.refuse(s, SeatProblem::unknown);
                invalid = true;
                continue;
            }
            if (contains(seats.first(i), s)) {
                r.refuse(s, SeatProblem::duplicate);
                invalid = true;
                continue;
            }
            const SeatState& seat = st_.seat(s);
            switch (seat.status) {
                case SeatStatus::available:
                    break;
                case SeatStatus::sold:
                    r.refuse(s, SeatProblem::sold);
                    break;
                case SeatStatus::blocked:
                    r.refuse(s, SeatProblem::blocked);
                    break;
                case SeatStatus::held: {
                    const Hold& h = st_.hold_in_slot(seat.hold_slot);
                    if (h.expires_at > now_ || seat.block_pending) {
                        r.refuse(s, seat.block_pending ? SeatProblem::blocked : SeatProblem::held);
                    } else if (!contains_hold(due, h.id)) {
                        due.push_back(h.id);
                    }
                    break;
                }
            }
            const SeatInfo& info = venue.seats[s];
            if (info.group == kNoGroup) continue;
            const Group& g = venue.groups[info.group];
            if (g.kind == GroupKind::together) {
                for (SeatId member : g.seats) {
                    if (!contains(seats, member)) {
                        r.refuse(s, SeatProblem::group_incomplete);
                        group = true;
                        break;
                    }
                }
            } else if (info.type == SeatType::companion && !contains(seats, g.anchor)) {
                r.refuse(s, SeatProblem::companion_needs_anchor);
                group = true;
            }
        }
        if (r.refused_count == 0) return;
        r.status = invalid ? Status::invalid_argument
                   : group ? Status::group_rule
                           : Status::seats_unavailable;
    }

    static bool contains_hold(const InlineVec<HoldId, kHoldSeatsMax>& holds, HoldId id) {
        return std::find(holds.begin(), holds.end(), id) != holds.end();
    }

    Result block(const std::vector<SeatId>& seats, const IdempotencyKey& key, bool block) {
        const CommandKind kind = block ? CommandKind::block : CommandKind::unblock;
        Fingerprint fp(kind);
        for (SeatId s : seats)
            fp.mix(s);
        const CommandTag tag{key, fp.value()};
        if (Result r; replay(tag, kind, r)) return r;
        if (seats.empty() || seats.size() > kBlockSeatsMax) return status(Status::invalid_argument);

        Result r;
        BlockReply reply;
        std::vector<SeatId> sorted(seats);
        std::sort(sorted.begin(), sorted.end());
        bool invalid = false;
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            const SeatId s = sorted[i];
            if (s >= st_.capacity()) {
                r.refuse(s, SeatProblem::unknown);
                invalid = true;
            } else if (i > 0 && sorted[i - 1] == s) {
                r.refuse(s, SeatProblem::duplicate);
                invalid = true;
            } else if (block && st_.seat(s).status == SeatStatus::sold) {
                r.refuse(s, SeatProblem::sold);  // a sold seat has a ticket; cancel it first
            }
        }
        if (r.refused_count > 0) {
            r.status = invalid ? Status::invalid_argument : Status::seats_unavailable;
            return r;
        }
        for (SeatId s : seats) {
            const SeatState& seat = st_.seat(s);
            if (block) {
                reply.seats_changed += seat.status == SeatStatus::available;
                reply.seats_pending += seat.status == SeatStatus::held && !seat.block_pending;
            } else {
                reply.seats_changed += seat.status == SeatStatus::blocked;
                reply.seats_pending += seat.block_pending;
            }
        }
        if (block) {
            out_.push_back(SeatsBlocked{seats, now_, tag});
        } else {
            out_.push_back(SeatsUnblocked{seats, now_, tag});
        }
        return ok(reply);
    }

    const EventState& st_;
    UnixMillis now_;
    Rng& rng_;
    FactBuffer& out_;
};

}  // namespace

Result decide(const EventState& state, const Command& command, UnixMillis now, Rng& rng,
              FactBuffer& out) {
    if (!state.created() && !std::holds_alternative<CreateEvent>(command)) {
        Result r;
        r.status = Status::event_not_found;
        return r;
    }
    return std::visit(Decider(state, now, rng, out), command);
}

Result execute(EventState& state, const Command& command, UnixMillis now, Rng& rng,
               FactBuffer& out) {
    const std::size_t first = out.size();
    Result r = decide(state, command, now, rng, out);
    for (std::size_t i = first; i < out.size(); ++i)
        seat::apply(state, out[i]);
    return r;
}

}  // namespace seat
