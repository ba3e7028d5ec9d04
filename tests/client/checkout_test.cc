// Proves libseatclient's checkout and refund calls against the scripted fake
// server: each request is encoded with the fields the server reads, and each
// answer decodes into the public values, including the refusals that still
// carry the checkout (payment_declined, payment_refunded, payment_pending) and
// checkout_throttled's retry_after_ms. Also the status names of the payment
// codes and the event settings of the summary, both ways.
#include <gtest/gtest.h>

#include <atomic>
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

sc::Id128 id_of(const wire::Id128* id) {
    return id == nullptr ? sc::Id128{} : sc::Id128{id->hi(), id->lo()};
}

// A CheckoutReply of checkout {7, 8} for hold 99, in `state`, with `status`;
// one ticket when sold.
void send_checkout(FakeConn& c, std::uint64_t request_id, std::uint16_t status,
                   wire::CheckoutState state, const char* message = nullptr) {
    Builder b;
    const wire::Id128 id(7, 8);
    const wire::Id128 refund =
        state == wire::CheckoutState::refunded ? wire::Id128(5, 6) : wire::Id128(0, 0);
    const char* reason = state == wire::CheckoutState::declined ? "card_declined" : nullptr;
    const char* payment = state == wire::CheckoutState::declined ? nullptr : "pi_123";
    const auto view = wire::CreateCheckoutViewDirect(
        b, &id, 99, state, 9000, "EUR", "pm_card_visa", payment, reason, 1000, 121000,
        state == wire::CheckoutState::paying ? 0 : 2000, &refund);
    std::vector<flatbuffers::Offset<wire::TicketView>> tickets;
    if (state == wire::CheckoutState::sold) {
        const wire::Id128 ticket(1, 2);
        tickets.push_back(
            wire::CreateTicketViewDirect(b, &ticket, 7, "Stalls/A/8", 0, 4500, "EUR"));
    }
    const auto reply =
        wire::CreateCheckoutReplyDirect(b, view, tickets.empty() ? nullptr : &tickets);
    c.send(b, wire::CreateResponse(b, request_id, status,
                                   message == nullptr ? 0 : b.CreateString(message),
                                   wire::ResponseBody::CheckoutReply, reply.Union()));
}

sc::CheckoutRequest checkout_request() {
    return sc::CheckoutRequest{99, sc::Id128{1, 1}, "alice@example.com", "pm_card_visa"};
}

TEST(CheckoutStatusTest, PaymentStatusNamesComeFromTheProtocol) {
    EXPECT_EQ(sc::to_string(sc::Status::hold_in_checkout), "hold_in_checkout");
    EXPECT_EQ(sc::to_string(sc::Status::payment_declined), "payment_declined");
    EXPECT_EQ(sc::to_string(sc::Status::payment_refunded), "payment_refunded");
    EXPECT_EQ(sc::to_string(sc::Status::checkout_throttled), "checkout_throttled");
    EXPECT_EQ(sc::to_string(sc::Status::checkout_not_found), "checkout_not_found");
    EXPECT_EQ(sc::to_string(sc::Status::refund_not_found), "refund_not_found");
    EXPECT_EQ(sc::to_string(sc::Status::payment_pending), "payment_pending");
    // Every code the schema names has the schema's name and a sentence, and the
    // client's enum has the same number for it.
    for (auto code : wire::EnumValuesStatusCode()) {
        const auto s = static_cast<sc::Status>(code);
        EXPECT_EQ(sc::to_string(s), wire::EnumNameStatusCode(code));
        EXPECT_NE(sc::describe(s), "unknown status") << wire::EnumNameStatusCode(code);
    }
    EXPECT_FALSE(sc::is_transport_error(sc::Status::payment_pending));
}

