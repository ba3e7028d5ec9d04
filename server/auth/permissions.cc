// The allow-list. Admin may send everything that has a row; app is the box
// office's back end (sales, checkouts and its buyers' tickets; no event set-up,
// no seat blocks, no refund handling); scanner is a gate (admit, look a ticket up, keep its offline
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

constexpr std::array kRows = {
    Row{T::Hello, kEveryRole},           Row{T::Ping, kEveryRole},
    Row{T::CreateEvent, kAdmin},         Row{T::PlaceHold, kAdmin | kApp},
    Row{T::ReleaseHold, kAdmin | kApp},  Row{T::ExtendHold, kAdmin | kApp},
    Row{T::Purchase, kAdmin | kApp},     Row{T::BlockSeats, kAdmin},
    Row{T::UnblockSeats, kAdmin},        Row{T::GetSeat, kAdmin | kApp},
    Row{T::GetSection, kAdmin | kApp},   Row{T::GetSummary, kAdmin | kApp},
    Row{T::ListEvents, kAdmin | kApp},   Row{T::GetTicket, kEveryRole},
    Row{T::AdmitTicket, kEveryRole},     Row{T::ReissueTicket, kAdmin | kApp},
    Row{T::CancelTicket, kAdmin | kApp}, Row{T::ListTickets, kAdmin | kApp},
    Row{T::GetRevocations, kEveryRole},  Row{T::GetPublicKeys, kEveryRole},
    Row{T::Checkout, kAdmin | kApp},     Row{T::GetCheckout, kAdmin | kApp},
    Row{T::ListRefunds, kAdmin},         Row{T::RetryRefund, kAdmin},
    Row{T::JoinQueue, kAdmin | kApp},    Row{T::GetQueueEntry, kAdmin | kApp},
    Row{T::LeaveQueue, kAdmin | kApp},   Row{T::GetRoom, kAdmin | kApp},
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
