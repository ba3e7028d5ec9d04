// The seat maps as served: each event's latest render, whole and gzipped,
// replaced as a unit so a reader never mixes two renders. Thread-safe: the
// publisher writes, the HTTP threads read (a shared_ptr copy under a mutex).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/ids.h"

namespace seat::server::http {

struct RenderedSeatmap {
    EventId event = 0;
    Sequence sequence = 0;
    UnixMillis generated_at = 0;
    std::string etag;  // strong: "<event>.<sequence>", quotes included
    std::string full, full_gzip;
    std::string sections, sections_gzip;
};

class SeatmapStore {
  public:
    std::shared_ptr<const RenderedSeatmap> get(EventId event) const;
    void put(std::shared_ptr<const RenderedSeatmap> map);
    // Every render, in event order (metrics).
    std::vector<std::shared_ptr<const RenderedSeatmap>> all() const;

  private:
    mutable std::mutex mutex_;
    std::map<EventId, std::shared_ptr<const RenderedSeatmap>> maps_;
};

}  // namespace seat::server::http
