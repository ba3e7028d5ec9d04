// Transfers and resale end to end, against the real seatd on loopback (and the
// real seat-psp where money moves): an offer revokes the owner's code at once
// (online and in the offline revocation filter), a claim gives the claimer a new
// code and supersedes the old one, claim tokens are single-use and belong to
// their event, a listing is capped and its ticket does not enter, a purchase of
// a listing goes through the checkout saga and pays the seller (held past the
// KYC threshold until the seller is verified), and a kill -9 while a buyer pays
// leaves the ticket with exactly one owner.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/tickets/ticket_codes.h"
#include "tests/server/wire_client.h"
#include "tests/support/http_client.h"
#include "tests/support/psp_process.h"
#include "tests/support/seatd_process.h"
#include "tickets/revocation_filter.h"

namespace seat::server_testing {
namespace {

using namespace seat::testing;
using Clock = std::chrono::steady_clock;
namespace json = boost::json;

constexpr std::uint64_t kDemo = 1;
// The demo theatre's Stalls rows A-E (seats 0..69) are premium: 89.00 EUR.
constexpr std::int64_t kPremiumMinor = 8900;
constexpr const char* kBuyer = "buyer-1";  // purchase_frame's buyer

// ---- Frames.

Bytes offer_frame(std::uint64_t id, std::uint64_t event, wire::Id128 ticket, const char* from,
                  const char* to, wire::Id128 key, bool gift = false) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateOfferTransferDirect(b, &ticket, from, to, gift, &key);
    return finish(b, id, event, wire::RequestBody::OfferTransfer, body.Union());
}

Bytes claim_frame(std::uint64_t id, std::uint64_t event, const std::string& token,
                  const char* claimer, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateClaimTransferDirect(b, token.c_str(), claimer, &key);
    return finish(b, id, event, wire::RequestBody::ClaimTransfer, body.Union());
}

Bytes cancel_offer_frame(std::uint64_t id, std::uint64_t event, wire::Id128 ticket,
                         const char* from, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateCancelOfferDirect(b, &ticket, from, &key);
    return finish(b, id, event, wire::RequestBody::CancelOffer, body.Union());
}

Bytes get_offer_frame(std::uint64_t id, std::uint64_t event, wire::Id128 ticket) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::GetOffer,
                  wire::CreateGetOffer(b, &ticket).Union());
}

Bytes list_frame(std::uint64_t id, std::uint64_t event, wire::Id128 ticket, const char* seller,
                 std::int64_t price_minor, const char* account, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateListTicketDirect(b, &ticket, seller, price_minor, account, &key);
    return finish(b, id, event, wire::RequestBody::ListTicket, body.Union());
}

Bytes delist_frame(std::uint64_t id, std::uint64_t event, wire::Id128 ticket, const char* seller,
                   wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateDelistTicketDirect(b, &ticket, seller, &key);
    return finish(b, id, event, wire::RequestBody::DelistTicket, body.Union());
}

Bytes buy_frame(std::uint64_t id, std::uint64_t event, wire::Id128 listing, const char* buyer,
                const char* method, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateBuyListingDirect(b, &listing, buyer, method, &key);
    return finish(b, id, event, wire::RequestBody::BuyListing, body.Union());
}

Bytes listings_frame(std::uint64_t id, std::uint64_t event) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::ListListings,
                  wire::CreateListListings(b).Union());
}

Bytes history_frame(std::uint64_t id, std::uint64_t event, wire::Id128 ticket) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::GetTicketHistory,
                  wire::CreateGetTicketHistory(b, &ticket).Union());
}

Bytes verify_frame(std::uint64_t id, std::uint64_t event, const char* seller, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::VerifySeller,
                  wire::CreateVerifySellerDirect(b, seller, &key).Union());
}

Bytes payouts_frame(std::uint64_t id, std::uint64_t event) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::ListPayouts, wire::CreateListPayouts(b).Union());
}

Bytes admit_frame(std::uint64_t id, std::uint64_t event, const std::string& code) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateAdmitTicketDirect(b, code.c_str(), "gate-1", 0);
    return finish(b, id, event, wire::RequestBody::AdmitTicket, body.Union());
}

Bytes revocations_frame(std::uint64_t id, std::uint64_t event) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::GetRevocations,
                  wire::CreateGetRevocations(b).Union());
}

Bytes owner_tickets_frame(std::uint64_t id, std::uint64_t event, const char* owner) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::ListTickets,
                  wire::CreateListTicketsDirect(b, owner).Union());
}

