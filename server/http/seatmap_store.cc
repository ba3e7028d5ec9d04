#include "server/http/seatmap_store.h"

namespace seat::server::http {

std::shared_ptr<const RenderedSeatmap> SeatmapStore::get(EventId event) const {
    std::lock_guard lock(mutex_);
    const auto it = maps_.find(event);
    return it == maps_.end() ? nullptr : it->second;
}

void SeatmapStore::put(std::shared_ptr<const RenderedSeatmap> map) {
    std::lock_guard lock(mutex_);
    maps_[map->event] = std::move(map);
}

std::vector<std::shared_ptr<const RenderedSeatmap>> SeatmapStore::all() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<const RenderedSeatmap>> out;
    out.reserve(maps_.size());
    for (const auto& [event, map] : maps_)
        out.push_back(map);
    return out;
}

}  // namespace seat::server::http
