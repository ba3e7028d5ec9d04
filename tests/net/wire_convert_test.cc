// Proves that the wire speaks the engine's language: every status, seat problem and
// seat status has the same number and name on both sides; requests become the
// commands the engine expects (seat names resolved, zero idempotency keys and
// oversize seat lists refused before any work); and engine results and views
// become responses that verify and carry the right values (holds, tickets with
// names and prices, refusals with seat names, replays, sections, summaries).
#include <gtest/gtest.h>

#include "protocol/protocol_version.h"
#include "protocol/status_text.h"
#include "server/net/wire_convert.h"
#include "tests/engine/fixture.h"
#include "tests/protocol/wire_helpers.h"

namespace seat::server {

using namespace seat::protocol;
namespace {

using seat::testing::EventFixture;
using seat::testing::reply_of;

TEST(ConvertValues, StatusNumbersAndNamesMatchTheEngine) {
    for (auto code : wire::EnumValuesStatusCode()) {
        const auto number = static_cast<std::uint16_t>(code);
        const std::optional<Status> status = status_from_wire(number);
        ASSERT_TRUE(status.has_value()) << number;
        EXPECT_EQ(to_wire(*status), number);
        EXPECT_EQ(std::string_view(wire::EnumNameStatusCode(code)), protocol::status_name(number));
    }
    EXPECT_EQ(status_from_wire(static_cast<std::uint16_t>(wire::StatusCode::MAX) + 1),
              std::nullopt);
}

TEST(ConvertValues, SeatProblemAndSeatStatusNamesMatchTheEngine) {
    for (auto p : wire::EnumValuesSeatProblem())
        EXPECT_EQ(std::string_view(wire::EnumNameSeatProblem(p)),
                  std::string_view(wire::EnumNameSeatProblem(to_wire(from_wire(p)))));
    for (SeatStatus s :
         {SeatStatus::available, SeatStatus::held, SeatStatus::sold, SeatStatus::blocked})
        EXPECT_STREQ(wire::EnumNameSeatStatus(to_wire(s)), seat::to_string(s));
}

TEST(ConvertValues, Id128RoundTripsAndAbsentIsZero) {
    const Id128 id{0x0123456789ABCDEFull, 0xFEDCBA9876543210ull};
    const wire::Id128 w = to_wire(id);
    EXPECT_EQ(from_wire(&w), id);
    EXPECT_TRUE(from_wire(nullptr).is_zero());
    EXPECT_FALSE(key_given(nullptr));
}

// Requests and responses against a real event on the engine tests' small venue.
class Convert : public EventFixture {
  protected:
    // Encodes, frames and verifies a response; the result lives until the next call.
    const wire::Response& reply(flatbuffers::Offset<wire::Response> root) {
        const auto frame = encode_frame(b, root);
        EXPECT_FALSE(frame.empty());
        bytes = std::make_unique<protocol::testing::AlignedBytes>(frame);
        b.Clear();
        const auto v = verify_response(bytes->span());
        EXPECT_TRUE(v.ok()) << to_string(v.error);
        return *v.message;
    }

