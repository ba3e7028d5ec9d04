// Proves that every request type survives the whole path a client and the server
// take: generated builder -> encode_frame -> bytes split across reads ->
// FrameReader -> verify_request -> the same field values. Also pins the example
// Ping frame of docs/protocol.md byte for byte, and that frames are padded so that
// back-to-back frames stay aligned.
#include <gtest/gtest.h>

#include <string>

#include "protocol/protocol_version.h"
#include "tests/protocol/wire_helpers.h"

namespace seat::protocol {
namespace {

// The wire's own value for "no seat" (SeatRefusal.seat's and GetSeat.seat's default).
constexpr std::uint32_t kNoSeat = 0xFFFFFFFF;
// Sizes in the range the engine's limits allow (its block and name limits), so
// the round trips carry messages as large as real ones.
constexpr std::size_t kBlockSeatsMax = 1024;
constexpr std::size_t kNameBytesMax = 128;

// Adding a request type must add its round trip here.
static_assert(wire::RequestBody::MAX == wire::RequestBody::RetryPayout);

class RoundTrip : public ::testing::Test {
  protected:
    // Frames the root, delivers it in two reads and returns the verified request.
    const wire::Request& send(flatbuffers::Offset<wire::Request> root) {
        const std::span<const std::uint8_t> frame = encode_frame(b, root);
        EXPECT_FALSE(frame.empty());
        EXPECT_EQ(frame.size() % kFrameAlignBytes, 0u);
        EXPECT_EQ(reinterpret_cast<std::uintptr_t>(frame.data()) % kFrameAlignBytes, 0u);
        bytes.assign(frame.begin(), frame.end());
        const std::size_t half = bytes.size() / 2;
        reader.append(bytes.data(), half);
        std::span<const std::uint8_t> got;
        EXPECT_FALSE(reader.next(got));
        reader.append(bytes.data() + half, bytes.size() - half);
        EXPECT_TRUE(reader.next(got));
        const auto v = verify_request(got);
        EXPECT_TRUE(v.ok()) << to_string(v.error);
        return v.message != nullptr ? *v.message : empty_request();
    }

    // What send() returns after a failure: every body accessor is null.
    static const wire::Request& empty_request() {
        static const std::vector<std::uint8_t> frame = [] {
            flatbuffers::FlatBufferBuilder eb;
            return testing::to_bytes(encode_frame(eb, wire::CreateRequest(eb)));
        }();
        static const testing::AlignedBytes aligned(frame);
        return *flatbuffers::GetSizePrefixedRoot<wire::Request>(aligned.span().data());
    }

    flatbuffers::Offset<wire::Request> request(wire::RequestBody type,
                                               flatbuffers::Offset<void> body,
                                               std::uint64_t event = 42) {
        return wire::CreateRequest(b, ++last_id, event, type, body);
    }

    static std::vector<std::string> names(
        const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>* v) {
        std::vector<std::string> out;
        if (v != nullptr)
            for (const auto* s : *v)
                out.push_back(s->str());
        return out;
    }
    static std::vector<std::uint32_t> ids(const flatbuffers::Vector<std::uint32_t>* v) {
        return v == nullptr ? std::vector<std::uint32_t>{}
                            : std::vector<std::uint32_t>(v->begin(), v->end());
    }

