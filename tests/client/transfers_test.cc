// Proves libseatclient's transfer and resale calls against the scripted fake
// server: each request is encoded with the fields the server reads (and a key
// exactly when it mutates), and each answer decodes into the public values:
// an offer with its claim token (and a token that is not one reads as none), a
// claim's refusal that carries the offer, price_over_cap with the cap, the
// listings page, the custody chain, the payouts page and the KYC answer, and
// retry_payout's one payout with its retries (or its refusal);
// buy_listing answers like checkout. Also the transfer settings of
// create_event (none unless asked for) and of the summary, the summary's
// counters, the new statuses' and states' names, and the sync, callback and
// future styles of one call.
#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

#include "seat/client.h"
#include "tests/client/fake_server.h"

namespace seat {
namespace {

namespace sc = seat::client;
using testing::FakeConn;
using testing::FakeServer;
using Builder = flatbuffers::FlatBufferBuilder;

constexpr const char* kClaimToken = "00112233445566778899aabbccddeeff";

sc::Id128 id_of(const wire::Id128* id) {
    return id == nullptr ? sc::Id128{} : sc::Id128{id->hi(), id->lo()};
}

std::string str_of(const flatbuffers::String* s) {
    return s == nullptr ? std::string() : s->str();
}

flatbuffers::Offset<wire::OfferView> offer_view(Builder& b, wire::OfferState state) {
    const wire::Id128 offer(7, 8), ticket(1, 2);
    return wire::CreateOfferViewDirect(
        b, &offer, &ticket, "alice@example.com", "bob@example.com", wire::TransferType::gift, state,
        1000, 2000, state == wire::OfferState::open ? 0 : 1500,
        state == wire::OfferState::claimed ? "bob@example.com" : nullptr);
}

void send_offer(FakeConn& c, std::uint64_t request_id, std::uint16_t status, wire::OfferState state,
                const char* token) {
    Builder b;
    const auto view = offer_view(b, state);
    const auto reply = wire::CreateOfferReplyDirect(b, view, token);
    c.send(b, wire::CreateResponse(b, request_id, status, 0, wire::ResponseBody::OfferReply,
                                   reply.Union()));
}

flatbuffers::Offset<wire::ListingView> listing_view(Builder& b, std::uint64_t n, std::int64_t price,
                                                    const char* seller) {
    const wire::Id128 listing(9, n), ticket(1, n);
    return wire::CreateListingViewDirect(b, &listing, &ticket, 7, "Stalls/A/8", 0, "Stalls", price,
                                         4500, "EUR", wire::ListingState::listed, false, 3000, 0,
                                         seller);
}

TEST(TransferNamesTest, StatusAndStateNamesComeFromTheProtocol) {
    EXPECT_EQ(sc::to_string(sc::Status::not_owner), "not_owner");
    EXPECT_EQ(sc::to_string(sc::Status::price_over_cap), "price_over_cap");
    EXPECT_EQ(sc::to_string(sc::Status::payout_not_found), "payout_not_found");
    EXPECT_EQ(static_cast<int>(sc::Status::payout_not_found),
              static_cast<int>(wire::StatusCode::MAX));
    EXPECT_EQ(sc::to_string(sc::TicketStatus::offered), "offered");
    EXPECT_EQ(sc::to_string(sc::TicketStatus::listed), "listed");
    EXPECT_EQ(sc::to_string(static_cast<sc::TicketStatus>(6)), "unknown");
    EXPECT_EQ(sc::to_string(sc::TransferType::marketplace), "marketplace");
    EXPECT_EQ(sc::to_string(static_cast<sc::TransferType>(5)), "unknown");
    EXPECT_EQ(sc::to_string(sc::OfferState::expired), "expired");
    EXPECT_EQ(sc::to_string(sc::ListingState::delisted), "delisted");
    EXPECT_EQ(sc::to_string(sc::PayoutState::held_kyc), "held_kyc");
    EXPECT_EQ(sc::to_string(static_cast<sc::PayoutState>(4)), "unknown");
    EXPECT_EQ(sc::to_string(sc::ResaleCap::percent_above_face), "percent_above_face");
    // The client's defaults are the schema's: a default TransferSettings asks
    // for exactly what an absent table means.
    Builder b;
    b.Finish(wire::CreateTransferSettings(b));
    const auto* wire_defaults = flatbuffers::GetRoot<wire::TransferSettings>(b.GetBufferPointer());
    const sc::TransferSettings d;
    EXPECT_EQ(d.transfers_allowed, wire_defaults->transfers_allowed());
    EXPECT_EQ(d.resale_allowed, wire_defaults->resale_allowed());
    EXPECT_EQ(d.cutoff_before_start_ms, wire_defaults->cutoff_before_start_ms());
    EXPECT_EQ(d.offer_ttl_ms, wire_defaults->offer_ttl_ms());
    EXPECT_EQ(d.max_transfers_per_ticket, wire_defaults->max_transfers_per_ticket());
    EXPECT_EQ(static_cast<int>(d.cap), static_cast<int>(wire_defaults->cap()));
    EXPECT_EQ(d.fee_bps, wire_defaults->fee_bps());
    EXPECT_EQ(d.kyc_threshold_minor, wire_defaults->kyc_threshold_minor());
    EXPECT_EQ(d.kyc_threshold_sales, wire_defaults->kyc_threshold_sales());
    EXPECT_EQ(d.kyc_window_ms, wire_defaults->kyc_window_ms());
}

TEST(TransferTest, OfferIsEncodedWithAKeyAndTheTokenIsReadOnlyWhenItIsOne) {
    sc::Id128 ticket, key;
    std::string from, to;
    bool gift = false;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::OfferTransfer);
        const auto* o = req->body_as_OfferTransfer();
        ticket = id_of(o->ticket_id());
        key = id_of(o->idempotency_key());
        from = str_of(o->from_owner());
        to = str_of(o->to());
        gift = o->gift();
        send_offer(c, req->request_id(), 0, wire::OfferState::open, kClaimToken);
        // A token that is not 32 hex digits is not handed on.
        req = c.next();
        ASSERT_NE(req, nullptr);
        send_offer(c, req->request_id(), 0, wire::OfferState::open, "<script>x</script>");
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const sc::OfferRequest req{sc::Id128{1, 2}, "alice@example.com", "bob@example.com", true};
    auto r = client.offer_transfer(5, req);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(ticket, (sc::Id128{1, 2}));
    EXPECT_FALSE(key.is_zero());
    EXPECT_EQ(key, r.idempotency_key);
    EXPECT_EQ(from, "alice@example.com");
    EXPECT_EQ(to, "bob@example.com");
    EXPECT_TRUE(gift);
    EXPECT_EQ(r.value.claim_token, kClaimToken);
    const sc::Offer& o = r.value.offer;
    EXPECT_EQ(o.offer_id, (sc::Id128{7, 8}));
    EXPECT_EQ(o.ticket_id, (sc::Id128{1, 2}));
    EXPECT_EQ(o.type, sc::TransferType::gift);
    EXPECT_EQ(o.state, sc::OfferState::open);
    EXPECT_EQ(o.offered_at_ms, 1000);
    EXPECT_EQ(o.expires_at_ms, 2000);
    r = client.offer_transfer(5, req);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_TRUE(r.value.claim_token.empty());
}

TEST(TransferTest, ClaimReadsTheTicketAndARefusalCarriesTheOffer) {
    std::string token, claimer;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::ClaimTransfer);
        const auto* claim = req->body_as_ClaimTransfer();
        token = str_of(claim->claim_token());
        claimer = str_of(claim->claimer());
        EXPECT_NE(claim->idempotency_key(), nullptr);
        Builder b;
        const wire::Id128 id(1, 2);
        const auto ticket = wire::CreateTicketViewDirect(
            b, &id, 7, "Stalls/A/8", 0, 4500, "EUR", wire::TicketStatus::valid, 3, 1000,
            "bob@example.com", 0, nullptr, 0, "Stalls", "A", "8", "code-v3", "hmac-v3", 1500);
        const auto reply = wire::CreateTicketReplyDirect(b, ticket, "alice@example.com", "pi_1");
        c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0, wire::ResponseBody::TicketReply,
                                       reply.Union()));
        req = c.next();
        ASSERT_NE(req, nullptr);
        send_offer(c, req->request_id(),
                   static_cast<std::uint16_t>(wire::StatusCode::offer_claimed),
                   wire::OfferState::claimed, nullptr);
        // ok with an OfferReply is not a claim's answer.
        req = c.next();
        ASSERT_NE(req, nullptr);
        send_offer(c, req->request_id(), 0, wire::OfferState::claimed, nullptr);
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    auto r = client.claim_transfer(5, kClaimToken, "bob@example.com");
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(token, kClaimToken);
    EXPECT_EQ(claimer, "bob@example.com");
    const sc::Ticket& t = r.value.ticket.ticket;
    EXPECT_EQ(t.owner_id, "bob@example.com");
    EXPECT_EQ(t.version, 3u);
    EXPECT_EQ(t.code, "code-v3");
    EXPECT_EQ(t.version_issued_at_ms, 1500);
    EXPECT_TRUE(r.value.offer.offer_id.is_zero());

    r = client.claim_transfer(5, kClaimToken, "carol@example.com");
    EXPECT_EQ(r.status, sc::Status::offer_claimed);
    EXPECT_EQ(r.value.offer.state, sc::OfferState::claimed);
    EXPECT_EQ(r.value.offer.claimer, "bob@example.com");
    EXPECT_TRUE(r.value.ticket.ticket.ticket_id.is_zero());

    EXPECT_EQ(client.claim_transfer(5, kClaimToken, "dan").status, sc::Status::protocol_error);
}