// A theatre with the transfer settings given, in EUR.
Bytes create_resale_event_frame(std::uint64_t id, std::uint64_t event,
                                std::int64_t kyc_threshold_minor,
                                std::int64_t offer_ttl_ms = 259'200'000) {
    flatbuffers::FlatBufferBuilder b;
    const wire::Id128 key(0xE0, event);
    const auto transfers =
        wire::CreateTransferSettings(b, true, true, 3'600'000, offer_ttl_ms, 10,
                                     wire::ResaleCap::face_value, 0, 1000, kyc_threshold_minor, 30);
    const auto body = wire::CreateCreateEventDirect(b, nullptr, "Resale night", 0, 0, 0, 0, &key,
                                                    "theatre", 0, "EUR", 0, 0, 0, transfers);
    return finish(b, id, event, wire::RequestBody::CreateEvent, body.Union());
}

// ---- Steps.

// One connection's requests, numbered.
struct Session {
    explicit Session(std::uint16_t port, const char* key) : c(port, std::chrono::seconds(20)) {
        say_hello(c, key);
    }
    Reply ask(const Bytes& frame) {
        if (!c.send(frame)) throw std::runtime_error("send failed");
        auto r = c.read();
        if (!r) throw std::runtime_error("no answer");
        return std::move(*r);
    }
    std::uint64_t next() { return ++id; }
    WireClient c;
    std::uint64_t id = 1;
};

std::string message_of(const Reply& r) {
    return r->message() == nullptr ? std::string() : r->message()->str();
}

// Buys `seat` with Purchase (no payment provider needed); the ticket's id.
wire::Id128 buy_ticket(Session& s, std::uint64_t event, std::uint32_t seat) {
    const wire::Id128 session(0x5E, seat + 1000 * event);
    const Reply held =
        s.ask(hold_frame(s.next(), event, session, {seat}, wire::Id128(0x40, s.id + 7000)));
    if (held.status() != Status::ok) throw std::runtime_error("hold: " + message_of(held));
    const std::uint64_t hold = held->body_as_HoldReply()->hold();
    const Reply bought =
        s.ask(purchase_frame(s.next(), event, hold, session, wire::Id128(0x41, s.id + 7000)));
    if (bought.status() != Status::ok) throw std::runtime_error("purchase: " + message_of(bought));
    return *bought->body_as_PurchaseReply()->tickets()->Get(0)->ticket_id();
}

const wire::TicketView& ticket_of(const Reply& r) {
    const wire::TicketReply* body = r->body_as_TicketReply();
    if (body == nullptr || body->ticket() == nullptr) throw std::runtime_error("no TicketReply");
    return *body->ticket();
}

std::string code_of(const wire::TicketView& t) {
    return t.code() == nullptr ? std::string() : t.code()->str();
}

std::string current_code(Session& s, std::uint64_t event, wire::Id128 ticket) {
    return code_of(ticket_of(s.ask(ticket_frame(s.next(), event, ticket))));
}

Status admit(Session& gate, std::uint64_t event, const std::string& code) {
    return gate.ask(admit_frame(gate.next(), event, code)).status();
}

// The claim token of a fresh offer of `ticket` from kBuyer.
std::string offer(Session& s, std::uint64_t event, wire::Id128 ticket, wire::Id128 key) {
    const Reply r = s.ask(offer_frame(s.next(), event, ticket, kBuyer, "friend@example.com", key));
    if (r.status() != Status::ok) throw std::runtime_error("offer: " + message_of(r));
    const wire::OfferReply* body = r->body_as_OfferReply();
    if (body == nullptr || body->claim_token() == nullptr) throw std::runtime_error("no token");
    return body->claim_token()->str();
}

bool revoked_offline(Session& s, std::uint64_t event, wire::Id128 ticket, std::uint32_t version) {
    const Reply r = s.ask(revocations_frame(s.next(), event));
    const wire::RevocationsReply* body = r->body_as_RevocationsReply();
    if (body == nullptr || body->filter() == nullptr) throw std::runtime_error("no filter");
    const std::string_view blob(reinterpret_cast<const char*>(body->filter()->data()),
                                body->filter()->size());
    const auto filter = tickets::RevocationFilter::parse(blob);
    if (!filter) throw std::runtime_error("the filter does not parse");
    return filter->might_contain(server::to_ticket_bytes(Id128{ticket.hi(), ticket.lo()}), version);
}

// seatd with payments through `psp`.
SeatdOptions paying_seatd(const PspProcess& psp, std::vector<std::string> more = {}) {
    SeatdOptions o;
    o.extra_args = {"--psp-url",         psp.base_url(),
                    "--psp-secret-file", psp.secret_key_file().string(),
                    "--psp-timeout-ms",  "5000"};
    o.extra_args.insert(o.extra_args.end(), more.begin(), more.end());
    return o;
}

