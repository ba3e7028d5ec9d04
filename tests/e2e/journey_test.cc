// Proves, through libseatclient against the real seatd, the whole box-office
// journey (create an event, view a section, hold, extend, purchase, show the
// tickets) and that every refusal comes back with its own status and details.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/e2e/e2e_helpers.h"
#include "venues/generators.h"
#include "venues/venue_json.h"

namespace seat::e2e {
namespace {

constexpr std::uint64_t kEvent = 42;

class JourneyTest : public ::testing::Test {
  protected:
    testing::SeatdProcess seatd_;
    Client admin_{client_options(seatd_.port())};

    sc::Result<sc::Empty> create_theatre(std::uint64_t event, std::int64_t hold_ttl_ms = 0) {
        sc::CreateEventRequest req;
        req.venue_json = venue_to_json(make_theatre());
        req.name = "Journey night";
        req.hold_ttl_ms = hold_ttl_ms;
        return admin_.create_event(event, req);
    }
};

TEST_F(JourneyTest, WholeJourneyCreateSectionHoldExtendPurchaseTicket) {
    const auto hello = admin_.connect();
    ASSERT_TRUE(hello.ok()) << hello.message;
    EXPECT_EQ(hello.value.role, sc::Role::admin);
    EXPECT_TRUE(admin_.ping().ok());

    ASSERT_TRUE(create_theatre(kEvent).ok());
    const auto events = admin_.list_events();
    ASSERT_TRUE(events.ok());
    EXPECT_TRUE(std::any_of(events.value.events.begin(), events.value.events.end(),
                            [](const sc::EventInfo& e) { return e.event == kEvent; }));

    const auto section = admin_.get_section(kEvent, "Stalls", true);
    ASSERT_TRUE(section.ok()) << section.message;
    EXPECT_EQ(section.value.statuses.size(), 140u);
    ASSERT_EQ(section.value.rows.size(), 10u);
    EXPECT_EQ(section.value.row_labels.front(), "A");
    EXPECT_EQ(section.value.counts.available, 140u);

    const auto session = sc::Id128::from_name("journey-session");
    const auto hold =
        admin_.place_hold(kEvent, session, sc::Seats{{}, {"Stalls/A/5", "Stalls/A/6"}});
    ASSERT_TRUE(hold.ok()) << hold.message;
    EXPECT_FALSE(hold.idempotency_key.is_zero());
    const auto seat = admin_.get_seat(kEvent, "Stalls/A/5");
    ASSERT_TRUE(seat.ok());
    EXPECT_EQ(seat.value.status, sc::SeatStatus::held);
    EXPECT_EQ(seat.value.hold, hold.value.hold);

    const auto extended = admin_.extend_hold(kEvent, hold.value.hold, session);
    ASSERT_TRUE(extended.ok()) << extended.message;
    EXPECT_GE(extended.value.expires_at_ms, hold.value.expires_at_ms);

    const auto bought =
        admin_.purchase(kEvent, sc::PurchaseRequest{hold.value.hold, session, "buyer-1", "pay-1"});
    ASSERT_TRUE(bought.ok()) << bought.message;
    ASSERT_EQ(bought.value.tickets.size(), 2u);
    EXPECT_EQ(bought.value.tickets[0].seat_name, "Stalls/A/5");
    EXPECT_EQ(bought.value.tickets[1].seat_name, "Stalls/A/6");

    for (const auto& t : bought.value.tickets) {
        const auto ticket = admin_.get_ticket(kEvent, t.ticket_id);
        ASSERT_TRUE(ticket.ok()) << ticket.message;
        EXPECT_EQ(ticket.value.ticket.seat, t.seat);
        EXPECT_EQ(ticket.value.buyer_id, "buyer-1");
        EXPECT_EQ(ticket.value.payment_ref, "pay-1");
    }
    const auto sold = admin_.get_seat(kEvent, "Stalls/A/5");
    ASSERT_TRUE(sold.ok());
    EXPECT_EQ(sold.value.status, sc::SeatStatus::sold);
    EXPECT_EQ(sold.value.ticket_id, bought.value.tickets[0].ticket_id);

    const auto summary = admin_.get_summary(kEvent);
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary.value.totals.sold, 2u);
    EXPECT_EQ(summary.value.tickets, 2u);
    EXPECT_EQ(summary.value.totals.available, 198u);
}

TEST_F(JourneyTest, CreateEventRetriedIsReplayedAndAnotherKeyIsEventExists) {
    CallOptions o;
    o.idempotency_key = sc::Id128::random();
    sc::CreateEventRequest req;
    req.venue_json = venue_to_json(make_theatre());
    req.name = "Twice";
    ASSERT_TRUE(admin_.create_event(kEvent, req, o).ok());
    const auto again = admin_.create_event(kEvent, req, o);
    EXPECT_TRUE(again.ok());
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(admin_.create_event(kEvent, req).status, sc::Status::event_exists);
    EXPECT_EQ(admin_.create_event(kDemoEvent, req).status, sc::Status::event_exists);
}

TEST_F(JourneyTest, SeatRefusalsNameTheSeatsAndTheReason) {
    const auto s1 = sc::Id128::from_name("s1");
    const auto s2 = sc::Id128::from_name("s2");
    auto h = admin_.place_hold(kDemoEvent, s1, sc::Seats{{}, {"Stalls/B/1"}});
    ASSERT_TRUE(h.ok());
    ASSERT_TRUE(admin_.purchase(kDemoEvent, sc::PurchaseRequest{h.value.hold, s1, "b", "p"}).ok());
    ASSERT_TRUE(admin_.place_hold(kDemoEvent, s1, sc::Seats{{}, {"Stalls/B/2"}}).ok());
    ASSERT_TRUE(admin_.block_seats(kDemoEvent, sc::Seats{{}, {"Stalls/B/3"}}).ok());

    const auto taken = admin_.place_hold(kDemoEvent, s2,
                                         sc::Seats{{}, {"Stalls/B/1", "Stalls/B/2", "Stalls/B/3"}});
    EXPECT_EQ(taken.status, sc::Status::seats_unavailable);
    ASSERT_EQ(taken.refusals.size(), 3u);
    EXPECT_EQ(taken.refused_count, 3u);
    EXPECT_EQ(taken.refusals[0].seat_name, "Stalls/B/1");
    EXPECT_EQ(taken.refusals[0].problem, sc::SeatProblem::sold);
    EXPECT_EQ(taken.refusals[1].problem, sc::SeatProblem::held);
    EXPECT_EQ(taken.refusals[2].problem, sc::SeatProblem::blocked);
    EXPECT_FALSE(taken.message.empty());

    const auto unknown = admin_.place_hold(kDemoEvent, s2, sc::Seats{{}, {"Stalls/Z/99"}});
    EXPECT_EQ(unknown.status, sc::Status::invalid_argument);
    ASSERT_EQ(unknown.refusals.size(), 1u);
    EXPECT_EQ(unknown.refusals[0].problem, sc::SeatProblem::unknown);
    EXPECT_EQ(unknown.refusals[0].seat_name, "Stalls/Z/99");

    const auto dup = admin_.place_hold(kDemoEvent, s2, sc::Seats{{20}, {"Stalls/B/7"}});
    EXPECT_EQ(dup.status, sc::Status::invalid_argument);
    ASSERT_FALSE(dup.refusals.empty());
    EXPECT_EQ(dup.refusals[0].problem, sc::SeatProblem::duplicate);

    EXPECT_EQ(admin_.place_hold(kDemoEvent, s2, sc::Seats{}).status, sc::Status::invalid_argument);
    EXPECT_EQ(
        admin_.place_hold(kDemoEvent, s2, sc::Seats{{30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40}})
            .status,
        sc::Status::too_many_seats);
    // Stalls/J/2 (id 127) is the companion of the accessible Stalls/J/1.
    EXPECT_EQ(admin_.place_hold(kDemoEvent, s2, sc::Seats{{127}}).status, sc::Status::group_rule);
}

TEST_F(JourneyTest, HoldRefusals) {
    const auto s = sc::Id128::from_name("holder");
    const auto other = sc::Id128::from_name("other");
    std::vector<std::uint64_t> holds;
    for (std::uint32_t i = 0; i < 4; ++i) {
        const auto h = admin_.place_hold(kDemoEvent, s, sc::Seats{{50 + i}});
        ASSERT_TRUE(h.ok()) << h.message;
        holds.push_back(h.value.hold);
    }
    EXPECT_EQ(admin_.place_hold(kDemoEvent, s, sc::Seats{{60}}).status,
              sc::Status::session_hold_limit);
    EXPECT_EQ(admin_.purchase(kDemoEvent, sc::PurchaseRequest{holds[0], other, "b", "p"}).status,
              sc::Status::wrong_session);
    EXPECT_EQ(admin_.extend_hold(kDemoEvent, holds[0], other).status, sc::Status::wrong_session);
    ASSERT_TRUE(admin_.extend_hold(kDemoEvent, holds[0], s).ok());
    EXPECT_EQ(admin_.extend_hold(kDemoEvent, holds[0], s).status,
              sc::Status::hold_already_extended);
    ASSERT_TRUE(admin_.release_hold(kDemoEvent, holds[1], s).ok());
    EXPECT_EQ(admin_.release_hold(kDemoEvent, holds[1], s).status, sc::Status::hold_not_found);
    EXPECT_EQ(admin_.purchase(kDemoEvent, sc::PurchaseRequest{holds[1], s, "b", "p"}).status,
              sc::Status::hold_not_found);
    EXPECT_EQ(admin_.purchase(kDemoEvent, sc::PurchaseRequest{holds[2], s, "", "p"}).status,
              sc::Status::invalid_argument);

    // The same key for a different request.
    CallOptions o;
    o.idempotency_key = sc::Id128::random();
    ASSERT_TRUE(admin_.place_hold(kDemoEvent, other, sc::Seats{{70}}, o).ok());
    EXPECT_EQ(admin_.place_hold(kDemoEvent, other, sc::Seats{{71}}, o).status,
              sc::Status::idempotency_key_reused);

    EXPECT_EQ(admin_.get_summary(999).status, sc::Status::event_not_found);
    EXPECT_EQ(admin_.place_hold(999, s, sc::Seats{{1}}).status, sc::Status::event_not_found);
    EXPECT_EQ(admin_.get_ticket(kDemoEvent, sc::Id128::random()).status,
              sc::Status::ticket_not_found);
}

TEST_F(JourneyTest, HoldExpires) {
    ASSERT_TRUE(create_theatre(kEvent, /*hold_ttl_ms=*/1).ok());
    const auto s = sc::Id128::from_name("slow buyer");
    const auto h = admin_.place_hold(kEvent, s, sc::Seats{{3}});
    ASSERT_TRUE(h.ok()) << h.message;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto late = admin_.purchase(kEvent, sc::PurchaseRequest{h.value.hold, s, "b", "p"});
    EXPECT_TRUE(late.status == sc::Status::hold_expired ||
                late.status == sc::Status::hold_not_found)
        << sc::to_string(late.status);
    const auto seat = admin_.get_seat(kEvent, 3u);
    ASSERT_TRUE(seat.ok());
    EXPECT_EQ(seat.value.status, sc::SeatStatus::available);
}

TEST_F(JourneyTest, RolesAreEnforced) {
    Client app(client_options(seatd_.port(), testing::kAppKey));
    Client scanner(client_options(seatd_.port(), testing::kScannerKey));
    Client stranger(client_options(seatd_.port(), "not-a-key"));

    const auto app_hello = app.connect();
    ASSERT_TRUE(app_hello.ok());
    EXPECT_EQ(app_hello.value.role, sc::Role::app);
    EXPECT_EQ(app.block_seats(kDemoEvent, sc::Seats{{1}}).status, sc::Status::unauthorized);
    sc::CreateEventRequest req;
    req.venue_json = venue_to_json(make_theatre());
    req.name = "nope";
    EXPECT_EQ(app.create_event(kEvent, req).status, sc::Status::unauthorized);

    const auto s = sc::Id128::from_name("app-session");
    const auto h = app.place_hold(kDemoEvent, s, sc::Seats{{5}});
    ASSERT_TRUE(h.ok());
    const auto bought = app.purchase(kDemoEvent, sc::PurchaseRequest{h.value.hold, s, "bob", "p9"});
    ASSERT_TRUE(bought.ok());
    const auto seen = scanner.get_ticket(kDemoEvent, bought.value.tickets.at(0).ticket_id);
    ASSERT_TRUE(seen.ok()) << seen.message;
    EXPECT_TRUE(seen.value.buyer_id.empty());
    EXPECT_EQ(scanner.get_summary(kDemoEvent).status, sc::Status::unauthorized);

    const auto refused = stranger.connect();
    EXPECT_EQ(refused.status, sc::Status::unauthorized);
    EXPECT_EQ(stranger.ping().status, sc::Status::unauthorized);
}

TEST_F(JourneyTest, PipelinedCallsCompleteByCallbackAndFuture) {
    constexpr int kCalls = 200;
    std::atomic<int> pongs{0};
    std::vector<std::future<sc::Result<sc::TicketInfo>>> futures;
    for (int i = 0; i < kCalls; ++i) {
        admin_.ping_async([&pongs](sc::Result<sc::Pong> r) {
            if (r.ok()) pongs.fetch_add(1);
        });
        futures.push_back(admin_.get_ticket_async(kDemoEvent, sc::Id128::random()));
    }
    for (auto& f : futures) {
        ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        EXPECT_EQ(f.get().status, sc::Status::ticket_not_found);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (pongs.load() < kCalls && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(pongs.load(), kCalls);
    EXPECT_EQ(admin_.stats().connects, 1u);
}

}  // namespace
}  // namespace seat::e2e
