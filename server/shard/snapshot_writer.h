// Writes event snapshots on a thread of its own, so that a shard's rounds never
// wait for one. A stadium's snapshot is megabytes (the seats, the holds, the
// idempotency window) and its write ends in an fsync: on the shard thread it
// stalled every reply of the round behind it, which showed up as seatd's p99
// under load. The shard hands over a copy of the state (EventImage) and goes on;
// the writer takes one at a time, and an offer made while it is busy is declined
// (the shard offers again after its next round: a snapshot only bounds replay at
// start-up, it is never needed for correctness).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/event_state.h"
#include "storage/fact_log.h"

namespace seat::server {

class SnapshotWriter {
  public:
    SnapshotWriter(std::size_t shard, storage::FactLog& log);
    ~SnapshotWriter();  // writes the pending snapshot, if any, then joins
    SnapshotWriter(const SnapshotWriter&) = delete;
    SnapshotWriter& operator=(const SnapshotWriter&) = delete;

    // True when the writer is idle and can take a snapshot now.
    bool idle();
    // Takes the image if idle (returns true); otherwise leaves it and returns false.
    bool offer(EventImage&& image);
    // Waits until the writer is idle (tests, shutdown).
    void wait_idle();

    std::size_t written() const;
    std::size_t failed() const;

  private:
    void run();

    const std::size_t shard_;
    storage::FactLog& log_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::optional<EventImage> pending_;  // guarded by mutex_
    bool busy_ = false;                  // guarded by mutex_: pending_ or a write in progress
    bool stopping_ = false;              // guarded by mutex_
    std::size_t written_ = 0;            // guarded by mutex_
    std::size_t failed_ = 0;             // guarded by mutex_
    std::thread thread_;                 // last: starts after every member above exists
};

}  // namespace seat::server