TEST(TransferTest, CancelAndGetOfferNameTheTicketAndOnlyCancelCarriesAKey) {
    std::vector<wire::RequestBody> seen;
    std::string from;
    bool cancel_keyed = false, get_keyed = true;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            seen.push_back(req->body_type());
            if (req->body_type() == wire::RequestBody::CancelOffer) {
                from = str_of(req->body_as_CancelOffer()->from_owner());
                cancel_keyed = req->body_as_CancelOffer()->idempotency_key() != nullptr;
                EXPECT_EQ(id_of(req->body_as_CancelOffer()->ticket_id()), (sc::Id128{1, 2}));
                send_offer(c, req->request_id(), 0, wire::OfferState::cancelled, nullptr);
            } else {
                ASSERT_EQ(req->body_type(), wire::RequestBody::GetOffer);
                EXPECT_EQ(id_of(req->body_as_GetOffer()->ticket_id()), (sc::Id128{1, 2}));
                get_keyed = false;
                Builder b;
                c.send(b, wire::CreateResponse(
                              b, req->request_id(),
                              static_cast<std::uint16_t>(wire::StatusCode::offer_not_found)));
            }
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto cancelled = client.cancel_offer(5, sc::Id128{1, 2}, "alice@example.com");
    ASSERT_TRUE(cancelled.ok()) << cancelled.message;
    EXPECT_EQ(cancelled.value.offer.state, sc::OfferState::cancelled);
    EXPECT_FALSE(cancelled.idempotency_key.is_zero());
    EXPECT_EQ(from, "alice@example.com");
    const auto none = client.get_offer(5, sc::Id128{1, 2});
    EXPECT_EQ(none.status, sc::Status::offer_not_found);
    EXPECT_TRUE(none.idempotency_key.is_zero());
    EXPECT_TRUE(cancel_keyed);
    EXPECT_FALSE(get_keyed);
    EXPECT_EQ(seen, (std::vector{wire::RequestBody::CancelOffer, wire::RequestBody::GetOffer}));
}

