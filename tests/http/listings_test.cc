// The resale listings over HTTP (docs/http.md, docs/resale.md) against the real
// seatd: tickets sold and listed through the binary protocol show on
// GET /events/{id}/listings cheapest first, without sellers, filtered by
// section, price and limit; a listing bought or delisted leaves it; bad queries
// and unknown sections are refused with their reasons.
#include "server/http/query_string.h"
#include "tests/http/http_fixture.h"

namespace seat::http_testing {
namespace {

Bytes list_frame(std::uint64_t id, wire::Id128 ticket, std::int64_t price, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body =
        wire::CreateListTicketDirect(b, &ticket, "buyer-1", price, "acct_seller", &key);
    return finish(b, id, 1, wire::RequestBody::ListTicket, body.Union());
}

Bytes delist_frame(std::uint64_t id, wire::Id128 ticket, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateDelistTicketDirect(b, &ticket, "buyer-1", &key);
    return finish(b, id, 1, wire::RequestBody::DelistTicket, body.Union());
}

// Sells `seats` of the demo event to buyer-1; returns their ticket ids.
std::vector<wire::Id128> sell(WireClient& c, std::uint64_t& id,
                              const std::vector<std::uint32_t>& seats) {
    const std::uint64_t h = hold(c, id, seats);
    ++id;
    EXPECT_TRUE(c.send(purchase_frame(id, 1, h, wire::Id128(3, 3), wire::Id128(0x71, id))));
    const auto r = c.read();
    std::vector<wire::Id128> out;
    if (!r || r->status() != Status::ok) throw std::runtime_error("the purchase was refused");
    for (const wire::TicketView* t : *(*r)->body_as_PurchaseReply()->tickets())
        out.push_back(*t->ticket_id());
    return out;
}

void list(WireClient& c, std::uint64_t& id, wire::Id128 ticket, std::int64_t price) {
    ++id;
    ASSERT_TRUE(c.send(list_frame(id, ticket, price, wire::Id128(0x72, id))));
    const auto r = c.read();
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status(), Status::ok) << ((*r)->message() ? (*r)->message()->str() : "");
}

json::object listings(HttpClient& http, const std::string& query = "") {
    const HttpResponse r = http.get("/events/1/listings" + query);
    EXPECT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    return json::parse(r.body).as_object();
}

// Proves: what is on sale is listed cheapest first with seat, section, price and
// face value and no seller; the filters narrow it; a delisted ticket leaves.
TEST(HttpListings, ShowWhatIsOnSaleCheapestFirst) {
    SeatdProcess seatd(fast_maps());
    HttpClient http(seatd.http_port());
    WireClient c(seatd.port());
    say_hello(c, kAdminKey);
    std::uint64_t id = 1;
    EXPECT_TRUE(listings(http).at("listings").as_array().empty());

    const std::vector<wire::Id128> tickets = sell(c, id, {10, 11, 12});
    list(c, id, tickets[0], 300);
    list(c, id, tickets[1], 100);
    list(c, id, tickets[2], 200);
    json::object all = listings(http);
    const json::array& items = all.at("listings").as_array();
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].at("price_minor").to_number<std::int64_t>(), 100);
    EXPECT_EQ(items[2].at("price_minor").to_number<std::int64_t>(), 300);
    EXPECT_FALSE(all.at("more").as_bool());
    const json::object& first = items[0].as_object();
    EXPECT_FALSE(first.contains("seller"));
    EXPECT_GE(first.at("face_value_minor").to_number<std::int64_t>(), 100);
    EXPECT_EQ(first.at("listing_id").as_string().size(), 36u);
    EXPECT_FALSE(first.at("seat").as_string().empty());
    const std::string section(first.at("section").as_string());
    EXPECT_EQ(http.get("/events/1/listings").header("Cache-Control"),
              "public, max-age=5, s-maxage=5");

    EXPECT_EQ(listings(http, "?max_price=200").at("listings").as_array().size(), 2u);
    const json::object one = listings(http, "?limit=1");
    EXPECT_EQ(one.at("listings").as_array().size(), 1u);
    EXPECT_TRUE(one.at("more").as_bool());
    std::string escaped;
    for (char ch : section)
        escaped += ch == ' ' ? std::string("%20") : std::string(1, ch);
    EXPECT_EQ(listings(http, "?section=" + escaped).at("listings").as_array().size(), 3u);

    ++id;
    ASSERT_TRUE(c.send(delist_frame(id, tickets[1], wire::Id128(0x73, id))));
    ASSERT_EQ(c.read().value().status(), Status::ok);
    const json::object after = listings(http);
    ASSERT_EQ(after.at("listings").as_array().size(), 2u);
    EXPECT_EQ(after.at("listings").as_array()[0].at("price_minor").to_number<std::int64_t>(), 200);
}

// Proves: malformed or unknown parameters are 400 with a reason, an unknown
// section 404, an unknown event 404; none reaches a shard as a command.
TEST(HttpListings, BadQueriesAreRefusedWithAReason) {
    SeatdProcess seatd(fast_maps());
    HttpClient http(seatd.http_port());
    for (const std::string q : {"?max_price=-1", "?max_price=abc", "?limit=0", "?limit=501",
                                "?colour=red", "?section=%zz", "?limit=1&limit=2", "?section="}) {
        const HttpResponse r = http.get("/events/1/listings" + q);
        EXPECT_EQ(r.status, 400u) << q;
        EXPECT_EQ(json::parse(r.body).at("error").as_string(), "bad_query") << q;
    }
    HttpResponse r = http.get("/events/1/listings?section=Nowhere");
    EXPECT_EQ(r.status, 404u);
    EXPECT_EQ(json::parse(r.body).at("error").as_string(), "section_not_found");
    r = http.get("/events/99/listings");
    EXPECT_EQ(r.status, 404u);
    EXPECT_EQ(json::parse(r.body).at("error").as_string(), "event_not_found");
    EXPECT_EQ(http.post("/events/1/listings", "x").status, 405u);
}

// Proves: the query parser decodes escapes and '+', keeps order, skips empty
// items, and refuses bad escapes, repeats and too many parameters.
TEST(QueryString, StrictDecoding) {
    using server::http::parse_query;
    std::string error;
    auto q = parse_query("/x?section=Block%20A&max_price=5&&flag&name=a+b", error);
    ASSERT_TRUE(q) << error;
    EXPECT_EQ(q->get("section"), "Block A");
    EXPECT_EQ(q->get("max_price"), "5");
    EXPECT_EQ(q->get("flag"), "");
    EXPECT_EQ(q->get("name"), "a b");
    EXPECT_FALSE(q->get("absent"));
    EXPECT_TRUE(parse_query("/x", error)->params.empty());
    for (const char* bad : {"/x?a=%", "/x?a=%4", "/x?a=%g0", "/x?a=1&a=2", "/x?%zz=1"})
        EXPECT_FALSE(parse_query(bad, error)) << bad;
    std::string many = "/x?";
    for (int i = 0; i <= 16; ++i)
        many += "k" + std::to_string(i) + "=1&";
    EXPECT_FALSE(parse_query(many, error));
    EXPECT_NE(error.find("more than 16"), std::string::npos);
}

}  // namespace
}  // namespace seat::http_testing