    flatbuffers::FlatBufferBuilder b;
    FrameReader reader;
    std::vector<std::uint8_t> bytes;
    std::uint64_t last_id = 1000;
    const wire::Id128 session{0x5E55, 1};
    const wire::Id128 key{0x1DE0, 2};
};

TEST_F(RoundTrip, PingFrameMatchesTheDocumentedBytes) {
    // docs/protocol.md, "An example frame": Ping with request_id 1, event 0.
    const std::vector<std::uint8_t> documented = {
        0x2c, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x14, 0x00,
        0x0c, 0x00, 0x00, 0x00, 0x07, 0x00, 0x08, 0x00, 0x0c, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x02, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x04, 0x00, 0x04, 0x00, 0x00, 0x00,
    };
    EXPECT_EQ(testing::ping_frame(1), documented);
}

TEST_F(RoundTrip, Hello) {
    const auto body = wire::CreateHelloDirect(b, kProtocolVersion, "secret-key", "test/1");
    const auto& r = send(request(wire::RequestBody::Hello, body.Union(), 0));
    const auto* hello = r.body_as_Hello();
    ASSERT_NE(hello, nullptr);
    EXPECT_EQ(r.event(), 0u);
    EXPECT_EQ(hello->protocol_version(), kProtocolVersion);
    EXPECT_EQ(hello->api_key()->str(), "secret-key");
    EXPECT_EQ(hello->client_name()->str(), "test/1");
}

TEST_F(RoundTrip, Ping) {
    const auto& r = send(request(wire::RequestBody::Ping, wire::CreatePing(b).Union(), 0));
    EXPECT_NE(r.body_as_Ping(), nullptr);
    EXPECT_EQ(r.request_id(), last_id);
}

TEST_F(RoundTrip, CreateEvent) {
    const std::string venue = R"({"format": "seatd-venue/1"})";
    const auto body =
        wire::CreateCreateEventDirect(b, venue.c_str(), "Opening night", 60'000, 0, 6, 0, &key);
    const auto& r = send(request(wire::RequestBody::CreateEvent, body.Union(), 77));
    const auto* c = r.body_as_CreateEvent();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(r.event(), 77u);
    EXPECT_EQ(c->venue_json()->str(), venue);
    EXPECT_EQ(c->event_name()->str(), "Opening night");
    EXPECT_EQ(c->hold_ttl_ms(), 60'000);
    EXPECT_EQ(c->checkout_ttl_ms(), 0);
    EXPECT_EQ(c->max_seats_per_hold(), 6u);
    EXPECT_EQ(c->max_holds_per_session(), 0u);
    EXPECT_EQ(c->idempotency_key()->lo(), key.lo());
}

TEST_F(RoundTrip, PlaceHoldByIdAndByName) {
    const std::vector<std::uint32_t> seats = {0, 5, 250'000};
    const std::vector<flatbuffers::Offset<flatbuffers::String>> seat_names = {
        b.CreateString("A/1/3"), b.CreateString("BOX/1/1")};
    const auto body = wire::CreatePlaceHoldDirect(b, &session, &seats, &seat_names, &key);
    const auto& r = send(request(wire::RequestBody::PlaceHold, body.Union()));
    const auto* h = r.body_as_PlaceHold();
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(r.event(), 42u);
    EXPECT_EQ(h->session()->hi(), session.hi());
    EXPECT_EQ(h->session()->lo(), session.lo());
    EXPECT_EQ(ids(h->seats()), seats);
    EXPECT_EQ(names(h->seat_names()), (std::vector<std::string>{"A/1/3", "BOX/1/1"}));
    EXPECT_EQ(h->idempotency_key()->hi(), key.hi());
}

TEST_F(RoundTrip, ReleaseHold) {
    const auto body = wire::CreateReleaseHold(b, 0x0000000700000003ull, &session, &key);
    const auto* h =
        send(request(wire::RequestBody::ReleaseHold, body.Union())).body_as_ReleaseHold();
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->hold(), 0x0000000700000003ull);
    EXPECT_EQ(h->session()->lo(), session.lo());
    EXPECT_EQ(h->idempotency_key()->lo(), key.lo());
}

TEST_F(RoundTrip, ExtendHold) {
    const auto body = wire::CreateExtendHold(b, 12, &session, &key);
    const auto* h = send(request(wire::RequestBody::ExtendHold, body.Union())).body_as_ExtendHold();
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->hold(), 12u);
    EXPECT_EQ(h->session()->hi(), session.hi());
}

TEST_F(RoundTrip, Purchase) {
    const auto body = wire::CreatePurchaseDirect(b, 12, &session, "buyer-9", "pay-123", &key);
    const auto* p = send(request(wire::RequestBody::Purchase, body.Union())).body_as_Purchase();
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->hold(), 12u);
    EXPECT_EQ(p->buyer_id()->str(), "buyer-9");
    EXPECT_EQ(p->payment_ref()->str(), "pay-123");
    EXPECT_EQ(p->session()->lo(), session.lo());
    EXPECT_EQ(p->idempotency_key()->lo(), key.lo());
}

TEST_F(RoundTrip, BlockAndUnblockSeats) {
    std::vector<std::uint32_t> many(kBlockSeatsMax);
    for (std::uint32_t i = 0; i < many.size(); ++i)
        many[i] = i * 3;
    const std::vector<flatbuffers::Offset<flatbuffers::String>> seat_names = {
        b.CreateString("ACC/1/5")};
    const auto block = wire::CreateBlockSeatsDirect(b, &many, &seat_names, &key);
    const auto* bl =
        send(request(wire::RequestBody::BlockSeats, block.Union())).body_as_BlockSeats();
    ASSERT_NE(bl, nullptr);
    EXPECT_EQ(ids(bl->seats()), many);
    EXPECT_EQ(names(bl->seat_names()), std::vector<std::string>{"ACC/1/5"});

    b.Clear();
    const std::vector<std::uint32_t> few = {4, 2};
    const auto unblock = wire::CreateUnblockSeatsDirect(b, &few, nullptr, &key);
    const auto* ub =
        send(request(wire::RequestBody::UnblockSeats, unblock.Union())).body_as_UnblockSeats();
    ASSERT_NE(ub, nullptr);
    EXPECT_EQ(ids(ub->seats()), few);
    EXPECT_EQ(ub->seat_names(), nullptr);
    EXPECT_EQ(ub->idempotency_key()->lo(), key.lo());
}

TEST_F(RoundTrip, GetSeatByIdZeroByNameAndNeither) {
    const auto* by_id = send(request(wire::RequestBody::GetSeat, wire::CreateGetSeat(b, 0).Union()))
                            .body_as_GetSeat();
    ASSERT_NE(by_id, nullptr);
    EXPECT_EQ(by_id->seat(), 0u);  // seat 0 is distinguishable from "not given"
    EXPECT_EQ(by_id->seat_name(), nullptr);

    b.Clear();
    const auto name = wire::CreateGetSeatDirect(b, kNoSeat, "A/2/10");
    const auto* by_name = send(request(wire::RequestBody::GetSeat, name.Union())).body_as_GetSeat();
    ASSERT_NE(by_name, nullptr);
    EXPECT_EQ(by_name->seat(), kNoSeat);
    EXPECT_EQ(by_name->seat_name()->str(), "A/2/10");

    b.Clear();
    wire::GetSeatBuilder empty(b);
    const auto* neither =
        send(request(wire::RequestBody::GetSeat, empty.Finish().Union())).body_as_GetSeat();
    ASSERT_NE(neither, nullptr);
    EXPECT_EQ(neither->seat(), kNoSeat);
}

TEST_F(RoundTrip, GetSection) {
    const auto by_index = wire::CreateGetSection(b, 2, 0, true);
    const auto* s =
        send(request(wire::RequestBody::GetSection, by_index.Union())).body_as_GetSection();
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->section(), 2u);
    EXPECT_TRUE(s->with_labels());