    flatbuffers::FlatBufferBuilder b;
    std::unique_ptr<protocol::testing::AlignedBytes> bytes;
    const wire::Id128 key1{0x1DE0, 1};
};

TEST_F(Convert, UnknownNamesBecomeAnErrorDetailByName) {
    const std::vector<Refusal> unknown = {{kNoSeat, "Z/9/9", SeatProblem::unknown},
                                          {kNoSeat, "A/1", SeatProblem::unknown}};
    const auto& r = reply(build_refusal(b, 5, Status::invalid_argument, unknown, 2));
    EXPECT_EQ(r.status(), to_wire(Status::invalid_argument));
    const auto* detail = r.body_as_ErrorDetail();
    ASSERT_NE(detail, nullptr);
    EXPECT_EQ(detail->refused_count(), 2u);
    EXPECT_EQ(detail->refusals()->Get(0)->seat_name()->str(), "Z/9/9");
    EXPECT_EQ(detail->refusals()->Get(0)->seat(), kNoSeat);
    EXPECT_EQ(detail->refusals()->Get(1)->seat_name()->str(), "A/1");
}

TEST_F(Convert, HoldResultBecomesHoldReplyAndReplayIsMarked) {
    PlaceHold c{seat::testing::session(1), {}, seat::testing::key(1)};
    c.seats.push_back(seat("A/1/1"));
    c.seats.push_back(seat("A/1/2"));
    const Result first = run(c);
    ASSERT_TRUE(first.ok());
    const auto& r = reply(build_result(b, 11, Command{c}, first, state));
    EXPECT_EQ(r.request_id(), 11u);
    EXPECT_EQ(r.status(), 0u);
    EXPECT_FALSE(r.replayed());
    ASSERT_NE(r.body_as_HoldReply(), nullptr);
    EXPECT_EQ(r.body_as_HoldReply()->hold(), reply_of<HoldReply>(first).hold.value);
    EXPECT_EQ(r.body_as_HoldReply()->expires_at_ms(), reply_of<HoldReply>(first).expires_at);

    const Result again = run(c);
    const auto& r2 = reply(build_result(b, 12, Command{c}, again, state));
    EXPECT_TRUE(r2.replayed());
    EXPECT_EQ(r2.body_as_HoldReply()->hold(), reply_of<HoldReply>(first).hold.value);
}

TEST_F(Convert, RefusedHoldNamesEverySeat) {
    ASSERT_TRUE(hold(1, {"A/1/1"}).ok());
    const Result refused = hold(2, {"A/1/1", "ACC/1/5"});
    ASSERT_EQ(refused.status, Status::seats_unavailable);
    const auto& r = reply(build_result(b, 13, Command{PlaceHold{}}, refused, state));
    EXPECT_EQ(r.status(), to_wire(Status::seats_unavailable));
    EXPECT_EQ(r.message()->string_view(),
              protocol::describe_status(wire::StatusCode::seats_unavailable));
    const auto* detail = r.body_as_ErrorDetail();
    ASSERT_NE(detail, nullptr);
    EXPECT_EQ(detail->refused_count(), 2u);
    ASSERT_EQ(detail->refusals()->size(), 2u);
    EXPECT_EQ(detail->refusals()->Get(0)->seat_name()->str(), "A/1/1");
    EXPECT_EQ(detail->refusals()->Get(0)->problem(), wire::SeatProblem::held);
    EXPECT_EQ(detail->refusals()->Get(1)->seat_name()->str(), "ACC/1/5");
    EXPECT_EQ(detail->refusals()->Get(1)->problem(), wire::SeatProblem::blocked);
}

TEST_F(Convert, PurchaseReplyCarriesTicketsWithNamesAndPrices) {
    const Result h = hold(1, {"BOX/1/1", "BOX/1/2", "BOX/1/3", "BOX/1/4"});
    ASSERT_TRUE(h.ok());
    const Result p = purchase(reply_of<HoldReply>(h).hold, 1, seat::testing::key(9));
    ASSERT_TRUE(p.ok());
    const auto& r = reply(build_result(b, 14, Command{Purchase{}}, p, state));
    const auto* pr = r.body_as_PurchaseReply();
    ASSERT_NE(pr, nullptr);
    ASSERT_EQ(pr->tickets()->size(), 4u);
    const auto* t = pr->tickets()->Get(0);
    const Ticket& engine_ticket = state.tickets()[reply_of<PurchaseReply>(p).first_ticket];
    EXPECT_EQ(from_wire(t->ticket_id()), engine_ticket.id);
    EXPECT_EQ(t->seat_name()->str(), state.venue().seat_name(engine_ticket.seat));
    EXPECT_EQ(t->amount_minor(), 12000);
    EXPECT_EQ(t->currency()->str(), "EUR");
    EXPECT_EQ(t->status(), wire::TicketStatus::valid);
    EXPECT_EQ(t->issued_at_ms(), now);

    const auto& tr = reply(build_ticket_reply(b, 15, state, engine_ticket, true));
    ASSERT_NE(tr.body_as_TicketReply(), nullptr);
    EXPECT_EQ(tr.body_as_TicketReply()->buyer_id()->str(), "buyer-1");
    EXPECT_EQ(tr.body_as_TicketReply()->payment_ref()->str(), "pay-1");
    const auto& scanner = reply(build_ticket_reply(b, 16, state, engine_ticket, false));
    EXPECT_EQ(scanner.body_as_TicketReply()->buyer_id(), nullptr);
    EXPECT_EQ(scanner.body_as_TicketReply()->ticket()->seat(), engine_ticket.seat);
}

TEST_F(Convert, BlockResultBecomesBlockReply) {
    ASSERT_TRUE(hold(1, {"A/1/2"}).ok());
    const BlockSeats c{{seat("A/1/1"), seat("A/1/2")}, seat::testing::key(5)};
    const Result r = run(c);
    ASSERT_TRUE(r.ok());
    const auto& resp = reply(build_result(b, 17, Command{c}, r, state));
    ASSERT_NE(resp.body_as_BlockReply(), nullptr);
    EXPECT_EQ(resp.body_as_BlockReply()->changed(), 1u);
    EXPECT_EQ(resp.body_as_BlockReply()->pending(), 1u);
}

TEST_F(Convert, ReleaseAndCreateAnswerWithoutBody) {
    const Result h = hold(1, {"A/1/1"});
    const Result r = run(
        ReleaseHold{reply_of<HoldReply>(h).hold, seat::testing::session(1), seat::testing::key(3)});
    ASSERT_TRUE(r.ok());
    const auto& resp = reply(build_result(b, 18, Command{ReleaseHold{}}, r, state));
    EXPECT_EQ(resp.status(), 0u);
    EXPECT_EQ(resp.body_type(), wire::ResponseBody::NONE);
    EXPECT_EQ(resp.message(), nullptr);
}

TEST_F(Convert, SeatReplyShowsTheHold) {
    const Result h = hold(1, {"A/2/7"});
    const auto& r = reply(build_seat_reply(b, 19, state, seat("A/2/7")));
    const auto* s = r.body_as_SeatReply();
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->seat_name()->str(), "A/2/7");
    EXPECT_EQ(s->status(), wire::SeatStatus::held);
    EXPECT_EQ(s->hold(), reply_of<HoldReply>(h).hold.value);
    EXPECT_EQ(s->hold_expires_at_ms(), reply_of<HoldReply>(h).expires_at);
    EXPECT_EQ(s->ticket_id(), nullptr);
    EXPECT_EQ(s->seat_type(), wire::SeatType::floor);
}

TEST_F(Convert, SectionReplyHasOneBytePerSeatRowsAndLabels) {
    ASSERT_TRUE(hold(1, {"A/1/3"}).ok());
    const SectionId a = *venue_->find_section("A");
    const auto& r = reply(build_section_reply(b, 20, state, a, true));
    const auto* s = r.body_as_SectionReply();
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->name()->str(), "A");
    ASSERT_EQ(s->statuses()->size(), 20u);
    EXPECT_EQ(s->statuses()->Get(seat("A/1/3") - s->first_seat()),
              static_cast<std::uint8_t>(SeatStatus::held));
    EXPECT_EQ(s->statuses()->Get(0), static_cast<std::uint8_t>(SeatStatus::available));
    ASSERT_EQ(s->rows()->size(), 2u);
    EXPECT_EQ(s->rows()->Get(1)->seat_count(), 10u);
    EXPECT_EQ(s->row_labels()->Get(1)->str(), "2");
    ASSERT_EQ(s->seat_labels()->size(), 20u);
    EXPECT_EQ(s->seat_labels()->Get(12)->str(), "3");
    EXPECT_EQ(s->counts()->held(), 1u);
    EXPECT_EQ(s->sequence(), state.sequence());

