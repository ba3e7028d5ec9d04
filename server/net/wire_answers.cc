#include "server/net/wire_answers.h"

#include "base/check.h"
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

flatbuffers::Offset<wire::Response> ticket_reply(Builder& b, std::uint64_t id,
                                                 const EventState& state, const Ticket& ticket,
                                                 wire::Role role, const TicketKeys& keys,
                                                 bool replayed) {
    const bool full = role != wire::Role::scanner;
    std::string code, code_hmac;
    if (full && ticket.status != TicketStatus::cancelled) {
        const std::shared_ptr<const TicketCodes> codes = keys.current();
        code = codes->code(tickets::CodeFormat::ed25519, state, ticket);
        code_hmac = codes->code(tickets::CodeFormat::hmac, state, ticket);
    }
    const TicketViewExtras extras{full, code, code_hmac};
    return build_ticket_reply(b, id, state, ticket, full, extras, replayed);
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
        std::holds_alternative<CancelTicket>(command)) {
        if (!r.ok() || t == nullptr || t->ticket == kNone || a.state == nullptr)
            return build_status(b, id, r.status);
        return ticket_reply(b, id, *a.state, a.state->tickets()[t->ticket], role, keys, r.replayed);
    }
    if (a.state == nullptr) return build_status(b, id, r.status);
    if (const CheckoutReply* c = r.reply_as<CheckoutReply>(); c != nullptr && c->checkout != kNone)
        return build_checkout_reply(b, id, r.status, *a.state, c->checkout, r.replayed);
    if (std::holds_alternative<RetryRefund>(command) ||
        std::holds_alternative<SettleRefund>(command)) {
        const RefundReply* refund = r.reply_as<RefundReply>();
        if (!r.ok() || refund == nullptr) return build_status(b, id, r.status);
        const std::uint32_t one[] = {refund->refund};
        return build_refunds_reply(b, id, *a.state, one, false, 0);
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
                return build_checkout_reply(b, id, a.status, *a.state, c.checkout, false);
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
        },
        a.body);
}

}  // namespace seat::server