TEST(ResaleTest, ListSendsThePriceAndPriceOverCapCarriesTheCap) {
    std::int64_t price = 0;
    std::string seller, account;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::ListTicket);
        const auto* list = req->body_as_ListTicket();
        price = list->price_minor();
        seller = str_of(list->seller());
        account = str_of(list->payout_account());
        EXPECT_NE(list->idempotency_key(), nullptr);
        Builder b;
        const auto reply = wire::CreateListingReply(b, 0, 4500);
        c.send(b, wire::CreateResponse(b, req->request_id(),
                                       static_cast<std::uint16_t>(wire::StatusCode::price_over_cap),
                                       0, wire::ResponseBody::ListingReply, reply.Union()));
        req = c.next();
        ASSERT_NE(req, nullptr);
        Builder l;
        const auto listed =
            wire::CreateListingReply(l, listing_view(l, 1, 4000, "alice@example.com"), -7);
        c.send(l, wire::CreateResponse(l, req->request_id(), 0, 0, wire::ResponseBody::ListingReply,
                                       listed.Union()));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    sc::ListingRequest req{sc::Id128{1, 1}, "alice@example.com", 9000, "acct_alice"};
    auto r = client.list_ticket(5, req);
    EXPECT_EQ(r.status, sc::Status::price_over_cap);
    EXPECT_EQ(r.value.cap_minor, 4500);
    EXPECT_TRUE(r.value.listing.listing_id.is_zero());
    EXPECT_EQ(price, 9000);
    EXPECT_EQ(seller, "alice@example.com");
    EXPECT_EQ(account, "acct_alice");
    req.price_minor = 4000;
    r = client.list_ticket(5, req);
    ASSERT_TRUE(r.ok()) << r.message;
    const sc::Listing& l = r.value.listing;
    EXPECT_EQ(l.listing_id, (sc::Id128{9, 1}));
    EXPECT_EQ(l.ticket_id, (sc::Id128{1, 1}));
    EXPECT_EQ(l.seat_name, "Stalls/A/8");
    EXPECT_EQ(l.section_name, "Stalls");
    EXPECT_EQ(l.price_minor, 4000);
    EXPECT_EQ(l.face_value_minor, 4500);
    EXPECT_EQ(l.currency, "EUR");
    EXPECT_EQ(l.state, sc::ListingState::listed);
    EXPECT_EQ(l.seller, "alice@example.com");
    EXPECT_EQ(r.value.cap_minor, 0) << "a negative cap reads as 0";
}