    const auto& plain = reply(build_section_reply(b, 21, state, a, false));
    EXPECT_EQ(plain.body_as_SectionReply()->seat_labels(), nullptr);
}

TEST_F(Convert, SummaryReplyIndexesSectionsAndTiers) {
    const Result h = hold(1, {"BOX/1/1", "BOX/1/2", "BOX/1/3", "BOX/1/4"});
    ASSERT_TRUE(purchase(reply_of<HoldReply>(h).hold, 1, seat::testing::key(4)).ok());
    const auto& r = reply(build_summary_reply(b, 22, state));
    const auto* s = r.body_as_SummaryReply();
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->totals()->sold(), 4u);
    EXPECT_EQ(s->totals()->blocked(), 1u);
    ASSERT_EQ(s->sections()->size(), 3u);
    EXPECT_EQ(s->section_names()->Get(1)->str(), "BOX");
    EXPECT_EQ(s->sections()->Get(1)->sold(), 4u);
    ASSERT_EQ(s->tiers()->size(), 2u);
    EXPECT_EQ(s->tiers()->Get(1)->name()->str(), "premium");
    EXPECT_EQ(s->tiers()->Get(1)->revenue_minor(), 4 * 12000);
    EXPECT_EQ(s->tickets(), 4u);
}

TEST_F(Convert, EventsReplyListsEventInfo) {
    const auto info = build_event_info(b, state);
    const auto& r = reply(build_events_reply(b, 23, {&info, 1}, true));
    const auto* e = r.body_as_EventsReply();
    ASSERT_NE(e, nullptr);
    EXPECT_TRUE(e->more());
    ASSERT_EQ(e->events()->size(), 1u);
    EXPECT_EQ(e->events()->Get(0)->event(), 42u);
    EXPECT_EQ(e->events()->Get(0)->venue_name()->str(), "Test Hall");
    EXPECT_EQ(e->events()->Get(0)->capacity(), state.capacity());
}