    b.Clear();
    const auto by_name = wire::CreateGetSectionDirect(b, 0xFFFF, "BOX");
    const auto* n =
        send(request(wire::RequestBody::GetSection, by_name.Union())).body_as_GetSection();
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->section(), 0xFFFFu);
    EXPECT_EQ(n->section_name()->str(), "BOX");
    EXPECT_FALSE(n->with_labels());
}

TEST_F(RoundTrip, GetSummary) {
    const auto& r = send(request(wire::RequestBody::GetSummary, wire::CreateGetSummary(b).Union()));
    EXPECT_NE(r.body_as_GetSummary(), nullptr);
    EXPECT_EQ(r.event(), 42u);
}

TEST_F(RoundTrip, ListEvents) {
    const auto body = wire::CreateListEvents(b, 99, 50);
    const auto* l =
        send(request(wire::RequestBody::ListEvents, body.Union(), 0)).body_as_ListEvents();
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->after_event(), 99u);
    EXPECT_EQ(l->limit(), 50u);
}

TEST_F(RoundTrip, GetTicket) {
    const wire::Id128 ticket(0x1234, 0x5678);
    const auto body = wire::CreateGetTicket(b, &ticket);
    const auto* t = send(request(wire::RequestBody::GetTicket, body.Union())).body_as_GetTicket();
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->ticket_id()->hi(), 0x1234u);
    EXPECT_EQ(t->ticket_id()->lo(), 0x5678u);
}

