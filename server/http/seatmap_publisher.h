// Keeps every event's seat map fresh: every interval it asks the shard of each
// event whose sequence moved since its last render for a copy (a job like any
// other, so the copy is taken at a place in a round and leaves only once that
// round is durable: a map never shows a seat a crash could take back), then
// renders and gzips the copies on its own thread and puts them in the store.
// Page views never reach a shard.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "server/http/seatmap.h"
#include "server/http/seatmap_store.h"
#include "server/shard/environment.h"
#include "server/shard/event_directory.h"
#include "server/shard/shard.h"

namespace seat::server::http {

struct PublisherStats {
    std::uint64_t renders = 0;
    double render_seconds_total = 0;
    std::uint64_t copies_refused = 0;  // a shard queue full or closed
    std::uint64_t copies = 0;          // taken on shard threads
    double copy_seconds_total = 0;     // the shard threads' time taking them
};

class SeatmapPublisher {
  public:
    SeatmapPublisher(Shards& shards, EventDirectory& directory, SeatmapStore& store,
                     const Clock& clock, std::chrono::seconds interval);
    ~SeatmapPublisher();  // stop()
    SeatmapPublisher(const SeatmapPublisher&) = delete;
    SeatmapPublisher& operator=(const SeatmapPublisher&) = delete;

    void start();  // after the shards started
    void stop();   // before the shards stop; joins the thread
    PublisherStats stats() const;
    std::chrono::seconds interval() const { return interval_; }

  private:
    class CopyResponder;

    void run();
    void request_copies();
    void take(std::vector<SeatmapCopy> copies);  // any shard thread, after its commit
    void render(const SeatmapCopy& copy);

    Shards& shards_;
    EventDirectory& directory_;
    SeatmapStore& store_;
    const Clock& clock_;
    const std::chrono::seconds interval_;
    std::vector<std::shared_ptr<CopyResponder>> responders_;  // one per shard

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<SeatmapCopy> inbox_;  // by mutex_
    bool stopping_ = false;           // by mutex_
    PublisherStats stats_;            // by mutex_
    std::thread thread_;

    // The publisher thread's own: what was asked of shards, and when.
    std::map<EventId, std::chrono::steady_clock::time_point> asked_;
};

}  // namespace seat::server::http
