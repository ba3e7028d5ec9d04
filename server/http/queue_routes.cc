// The waiting room over HTTP (docs/waiting-room.md, "For browsers"), for buyers
// whose browser waits in the queue without an application in between:
//   POST   /events/{id}/queue                 {"session": "<32 hex>"}  join
//   GET    /events/{id}/queue/{ticket}        poll (counts as a heartbeat)
//   POST   /events/{id}/queue/{ticket}/heartbeat
//   DELETE /events/{id}/queue/{ticket}        leave
//   GET    /events/{id}/room                  the room as a whole
// Each is a job on the event's shard, answered when its round is durable. The
// answers are never cached (Cache-Control: no-store): a position is one buyer's.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "server/http/queue_request.h"
#include "server/http/router.h"
#include "server/room/admission_tokens.h"

namespace seat::server::http {
namespace {

namespace json = boost::json;

std::string hex_id(const Id128& id) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
        out[15 - i] = kHex[(id.hi >> (4 * i)) & 15];
        out[31 - i] = kHex[(id.lo >> (4 * i)) & 15];
    }
    return out;
}

Response json_response(unsigned status, const json::object& body) {
    Response r = Response::text(status, json::serialize(body) + "\n", "application/json");
    r.headers = {{"Cache-Control", "no-store"}};
    return r;
}

// A refusal of the room's as an HTTP error.
Response room_refusal(Status status) {
    switch (status) {
        case Status::no_waiting_room:
            return Response::error(404, "no_waiting_room", "this event has no waiting room");
        case Status::queue_ticket_not_found:
            return Response::error(404, "queue_ticket_not_found", "no such queue ticket");
        case Status::sold_out:
            return Response::error(409, "sold_out", "the event is sold out");
        case Status::queue_full: {
            Response r = Response::error(503, "queue_full", "the waiting room is full; retry");
            r.headers = {{"Retry-After", "5"}};
            return r;
        }
        default:
            return Response::error(500, "internal_error", "the event's shard did not answer");
    }
}

json::object entry_json(const QueueAnswer& q, EventId event, const TicketKeys& keys) {
    const QueueView& v = q.view;
    json::object o;
    o["ticket"] = hex_id(q.ticket);
    o["state"] = to_string(v.state);
    o["room"] = to_string(v.room);
    if (v.position_known)
        o["position"] = v.ahead + 1;
    else
        o["position"] = nullptr;
    o["ahead"] = v.ahead;
    if (v.eta_ms >= 0)
        o["eta_ms"] = v.eta_ms;
    else
        o["eta_ms"] = nullptr;
    o["seats_left"] = v.seats_left;
    o["fewer_seats_than_ahead"] = v.fewer_seats_than_ahead;
    o["joined_at_ms"] = v.joined_at;
    o["heartbeat_every_ms"] = kRoomHeartbeatEveryMs;
    if (v.place != 0) o["place"] = v.place;
    if (v.state == EntryState::admitted) {
        o["admitted_at_ms"] = v.admitted_at;
        o["admission_token"] =
            sign_admission(keys, event, v.entry, v.token_expires_at, q.room_session);
        o["token_expires_at_ms"] = v.token_expires_at;
        o["holds_left"] = v.holds_left;
    }
    if (q.existing) o["existing"] = true;
    return o;
}

json::object room_json(const RoomView& v) {
    json::object o;
    o["state"] = to_string(v.state);
    o["waiting"] = v.waiting;
    o["active"] = v.active;
    o["max_active"] = v.max_active;
    o["admitted_total"] = v.admitted_total;
    o["abandoned"] = v.abandoned;
    o["left"] = v.left;
    o["done"] = v.done;
    if (v.admission_rate >= 0)
        o["admitted_per_second"] = v.admission_rate;
    else
        o["admitted_per_second"] = nullptr;
    o["available"] = v.available;
    o["held"] = v.held;
    o["sale_starts_at_ms"] = v.sale_starts_at;
    o["opened_at_ms"] = v.opened_at;
    return o;
}

Response not_allowed(std::string_view allow) {
    Response r =
        Response::error(405, "method_not_allowed", "this path answers " + std::string(allow));
    r.headers.emplace_back("Allow", std::string(allow));
    return r;
}

}  // namespace

void Router::queue(const Request& request, EventId event, std::string_view what, Done& done) {
    if (context_.room_binding == nullptr || context_.tickets == nullptr)
        return done(Response::error(404, "not_found", "this server has no waiting room routes"));
    const std::shared_ptr<TicketKeys> keys = context_.tickets;
    const Convert entry = [keys, event](const Answer& a) {
        const auto* q = std::get_if<QueueAnswer>(&a.body);
        if (q == nullptr) return room_refusal(a.status);
        return json_response(200, entry_json(*q, event, *keys));
    };
    const std::string_view m = request.method;
    if (what == "room") {
        if (m != "GET" && m != "HEAD") return done(not_allowed("GET, HEAD"));
        return submit(
            event, Query{RoomQuery{}},
            [](const Answer& a) {
                const auto* r = std::get_if<RoomAnswer>(&a.body);
                return r == nullptr ? room_refusal(a.status)
                                    : json_response(200, room_json(r->view));
            },
            done);
    }
    if (what == "queue") {
        if (m != "POST") return done(not_allowed("POST"));
        const std::optional<Id128> session = parse_join_body(request.body);
        if (!session)
            return done(Response::error(400, "bad_session",
                                        "send {\"session\": \"<32 hex digits>\"}: the browser's "
                                        "own random session id"));
        return submit(event, Command{JoinQueue{context_.room_binding->bind(*session)}}, entry,
                      done);
    }
    // queue/{ticket} and queue/{ticket}/heartbeat
    std::string_view rest = what.substr(std::string_view("queue/").size());
    const bool heartbeat = rest.ends_with("/heartbeat");
    if (heartbeat) rest.remove_suffix(std::string_view("/heartbeat").size());
    const std::optional<Id128> ticket = parse_queue_id(rest);
    if (!ticket)
        return done(
            Response::error(400, "bad_ticket", "a queue ticket is 32 hex digits or a UUID"));
    if (heartbeat) {
        if (m != "POST") return done(not_allowed("POST"));
        return submit(event, Query{QueueQuery{*ticket, true}}, entry, done);
    }
    if (m == "GET" || m == "HEAD")
        return submit(event, Query{QueueQuery{*ticket, true}}, entry, done);
    if (m == "DELETE") return submit(event, Command{LeaveQueue{*ticket}}, entry, done);
    done(not_allowed("GET, HEAD, DELETE"));
}

}  // namespace seat::server::http
