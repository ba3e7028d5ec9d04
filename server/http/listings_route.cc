// The marketplace's listings for an application's or a CDN's resale page
// (docs/http.md, docs/resale.md):
//   GET /events/{id}/listings[?section=NAME][&max_price=MINOR][&limit=N]
// Listings on sale, cheapest first, without sellers; asked of the event's shard
// like any query. Public like the seat map (it shows what anyone may buy) and
// cacheable for a few seconds: a listing bought meanwhile answers
// listing_in_checkout or listing_unavailable at BuyListing.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "engine/ids.h"
#include "engine/transfers/views.h"
#include "server/http/query_string.h"
#include "server/http/router.h"

namespace seat::server::http {
namespace {

namespace json = boost::json;

// A non-negative decimal within `max`, nothing else.
std::optional<std::int64_t> parse_count(std::string_view text, std::int64_t max) {
    std::int64_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || v < 0 ||
        v > max)
        return std::nullopt;
    return v;
}

json::object listing_json(const EventState& st, std::uint32_t index) {
    const Listing& l = st.listings()[index];
    const Ticket& t = st.tickets()[l.ticket];
    const Venue& v = st.venue();
    json::object o;
    o["listing_id"] = to_string(l.id);
    o["seat"] = v.seat_name(t.seat);
    o["section"] = v.sections[v.seats[t.seat].section].name;
    o["price_minor"] = l.price_minor;
    o["face_value_minor"] = face_value(st, t);
    o["currency"] = l.currency;
    o["listed_at_ms"] = l.listed_at;
    return o;
}

}  // namespace

void Router::listings(const Request& request, EventId event, Done& done) {
    std::string error;
    const std::optional<QueryString> query = parse_query(request.target, error);
    if (!query) return done(Response::error(400, "bad_query", error));
    ListingsQuery q;
    for (const auto& [key, value] : query->params) {
        if (key == "section") {
            if (value.empty() || value.size() > kLabelBytesMax)
                return done(Response::error(400, "bad_query", "section: a section's name"));
            q.section_name = value;
        } else if (key == "max_price") {
            const auto price = parse_count(value, kResalePriceMinorMax);
            if (!price)
                return done(Response::error(400, "bad_query",
                                            "max_price: minor units from 0 (any) to 1000000000"));
            q.max_price_minor = *price;
        } else if (key == "limit") {
            const auto limit = parse_count(value, kListingsPageMax);
            if (!limit || *limit == 0)
                return done(Response::error(400, "bad_query", "limit: from 1 to 500"));
            q.limit = static_cast<std::size_t>(*limit);
        } else {
            return done(Response::error(
                400, "bad_query",
                "unknown query parameter '" + key + "' (section, max_price, limit)"));
        }
    }
    submit(
        event, Query{std::move(q)},
        [](const Answer& answer) {
            const auto* page = std::get_if<ListingsAnswer>(&answer.body);
            if (answer.status == Status::invalid_argument)
                return Response::error(404, "section_not_found", "no section with that name");
            if (answer.status != Status::ok || page == nullptr || answer.state == nullptr)
                return Response::error(500, "internal_error", "the event's shard did not answer");
            json::array items;
            items.reserve(page->listings.size());
            for (const std::uint32_t i : page->listings)
                items.push_back(listing_json(*answer.state, i));
            json::object body;
            body["listings"] = std::move(items);
            body["more"] = page->more;
            body["sequence"] = answer.state->sequence();
            Response r = Response::text(200, json::serialize(body) + "\n", "application/json");
            r.headers = {{"Cache-Control", "public, max-age=5, s-maxage=5"}};
            return r;
        },
        done);
}

}  // namespace seat::server::http
