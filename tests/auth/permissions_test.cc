// Proves that the role table is an allow-list with a row for every request type
// of the protocol (a type added to seat.fbs fails here until someone decides who
// may send it), and pins what each role may do: admin everything, app sales and
// tickets but no event set-up or seat blocks, scanner only the gate's requests,
// none nothing.
#include <gtest/gtest.h>

#include <set>

#include "server/auth/permissions.h"

namespace seat::server {
namespace {

using T = wire::RequestBody;
using R = wire::Role;

TEST(Permissions, EveryRequestTypeHasAnExplicitRow) {
    for (const T type : wire::EnumValuesRequestBody()) {
        if (type == T::NONE) continue;
        EXPECT_TRUE(roles_allowed(type).has_value())
            << wire::EnumNameRequestBody(type) << " has no row in server/auth/permissions.cc";
    }
}

TEST(Permissions, TypesWithoutARowAreRefusedToEveryRole) {
    const auto unknown = static_cast<T>(static_cast<int>(T::MAX) + 1);
    EXPECT_FALSE(roles_allowed(unknown).has_value());
    for (const R role : {R::admin, R::app, R::scanner, R::none})
        EXPECT_FALSE(role_may_send(role, unknown));
    EXPECT_FALSE(role_may_send(R::admin, T::NONE));
}

TEST(Permissions, AdminMaySendEveryType) {
    for (const T type : wire::EnumValuesRequestBody()) {
        if (type == T::NONE) continue;
        EXPECT_TRUE(role_may_send(R::admin, type)) << wire::EnumNameRequestBody(type);
    }
}

TEST(Permissions, AppMayNotSetUpEventsBlockSeatsOrHandleRefundsOrPayouts) {
    const std::set<T> denied = {T::CreateEvent, T::BlockSeats,   T::UnblockSeats, T::ListRefunds,
                                T::RetryRefund, T::VerifySeller, T::ListPayouts,
                                T::RetryPayout};
    for (const T type : wire::EnumValuesRequestBody()) {
        if (type == T::NONE) continue;
        EXPECT_EQ(role_may_send(R::app, type), denied.count(type) == 0)
            << wire::EnumNameRequestBody(type);
    }
}

TEST(Permissions, ScannerMaySendOnlyTheGatesRequests) {
    const std::set<T> allowed = {T::Hello,       T::Ping,           T::GetTicket,
                                 T::AdmitTicket, T::GetRevocations, T::GetPublicKeys};
    for (const T type : wire::EnumValuesRequestBody()) {
        if (type == T::NONE) continue;
        EXPECT_EQ(role_may_send(R::scanner, type), allowed.count(type) != 0)
            << wire::EnumNameRequestBody(type);
    }
}

TEST(Permissions, NoneMaySendNothing) {
    for (const T type : wire::EnumValuesRequestBody())
        EXPECT_FALSE(role_may_send(R::none, type)) << wire::EnumNameRequestBody(type);
}

}  // namespace
}  // namespace seat::server
