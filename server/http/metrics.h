// seatd's /metrics (docs/http.md lists every family): gathered when scraped
// from counters that each part keeps for itself (shards, the saga worker, the
// seat-map publisher, the listeners); nothing is kept for the metrics alone.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "server/checkout/saga_worker.h"
#include "server/http/seatmap_publisher.h"
#include "server/http/seatmap_store.h"
#include "server/shard/environment.h"
#include "server/shard/event_directory.h"
#include "server/shard/shard.h"

namespace seat::server::http {

struct MetricsSources {
    Shards* shards = nullptr;
    const EventDirectory* directory = nullptr;
    const SeatmapStore* seatmaps = nullptr;
    const SeatmapPublisher* publisher = nullptr;
    const SagaWorker* saga = nullptr;  // null: payments off
    const Clock* clock = nullptr;
    std::function<std::size_t()> binary_connections;
    std::function<std::size_t()> http_connections;
};

std::string render_metrics(const MetricsSources& sources);

}  // namespace seat::server::http
