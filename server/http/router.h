// The HTTP side's routes (docs/http.md): health, readiness, metrics, each
// event's seat map (whole and compact), its revocation filter for offline
// scanners, its waiting room (join, poll, heartbeat, leave: what a browser
// does in the queue), its resale listings, and the seat-map page. The seat maps, the page and
// health are answered from memory on the HTTP thread; the filter and the
// waiting room and the resale listings are asked of the event's shard like any query or command and
// answered when that round is durable.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/auth/api_keys.h"
#include "server/auth/binding.h"
#include "server/http/http_types.h"
#include "server/http/seatmap_store.h"
#include "server/shard/event_directory.h"
#include "server/shard/shard.h"
#include "server/tickets/ticket_codes.h"

namespace seat::server::http {

struct RouterContext {
    Shards* shards = nullptr;
    const EventDirectory* directory = nullptr;
    const SeatmapStore* seatmaps = nullptr;
    unsigned seatmap_refresh_s = 30;
    // nullptr: no keys file, loopback only: the filter is served to anyone.
    const ApiKeys* keys = nullptr;
    // Recovered and accepting on the binary port (false again while stopping).
    std::function<bool()> ready;
    std::function<std::string()> metrics;  // the Prometheus text
    // The waiting room's session binding and the keys its tokens are signed with.
    const Binding* room_binding = nullptr;
    std::shared_ptr<TicketKeys> tickets;
};

class Router {
  public:
    explicit Router(RouterContext context);
    // Answers through `done`, once, on this thread or a shard's.
    void handle(const Request& request, Done done);

    // Turns a shard's answer into the HTTP response (on the shard thread).
    using Convert = std::function<Response(const Answer&)>;

  private:
    class ShardResponder;

    void seatmap(const Request& request, EventId event, bool compact, Done& done);
    void revocations(const Request& request, EventId event, Done& done);
    void queue(const Request& request, EventId event, std::string_view rest, Done& done);
    void listings(const Request& request, EventId event, Done& done);  // listings_route.cc
    // Sends `work` to the event's shard; `convert` answers once the round is durable.
    void submit(EventId event, std::variant<Command, Query> work, Convert convert, Done& done);

    RouterContext context_;
    std::vector<std::shared_ptr<ShardResponder>> responders_;  // one per shard
};

}  // namespace seat::server::http
