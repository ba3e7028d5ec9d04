#include "server/net/wire_answers.h"

#include "base/check.h"
#include "engine/queries.h"
#include "server/room/admission_tokens.h"

namespace seat::server {
namespace {

template <typename... F>
struct Overloaded : F... {
    using F::operator()...;
};
// Spelled out for clang before 17, which does not deduce an aggregate's arguments.
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

// A code exists only for the version its holder has: never while the ticket
// is out of its owner's hands (offered, listed: its version is the escrow's,
// for which no code may ever be made) and never once it is cancelled.
bool code_may_exist(const Ticket& t) {
    return t.status != TicketStatus::cancelled && t.status != TicketStatus::offered &&
           t.status != TicketStatus::listed;
}

struct Codes {
    std::string code;
    std::string code_hmac;
};

// The ticket's codes where this caller may see them (never a scanner).
Codes codes_of(const EventState& state, const Ticket& ticket, wire::Role role,
               const TicketKeys& keys) {
    Codes out;
    if (role == wire::Role::scanner || !code_may_exist(ticket)) return out;
    const std::shared_ptr<const TicketCodes> codes = keys.current();
    out.code = codes->code(tickets::CodeFormat::ed25519, state, ticket);
    out.code_hmac = codes->code(tickets::CodeFormat::hmac, state, ticket);
    return out;
}

flatbuffers::Offset<wire::TicketView> ticket_view(Builder& b, const EventState& state,
                                                  const Ticket& ticket, wire::Role role,
                                                  const TicketKeys& keys) {
    const Codes codes = codes_of(state, ticket, role, keys);
    return build_ticket_view(
        b, state, ticket,
        TicketViewExtras{role != wire::Role::scanner, codes.code, codes.code_hmac});
}

flatbuffers::Offset<wire::Response> ticket_reply(Builder& b, std::uint64_t id,
                                                 const EventState& state, const Ticket& ticket,
                                                 wire::Role role, const TicketKeys& keys,
                                                 bool replayed) {
    const bool full = role != wire::Role::scanner;
    const Codes codes = codes_of(state, ticket, role, keys);
    const TicketViewExtras extras{full, codes.code, codes.code_hmac};
    return build_ticket_reply(b, id, state, ticket, full, extras, replayed);
}

// A checkout as it stands. A resale's, sold, shows the bought ticket with its
// codes while the buyer still holds it (after a later transfer they are
// someone else's).
flatbuffers::Offset<wire::Response> checkout_reply(Builder& b, std::uint64_t id, Status status,
                                                   const EventState& state, std::uint32_t index,
                                                   bool replayed, wire::Role role,
                                                   const TicketKeys& keys) {
    const Checkout& c = state.checkouts()[index];
    Codes codes;
    if (c.listing != kNone && c.state == CheckoutState::sold) {
        const Ticket& t = state.tickets()[state.listings()[c.listing].ticket];
        if (ticket_owner(state, t) == c.buyer_id) codes = codes_of(state, t, role, keys);
    }
    return build_checkout_reply(b, id, status, state, index, replayed,
                                TicketViewExtras{true, codes.code, codes.code_hmac});
}

// Offers, listings and the seller's verification, when the result names one.
// Null when it is not such an answer.
flatbuffers::Offset<wire::Response> transfer_reply(Builder& b, const Answer& a, const Result& r,
                                                   wire::Role role, const TicketKeys& keys) {
    const std::uint64_t id = a.job.tag;
    const EventState& st = *a.state;
    const Command& command = std::get<Command>(a.job.work);
    if (const OfferReply* o = r.reply_as<OfferReply>(); o != nullptr && o->offer != kNone) {
        // The token is shown once: a retry's answer (replayed) has none.
        const bool first = std::holds_alternative<OfferTransfer>(command) && r.ok() && !r.replayed;
        flatbuffers::Offset<wire::TicketView> ticket;
        if (std::holds_alternative<CancelOffer>(command) && r.ok())
            ticket = ticket_view(b, st, st.tickets()[st.offers()[o->offer].ticket], role, keys);
        return build_offer_reply(b, id, r.status, st, o->offer,
                                 first ? std::string_view(a.job.claim_token) : std::string_view{},
                                 ticket, r.replayed);
    }
    if (const ListingReply* l = r.reply_as<ListingReply>()) {
        flatbuffers::Offset<wire::TicketView> ticket;
        if (std::holds_alternative<DelistTicket>(command) && r.ok() && l->listing != kNone)
            ticket = ticket_view(b, st, st.tickets()[st.listings()[l->listing].ticket], role, keys);
        // A buyer is not told who sells.
        const bool with_seller = !std::holds_alternative<BuyListing>(command);
        return build_listing_reply(b, id, r.status, st, l->listing, with_seller, l->cap_minor,
                                   ticket, r.replayed);
    }
    if (const KycReply* k = r.reply_as<KycReply>(); k != nullptr && r.ok()) {
        const auto* verify = std::get_if<VerifySeller>(&command);
        return build_kyc_reply(b, id, verify != nullptr ? verify->seller : std::string_view{},
                               k->released, r.replayed);
    }
    return 0;
}

flatbuffers::Offset<wire::Response> command_reply(Builder& b, const Answer& a, const Result& r,
                                                  wire::Role role, const TicketKeys& keys) {
    const std::uint64_t id = a.job.tag;
    const Command& command = std::get<Command>(a.job.work);
    const TicketReply* t = r.reply_as<TicketReply>();
    if (std::holds_alternative<AdmitTicket>(command)) {
        // The engine names the ticket on success and on every refusal about it.
        const Ticket* ticket = t != nullptr && t->ticket != kNone && a.state != nullptr
                                   ? &a.state->tickets()[t->ticket]
                                   : nullptr;
        if (a.state == nullptr) return build_status(b, id, r.status);
        return build_admit_reply(b, id, r.status, *a.state, ticket);
    }
    if (std::holds_alternative<ReissueTicket>(command) ||
        std::holds_alternative<CancelTicket>(command) ||
        std::holds_alternative<ClaimTransfer>(command)) {
        if (r.ok() && t != nullptr && t->ticket != kNone && a.state != nullptr)
            return ticket_reply(b, id, *a.state, a.state->tickets()[t->ticket], role, keys,
                                r.replayed);
        // A claim refused about its offer names the offer.
        if (!std::holds_alternative<ClaimTransfer>(command) || a.state == nullptr)
            return build_status(b, id, r.status);
    }
    if (a.state == nullptr) return build_status(b, id, r.status);
    if (const CheckoutReply* c = r.reply_as<CheckoutReply>(); c != nullptr && c->checkout != kNone)
        return checkout_reply(b, id, r.status, *a.state, c->checkout, r.replayed, role, keys);
    if (const auto reply = transfer_reply(b, a, r, role, keys); !reply.IsNull()) return reply;
    if (std::holds_alternative<RetryPayout>(command) ||
        std::holds_alternative<SettlePayout>(command)) {
        const PayoutReply* payout = r.reply_as<PayoutReply>();
        if (!r.ok() || payout == nullptr) return build_status(b, id, r.status);
        const std::uint32_t one[] = {payout->payout};
        return build_payouts_reply(b, id, *a.state, one, false, 0, r.replayed);
    }
    if (std::holds_alternative<RetryRefund>(command) ||
        std::holds_alternative<SettleRefund>(command)) {
        const RefundReply* refund = r.reply_as<RefundReply>();
        if (!r.ok() || refund == nullptr) return build_status(b, id, r.status);
        const std::uint32_t one[] = {refund->refund};
        return build_refunds_reply(b, id, *a.state, one, false, 0, r.replayed);
    }
    return build_result(b, id, command, r, *a.state);
}

}  // namespace

flatbuffers::Offset<wire::Response> encode_answer(Builder& b, const Answer& a, wire::Role role,
                                                  const TicketKeys& keys) {
    const std::uint64_t id = a.job.tag;
    return std::visit(
        Overloaded{
            [&](std::monostate) { return build_status(b, id, a.status, a.message); },
            [&](const CommandAnswer& c) { return command_reply(b, a, c.result, role, keys); },
            [&](const UnknownSeatsAnswer& u) {
                std::vector<Refusal> refusals;
                refusals.reserve(u.seats.size());
                for (const NamedRefusal& r : u.seats)
                    refusals.push_back(Refusal{r.seat, r.name, r.problem});
                return build_refusal(b, id, a.status, refusals,
                                     static_cast<std::uint32_t>(refusals.size()), a.message);
            },
            [&](const SeatAnswer& s) { return build_seat_reply(b, id, *a.state, s.seat); },
            [&](const SectionAnswer& s) {
                return build_section_reply(b, id, *a.state, s.section, s.with_labels);
            },
            [&](const SummaryAnswer&) { return build_summary_reply(b, id, *a.state); },
            [&](const TicketAnswer& t) {
                return ticket_reply(b, id, *a.state, a.state->tickets()[t.ticket], role, keys,
                                    false);
            },
            [&](const OwnerTicketsAnswer& t) {
                return build_tickets_reply(b, id, *a.state, t.tickets, t.more);
            },
            [&](const RevocationsAnswer& r) {
                return build_revocations_reply(b, id, r.filter.bytes, r.filter.sequence,
                                               r.filter.false_positive_rate);
            },
            [&](const CheckoutAnswer& c) {
                return checkout_reply(b, id, a.status, *a.state, c.checkout, false, role, keys);
            },
            [&](const RefundsAnswer& r) {
                return build_refunds_reply(b, id, *a.state, r.refunds, r.more, r.next_after);
            },
            [&](const ThrottledAnswer& t) { return build_throttled(b, id, t.retry_after_ms); },
            [&](const QueueAnswer& q) {
                // The token is signed when asked for, like a ticket's codes: the
                // room's facts hold only the entry and the expiry.
                const std::string token =
                    q.view.state == EntryState::admitted
                        ? sign_admission(keys, a.job.event, q.view.entry, q.view.token_expires_at,
                                         q.room_session)
                        : std::string();
                return build_queue_reply(b, id, a.status, q.view, q.ticket, token, q.existing);
            },
            [&](const RoomAnswer& r) { return build_room_reply(b, id, r.view); },
            [&](const OfferAnswer& o) {
                return build_offer_reply(b, id, Status::ok, *a.state, o.offer, {}, 0, false);
            },
            [&](const ListingsAnswer& l) {
                return build_listings_reply(b, id, *a.state, l.listings, l.more);
            },
            [&](const HistoryAnswer& h) {
                return build_history_reply(b, id, *a.state, a.state->tickets()[h.ticket],
                                           h.entries);
            },
            [&](const PayoutsAnswer& p) {
                return build_payouts_reply(b, id, *a.state, p.payouts, p.more, p.next_after);
            },
        },
        a.body);
}

}  // namespace seat::server