TEST(CheckoutStatusTest, StateNamesComeFromTheProtocol) {
    EXPECT_EQ(sc::to_string(sc::CheckoutState::paying), "paying");
    EXPECT_EQ(sc::to_string(sc::CheckoutState::sold), "sold");
    EXPECT_EQ(sc::to_string(sc::CheckoutState::declined), "declined");
    EXPECT_EQ(sc::to_string(sc::CheckoutState::abandoned), "abandoned");
    EXPECT_EQ(sc::to_string(sc::CheckoutState::refunded), "refunded");
    EXPECT_EQ(sc::to_string(static_cast<sc::CheckoutState>(9)), "unknown");
    EXPECT_EQ(sc::to_string(sc::RefundState::owed), "owed");
    EXPECT_EQ(sc::to_string(sc::RefundState::succeeded), "succeeded");
    EXPECT_EQ(sc::to_string(sc::RefundState::failed), "failed");
    EXPECT_EQ(sc::to_string(static_cast<sc::RefundState>(3)), "unknown");
}

TEST(CheckoutTest, SoldCheckoutIsEncodedAndDecoded) {
    sc::Id128 key, session;
    std::string buyer, method;
    std::uint64_t hold = 0, event = 0;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::Checkout);
        const wire::Checkout* seen = req->body_as_Checkout();
        event = req->event();
        hold = seen->hold();
        session = id_of(seen->session());
        key = id_of(seen->idempotency_key());
        buyer = seen->buyer_id()->str();
        method = seen->payment_method()->str();
        send_checkout(c, req->request_id(), 0, wire::CheckoutState::sold);
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    CallOptions o;
    o.idempotency_key = sc::Id128{42, 43};
    const auto r = client.checkout(5, checkout_request(), o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(event, 5u);
    EXPECT_EQ(hold, 99u);
    EXPECT_EQ(session, (sc::Id128{1, 1}));
    EXPECT_EQ(buyer, "alice@example.com");
    EXPECT_EQ(method, "pm_card_visa");
    EXPECT_EQ(key, (sc::Id128{42, 43}));
    EXPECT_EQ(r.idempotency_key, (sc::Id128{42, 43}));
    const sc::CheckoutView& v = r.value.checkout;
    EXPECT_EQ(v.checkout_id, (sc::Id128{7, 8}));
    EXPECT_EQ(v.hold, 99u);
    EXPECT_EQ(v.state, sc::CheckoutState::sold);
    EXPECT_EQ(v.amount_minor, 9000);
    EXPECT_EQ(v.currency, "EUR");
    EXPECT_EQ(v.payment_method, "pm_card_visa");
    EXPECT_EQ(v.payment_id, "pi_123");
    EXPECT_EQ(v.started_at_ms, 1000);
    EXPECT_EQ(v.deadline_ms, 121000);
    EXPECT_EQ(v.settled_at_ms, 2000);
    EXPECT_TRUE(v.refund_id.is_zero());
    ASSERT_EQ(r.value.tickets.size(), 1u);
    EXPECT_EQ(r.value.tickets[0].seat_name, "Stalls/A/8");
    EXPECT_EQ(r.value.tickets[0].amount_minor, 4500);
}

TEST(CheckoutTest, DeclinedCheckoutStillCarriesTheCheckout) {
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        send_checkout(c, req->request_id(),
                      static_cast<std::uint16_t>(wire::StatusCode::payment_declined),
                      wire::CheckoutState::declined, "card_declined");
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.checkout(5, checkout_request());
    EXPECT_EQ(r.status, sc::Status::payment_declined);
    EXPECT_EQ(r.message, "card_declined");
    EXPECT_FALSE(r.idempotency_key.is_zero()) << "a checkout is a mutation: it carries a key";
    EXPECT_EQ(r.value.checkout.checkout_id, (sc::Id128{7, 8}));
    EXPECT_EQ(r.value.checkout.state, sc::CheckoutState::declined);
    EXPECT_EQ(r.value.checkout.decline_reason, "card_declined");
    EXPECT_TRUE(r.value.checkout.payment_id.empty());
    EXPECT_TRUE(r.value.tickets.empty());
}

