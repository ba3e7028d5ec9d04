// Facts of tickets changing hands. An offer or a listing moves the ticket's
// version on (revoking the owner's code) and a claim, sale, cancel, expiry or
// delisting moves it on again for whoever holds the ticket next; every change of
// owner (and every reissue) appends a custody record, whose id is made from the
// ticket and the version it issues (transfer_id), so no fact carries it. A listing's sale is one
// fact (ListingSold): the checkout sold, the ticket the buyer's, the record, the payout owed.
#pragma once

#include <string>

#include "engine/command_tag.h"
#include "engine/transfers/records.h"

namespace seat {

struct TransferOffered {
    OfferId offer;  // drawn by decide
    TicketId ticket;
    std::string from;
    std::string to;
    TransferType type = TransferType::direct;
    TokenHash token_hash;
    UnixMillis expires_at = 0;
    UnixMillis at = 0;
    CommandTag tag;
    friend bool operator==(const TransferOffered&, const TransferOffered&) = default;
};

struct TransferClaimed {
    OfferId offer;
    std::string claimer;
    UnixMillis at = 0;
    CommandTag tag;
    friend bool operator==(const TransferClaimed&, const TransferClaimed&) = default;
};

// An open offer ends unclaimed (cancelled by its sender, or expired): the ticket
// is the sender's again.
struct OfferWithdrawn {
    OfferId offer;
    OfferState to = OfferState::cancelled;  // cancelled or expired
    UnixMillis at = 0;
    CommandTag tag;
    friend bool operator==(const OfferWithdrawn&, const OfferWithdrawn&) = default;
};

struct TicketListed {
    ListingId listing;  // drawn by decide
    TicketId ticket;
    std::string seller;
    std::int64_t price_minor = 0;
    std::string currency;
    std::string payout_account;
    UnixMillis at = 0;
    CommandTag tag;
    friend bool operator==(const TicketListed&, const TicketListed&) = default;
};

// The seller delisted: a listing not being paid for ends now (the ticket is the
// seller's again); one being paid for ends when the payment fails (and is sold
// if it succeeds).
struct TicketDelisted {
    ListingId listing;
    UnixMillis at = 0;
    CommandTag tag;
    friend bool operator==(const TicketDelisted&, const TicketDelisted&) = default;
};

// The buyer's charge succeeded: the checkout is sold, the ticket the buyer's
// with a new code, the custody record appended, the seller's payout owed (or
// held until the seller is verified).
struct ListingSold {
    CheckoutId checkout;
    std::string payment_id;
    PayoutId payout;  // drawn by decide
    std::int64_t fee_minor = 0;
    bool held_for_kyc = false;
    UnixMillis at = 0;
    friend bool operator==(const ListingSold&, const ListingSold&) = default;
};

struct SellerVerified {
    std::string seller;
    UnixMillis at = 0;
    CommandTag tag;
    friend bool operator==(const SellerVerified&, const SellerVerified&) = default;
};

struct PayoutSettled {
    PayoutId payout;
    bool succeeded = false;
    std::string provider_payout_id;
    std::string failure;
    std::uint32_t attempts = 0;
    UnixMillis at = 0;
    friend bool operator==(const PayoutSettled&, const PayoutSettled&) = default;
};

// A failed payout is owed again (to `destination` when not empty).
struct PayoutRetried {
    PayoutId payout;
    std::string destination;
    UnixMillis at = 0;
    CommandTag tag;
    friend bool operator==(const PayoutRetried&, const PayoutRetried&) = default;
};

}  // namespace seat
