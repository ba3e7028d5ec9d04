// Deciding transfer offers: made by the ticket's owner with a token hash the
// server drew, claimed by whoever presents the token, cancelled by the sender,
// expired by the shard's timer. The offer id is drawn here; the claim token is
// never seen by the engine.
#include "engine/queries.h"
#include "engine/transfers/handlers.h"
#include "engine/transfers/rules.h"

namespace seat {
namespace {

bool sized(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max;
}

Result about_offer(Status s, std::uint32_t offer) {
    Result r = status(s);
    r.reply = OfferReply{offer};
    return r;
}

OfferId fresh_offer_id(DecideContext& cx) {
    for (;;) {
        const OfferId id = cx.rng.uuid();
        if (cx.state.offer_index(id) == kNone) return id;
    }
}

}  // namespace

Result decide_offer_transfer(DecideContext& cx, const OfferTransfer& c) {
    // The token is not in the fingerprint: a retry carries a token of its own,
    // and is answered with the first offer (whose token was shown once).
    const CommandTag tag{c.key, Fingerprint(CommandKind::offer_transfer)
                                    .mix(c.ticket)
                                    .mix(c.from_owner)
                                    .mix(c.to)
                                    .mix(static_cast<std::uint64_t>(c.type))
                                    .value()};
    if (Result r; cx.replay(tag, CommandKind::offer_transfer, r)) return r;
    if ((c.type != TransferType::direct && c.type != TransferType::gift) ||
        !sized(c.to, 1, kAddresseeBytesMax) || !sized(c.from_owner, 1, kOwnerBytesMax) ||
        c.to == c.from_owner || c.token_hash.is_zero())
        return status(Status::invalid_argument);
    const std::uint32_t index = cx.state.ticket_index(c.ticket);
    if (index == kNone) return status(Status::ticket_not_found);
    if (Result r = may_hand_over(cx.state, index, c.from_owner, cx.now, /*resale=*/false); !r.ok())
        return r;
    // 128 random bits hashed: another offer with the same index key is a
    // server fault (its random source), not something to overwrite.
    if (cx.state.offer_token_taken(c.token_hash)) return status(Status::internal_error);
    cx.out.push_back(TransferOffered{fresh_offer_id(cx), c.ticket, c.from_owner, c.to, c.type,
                                     c.token_hash, offer_expiry(cx.state.settings(), cx.now),
                                     cx.now, tag});
    return ok(OfferReply{static_cast<std::uint32_t>(cx.state.offers().size())});
}

Result decide_claim_transfer(DecideContext& cx, const ClaimTransfer& c) {
    const CommandTag tag{
        c.key, Fingerprint(CommandKind::claim_transfer)
                   .mix(std::string_view(reinterpret_cast<const char*>(c.token_hash.bytes.data()),
                                         c.token_hash.bytes.size()))
                   .mix(c.claimer)
                   .value()};
    if (Result r; cx.replay(tag, CommandKind::claim_transfer, r)) return r;
    if (!sized(c.claimer, 1, kOwnerBytesMax)) return status(Status::invalid_argument);
    const std::uint32_t index = cx.state.offer_by_token(c.token_hash);
    if (index == kNone) return status(Status::offer_not_found);
    const TransferOffer& o = cx.state.offers()[index];
    switch (o.state) {
        case OfferState::open:
            break;
        case OfferState::claimed:
            return about_offer(Status::offer_claimed, index);
        case OfferState::cancelled:
            return about_offer(Status::offer_cancelled, index);
        case OfferState::expired:
            return about_offer(Status::offer_expired, index);
    }
    if (o.expires_at <= cx.now) {
        // Past its time: it expires now (the timer may not have come yet).
        cx.out.push_back(OfferWithdrawn{o.id, OfferState::expired, cx.now, {}});
        return about_offer(Status::offer_expired, index);
    }
    if (c.claimer == o.from) return status(Status::invalid_argument);  // the sender cancels
    if (!transfer_window_open(cx.state.settings(), cx.now))
        return about_offer(Status::transfer_window_closed, index);
    const Ticket& t = cx.state.tickets()[o.ticket];
    cx.out.push_back(TransferClaimed{o.id, c.claimer, cx.now, tag});
    return ok(TicketReply{o.ticket, t.version + 1u});
}

Result decide_cancel_offer(DecideContext& cx, const CancelOffer& c) {
    const CommandTag tag{
        c.key, Fingerprint(CommandKind::cancel_offer).mix(c.ticket).mix(c.from_owner).value()};
    if (Result r; cx.replay(tag, CommandKind::cancel_offer, r)) return r;
    const std::uint32_t index = cx.state.ticket_index(c.ticket);
    if (index == kNone) return status(Status::ticket_not_found);
    if (cx.state.tickets()[index].status != TicketStatus::offered)
        return status(Status::offer_not_found);
    const std::uint32_t offer = cx.state.escrow_of(index);
    const TransferOffer& o = cx.state.offers()[offer];
    if (o.from != c.from_owner) return about_offer(Status::not_owner, offer);
    cx.out.push_back(OfferWithdrawn{o.id, OfferState::cancelled, cx.now, tag});
    return ok(OfferReply{offer});
}

Result decide_expire_offers(DecideContext& cx, const ExpireOffers&) {
    ExpireReply reply;
    for (const std::uint32_t i : cx.state.open_offers()) {
        const TransferOffer& o = cx.state.offers()[i];
        if (o.expires_at > cx.now) continue;
        cx.out.push_back(OfferWithdrawn{o.id, OfferState::expired, cx.now, {}});
        if (++reply.holds_expired >= kExpireBatchMax) break;
    }
    return ok(reply);
}

}  // namespace seat