TEST(CheckoutTest, RefundedAndPendingCheckoutsCarryTheCheckout) {
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        send_checkout(c, req->request_id(),
                      static_cast<std::uint16_t>(wire::StatusCode::payment_refunded),
                      wire::CheckoutState::refunded);
        req = c.next();
        ASSERT_NE(req, nullptr);
        send_checkout(c, req->request_id(),
                      static_cast<std::uint16_t>(wire::StatusCode::payment_pending),
                      wire::CheckoutState::paying);
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto refunded = client.checkout(5, checkout_request());
    EXPECT_EQ(refunded.status, sc::Status::payment_refunded);
    EXPECT_EQ(refunded.value.checkout.state, sc::CheckoutState::refunded);
    EXPECT_EQ(refunded.value.checkout.refund_id, (sc::Id128{5, 6}));
    EXPECT_FALSE(refunded.message.empty()) << "the protocol's sentence when the server sends none";
    const auto pending = client.checkout(5, checkout_request());
    EXPECT_EQ(pending.status, sc::Status::payment_pending);
    EXPECT_EQ(pending.value.checkout.state, sc::CheckoutState::paying);
    EXPECT_EQ(pending.value.checkout.checkout_id, (sc::Id128{7, 8}));
}

TEST(CheckoutTest, ThrottledCheckoutGivesRetryAfterAndIsNotRetriedByTheLibrary) {
    std::atomic<int> checkouts{0};
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (const wire::Request* req = c.next(); req != nullptr; req = c.next()) {
            if (req->body_type() == wire::RequestBody::Ping) {
                c.pong(req->request_id(), 1);
                continue;
            }
            checkouts.fetch_add(1);
            Builder b;
            const auto detail = wire::CreateErrorDetail(b, 0, 0, 1500);
            c.send(b, wire::CreateResponse(
                          b, req->request_id(),
                          static_cast<std::uint16_t>(wire::StatusCode::checkout_throttled), 0,
                          wire::ResponseBody::ErrorDetail, detail.Union()));
        }
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.checkout(5, checkout_request());
    EXPECT_EQ(r.status, sc::Status::checkout_throttled);
    EXPECT_EQ(r.retry_after_ms, 1500u);
    EXPECT_TRUE(r.value.checkout.checkout_id.is_zero());
    EXPECT_EQ(client.ping().status, sc::Status::ok);  // the connection is still up
    EXPECT_EQ(checkouts.load(), 1) << "throttling is the caller's to wait out, unlike overloaded";
}

TEST(CheckoutTest, UnsupportedCheckoutHasNoValue) {
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        Builder b;
        c.send(b,
               wire::CreateResponse(
                   b, req->request_id(), static_cast<std::uint16_t>(wire::StatusCode::unsupported),
                   b.CreateString("this seatd has no payment provider (start it with --psp-url)")));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.checkout(5, checkout_request());
    EXPECT_EQ(r.status, sc::Status::unsupported);
    EXPECT_NE(r.message.find("no payment provider"), std::string::npos) << r.message;
}

TEST(CheckoutTest, GetCheckoutAsksByIdAndTellsNotFound) {
    std::vector<sc::Id128> asked;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::GetCheckout);
        asked.push_back(id_of(req->body_as_GetCheckout()->checkout_id()));
        send_checkout(c, req->request_id(), 0, wire::CheckoutState::sold);
        req = c.next();
        ASSERT_NE(req, nullptr);
        asked.push_back(id_of(req->body_as_GetCheckout()->checkout_id()));
        Builder b;
        c.send(b, wire::CreateResponse(
                      b, req->request_id(),
                      static_cast<std::uint16_t>(wire::StatusCode::checkout_not_found)));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto found = client.get_checkout(5, sc::Id128{7, 8});
    ASSERT_TRUE(found.ok()) << found.message;
    EXPECT_TRUE(found.idempotency_key.is_zero()) << "a query carries no key";
    EXPECT_EQ(found.value.checkout.state, sc::CheckoutState::sold);
    EXPECT_EQ(found.value.tickets.size(), 1u);
    const auto missing = client.get_checkout(5, sc::Id128{9, 9});
    EXPECT_EQ(missing.status, sc::Status::checkout_not_found);
    EXPECT_EQ(sc::to_string(missing.status), "checkout_not_found");
    EXPECT_EQ(asked, (std::vector<sc::Id128>{{7, 8}, {9, 9}}));
}

