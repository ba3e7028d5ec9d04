// The HTTP side's routes (docs/http.md): health, readiness, metrics, each
// event's seat map (whole and compact), its revocation filter for offline
// scanners, and the seat-map page. Everything but the revocation filter is
// answered from memory on the HTTP thread; the filter is asked of the event's
// shard like any query and answered when that round is durable.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/auth/api_keys.h"
#include "server/http/http_types.h"
#include "server/http/seatmap_store.h"
#include "server/shard/event_directory.h"
#include "server/shard/shard.h"

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
};

class Router {
  public:
    explicit Router(RouterContext context);
    // Answers through `done`, once, on this thread or a shard's.
    void handle(const Request& request, Done done);

  private:
    class RevocationsResponder;

    void seatmap(const Request& request, EventId event, bool compact, Done& done);
    void revocations(const Request& request, EventId event, Done& done);

    RouterContext context_;
    std::vector<std::shared_ptr<RevocationsResponder>> responders_;  // one per shard
};

}  // namespace seat::server::http