TEST(ResaleTest, ListingsSendTheFilterAndReadThePage) {
    std::vector<std::uint16_t> sections;
    std::vector<std::string> names;
    std::int64_t max_price = 0;
    std::uint32_t limit = 0;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::ListListings);
            const auto* q = req->body_as_ListListings();
            sections.push_back(q->section());
            names.push_back(str_of(q->section_name()));
            max_price = q->max_price_minor();
            limit = q->limit();
            Builder b;
            std::vector<flatbuffers::Offset<wire::ListingView>> list = {
                listing_view(b, 1, 3000, nullptr), listing_view(b, 2, 4000, nullptr)};
            const auto reply = wire::CreateListingsReplyDirect(b, &list, true);
            c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0,
                                           wire::ResponseBody::ListingsReply, reply.Union()));
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    auto r = client.list_listings(5);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.value.listings.size(), 2u);
    EXPECT_EQ(r.value.listings[0].price_minor, 3000);
    EXPECT_EQ(r.value.listings[1].listing_id, (sc::Id128{9, 2}));
    EXPECT_TRUE(r.value.listings[0].seller.empty());
    EXPECT_TRUE(r.value.more);
    sc::ListingFilter filter;
    filter.section_name = "Balcony";
    filter.max_price_minor = 5000;
    filter.limit = 2;
    r = client.list_listings(5, filter);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(sections, (std::vector<std::uint16_t>{0xFFFF, 0xFFFF})) << "no id: every section";
    EXPECT_EQ(names, (std::vector<std::string>{"", "Balcony"}));
    EXPECT_EQ(max_price, 5000);
    EXPECT_EQ(limit, 2u);
}