TEST_F(RoundTrip, AdmitTicket) {
    const auto body = wire::CreateAdmitTicketDirect(b, "E1.code", "north-3", 1234);
    const auto* t =
        send(request(wire::RequestBody::AdmitTicket, body.Union())).body_as_AdmitTicket();
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->code()->str(), "E1.code");
    EXPECT_EQ(t->gate()->str(), "north-3");
    EXPECT_EQ(t->device_at_ms(), 1234);
}

TEST_F(RoundTrip, ReissueAndCancelTicket) {
    const wire::Id128 ticket(1, 2), key(3, 4);
    const auto reissue = wire::CreateReissueTicketDirect(b, &ticket, "new-owner", &key);
    const auto* r =
        send(request(wire::RequestBody::ReissueTicket, reissue.Union())).body_as_ReissueTicket();
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->ticket_id()->lo(), 2u);
    EXPECT_EQ(r->new_owner()->str(), "new-owner");
    EXPECT_EQ(r->idempotency_key()->hi(), 3u);
    b.Clear();
    const auto cancel = wire::CreateCancelTicket(b, &ticket, &key);
    const auto* c =
        send(request(wire::RequestBody::CancelTicket, cancel.Union())).body_as_CancelTicket();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->ticket_id()->hi(), 1u);
    EXPECT_EQ(c->idempotency_key()->lo(), 4u);
}

TEST_F(RoundTrip, ListTicketsRevocationsAndPublicKeys) {
    const auto list = wire::CreateListTicketsDirect(b, "owner-1");
    const auto* l =
        send(request(wire::RequestBody::ListTickets, list.Union())).body_as_ListTickets();
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->owner_id()->str(), "owner-1");
    b.Clear();
    const auto rev = wire::CreateGetRevocations(b);
    EXPECT_NE(
        send(request(wire::RequestBody::GetRevocations, rev.Union())).body_as_GetRevocations(),
        nullptr);
    b.Clear();
    const auto keys = wire::CreateGetPublicKeys(b);
    EXPECT_NE(send(request(wire::RequestBody::GetPublicKeys, keys.Union())).body_as_GetPublicKeys(),
              nullptr);
}