flatbuffers::Offset<wire::RefundView> refund_view(Builder& b, std::uint64_t n,
                                                  wire::RefundState state) {
    const wire::Id128 id(n, n);
    const wire::Id128 checkout(7, 8);
    return wire::CreateRefundViewDirect(
        b, &id, &checkout, "pi_123", 9000, "EUR", "compensation", state,
        state == wire::RefundState::succeeded ? "re_1" : nullptr,
        state == wire::RefundState::failed ? "provider down" : nullptr, 3, 1000,
        state == wire::RefundState::owed ? 0 : 4000);
}

TEST(RefundsTest, ListRefundsSendsTheFilterAndReadsThePage) {
    std::vector<std::pair<std::uint8_t, std::uint32_t>> asked;  // state, after
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        for (int i = 0; i < 2; ++i) {
            const auto* req = c.next();
            ASSERT_NE(req, nullptr);
            ASSERT_EQ(req->body_type(), wire::RequestBody::ListRefunds);
            asked.emplace_back(req->body_as_ListRefunds()->state(),
                               req->body_as_ListRefunds()->after());
            Builder b;
            std::vector<flatbuffers::Offset<wire::RefundView>> views;
            if (i == 1) {
                views.push_back(refund_view(b, 1, wire::RefundState::failed));
                views.push_back(refund_view(b, 2, wire::RefundState::succeeded));
            }
            const auto reply = wire::CreateRefundsReplyDirect(b, &views, i == 1, i == 1 ? 37 : 0);
            c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0,
                                           wire::ResponseBody::RefundsReply, reply.Union()));
        }
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto none = client.list_refunds(5);
    ASSERT_TRUE(none.ok()) << none.message;
    EXPECT_TRUE(none.value.refunds.empty());
    EXPECT_FALSE(none.value.more);
    const auto page = client.list_refunds(5, sc::RefundFilter{sc::RefundState::failed, 10});
    ASSERT_TRUE(page.ok()) << page.message;
    EXPECT_TRUE(page.value.more);
    EXPECT_EQ(page.value.next_after, 37u) << "the next page's start, as the server said";
    ASSERT_EQ(page.value.refunds.size(), 2u);
    const sc::Refund& failed = page.value.refunds[0];
    EXPECT_EQ(failed.refund_id, (sc::Id128{1, 1}));
    EXPECT_EQ(failed.checkout_id, (sc::Id128{7, 8}));
    EXPECT_EQ(failed.payment_id, "pi_123");
    EXPECT_EQ(failed.amount_minor, 9000);
    EXPECT_EQ(failed.currency, "EUR");
    EXPECT_EQ(failed.reason, "compensation");
    EXPECT_EQ(failed.state, sc::RefundState::failed);
    EXPECT_EQ(failed.failure, "provider down");
    EXPECT_EQ(failed.attempts, 3u);
    EXPECT_EQ(failed.owed_at_ms, 1000);
    EXPECT_EQ(failed.settled_at_ms, 4000);
    EXPECT_EQ(page.value.refunds[1].provider_refund_id, "re_1");
    // 255 is the wire's "every state".
    EXPECT_EQ(asked, (std::vector<std::pair<std::uint8_t, std::uint32_t>>{{255, 0}, {2, 10}}));
}