TEST(ResaleTest, BuyListingAnswersLikeACheckoutAndDelistCarriesTheNewCode) {
    sc::Id128 listing;
    std::string buyer, method;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::BuyListing);
        const auto* buy = req->body_as_BuyListing();
        listing = id_of(buy->listing_id());
        buyer = str_of(buy->buyer_id());
        method = str_of(buy->payment_method());
        EXPECT_NE(buy->idempotency_key(), nullptr);
        {
            Builder b;
            const wire::Id128 checkout(3, 3), refund(0, 0), ticket(1, 1);
            const auto view = wire::CreateCheckoutViewDirect(
                b, &checkout, 0, wire::CheckoutState::sold, 4000, "EUR", "pm_card_visa", "pi_9",
                nullptr, 1000, 2000, 1500, &refund);
            std::vector<flatbuffers::Offset<wire::TicketView>> tickets = {
                wire::CreateTicketViewDirect(b, &ticket, 7, "Stalls/A/8", 0, 4500, "EUR",
                                             wire::TicketStatus::valid, 4, 1000, "bob")};
            const auto reply = wire::CreateCheckoutReplyDirect(b, view, &tickets);
            c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0,
                                           wire::ResponseBody::CheckoutReply, reply.Union()));
        }
        req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::DelistTicket);
        EXPECT_EQ(str_of(req->body_as_DelistTicket()->seller()), "alice@example.com");
        Builder b;
        const wire::Id128 ticket(1, 2);
        const auto view = wire::CreateTicketViewDirect(b, &ticket, 8, "Stalls/A/9", 0, 4500, "EUR",
                                                       wire::TicketStatus::valid, 3);
        const auto reply =
            wire::CreateListingReply(b, listing_view(b, 2, 4000, "alice@example.com"), 0, view);
        c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0, wire::ResponseBody::ListingReply,
                                       reply.Union()));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto bought =
        client.buy_listing(5, sc::BuyListingRequest{sc::Id128{9, 1}, "bob", "pm_card_visa"});
    ASSERT_TRUE(bought.ok()) << bought.message;
    EXPECT_EQ(listing, (sc::Id128{9, 1}));
    EXPECT_EQ(buyer, "bob");
    EXPECT_EQ(method, "pm_card_visa");
    EXPECT_EQ(bought.value.checkout.state, sc::CheckoutState::sold);
    ASSERT_EQ(bought.value.tickets.size(), 1u);
    EXPECT_EQ(bought.value.tickets[0].owner_id, "bob");
    const auto delisted = client.delist_ticket(5, sc::Id128{1, 2}, "alice@example.com");
    ASSERT_TRUE(delisted.ok()) << delisted.message;
    EXPECT_EQ(delisted.value.ticket.version, 3u);
    EXPECT_EQ(delisted.value.listing.listing_id, (sc::Id128{9, 2}));
}

