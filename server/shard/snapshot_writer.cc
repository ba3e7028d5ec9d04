#include "server/shard/snapshot_writer.h"

#include "base/thread_name.h"
#include "server/log.h"

namespace seat::server {

SnapshotWriter::SnapshotWriter(std::size_t shard, storage::FactLog& log)
    : shard_(shard), log_(log), thread_([this] {
          name_this_thread("snapshots" + std::to_string(shard_));
          run();
      }) {}

SnapshotWriter::~SnapshotWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

bool SnapshotWriter::idle() {
    std::lock_guard lock(mutex_);
    return !busy_;
}

bool SnapshotWriter::offer(EventImage&& image) {
    {
        std::lock_guard lock(mutex_);
        if (busy_ || stopping_) return false;
        pending_.emplace(std::move(image));
        busy_ = true;
    }
    wake_.notify_one();
    return true;
}

void SnapshotWriter::wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !busy_; });
}

std::size_t SnapshotWriter::written() const {
    std::lock_guard lock(mutex_);
    return written_;
}

std::size_t SnapshotWriter::failed() const {
    std::lock_guard lock(mutex_);
    return failed_;
}

void SnapshotWriter::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return pending_.has_value() || stopping_; });
        if (!pending_) return;  // stopping, nothing left to write
        EventImage image = std::move(*pending_);
        pending_.reset();
        lock.unlock();
        const storage::Status s = log_.write_snapshot(image);
        if (!s.ok()) {
            log_line("shard %zu: snapshot of event %llu at %llu failed: %s", shard_,
                     static_cast<unsigned long long>(image.event),
                     static_cast<unsigned long long>(image.sequence), s.to_string().c_str());
        }
        image = EventImage{};  // free the megabytes before taking the lock again
        lock.lock();
        ++(s.ok() ? written_ : failed_);
        busy_ = false;
        idle_.notify_all();
    }
}

}  // namespace seat::server