TEST_F(Convert, HelloPongOverloadedAndFrameErrors) {
    const auto& hello =
        reply(build_hello_reply(b, 1, kProtocolVersion, wire::Role::admin, "seatd/0.1.0"));
    ASSERT_NE(hello.body_as_HelloReply(), nullptr);
    EXPECT_EQ(hello.body_as_HelloReply()->protocol_version(), kProtocolVersion);
    EXPECT_EQ(hello.body_as_HelloReply()->role(), wire::Role::admin);
    EXPECT_EQ(hello.body_as_HelloReply()->frame_bytes_max(), kFrameBytesMax);

    const auto& refused = reply(build_hello_reply(b, 1, kProtocolVersion, wire::Role::none,
                                                  "seatd/0.1.0", Status::unsupported));
    EXPECT_EQ(refused.status(), to_wire(Status::unsupported));
    EXPECT_EQ(refused.body_as_HelloReply()->protocol_version(), kProtocolVersion);

    EXPECT_EQ(reply(build_pong(b, 2, 1234)).body_as_Pong()->server_time_ms(), 1234);

    const auto& busy = reply(build_overloaded(b, 3, 250));
    EXPECT_EQ(busy.status(), to_wire(Status::overloaded));
    EXPECT_EQ(busy.body_as_ErrorDetail()->retry_after_ms(), 250u);

    const auto& bad = reply(build_frame_error(b, 0, FrameError::unverifiable));
    EXPECT_EQ(bad.request_id(), 0u);
    EXPECT_EQ(bad.status(), to_wire(Status::bad_frame));
    const auto& newer = reply(build_frame_error(b, 9, FrameError::unknown_type));
    EXPECT_EQ(newer.status(), to_wire(Status::unsupported));
}

TEST(ConvertValues, VersionNegotiationTakesTheLowerVersion) {
    EXPECT_EQ(negotiate_version(kProtocolVersion), kProtocolVersion);
    EXPECT_EQ(negotiate_version(kProtocolVersion + 5), kProtocolVersion);
    EXPECT_EQ(negotiate_version(kProtocolVersionMin - 1), std::nullopt);
}

TEST(ConvertSettings, ZeroFieldsTakeDefaultsAndLimitsApply) {
    flatbuffers::FlatBufferBuilder b;
    b.Finish(wire::CreateCreateEventDirect(b, "{}", "Gala", 0, 0, 6));
    SaleSettings s;
    std::string error;
    ASSERT_EQ(to_settings(*flatbuffers::GetRoot<wire::CreateEvent>(b.GetBufferPointer()), s, error),
              Status::ok);
    EXPECT_EQ(s.event_name, "Gala");
    EXPECT_EQ(s.hold_ttl_ms, kHoldTtlMsDefault);
    EXPECT_EQ(s.checkout_ttl_ms, kCheckoutTtlMsDefault);
    EXPECT_EQ(s.max_seats_per_hold, 6u);
    EXPECT_EQ(s.max_holds_per_session, kSessionHoldsDefault);

    b.Clear();
    b.Finish(wire::CreateCreateEventDirect(b, "{}", "Gala", 0, 0, kHoldSeatsMax + 1));
    EXPECT_EQ(to_settings(*flatbuffers::GetRoot<wire::CreateEvent>(b.GetBufferPointer()), s, error),
              Status::invalid_argument);
    EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace seat::server