TEST(HistoryTest, TheCustodyChainIsReadOldestFirst) {
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::GetTicketHistory);
        EXPECT_EQ(id_of(req->body_as_GetTicketHistory()->ticket_id()), (sc::Id128{1, 2}));
        Builder b;
        const wire::Id128 ticket(1, 2), t1(4, 1), t2(4, 2);
        const auto view = wire::CreateTicketViewDirect(b, &ticket, 7, "Stalls/A/8", 0, 4500, "EUR",
                                                       wire::TicketStatus::valid, 3);
        std::vector<flatbuffers::Offset<wire::TransferView>> chain = {
            wire::CreateTransferViewDirect(b, &t1, nullptr, "alice", wire::TransferType::issue,
                                           4500, 0, "EUR", 1, 1000),
            wire::CreateTransferViewDirect(b, &t2, "alice", "bob", wire::TransferType::marketplace,
                                           4000, 400, "EUR", 3, 2000)};
        const auto reply = wire::CreateHistoryReplyDirect(b, view, &chain);
        c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0, wire::ResponseBody::HistoryReply,
                                       reply.Union()));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.get_ticket_history(5, sc::Id128{1, 2});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.value.ticket.version, 3u);
    ASSERT_EQ(r.value.transfers.size(), 2u);
    const sc::Transfer& sale = r.value.transfers[0];
    EXPECT_EQ(sale.type, sc::TransferType::issue);
    EXPECT_TRUE(sale.from_owner.empty());
    EXPECT_EQ(sale.to_owner, "alice");
    EXPECT_EQ(sale.version, 1u);
    const sc::Transfer& resale = r.value.transfers[1];
    EXPECT_EQ(resale.transfer_id, (sc::Id128{4, 2}));
    EXPECT_EQ(resale.type, sc::TransferType::marketplace);
    EXPECT_EQ(resale.from_owner, "alice");
    EXPECT_EQ(resale.to_owner, "bob");
    EXPECT_EQ(resale.price_minor, 4000);
    EXPECT_EQ(resale.fee_minor, 400);
    EXPECT_EQ(resale.currency, "EUR");
    EXPECT_EQ(resale.at_ms, 2000);
}

TEST(PayoutsTest, ListPayoutsSendsTheFilterAndVerifySellerCarriesAKey) {
    std::uint8_t state = 0;
    std::uint32_t after = 0;
    std::string seller;
    bool keyed = false;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::ListPayouts);
        state = req->body_as_ListPayouts()->state();
        after = req->body_as_ListPayouts()->after();
        {
            Builder b;
            const wire::Id128 payout(6, 1), listing(9, 1);
            std::vector<flatbuffers::Offset<wire::PayoutView>> list = {wire::CreatePayoutViewDirect(
                b, &payout, &listing, "alice", "acct_alice", 4000, 400, 3600, "EUR",
                wire::PayoutState::held_kyc, nullptr, nullptr, 0, 2000, 0, 0)};
            const auto reply = wire::CreatePayoutsReplyDirect(b, &list, true, 4);
            c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0,
                                           wire::ResponseBody::PayoutsReply, reply.Union()));
        }
        req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::VerifySeller);
        seller = str_of(req->body_as_VerifySeller()->seller());
        keyed = req->body_as_VerifySeller()->idempotency_key() != nullptr;
        Builder b;
        const auto reply = wire::CreateKycReplyDirect(b, "alice", 1);
        c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0, wire::ResponseBody::KycReply,
                                       reply.Union()));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    sc::PayoutFilter filter;
    filter.state = sc::PayoutState::held_kyc;
    filter.after = 3;
    const auto r = client.list_payouts(5, filter);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(state, 1u);
    EXPECT_EQ(after, 3u);
    ASSERT_EQ(r.value.payouts.size(), 1u);
    const sc::Payout& p = r.value.payouts[0];
    EXPECT_EQ(p.payout_id, (sc::Id128{6, 1}));
    EXPECT_EQ(p.seller, "alice");
    EXPECT_EQ(p.destination, "acct_alice");
    EXPECT_EQ(p.gross_minor, 4000);
    EXPECT_EQ(p.fee_minor, 400);
    EXPECT_EQ(p.amount_minor, 3600);
    EXPECT_EQ(p.state, sc::PayoutState::held_kyc);
    EXPECT_EQ(p.owed_at_ms, 2000);
    EXPECT_TRUE(r.value.more);
    EXPECT_EQ(r.value.next_after, 4u);
    const auto kyc = client.verify_seller(5, "alice");
    ASSERT_TRUE(kyc.ok()) << kyc.message;
    EXPECT_EQ(seller, "alice");
    EXPECT_TRUE(keyed);
    EXPECT_EQ(kyc.value.seller, "alice");
    EXPECT_EQ(kyc.value.released, 1u);
}

