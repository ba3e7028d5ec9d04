// Proves that an API key is confined to what it was issued for (issue 10), through
// the client library against the real seatd with a keys file of organizers and
// scoped keys: a key acts only on its own events (every request type, ListEvents
// shows only them, a scanned code of another organizer's event is refused); and
// two app keys on the same event cannot act on each other's holds or replay each
// other's results even when they pick the same session id and idempotency key,
// while a retry under one key still replays. Keys sharing a name share sessions.
#include <gtest/gtest.h>

#include "tests/e2e/e2e_helpers.h"

namespace seat::e2e {
namespace {

using seat::Client;
using seat::ClientOptions;

constexpr const char* kAcmeApp = "acme-app-key-0123456789";
constexpr const char* kAcmeApp2 = "acme-app-key-2-0123456789";
constexpr const char* kRivalApp = "rival-app-key-0123456789";
constexpr const char* kAcmeScanner = "acme-scanner-key-0123456789";
constexpr const char* kAcmeRotated = "acme-app-rotated-key-0123456789";
constexpr std::uint64_t kAcmeEvent = 100;
constexpr std::uint64_t kRivalEvent = 200;

class Tenancy : public ::testing::Test {
  protected:
    static testing::SeatdOptions options() {
        testing::SeatdOptions o;
        o.extra_keys = std::string("organizer acme 100-199\n") + "organizer rival 200-299\n" +
                       "app " + kAcmeApp + " name=acme-web organizer=acme\n" + "app " + kAcmeApp2 +
                       " name=acme-kiosk organizer=acme\n" + "app " + kAcmeRotated +
                       " name=acme-web organizer=acme\n" + "app " + kRivalApp +
                       " organizer=rival\n" + "scanner " + kAcmeScanner + " events=100\n";
        return o;
    }

    void SetUp() override {
        Client admin(client_options(seatd_.port(), testing::kAdminKey));
        for (std::uint64_t event : {kAcmeEvent, kRivalEvent}) {
            sc::CreateEventRequest request;
            request.generator = "theatre";
            request.name = "event " + std::to_string(event);
            ASSERT_TRUE(admin.create_event(event, request).ok());
        }
    }

    testing::SeatdProcess seatd_{options()};
    Client acme_{client_options(seatd_.port(), kAcmeApp)};
    Client kiosk_{client_options(seatd_.port(), kAcmeApp2)};
    Client rival_{client_options(seatd_.port(), kRivalApp)};
};

TEST_F(Tenancy, AKeyActsOnlyOnItsOrganizersEvents) {
    const sc::Id128 session = sc::Id128::from_name("s");
    EXPECT_TRUE(acme_.place_hold(kAcmeEvent, session, {{0}, {}}).ok());
    const auto foreign = acme_.place_hold(kRivalEvent, session, {{0}, {}});
    EXPECT_EQ(foreign.status, sc::Status::unauthorized);
    EXPECT_NE(foreign.message.find("event 200"), std::string::npos) << foreign.message;
    EXPECT_EQ(acme_.get_summary(kRivalEvent).status, sc::Status::unauthorized);
    EXPECT_EQ(acme_.get_seat(kRivalEvent, 0).status, sc::Status::unauthorized);
    EXPECT_EQ(rival_.get_summary(kAcmeEvent).status, sc::Status::unauthorized);
    EXPECT_TRUE(rival_.get_summary(kRivalEvent).ok());

    const auto listed = acme_.list_events();
    ASSERT_TRUE(listed.ok());
    std::vector<std::uint64_t> ids;
    for (const auto& e : listed.value.events)
        ids.push_back(e.event);
    EXPECT_EQ(ids, std::vector<std::uint64_t>{kAcmeEvent});  // not 1 (demo), not 200
}

TEST_F(Tenancy, BuyerDataAndCodesStayWithTheEventsKeys) {
    const sc::Id128 session = sc::Id128::from_name("buyer");
    const auto hold = rival_.place_hold(kRivalEvent, session, {{3}, {}});
    ASSERT_TRUE(hold.ok());
    const auto sale = rival_.purchase(kRivalEvent, {hold.value.hold, session, "eve", "pay-1"});
    ASSERT_TRUE(sale.ok());
    const sc::Id128 ticket = sale.value.tickets[0].ticket_id;
    EXPECT_EQ(acme_.get_ticket(kRivalEvent, ticket).status, sc::Status::unauthorized);
    EXPECT_EQ(acme_.reissue_ticket(kRivalEvent, ticket).status, sc::Status::unauthorized);
    EXPECT_EQ(acme_.cancel_ticket(kRivalEvent, ticket).status, sc::Status::unauthorized);
    const auto own = rival_.get_ticket(kRivalEvent, ticket);
    ASSERT_TRUE(own.ok());
    // The acme scanner cannot admit the rival's code, even with the event omitted.
    Client scanner(client_options(seatd_.port(), kAcmeScanner));
    const auto admit = scanner.admit(0, own.value.ticket.code, "north-1");
    EXPECT_EQ(admit.status, sc::Status::unauthorized);
}

TEST_F(Tenancy, HoldsAreOnlyTheirCreatorsEvenWithTheSameSessionId) {
    const sc::Id128 session = sc::Id128::from_name("checkout-42");  // both pick it
    const auto hold = acme_.place_hold(kAcmeEvent, session, {{10, 11}, {}});
    ASSERT_TRUE(hold.ok());
    // Same event, same session id, the hold id read off the wire: still not theirs.
    EXPECT_EQ(kiosk_.release_hold(kAcmeEvent, hold.value.hold, session).status,
              sc::Status::wrong_session);
    EXPECT_EQ(kiosk_.purchase(kAcmeEvent, {hold.value.hold, session, "mallory", "pay-x"}).status,
              sc::Status::wrong_session);
    EXPECT_EQ(kiosk_.extend_hold(kAcmeEvent, hold.value.hold, session).status,
              sc::Status::wrong_session);
    // A key being rotated under the same name reaches the same sessions.
    Client rotated(client_options(seatd_.port(), kAcmeRotated));
    EXPECT_TRUE(rotated.purchase(kAcmeEvent, {hold.value.hold, session, "ann", "pay-2"}).ok());
}

TEST_F(Tenancy, IdempotencyKeysDoNotReplayAnotherKeysResult) {
    CallOptions o;
    o.idempotency_key = sc::Id128::from_name("key-both-pick");
    const sc::Id128 session = sc::Id128::from_name("s1");
    const auto first = acme_.place_hold(kAcmeEvent, session, {{20}, {}}, o);
    ASSERT_TRUE(first.ok());
    // The same key from the same principal is a retry: the original result.
    const auto retry = acme_.place_hold(kAcmeEvent, session, {{20}, {}}, o);
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(retry.value.hold, first.value.hold);
    // The same key from another principal is a request of its own: seat 20 is
    // taken, and the first hold's id is not revealed.
    const auto other = kiosk_.place_hold(kAcmeEvent, session, {{20}, {}}, o);
    EXPECT_EQ(other.status, sc::Status::seats_unavailable);
}

}  // namespace
}  // namespace seat::e2e
