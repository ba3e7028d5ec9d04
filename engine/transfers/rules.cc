// The event's rules for tickets changing hands.
#include "engine/transfers/rules.h"

#include <algorithm>

#include "engine/queries.h"

namespace seat {
namespace {

Result refusal(Status s, std::uint32_t index = kNone) {
    Result r;
    r.status = s;
    if (index != kNone) r.reply = TicketReply{index, 0};
    return r;
}

}  // namespace

bool transfer_window_open(const SaleSettings& s, UnixMillis now) {
    return s.starts_at_ms == 0 || now < s.starts_at_ms - s.transfers.cutoff_before_start_ms;
}

UnixMillis offer_expiry(const SaleSettings& s, UnixMillis now) {
    const UnixMillis by_ttl = now + s.transfers.offer_ttl_ms;
    if (s.starts_at_ms == 0) return by_ttl;
    return std::min(by_ttl, s.starts_at_ms - s.transfers.cutoff_before_start_ms);
}

std::uint32_t owner_changes(const EventState& st, std::uint32_t ticket) {
    std::uint32_t n = 0;
    for (std::uint32_t i = st.chain_head(ticket); i != kNone; i = st.transfers()[i].previous) {
        const TransferType t = st.transfers()[i].type;
        n += t == TransferType::direct || t == TransferType::gift || t == TransferType::marketplace;
    }
    return n;
}

Result may_hand_over(const EventState& st, std::uint32_t index, std::string_view owner,
                     UnixMillis now, bool resale) {
    const TransferSettings& rules = st.settings().transfers;
    if (!(resale ? rules.resale_allowed : rules.transfers_allowed))
        return refusal(resale ? Status::resale_disabled : Status::transfers_disabled);
    const Ticket& t = st.tickets()[index];
    switch (t.status) {
        case TicketStatus::valid:
            break;
        case TicketStatus::offered:
            return refusal(Status::ticket_offered, index);
        case TicketStatus::listed:
            return refusal(Status::ticket_listed, index);
        case TicketStatus::admitted:
            return refusal(Status::already_admitted, index);
        case TicketStatus::cancelled:
        case TicketStatus::superseded:
            return refusal(Status::ticket_cancelled, index);
    }
    if (owner != ticket_owner(st, t)) return refusal(Status::not_owner, index);
    if (!transfer_window_open(st.settings(), now))
        return refusal(Status::transfer_window_closed, index);
    // The escrow version and the next owner's: two versions per hand-over.
    if (t.version + 2 > kTicketVersionMax) return refusal(Status::transfer_limit, index);
    if (rules.max_transfers_per_ticket != 0 &&
        owner_changes(st, index) >= rules.max_transfers_per_ticket)
        return refusal(Status::transfer_limit, index);
    Result r;
    r.status = Status::ok;
    return r;
}

}  // namespace seat