// RetryPayout answered as the server does: a PayoutsReply of the one payout,
// owed again, to `destination` when one was sent.
void send_retried_payout(FakeConn& c, std::uint64_t request_id, const std::string& destination) {
    Builder b;
    const wire::Id128 payout(6, 2), listing(9, 2);
    std::vector<flatbuffers::Offset<wire::PayoutView>> list = {wire::CreatePayoutViewDirect(
        b, &payout, &listing, "alice", destination.empty() ? "acct_old" : destination.c_str(), 4000,
        400, 3600, "EUR", wire::PayoutState::owed, nullptr, "resource_missing: no such account", 1,
        2000, 0, 0, 1)};
    const auto reply = wire::CreatePayoutsReplyDirect(b, &list, false, 0);
    c.send(b, wire::CreateResponse(b, request_id, 0, 0, wire::ResponseBody::PayoutsReply,
                                   reply.Union()));
}

TEST(PayoutsTest, RetryPayoutSendsTheIdTheDestinationAndAKeyAndReadsTheRetries) {
    std::vector<sc::Id128> ids;
    std::vector<std::string> destinations;
    std::vector<bool> sent_destination;
    std::vector<bool> keyed;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 4; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::RetryPayout);
            const wire::RetryPayout* in = req->body_as_RetryPayout();
            ids.push_back(id_of(in->payout_id()));
            destinations.push_back(str_of(in->destination()));
            sent_destination.push_back(in->destination() != nullptr);
            keyed.push_back(in->idempotency_key() != nullptr);
            if (i == 3) {
                // A payout that is not failed: refused, without a body.
                Builder b;
                c.send(b, wire::CreateResponse(
                              b, req->request_id(),
                              static_cast<std::uint16_t>(sc::Status::invalid_argument)));
                continue;
            }
            send_retried_payout(c, req->request_id(), destinations.back());
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.retry_payout(5, sc::Id128{6, 2}, "acct_good1");
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.value.payout_id, (sc::Id128{6, 2}));
    EXPECT_EQ(r.value.destination, "acct_good1");
    EXPECT_EQ(r.value.state, sc::PayoutState::owed);
    EXPECT_EQ(r.value.retries, 1u);
    EXPECT_EQ(r.value.attempts, 1u);
    EXPECT_FALSE(r.idempotency_key.is_zero());

    // The same account: no destination on the wire. Callback and future alike.
    std::promise<sc::Result<sc::Payout>> called;
    client.retry_payout_async(5, sc::Id128{6, 2}, "",
                              [&](sc::Result<sc::Payout> x) { called.set_value(std::move(x)); });
    const auto by_callback = called.get_future().get();
    ASSERT_TRUE(by_callback.ok()) << by_callback.message;
    EXPECT_EQ(by_callback.value.destination, "acct_old");
    const auto by_future = client.retry_payout_async(5, sc::Id128{6, 2}, "").get();
    ASSERT_TRUE(by_future.ok()) << by_future.message;
    EXPECT_EQ(by_future.value.retries, 1u);

    const auto refused = client.retry_payout(5, sc::Id128{6, 2});
    EXPECT_EQ(refused.status, sc::Status::invalid_argument) << refused.message;
    EXPECT_TRUE(refused.value.payout_id.is_zero());

    ASSERT_EQ(ids.size(), 4u);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ(ids[i], (sc::Id128{6, 2}));
        EXPECT_TRUE(keyed[i]) << "a retry mutates: it carries a key";
    }
    EXPECT_EQ(destinations[0], "acct_good1");
    EXPECT_EQ(sent_destination, (std::vector<bool>{true, false, false, false}));
}

TEST(TransferStylesTest, CallbackAndFutureStylesGiveTheSameAnswer) {
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::GetOffer);
            send_offer(c, req->request_id(), 0, wire::OfferState::expired, nullptr);
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    std::promise<sc::Result<sc::OfferInfo>> called;
    client.get_offer_async(5, sc::Id128{1, 2},
                           [&](sc::Result<sc::OfferInfo> r) { called.set_value(std::move(r)); });
    const auto by_callback = called.get_future().get();
    const auto by_future = client.get_offer_async(5, sc::Id128{1, 2}).get();
    ASSERT_TRUE(by_callback.ok()) << by_callback.message;
    ASSERT_TRUE(by_future.ok()) << by_future.message;
    EXPECT_EQ(by_callback.value.offer.state, sc::OfferState::expired);
    EXPECT_EQ(by_future.value.offer.offer_id, by_callback.value.offer.offer_id);
}

