// What the event remembers of tickets changing hands after the sale: transfer
// offers (a claim link, direct or as a gift), resale listings (the platform
// holds the ticket in escrow while it is for sale), sellers' payouts, and the
// custody chain, one record per change of owner or code.
//
// A ticket's code is revoked the moment it leaves its owner's hands: offering or
// listing it moves its version on (to a version no code was ever made for), so
// the old code is refused online and by every offline gate's revocation filter.
// Whoever gets the ticket next (the claimer, the buyer, or the owner again when
// the offer or listing ends unsold) gets the version after that: a new code.
//
//   valid ──offer──> offered ──claim──────────> valid (the claimer's, new code)
//     │                 └──cancel / expiry───> valid (the owner's, new code)
//     └──list──> listed ──buy (paying)──sold──> valid (the buyer's, new code)
//                  │          └─declined / abandoned──> listed (or back to the owner
//                  │                                   when delisted meanwhile)
//                  └──delist──> valid (the owner's, new code)
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "engine/ids.h"

namespace seat {

using OfferId = Id128;
using ListingId = Id128;
using PayoutId = Id128;
using TransferId = Id128;

// SHA-256 of a claim token. The token itself (128 random bits, drawn by the
// server) is shown once to the sender and never stored: the log and the state
// keep only this.
struct TokenHash {
    std::array<std::uint8_t, 32> bytes{};
    bool is_zero() const {
        for (std::uint8_t b : bytes)
            if (b != 0) return false;
        return true;
    }
    // The offer index's key: the hash is uniform, so its first 8 bytes will do.
    std::uint64_t key() const {
        std::uint64_t k = 0;
        for (int i = 0; i < 8; ++i)
            k = k << 8 | bytes[i];
        return k == ~std::uint64_t{0} ? k - 1 : k;  // FlatMap::kEmpty marks free slots
    }
    friend bool operator==(const TokenHash&, const TokenHash&) = default;
};

// Why a ticket's owner or code changed. `issue` is the sale itself (the chain's
// first entry, made from the purchase); the others are records.
enum class TransferType : std::uint8_t { issue = 0, direct, gift, marketplace, reissue };
inline constexpr std::size_t kTransferTypeCount = 5;
const char* to_string(TransferType t);

enum class OfferState : std::uint8_t { open = 0, claimed, cancelled, expired };
inline constexpr std::size_t kOfferStateCount = 4;
const char* to_string(OfferState s);

struct TransferOffer {
    OfferId id;
    std::uint32_t ticket = kNone;  // index into tickets
    std::string from;              // the owner who offered it
    std::string to;                // the addressee (e-mail or user id), as the sender named it
    TransferType type = TransferType::direct;  // direct or gift
    TokenHash token_hash;
    UnixMillis offered_at = 0;
    UnixMillis expires_at = 0;
    OfferState state = OfferState::open;
    std::string claimer;  // who claimed it (the new owner)
    UnixMillis settled_at = 0;
    std::uint32_t transfer = kNone;  // index into transfers, once claimed
    friend bool operator==(const TransferOffer&, const TransferOffer&) = default;
};

enum class ListingState : std::uint8_t { listed = 0, paying, sold, delisted };
inline constexpr std::size_t kListingStateCount = 4;
const char* to_string(ListingState s);

struct Listing {
    ListingId id;
    std::uint32_t ticket = kNone;
    std::string seller;
    std::int64_t price_minor = 0;
    std::string currency;
    std::string payout_account;  // where the provider pays the seller ("acct_...")
    UnixMillis listed_at = 0;
    ListingState state = ListingState::listed;
    std::uint32_t checkout = kNone;  // index into checkouts: the buyer paying now, or who bought it
    bool delist_requested = false;   // the seller delisted it while a buyer was paying
    std::uint32_t payout = kNone;    // index into payouts, once sold
    UnixMillis settled_at = 0;
    friend bool operator==(const Listing&, const Listing&) = default;
};

// owed: the payout worker delivers it; held_kyc: waits until the seller is
// verified (the KYC threshold was passed); paid / failed: the provider's answer.
enum class PayoutState : std::uint8_t { owed = 0, held_kyc, paid, failed };
inline constexpr std::size_t kPayoutStateCount = 4;
const char* to_string(PayoutState s);

struct Payout {
    PayoutId id;
    std::uint32_t listing = kNone;
    std::string seller;
    std::string destination;        // the listing's payout account
    std::int64_t gross_minor = 0;   // the sale's price
    std::int64_t fee_minor = 0;     // the platform's fee, kept
    std::int64_t amount_minor = 0;  // gross - fee: what the seller is paid
    std::string currency;
    PayoutState state = PayoutState::owed;
    std::string provider_payout_id;  // once paid
    std::string failure;             // the last failure's reason
    std::uint32_t attempts = 0;
    std::uint32_t retries = 0;  // times an admin owed it again after it failed
    UnixMillis owed_at = 0;
    UnixMillis released_at = 0;  // when a held payout was released by the seller's verification
    UnixMillis settled_at = 0;
    friend bool operator==(const Payout&, const Payout&) = default;
};

// A custody record's id: made from the ticket and the version the record
// issued, which no other record of the event shares. The sale's own entry
// (type issue, version 1) has the id transfer_id(ticket, 1).
inline TransferId transfer_id(const TicketId& ticket, std::uint32_t version) {
    return TransferId{ticket.hi, ticket.lo + std::uint64_t{version} * 0x9E3779B97F4A7C15ull};
}

// One link of a ticket's custody chain: the owner (or only the code) changed.
struct TransferRecord {
    TransferId id;
    std::uint32_t ticket = kNone;
    std::string from;
    std::string to;
    TransferType type = TransferType::direct;
    std::int64_t price_minor = 0;  // marketplace: what the buyer paid
    std::int64_t fee_minor = 0;    // marketplace: the platform's fee
    std::string currency;
    std::uint32_t version = 0;  // the version the new owner's code has
    UnixMillis at = 0;
    std::uint32_t previous = kNone;  // the ticket's previous record, kNone for its first
    friend bool operator==(const TransferRecord&, const TransferRecord&) = default;
};

}  // namespace seat