TEST_F(RoundTrip, CheckoutAndRefundRequests) {
    const wire::Id128 session(1, 2), key(3, 4), id(5, 6);
    const auto co = wire::CreateCheckoutDirect(b, 77, &session, "buyer@x", "pm_card_visa", &key);
    const auto* c = send(request(wire::RequestBody::Checkout, co.Union())).body_as_Checkout();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->hold(), 77u);
    EXPECT_EQ(c->buyer_id()->str(), "buyer@x");
    EXPECT_EQ(c->payment_method()->str(), "pm_card_visa");
    EXPECT_EQ(c->idempotency_key()->lo(), 4u);
    b.Clear();
    const auto get = wire::CreateGetCheckout(b, &id);
    const auto* g =
        send(request(wire::RequestBody::GetCheckout, get.Union())).body_as_GetCheckout();
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->checkout_id()->hi(), 5u);
    b.Clear();
    const auto list = wire::CreateListRefunds(b, 2, 10);
    const auto* l =
        send(request(wire::RequestBody::ListRefunds, list.Union())).body_as_ListRefunds();
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->state(), 2u);
    EXPECT_EQ(l->after(), 10u);
    b.Clear();
    const auto all = wire::CreateListRefunds(b);
    EXPECT_EQ(
        send(request(wire::RequestBody::ListRefunds, all.Union())).body_as_ListRefunds()->state(),
        255u);  // the default: every state
    b.Clear();
    const auto retry = wire::CreateRetryRefund(b, &id, &key);
    EXPECT_NE(send(request(wire::RequestBody::RetryRefund, retry.Union())).body_as_RetryRefund(),
              nullptr);
}

TEST_F(RoundTrip, WaitingRoomRequests) {
    const wire::Id128 session(11, 12), ticket(13, 14);
    const auto join = wire::CreateJoinQueue(b, &session);
    const wire::JoinQueue* j =
        send(request(wire::RequestBody::JoinQueue, join.Union())).body_as_JoinQueue();
    ASSERT_NE(j, nullptr);
    EXPECT_EQ(j->session()->lo(), 12u);
    b.Clear();
    const auto poll = wire::CreateGetQueueEntry(b, &ticket, true);
    const wire::GetQueueEntry* p =
        send(request(wire::RequestBody::GetQueueEntry, poll.Union())).body_as_GetQueueEntry();
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(p->heartbeat());
    EXPECT_EQ(p->ticket()->hi(), 13u);
    b.Clear();
    const auto leave = wire::CreateLeaveQueue(b, &ticket);
    EXPECT_NE(send(request(wire::RequestBody::LeaveQueue, leave.Union())).body_as_LeaveQueue(),
              nullptr);
    b.Clear();
    const auto room = wire::CreateGetRoom(b);
    EXPECT_NE(send(request(wire::RequestBody::GetRoom, room.Union())).body_as_GetRoom(), nullptr);
    b.Clear();
    // A hold with its admission token.
    const std::string token(160, 't');
    const auto hold =
        wire::CreatePlaceHoldDirect(b, &session, nullptr, nullptr, &key, token.c_str());
    const wire::PlaceHold* h =
        send(request(wire::RequestBody::PlaceHold, hold.Union())).body_as_PlaceHold();
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->admission_token()->string_view(), token);
}