TEST(TransferSettingsTest, CreateSendsThemOnlyWhenAskedAndTheSummaryReadsThemBack) {
    std::vector<bool> sent;
    std::uint32_t fee_bps = 0, cap_percent = 0;
    wire::ResaleCap cap = wire::ResaleCap::none;
    bool resale = true;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::CreateEvent);
            const auto* t = req->body_as_CreateEvent()->transfers();
            sent.push_back(t != nullptr);
            if (t != nullptr) {
                fee_bps = t->fee_bps();
                cap = t->cap();
                cap_percent = t->cap_percent();
                resale = t->resale_allowed();
            }
            Builder b;
            c.send(b, wire::CreateResponse(b, req->request_id(), 0));
        }
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        Builder s;
        const auto transfers = wire::CreateTransferSettings(s, true, false, 0, 3'600'000, 0,
                                                            wire::ResaleCap::percent_above_face, 20,
                                                            500, 1, 2, 86'400'000);
        const auto settings = wire::CreateEventSettingsDirect(s, 600000, 900000, 10, 4, 0, "EUR",
                                                              60000, 0, 0, transfers);
        wire::SummaryReplyBuilder summary(s);
        summary.add_settings(settings);
        summary.add_offers_open(1);
        summary.add_listings_on_sale(2);
        summary.add_payouts_owed(3);
        summary.add_payouts_held_kyc(4);
        const auto reply = summary.Finish();
        c.send(s, wire::CreateResponse(s, req->request_id(), 0, 0, wire::ResponseBody::SummaryReply,
                                       reply.Union()));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    sc::CreateEventRequest create;
    create.generator = "theatre";
    ASSERT_TRUE(client.create_event(5, create).ok());
    sc::TransferSettings t;
    t.resale_allowed = false;
    t.cap = sc::ResaleCap::percent_above_face;
    t.cap_percent = 20;
    t.fee_bps = 500;
    create.transfers = t;
    ASSERT_TRUE(client.create_event(6, create).ok());
    EXPECT_EQ(sent, (std::vector<bool>{false, true}));
    EXPECT_EQ(fee_bps, 500u);
    EXPECT_EQ(cap, wire::ResaleCap::percent_above_face);
    EXPECT_EQ(cap_percent, 20u);
    EXPECT_FALSE(resale);

    const auto summary = client.get_summary(5);
    ASSERT_TRUE(summary.ok()) << summary.message;
    ASSERT_TRUE(summary.value.settings.transfers.has_value());
    const sc::TransferSettings& in_force = *summary.value.settings.transfers;
    EXPECT_TRUE(in_force.transfers_allowed);
    EXPECT_FALSE(in_force.resale_allowed);
    EXPECT_EQ(in_force.cutoff_before_start_ms, 0);
    EXPECT_EQ(in_force.max_transfers_per_ticket, 0u);
    EXPECT_EQ(in_force.cap, sc::ResaleCap::percent_above_face);
    EXPECT_EQ(in_force.cap_percent, 20u);
    EXPECT_EQ(in_force.fee_bps, 500u);
    EXPECT_EQ(in_force.kyc_threshold_minor, 1);
    EXPECT_EQ(in_force.kyc_threshold_sales, 2u);
    EXPECT_EQ(in_force.kyc_window_ms, 86'400'000);
    EXPECT_EQ(summary.value.offers_open, 1u);
    EXPECT_EQ(summary.value.listings_on_sale, 2u);
    EXPECT_EQ(summary.value.payouts_owed, 3u);
    EXPECT_EQ(summary.value.payouts_held_kyc, 4u);
}

}  // namespace
}  // namespace seat
