// The transfers group's handlers: offers (transfer and gift), resale listings,
// payouts and the seller's KYC. Called by the dispatch (engine/decide.cc,
// engine/apply.cc) and, for a listing's checkout, by the checkout group.
// Private to the engine.
#pragma once

#include "engine/decide_context.h"
#include "engine/state_editor.h"
#include "engine/transfers/views.h"

namespace seat {

Result decide_offer_transfer(DecideContext& cx, const OfferTransfer& c);
Result decide_claim_transfer(DecideContext& cx, const ClaimTransfer& c);
Result decide_cancel_offer(DecideContext& cx, const CancelOffer& c);
Result decide_expire_offers(DecideContext& cx, const ExpireOffers& c);
Result decide_list_ticket(DecideContext& cx, const ListTicket& c);
Result decide_delist_ticket(DecideContext& cx, const DelistTicket& c);
Result decide_buy_listing(DecideContext& cx, const BuyListing& c);
Result decide_verify_seller(DecideContext& cx, const VerifySeller& c);
Result decide_settle_payout(DecideContext& cx, const SettlePayout& c);
Result decide_retry_payout(DecideContext& cx, const RetryPayout& c);
// The checkout group's: a listing's charge succeeded (checkout `index` is paying).
void decide_listing_sold(DecideContext& cx, std::uint32_t checkout, std::string_view payment_id);

void apply_transfer_offered(StateEditor& ed, const TransferOffered& f);
void apply_transfer_claimed(StateEditor& ed, const TransferClaimed& f);
void apply_offer_withdrawn(StateEditor& ed, const OfferWithdrawn& f);
void apply_ticket_listed(StateEditor& ed, const TicketListed& f);
void apply_ticket_delisted(StateEditor& ed, const TicketDelisted& f);
void apply_listing_sold(StateEditor& ed, const ListingSold& f);
void apply_seller_verified(StateEditor& ed, const SellerVerified& f);
void apply_payout_settled(StateEditor& ed, const PayoutSettled& f);
void apply_payout_retried(StateEditor& ed, const PayoutRetried& f);
// The checkout group's: a listing's payment failed or its deadline passed; the
// listing is on sale again, or the seller's when they delisted meanwhile.
void release_listing(StateEditor& ed, std::uint32_t listing, UnixMillis at);

// A ticket's new code for `to` (the claimer, the buyer, or the owner again): the
// version moves on, revoking the escrow version, and the custody chain gains a
// record. Shared with the tickets group (a reissue).
void issue_version(StateEditor& ed, std::uint32_t ticket, std::string_view to, TransferType type,
                   std::int64_t price_minor, std::int64_t fee_minor, std::string_view currency,
                   UnixMillis at);

}  // namespace seat