TEST_F(RoundTrip, TransferAndResaleRequests) {
    const wire::Id128 ticket(21, 22), id(23, 24), k(25, 26);
    const std::string email(254, 'e'), owner(128, 'o'), account(128, 'a');
    const auto offer =
        wire::CreateOfferTransferDirect(b, &ticket, owner.c_str(), email.c_str(), true, &k);
    const wire::OfferTransfer* o =
        send(request(wire::RequestBody::OfferTransfer, offer.Union())).body_as_OfferTransfer();
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->to()->string_view(), email);
    EXPECT_TRUE(o->gift());
    EXPECT_EQ(o->ticket_id()->lo(), 22u);
    b.Clear();
    const std::string token(32, 'f');
    const auto claim = wire::CreateClaimTransferDirect(b, token.c_str(), owner.c_str(), &k);
    const wire::ClaimTransfer* c =
        send(request(wire::RequestBody::ClaimTransfer, claim.Union())).body_as_ClaimTransfer();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->claim_token()->string_view(), token);
    b.Clear();
    const auto cancel = wire::CreateCancelOfferDirect(b, &ticket, owner.c_str(), &k);
    EXPECT_NE(send(request(wire::RequestBody::CancelOffer, cancel.Union())).body_as_CancelOffer(),
              nullptr);
    b.Clear();
    const auto get = wire::CreateGetOffer(b, &ticket);
    EXPECT_NE(send(request(wire::RequestBody::GetOffer, get.Union())).body_as_GetOffer(), nullptr);
    b.Clear();
    const auto list =
        wire::CreateListTicketDirect(b, &ticket, owner.c_str(), 123456, account.c_str(), &k);
    const wire::ListTicket* l =
        send(request(wire::RequestBody::ListTicket, list.Union())).body_as_ListTicket();
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->price_minor(), 123456);
    EXPECT_EQ(l->payout_account()->string_view(), account);
    b.Clear();
    const auto delist = wire::CreateDelistTicketDirect(b, &ticket, owner.c_str(), &k);
    EXPECT_NE(send(request(wire::RequestBody::DelistTicket, delist.Union())).body_as_DelistTicket(),
              nullptr);
    b.Clear();
    const auto buy = wire::CreateBuyListingDirect(b, &id, owner.c_str(), "pm_card_visa", &k);
    const wire::BuyListing* bl =
        send(request(wire::RequestBody::BuyListing, buy.Union())).body_as_BuyListing();
    ASSERT_NE(bl, nullptr);
    EXPECT_EQ(bl->listing_id()->hi(), 23u);
    b.Clear();
    const auto browse = wire::CreateListListingsDirect(b, 65535, "Block A", 5000, 50);
    const wire::ListListings* ll =
        send(request(wire::RequestBody::ListListings, browse.Union())).body_as_ListListings();
    ASSERT_NE(ll, nullptr);
    EXPECT_EQ(ll->section(), 65535);
    EXPECT_EQ(ll->max_price_minor(), 5000);
    b.Clear();
    const auto history = wire::CreateGetTicketHistory(b, &ticket);
    EXPECT_NE(send(request(wire::RequestBody::GetTicketHistory, history.Union()))
                  .body_as_GetTicketHistory(),
              nullptr);
    b.Clear();
    const auto verify = wire::CreateVerifySellerDirect(b, owner.c_str(), &k);
    EXPECT_NE(send(request(wire::RequestBody::VerifySeller, verify.Union())).body_as_VerifySeller(),
              nullptr);
    b.Clear();
    const auto payouts = wire::CreateListPayouts(b, 3, 10);
    const wire::ListPayouts* lp =
        send(request(wire::RequestBody::ListPayouts, payouts.Union())).body_as_ListPayouts();
    ASSERT_NE(lp, nullptr);
    EXPECT_EQ(lp->state(), 3);
    b.Clear();
    const auto retry = wire::CreateRetryPayoutDirect(b, &id, account.c_str(), &k);
    const wire::RetryPayout* rp =
        send(request(wire::RequestBody::RetryPayout, retry.Union())).body_as_RetryPayout();
    ASSERT_NE(rp, nullptr);
    EXPECT_EQ(rp->destination()->string_view(), account);
}

TEST_F(RoundTrip, OversizeMessageIsNotFramed) {
    const std::string huge(kFrameBytesMax, 'x');
    const auto body = wire::CreateCreateEventDirect(b, huge.c_str());
    EXPECT_TRUE(encode_frame(b, request(wire::RequestBody::CreateEvent, body.Union())).empty());
}

TEST_F(RoundTrip, LargestVenueJsonThatAlwaysFits) {
    const std::string venue(kVenueJsonWireBytesMax, 'x');
    const std::string name(kNameBytesMax, 'n');
    const auto body =
        wire::CreateCreateEventDirect(b, venue.c_str(), name.c_str(), 1, 1, 1, 1, &key);
    const auto& r = send(request(wire::RequestBody::CreateEvent, body.Union()));
    ASSERT_NE(r.body_as_CreateEvent(), nullptr);
    EXPECT_EQ(r.body_as_CreateEvent()->venue_json()->size(), kVenueJsonWireBytesMax);
}

}  // namespace
}  // namespace seat::protocol
