// The allow-list. Admin may send everything that has a row; app is the box
// office's back end (sales, checkouts, its buyers' tickets, their transfers and
// resale; no event set-up, no seat blocks, no refund or payout handling, no
// seller verification); scanner is a gate (admit, look a ticket up, keep its offline
// copy fresh).
#include "server/auth/permissions.h"

#include <array>

namespace seat::server {
namespace {

using T = wire::RequestBody;
using R = wire::Role;

constexpr unsigned bit(R role) {
    return 1u << static_cast<unsigned>(role);
}
constexpr unsigned kAdmin = bit(R::admin);
constexpr unsigned kApp = bit(R::app);
constexpr unsigned kScanner = bit(R::scanner);
constexpr unsigned kEveryRole = kAdmin | kApp | kScanner;

struct Row {
    T type;
    unsigned roles;
};

// Transfers and resale (the rows from OfferTransfer on): owners act through the
// application; verifying a seller and the payouts are the platform's.
constexpr std::array kRows = {
    Row{T::Hello, kEveryRole},
    Row{T::Ping, kEveryRole},
    Row{T::CreateEvent, kAdmin},
    Row{T::PlaceHold, kAdmin | kApp},
    Row{T::ReleaseHold, kAdmin | kApp},
    Row{T::ExtendHold, kAdmin | kApp},
    Row{T::Purchase, kAdmin | kApp},
    Row{T::BlockSeats, kAdmin},
    Row{T::UnblockSeats, kAdmin},
    Row{T::GetSeat, kAdmin | kApp},
    Row{T::GetSection, kAdmin | kApp},
    Row{T::GetSummary, kAdmin | kApp},
    Row{T::ListEvents, kAdmin | kApp},
    Row{T::GetTicket, kEveryRole},
    Row{T::AdmitTicket, kEveryRole},
    Row{T::ReissueTicket, kAdmin | kApp},
    Row{T::CancelTicket, kAdmin | kApp},
    Row{T::ListTickets, kAdmin | kApp},
    Row{T::GetRevocations, kEveryRole},
    Row{T::GetPublicKeys, kEveryRole},
    Row{T::Checkout, kAdmin | kApp},
    Row{T::GetCheckout, kAdmin | kApp},
    Row{T::ListRefunds, kAdmin},
    Row{T::RetryRefund, kAdmin},
    Row{T::JoinQueue, kAdmin | kApp},
    Row{T::GetQueueEntry, kAdmin | kApp},
    Row{T::LeaveQueue, kAdmin | kApp},
    Row{T::GetRoom, kAdmin | kApp},
    Row{T::OfferTransfer, kAdmin | kApp},
    Row{T::ClaimTransfer, kAdmin | kApp},
    Row{T::CancelOffer, kAdmin | kApp},
    Row{T::GetOffer, kAdmin | kApp},
    Row{T::ListTicket, kAdmin | kApp},
    Row{T::DelistTicket, kAdmin | kApp},
    Row{T::BuyListing, kAdmin | kApp},
    Row{T::ListListings, kAdmin | kApp},
    Row{T::GetTicketHistory, kAdmin | kApp},
    Row{T::VerifySeller, kAdmin},
    Row{T::RetryPayout, kAdmin},
    Row{T::ListPayouts, kAdmin},
};

}  // namespace

std::optional<unsigned> roles_allowed(wire::RequestBody type) {
    for (const Row& row : kRows)
        if (row.type == type) return row.roles;
    return std::nullopt;
}

bool role_may_send(wire::Role role, wire::RequestBody type) {
    if (role == R::none) return false;
    const std::optional<unsigned> roles = roles_allowed(type);
    return roles && (*roles & bit(role)) != 0;
}

}  // namespace seat::server