json::object ledger(const PspProcess& psp) {
    HttpClient http(psp.port());
    const HttpResponse r = http.get("/_sim/ledger", {{"Authorization", psp.authorization()}});
    if (r.status != 200) throw std::runtime_error("ledger: HTTP " + std::to_string(r.status));
    return json::parse(r.body).as_object();
}

std::int64_t total(const json::object& ledger, const char* name) {
    return ledger.at("totals").at(name).to_number<std::int64_t>();
}

// The event's payouts (admin), once one is in `state` or `within` passes.
std::optional<Reply> await_payout(Session& admin, std::uint64_t event, wire::PayoutState state,
                                  std::chrono::milliseconds within) {
    const auto end = Clock::now() + within;
    for (;;) {
        Reply r = admin.ask(payouts_frame(admin.next(), event));
        const wire::PayoutsReply* body = r->body_as_PayoutsReply();
        if (body != nullptr && body->payouts() != nullptr && body->payouts()->size() > 0 &&
            body->payouts()->Get(0)->state() == state)
            return r;
        if (Clock::now() > end) return r;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// A listing of `ticket` by kBuyer at `price_minor`; its id.
wire::Id128 list_ticket(Session& s, std::uint64_t event, wire::Id128 ticket,
                        std::int64_t price_minor, const char* account = "acct_seller1") {
    const Reply r = s.ask(
        list_frame(s.next(), event, ticket, kBuyer, price_minor, account, wire::Id128(0x11, s.id)));
    if (r.status() != Status::ok) throw std::runtime_error("list: " + message_of(r));
    return *r->body_as_ListingReply()->listing()->listing_id();
}

// ---- Offers.

// Proves: an offer revokes the owner's code at once (refused at the gate as
// ticket_offered, and in the offline filter); the claim makes the claimer the
// owner with a new code that admits, and the old code is superseded; the token
// works once; a wrong or malformed token is refused.
TEST(Transfers, AClaimMovesTheTicketAndItsCodeToTheClaimer) {
    SeatdProcess seatd;
    Session app(seatd.port(), kAppKey);
    Session gate(seatd.port(), kScannerKey);
    const wire::Id128 ticket = buy_ticket(app, kDemo, 10);
    const std::string old_code = current_code(app, kDemo, ticket);
    ASSERT_FALSE(old_code.empty());

    const std::string token = offer(app, kDemo, ticket, wire::Id128(0x01, 1));
    EXPECT_EQ(token.size(), 32u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << token;
    EXPECT_EQ(admit(gate, kDemo, old_code), Status::ticket_offered);
    EXPECT_TRUE(revoked_offline(app, kDemo, ticket, 1));
    // While offered, no code exists for the ticket.
    const Reply offered = app.ask(ticket_frame(app.next(), kDemo, ticket));
    EXPECT_EQ(ticket_of(offered).status(), wire::TicketStatus::offered);
    EXPECT_TRUE(code_of(ticket_of(offered)).empty());
    EXPECT_EQ(ticket_of(offered).version_issued_at_ms(), 0);

    const Reply claimed =
        app.ask(claim_frame(app.next(), kDemo, token, "friend", wire::Id128(2, 1)));
    ASSERT_EQ(claimed.status(), Status::ok) << message_of(claimed);
    const wire::TicketView& mine = ticket_of(claimed);
    EXPECT_EQ(mine.owner_id()->str(), "friend");
    EXPECT_EQ(mine.status(), wire::TicketStatus::valid);
    EXPECT_EQ(mine.version(), 3u);
    EXPECT_GT(mine.version_issued_at_ms(), 0);
    const std::string new_code = code_of(mine);
    ASSERT_FALSE(new_code.empty());
    EXPECT_NE(new_code, old_code);

    EXPECT_EQ(admit(gate, kDemo, old_code), Status::superseded);
    EXPECT_EQ(admit(gate, kDemo, new_code), Status::ok);

    // The same claim again (a lost answer) is its replay; another claim is refused.
    const Reply again = app.ask(claim_frame(app.next(), kDemo, token, "friend", wire::Id128(2, 1)));
    EXPECT_EQ(again.status(), Status::ok);
    EXPECT_TRUE(again->replayed());
    const Reply twice = app.ask(claim_frame(app.next(), kDemo, token, "other", wire::Id128(2, 2)));
    EXPECT_EQ(twice.status(), Status::offer_claimed);
    ASSERT_NE(twice->body_as_OfferReply(), nullptr);
    EXPECT_EQ(twice->body_as_OfferReply()->offer()->claimer()->str(), "friend");

    const std::string wrong(32, 'a');
    EXPECT_EQ(app.ask(claim_frame(app.next(), kDemo, wrong, "x", wire::Id128(2, 3))).status(),
              Status::offer_not_found);
    const Reply malformed =
        app.ask(claim_frame(app.next(), kDemo, token.substr(1), "x", wire::Id128(2, 4)));
    EXPECT_EQ(malformed.status(), Status::invalid_argument);
    EXPECT_NE(message_of(malformed).find("hex digits"), std::string::npos) << message_of(malformed);

    const Reply newest = app.ask(get_offer_frame(app.next(), kDemo, ticket));
    ASSERT_EQ(newest.status(), Status::ok);
    EXPECT_EQ(newest->body_as_OfferReply()->offer()->state(), wire::OfferState::claimed);
    EXPECT_EQ(newest->body_as_OfferReply()->claim_token(), nullptr);

    const Reply history = app.ask(history_frame(app.next(), kDemo, ticket));
    ASSERT_EQ(history.status(), Status::ok);
    const auto* chain = history->body_as_HistoryReply()->transfers();
    ASSERT_EQ(chain->size(), 2u);
    EXPECT_EQ(chain->Get(0)->type(), wire::TransferType::issue);
    EXPECT_EQ(chain->Get(1)->type(), wire::TransferType::direct);
    EXPECT_EQ(chain->Get(1)->to_owner()->str(), "friend");
    EXPECT_EQ(history->body_as_HistoryReply()->ticket()->code(), nullptr);
}

// Proves: an offer retried with its idempotency key answers with the same offer
// and without the token (shown once); a token is good only in its own event.
TEST(Transfers, TokensAreShownOnceAndBelongToTheirEvent) {
    SeatdProcess seatd;
    Session admin(seatd.port(), kAdminKey);
    ASSERT_EQ(admin.ask(create_resale_event_frame(admin.next(), 7, 200'000)).status(), Status::ok);
    Session app(seatd.port(), kAppKey);
    const wire::Id128 ticket = buy_ticket(app, kDemo, 11);
    const wire::Id128 key(0x01, 2);
    const Reply first = app.ask(offer_frame(app.next(), kDemo, ticket, kBuyer, "a@b.c", key));
    ASSERT_EQ(first.status(), Status::ok);
    const Reply retry = app.ask(offer_frame(app.next(), kDemo, ticket, kBuyer, "a@b.c", key));
    ASSERT_EQ(retry.status(), Status::ok) << message_of(retry);
    EXPECT_TRUE(retry->replayed());
    EXPECT_EQ(retry->body_as_OfferReply()->claim_token(), nullptr);
    EXPECT_EQ(retry->body_as_OfferReply()->offer()->offer_id()->lo(),
              first->body_as_OfferReply()->offer()->offer_id()->lo());
    const std::string token = first->body_as_OfferReply()->claim_token()->str();
    EXPECT_EQ(app.ask(claim_frame(app.next(), 7, token, "friend", wire::Id128(3, 1))).status(),
              Status::offer_not_found);
    EXPECT_EQ(app.ask(claim_frame(app.next(), kDemo, token, "friend", wire::Id128(3, 2))).status(),
              Status::ok);

    // The summary counts what is open.
    const std::string token2 = offer(app, 7, buy_ticket(app, 7, 3), wire::Id128(0x01, 3));
    EXPECT_FALSE(token2.empty());
    const Reply summary = app.ask(summary_frame(app.next(), 7));
    EXPECT_EQ(summary->body_as_SummaryReply()->offers_open(), 1u);
    const wire::TransferSettings* rules = summary->body_as_SummaryReply()->settings()->transfers();
    ASSERT_NE(rules, nullptr);
    EXPECT_EQ(rules->kyc_threshold_minor(), 200'000);
    EXPECT_EQ(rules->fee_bps(), 1000u);
}

// Proves: the sender's cancel gives the ticket back with a fresh code that
// admits, and the code from before the offer stays revoked.
TEST(Transfers, ACancelledOfferGivesTheOwnerAFreshCode) {
    SeatdProcess seatd;
    Session app(seatd.port(), kAppKey);
    Session gate(seatd.port(), kScannerKey);
    const wire::Id128 ticket = buy_ticket(app, kDemo, 12);
    const std::string old_code = current_code(app, kDemo, ticket);
    offer(app, kDemo, ticket, wire::Id128(0x01, 4));
    EXPECT_EQ(
        app.ask(cancel_offer_frame(app.next(), kDemo, ticket, "someone-else", wire::Id128(4, 0)))
            .status(),
        Status::not_owner);
    const Reply cancelled =
        app.ask(cancel_offer_frame(app.next(), kDemo, ticket, kBuyer, wire::Id128(4, 1)));
    ASSERT_EQ(cancelled.status(), Status::ok) << message_of(cancelled);
    const wire::OfferReply* body = cancelled->body_as_OfferReply();
    ASSERT_NE(body, nullptr);
    EXPECT_EQ(body->offer()->state(), wire::OfferState::cancelled);
    ASSERT_NE(body->ticket(), nullptr);
    EXPECT_EQ(body->ticket()->owner_id()->str(), kBuyer);
    const std::string fresh = code_of(*body->ticket());
    ASSERT_FALSE(fresh.empty());
    EXPECT_EQ(admit(gate, kDemo, old_code), Status::superseded);
    EXPECT_EQ(admit(gate, kDemo, fresh), Status::ok);
}

// Proves: the shard's timer expires an offer past its time: the ticket is its
// sender's again with a fresh code that admits, and the token no longer claims.
TEST(Transfers, AnExpiredOfferReturnsToTheSender) {
    SeatdProcess seatd;
    Session admin(seatd.port(), kAdminKey);
    ASSERT_EQ(admin.ask(create_resale_event_frame(admin.next(), 5, 200'000, 300)).status(),
              Status::ok);
    Session app(seatd.port(), kAppKey);
    Session gate(seatd.port(), kScannerKey);
    const wire::Id128 ticket = buy_ticket(app, 5, 30);
    const std::string old_code = current_code(app, 5, ticket);
    const std::string token = offer(app, 5, ticket, wire::Id128(0x01, 9));
    const auto end = Clock::now() + std::chrono::seconds(5);
    wire::OfferState state = wire::OfferState::open;
    while (state == wire::OfferState::open && Clock::now() < end) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        state =
            app.ask(get_offer_frame(app.next(), 5, ticket))->body_as_OfferReply()->offer()->state();
    }
    ASSERT_EQ(state, wire::OfferState::expired);
    const Reply back = app.ask(ticket_frame(app.next(), 5, ticket));
    EXPECT_EQ(ticket_of(back).status(), wire::TicketStatus::valid);
    EXPECT_EQ(ticket_of(back).owner_id()->str(), kBuyer);
    const std::string fresh = code_of(ticket_of(back));
    ASSERT_FALSE(fresh.empty());
    EXPECT_EQ(app.ask(claim_frame(app.next(), 5, token, "friend", wire::Id128(9, 1))).status(),
              Status::offer_expired);
    EXPECT_EQ(admit(gate, 5, old_code), Status::superseded);
    EXPECT_EQ(admit(gate, 5, fresh), Status::ok);
}

// Proves: an open offer survives kill -9 (only the token's hash is stored, and
// it is enough): after the restart the token still claims, and the claimer's
// code admits.
TEST(Transfers, AnOpenOfferSurvivesAKill) {
    SeatdProcess seatd;
    std::string token;
    wire::Id128 ticket;
    {
        Session app(seatd.port(), kAppKey);
        ticket = buy_ticket(app, kDemo, 17);
        token = offer(app, kDemo, ticket, wire::Id128(0x01, 10));
    }
    seatd.kill9();
    seatd.restart();
    Session app(seatd.port(), kAppKey);
    Session gate(seatd.port(), kScannerKey);
    const Reply claimed =
        app.ask(claim_frame(app.next(), kDemo, token, "friend", wire::Id128(10, 1)));
    ASSERT_EQ(claimed.status(), Status::ok) << message_of(claimed) << seatd.log();
    EXPECT_EQ(admit(gate, kDemo, code_of(ticket_of(claimed))), Status::ok);
    EXPECT_EQ(seatd.log().find(token), std::string::npos) << "the token was logged";
}

// Proves: the scanner role may not offer, list or see payouts, and the app
// role may not verify sellers or list payouts.
TEST(Transfers, RolesAreEnforced) {
    SeatdProcess seatd;
    Session gate(seatd.port(), kScannerKey);
    Session app(seatd.port(), kAppKey);
    const wire::Id128 t(1, 2);
    EXPECT_EQ(gate.ask(offer_frame(gate.next(), kDemo, t, kBuyer, "x", wire::Id128(1, 1))).status(),
              Status::unauthorized);
    EXPECT_EQ(gate.ask(listings_frame(gate.next(), kDemo)).status(), Status::unauthorized);
    EXPECT_EQ(gate.ask(history_frame(gate.next(), kDemo, t)).status(), Status::unauthorized);
    EXPECT_EQ(app.ask(verify_frame(app.next(), kDemo, "s", wire::Id128(1, 2))).status(),
              Status::unauthorized);
    EXPECT_EQ(app.ask(payouts_frame(app.next(), kDemo)).status(), Status::unauthorized);
    EXPECT_EQ(app.ask(listings_frame(app.next(), kDemo)).status(), Status::ok);
}

// ---- Listings.

// Proves: a price over the cap is refused with the cap; a listed ticket's code
// is revoked (online and offline) and no code is made for it; delisting gives
// the seller a fresh code that admits.
TEST(Resale, AListingIsCappedAndRevokesTheCodeUntilDelisted) {
    SeatdProcess seatd;
    Session app(seatd.port(), kAppKey);
    Session gate(seatd.port(), kScannerKey);
    const wire::Id128 ticket = buy_ticket(app, kDemo, 13);
    const std::string old_code = current_code(app, kDemo, ticket);

    const Reply over = app.ask(list_frame(app.next(), kDemo, ticket, kBuyer, kPremiumMinor + 1,
                                          "acct_s", wire::Id128(5, 1)));
    ASSERT_EQ(over.status(), Status::price_over_cap);
    ASSERT_NE(over->body_as_ListingReply(), nullptr);
    EXPECT_EQ(over->body_as_ListingReply()->cap_minor(), kPremiumMinor);
    EXPECT_EQ(over->body_as_ListingReply()->listing(), nullptr);

    const Reply listed =
        app.ask(list_frame(app.next(), kDemo, ticket, kBuyer, 8000, "acct_s", wire::Id128(5, 2)));
    ASSERT_EQ(listed.status(), Status::ok) << message_of(listed);
    const wire::ListingView* view = listed->body_as_ListingReply()->listing();
    EXPECT_EQ(view->state(), wire::ListingState::listed);
    EXPECT_EQ(view->price_minor(), 8000);
    EXPECT_EQ(view->face_value_minor(), kPremiumMinor);
    EXPECT_EQ(view->seller()->str(), kBuyer);
    EXPECT_EQ(admit(gate, kDemo, old_code), Status::ticket_listed);
    EXPECT_TRUE(revoked_offline(app, kDemo, ticket, 1));
    EXPECT_TRUE(current_code(app, kDemo, ticket).empty());

    const Reply page = app.ask(listings_frame(app.next(), kDemo));
    ASSERT_EQ(page.status(), Status::ok);
    ASSERT_EQ(page->body_as_ListingsReply()->listings()->size(), 1u);
    EXPECT_EQ(page->body_as_ListingsReply()->listings()->Get(0)->seller(), nullptr);
    EXPECT_EQ(app.ask(summary_frame(app.next(), kDemo))->body_as_SummaryReply()->listings_on_sale(),
              1u);

    const Reply delisted =
        app.ask(delist_frame(app.next(), kDemo, ticket, kBuyer, wire::Id128(5, 3)));
    ASSERT_EQ(delisted.status(), Status::ok) << message_of(delisted);
    EXPECT_EQ(delisted->body_as_ListingReply()->listing()->state(), wire::ListingState::delisted);
    ASSERT_NE(delisted->body_as_ListingReply()->ticket(), nullptr);
    const std::string fresh = code_of(*delisted->body_as_ListingReply()->ticket());
    ASSERT_FALSE(fresh.empty());
    EXPECT_EQ(admit(gate, kDemo, old_code), Status::superseded);
    EXPECT_EQ(admit(gate, kDemo, fresh), Status::ok);
    EXPECT_EQ(
        app.ask(listings_frame(app.next(), kDemo))->body_as_ListingsReply()->listings()->size(),
        0u);
}

// Proves: buying a listing charges the buyer through the provider, answers
// with the ticket as the buyer's with a new code that admits (the seller's is
// refused), owes the seller the price less the fee, and pays it at the provider.
TEST(Resale, ABoughtListingIsTheBuyersAndTheSellerIsPaid) {
    PspProcess psp;
    SeatdProcess seatd(paying_seatd(psp));
    Session app(seatd.port(), kAppKey);
    Session gate(seatd.port(), kScannerKey);
    Session admin(seatd.port(), kAdminKey);
    const wire::Id128 ticket = buy_ticket(app, kDemo, 14);
    const std::string seller_code = current_code(app, kDemo, ticket);
    const wire::Id128 listing = list_ticket(app, kDemo, ticket, 8000);

    const Reply bought = app.ask(
        buy_frame(app.next(), kDemo, listing, "buyer-2", "pm_card_visa", wire::Id128(6, 1)));
    ASSERT_EQ(bought.status(), Status::ok) << message_of(bought) << seatd.log();
    const wire::CheckoutReply* body = bought->body_as_CheckoutReply();
    ASSERT_NE(body, nullptr);
    EXPECT_EQ(body->checkout()->state(), wire::CheckoutState::sold);
    EXPECT_EQ(body->checkout()->amount_minor(), 8000);
    EXPECT_EQ(body->checkout()->hold(), 0u);
    ASSERT_NE(body->tickets(), nullptr);
    ASSERT_EQ(body->tickets()->size(), 1u);
    const wire::TicketView* mine = body->tickets()->Get(0);
    EXPECT_EQ(mine->owner_id()->str(), "buyer-2");
    const std::string buyer_code = code_of(*mine);
    ASSERT_FALSE(buyer_code.empty());
    EXPECT_EQ(admit(gate, kDemo, seller_code), Status::superseded);
    EXPECT_EQ(admit(gate, kDemo, buyer_code), Status::ok);

    const auto paid = await_payout(admin, kDemo, wire::PayoutState::paid, std::chrono::seconds(15));
    ASSERT_TRUE(paid);
    const wire::PayoutView* payout = (*paid)->body_as_PayoutsReply()->payouts()->Get(0);
    ASSERT_EQ(payout->state(), wire::PayoutState::paid) << seatd.log();
    EXPECT_EQ(payout->gross_minor(), 8000);
    EXPECT_EQ(payout->fee_minor(), 800);
    EXPECT_EQ(payout->amount_minor(), 7200);
    EXPECT_EQ(payout->destination()->str(), "acct_seller1");
    EXPECT_EQ(payout->provider_payout_id()->str().rfind("tr_", 0), 0u);
    EXPECT_EQ(payout->listing_id()->lo(), listing.lo());

    const json::object books = ledger(psp);
    EXPECT_EQ(total(books, "captured"), 8000);
    EXPECT_EQ(total(books, "transfers"), 1);
    EXPECT_EQ(total(books, "paid_out"), 7200);
    const json::object& transfer = books.at("transfers").as_array().at(0).as_object();
    EXPECT_EQ(transfer.at("destination").as_string(), "acct_seller1");
}

// Proves: a declined card puts the listing back on sale, and a payout to an
// account the provider does not know ends failed with the provider's reason.
TEST(Resale, ADeclineRelistsAndAnUnknownAccountFailsThePayout) {
    PspProcess psp;
    SeatdProcess seatd(paying_seatd(psp));
    Session app(seatd.port(), kAppKey);
    Session admin(seatd.port(), kAdminKey);
    const wire::Id128 ticket = buy_ticket(app, kDemo, 15);
    const wire::Id128 listing = list_ticket(app, kDemo, ticket, 5000, "acct_missing_1");

    const Reply declined = app.ask(buy_frame(app.next(), kDemo, listing, "buyer-3",
                                             "pm_card_chargeDeclined", wire::Id128(7, 1)));
    ASSERT_EQ(declined.status(), Status::payment_declined) << message_of(declined);
    const Reply page = app.ask(listings_frame(app.next(), kDemo));
    ASSERT_EQ(page->body_as_ListingsReply()->listings()->size(), 1u);
    EXPECT_EQ(page->body_as_ListingsReply()->listings()->Get(0)->state(),
              wire::ListingState::listed);
    EXPECT_EQ(ticket_of(app.ask(ticket_frame(app.next(), kDemo, ticket))).owner_id()->str(),
              kBuyer);

    const Reply bought = app.ask(
        buy_frame(app.next(), kDemo, listing, "buyer-4", "pm_card_visa", wire::Id128(7, 2)));
    ASSERT_EQ(bought.status(), Status::ok) << message_of(bought);
    const auto failed =
        await_payout(admin, kDemo, wire::PayoutState::failed, std::chrono::seconds(15));
    ASSERT_TRUE(failed);
    const wire::PayoutView* payout = (*failed)->body_as_PayoutsReply()->payouts()->Get(0);
    ASSERT_EQ(payout->state(), wire::PayoutState::failed) << seatd.log();
    EXPECT_NE(payout->failure()->str().find("resource_missing"), std::string::npos)
        << payout->failure()->str();
    EXPECT_EQ(total(ledger(psp), "paid_out"), 0);
}

// Proves: a sale past the event's KYC threshold holds the seller's payout
// (nothing is paid), and verifying the seller releases it to be paid.
TEST(Resale, AHeldPayoutIsPaidOnceTheSellerIsVerified) {
    PspProcess psp;
    SeatdProcess seatd(paying_seatd(psp));
    Session admin(seatd.port(), kAdminKey);
    ASSERT_EQ(admin.ask(create_resale_event_frame(admin.next(), 9, 1000)).status(), Status::ok);
    Session app(seatd.port(), kAppKey);
    const wire::Id128 ticket = buy_ticket(app, 9, 20);
    const wire::Id128 listing = list_ticket(app, 9, ticket, 6000);
    const Reply bought =
        app.ask(buy_frame(app.next(), 9, listing, "buyer-5", "pm_card_visa", wire::Id128(8, 1)));
    ASSERT_EQ(bought.status(), Status::ok) << message_of(bought);

    const auto held = await_payout(admin, 9, wire::PayoutState::held_kyc, std::chrono::seconds(5));
    ASSERT_TRUE(held);
    ASSERT_EQ((*held)->body_as_PayoutsReply()->payouts()->Get(0)->state(),
              wire::PayoutState::held_kyc);
    EXPECT_EQ(app.ask(summary_frame(app.next(), 9))->body_as_SummaryReply()->payouts_held_kyc(),
              1u);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(total(ledger(psp), "transfers"), 0);

    const Reply verified = admin.ask(verify_frame(admin.next(), 9, kBuyer, wire::Id128(8, 2)));
    ASSERT_EQ(verified.status(), Status::ok) << message_of(verified);
    EXPECT_EQ(verified->body_as_KycReply()->released(), 1u);
    EXPECT_EQ(verified->body_as_KycReply()->seller()->str(), kBuyer);
    const auto paid = await_payout(admin, 9, wire::PayoutState::paid, std::chrono::seconds(15));
    ASSERT_TRUE(paid);
    const wire::PayoutView* payout = (*paid)->body_as_PayoutsReply()->payouts()->Get(0);
    ASSERT_EQ(payout->state(), wire::PayoutState::paid) << seatd.log();
    EXPECT_GT(payout->released_at_ms(), 0);
    EXPECT_EQ(total(ledger(psp), "paid_out"), 6000 - 600);
}

// Proves: kill -9 while a buyer's payment for a listing is in the provider's
// hands: after the restart the checkout resolves (sold, charged once), the
// ticket has exactly one owner (the buyer), and the seller is paid once.
TEST(Resale, AKillWhileABuyerPaysLeavesOneOwner) {
    PspProcess psp(PspOptions{{"--latency-median-ms", "1500"}});
    SeatdProcess seatd(paying_seatd(psp, {"--checkout-wait-ms", "100"}));
    wire::Id128 ticket;
    {
        Session app(seatd.port(), kAppKey);
        ticket = buy_ticket(app, kDemo, 16);
        const wire::Id128 listing = list_ticket(app, kDemo, ticket, 7000);
        const Reply pending = app.ask(
            buy_frame(app.next(), kDemo, listing, "buyer-6", "pm_card_visa", wire::Id128(9, 1)));
        ASSERT_EQ(pending.status(), Status::payment_pending) << message_of(pending);
        EXPECT_EQ(pending->body_as_CheckoutReply()->checkout()->state(),
                  wire::CheckoutState::paying);
        // A second buyer meanwhile is told someone is paying.
        const Reply busy = app.ask(
            buy_frame(app.next(), kDemo, listing, "buyer-7", "pm_card_visa", wire::Id128(9, 2)));
        EXPECT_EQ(busy.status(), Status::listing_in_checkout);
        EXPECT_EQ(busy->body_as_ListingReply()->listing()->seller(), nullptr);
    }
    seatd.kill9();
    seatd.restart();
    Session app(seatd.port(), kAppKey);
    Session admin(seatd.port(), kAdminKey);
    const auto end = Clock::now() + std::chrono::seconds(20);
    std::string owner;
    while (Clock::now() < end) {
        const Reply r = app.ask(ticket_frame(app.next(), kDemo, ticket));
        if (ticket_of(r).status() == wire::TicketStatus::valid) {
            owner = ticket_of(r).owner_id()->str();
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(owner, "buyer-6") << seatd.log();
    const auto ids_of = [&](const char* who) {
        const Reply r = app.ask(owner_tickets_frame(app.next(), kDemo, who));
        return r->body_as_TicketsReply()->tickets()->size();
    };
    EXPECT_EQ(ids_of("buyer-6"), 1u);
    EXPECT_EQ(ids_of(kBuyer), 0u);
    const Reply history = app.ask(history_frame(app.next(), kDemo, ticket));
    const auto* chain = history->body_as_HistoryReply()->transfers();
    ASSERT_EQ(chain->size(), 2u);
    EXPECT_EQ(chain->Get(1)->type(), wire::TransferType::marketplace);
    EXPECT_EQ(chain->Get(1)->price_minor(), 7000);

    const auto paid = await_payout(admin, kDemo, wire::PayoutState::paid, std::chrono::seconds(20));
    ASSERT_TRUE(paid);
    EXPECT_EQ((*paid)->body_as_PayoutsReply()->payouts()->Get(0)->state(), wire::PayoutState::paid);
    const json::object books = ledger(psp);
    EXPECT_EQ(total(books, "succeeded"), 1);
    EXPECT_EQ(total(books, "captured"), 7000);
    EXPECT_EQ(total(books, "transfers"), 1);
    EXPECT_EQ(total(books, "paid_out"), 6300);
}

}  // namespace
}  // namespace seat::server_testing
