// Commands of tickets changing hands: offers claimed by a link (direct or a
// gift), listings on the platform's marketplace bought through the checkout
// saga, the seller's payout and its KYC hold. Owners act through the
// application (app role), which names them; the engine checks that the named
// owner is the ticket's. Plain data; validated by decide, never trusted.
#pragma once

#include <cstdint>
#include <string>

#include "engine/ids.h"
#include "engine/transfers/records.h"

namespace seat {

// Offer the ticket to someone. The server draws the claim token, shows it once
// and passes only its hash. The ticket's code is revoked at once (an offered
// ticket does not enter the venue) until the offer is claimed, cancelled or expires.
struct OfferTransfer {
    TicketId ticket;
    std::string from_owner;  // must be the ticket's owner
    std::string to;          // 1..kAddresseeBytesMax: an e-mail address or user id
    TransferType type = TransferType::direct;  // direct or gift
    TokenHash token_hash;                      // SHA-256 of the claim token
    IdempotencyKey key;
};

// Claim an open offer by its token: the claimer becomes the owner with a new code.
struct ClaimTransfer {
    TokenHash token_hash;
    std::string claimer;  // 1..kOwnerBytesMax: the new owner
    IdempotencyKey key;
};

// The sender takes an open offer back: the ticket is theirs again, with a new code.
struct CancelOffer {
    TicketId ticket;
    std::string from_owner;
    IdempotencyKey key;
};

// Sent by the shard's timer: open offers past their expiry return to their
// senders (at most kExpireBatchMax per call).
struct ExpireOffers {};

// Put the ticket on the marketplace at `price_minor` (in the event's currency).
// The platform holds it in escrow: the seller's code is revoked at once.
struct ListTicket {
    TicketId ticket;
    std::string seller;  // must be the ticket's owner
    std::int64_t price_minor = 0;
    std::string payout_account;  // 1..kPayoutAccountBytesMax, the seller's account at the provider
    IdempotencyKey key;
};

// The seller takes the ticket off the marketplace: theirs again with a new code
// (at once, or when a buyer's payment now in flight fails).
struct DelistTicket {
    TicketId ticket;
    std::string seller;
    IdempotencyKey key;
};

// Buy a listing through the checkout saga: the listing is pinned while the
// buyer pays; the provider's answer (SettleCheckout) sells it or puts it back.
struct BuyListing {
    ListingId listing;
    std::string buyer_id;
    std::string payment_method;
    IdempotencyKey key;
};

// An admin has verified the seller's identity (KYC): their held payouts are released.
struct VerifySeller {
    std::string seller;
    IdempotencyKey key;
};

// The payout worker's definitive answer for a payout. A report on a payout not
// owed changes nothing.
struct SettlePayout {
    PayoutId payout;
    bool succeeded = false;
    std::string provider_payout_id;  // succeeded: 1..kProviderIdBytesMax
    std::string failure;             // failed: 0..kReasonBytesMax
    std::uint32_t attempts = 0;
};

// An admin owes a failed payout again (the seller fixed their account): the
// payout worker tries it afresh, to `destination` when one is given.
struct RetryPayout {
    PayoutId payout;
    std::string destination;  // empty = the same; else 1..kPayoutAccountBytesMax
    IdempotencyKey key;
};

}  // namespace seat