TEST(RefundsTest, RetryRefundCarriesTheIdAndAKey) {
    sc::Id128 refund, key;
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::RetryRefund);
        refund = id_of(req->body_as_RetryRefund()->refund_id());
        key = id_of(req->body_as_RetryRefund()->idempotency_key());
        Builder b;
        std::vector<flatbuffers::Offset<wire::RefundView>> views{
            refund_view(b, 1, wire::RefundState::owed)};
        const auto reply = wire::CreateRefundsReplyDirect(b, &views, false);
        c.send(b, wire::CreateResponse(b, req->request_id(), 0, 0, wire::ResponseBody::RefundsReply,
                                       reply.Union()));
        req = c.next();
        ASSERT_NE(req, nullptr);
        Builder nf;
        c.send(nf, wire::CreateResponse(
                       nf, req->request_id(),
                       static_cast<std::uint16_t>(wire::StatusCode::refund_not_found)));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    const auto r = client.retry_refund(5, sc::Id128{1, 1});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(refund, (sc::Id128{1, 1}));
    EXPECT_FALSE(key.is_zero());
    EXPECT_EQ(key, r.idempotency_key);
    EXPECT_EQ(r.value.state, sc::RefundState::owed);
    EXPECT_EQ(client.retry_refund(5, sc::Id128{3, 3}).status, sc::Status::refund_not_found);
}

TEST(EventSettingsTest, CreateSendsThemAndTheSummaryReadsThemBack) {
    std::int64_t starts_at = 0, timeout = 0;
    std::string currency = "unset";
    FakeServer server([&](FakeConn& c, int) {
        c.accept_hello();
        const auto* req = c.next();
        ASSERT_NE(req, nullptr);
        ASSERT_EQ(req->body_type(), wire::RequestBody::CreateEvent);
        const auto* create = req->body_as_CreateEvent();
        starts_at = create->starts_at_ms();
        timeout = create->payment_timeout_ms();
        currency = create->currency() == nullptr ? "" : create->currency()->str();
        Builder b;
        c.send(b, wire::CreateResponse(b, req->request_id(), 0));
        req = c.next();
        ASSERT_NE(req, nullptr);
        Builder s;
        const auto settings =
            wire::CreateEventSettingsDirect(s, 600000, 900000, 10, 4, 1803929400000, "EUR", 60000);
        const auto reply = wire::CreateSummaryReply(s, nullptr, 0, 0, 0, 2, 3, 4, settings, 1, 2);
        c.send(s, wire::CreateResponse(s, req->request_id(), 0, 0, wire::ResponseBody::SummaryReply,
                                       reply.Union()));
        c.next();
    });
    Client client(testing::fake_server_options(server.port()));
    sc::CreateEventRequest create;
    create.generator = "theatre";
    create.starts_at_ms = 1803929400000;
    create.currency = "EUR";
    create.payment_timeout_ms = 60000;
    ASSERT_TRUE(client.create_event(5, create).ok());
    EXPECT_EQ(starts_at, 1803929400000);
    EXPECT_EQ(currency, "EUR");
    EXPECT_EQ(timeout, 60000);
    const auto summary = client.get_summary(5);
    ASSERT_TRUE(summary.ok()) << summary.message;
    const sc::EventSettings& s = summary.value.settings;
    EXPECT_EQ(s.hold_ttl_ms, 600000);
    EXPECT_EQ(s.checkout_ttl_ms, 900000);
    EXPECT_EQ(s.max_seats_per_hold, 10u);
    EXPECT_EQ(s.max_holds_per_session, 4u);
    EXPECT_EQ(s.starts_at_ms, 1803929400000);
    EXPECT_EQ(s.currency, "EUR");
    EXPECT_EQ(s.payment_timeout_ms, 60000);
    EXPECT_EQ(summary.value.checkouts_paying, 1u);
    EXPECT_EQ(summary.value.refunds_owed, 2u);
}

}  // namespace
}  // namespace seat
