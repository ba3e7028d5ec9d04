#include "server/http/seatmap_publisher.h"

#include "base/thread_name.h"
#include "server/http/gzip.h"
#include "server/http/http_limits.h"
#include "server/log.h"

namespace seat::server::http {

// Copies each answer on the shard thread; hands them over after the commit.
class SeatmapPublisher::CopyResponder final : public Responder {
  public:
    CopyResponder(SeatmapPublisher& publisher, const Clock& clock)
        : publisher_(publisher), clock_(clock) {}
    void respond(const Answer& answer) override {
        if (answer.status != Status::ok || answer.state == nullptr || !answer.state->created())
            return;
        const auto started = std::chrono::steady_clock::now();
        copies_.push_back(copy_seatmap(*answer.state, clock_.now_ms()));
        copies_.back().copy_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
    void release() override {
        if (!copies_.empty()) publisher_.take(std::move(copies_));
        copies_.clear();
    }

  private:
    SeatmapPublisher& publisher_;
    const Clock& clock_;
    std::vector<SeatmapCopy> copies_;  // the shard thread's
};

SeatmapPublisher::SeatmapPublisher(Shards& shards, EventDirectory& directory, SeatmapStore& store,
                                   const Clock& clock, std::chrono::seconds interval)
    : shards_(shards), directory_(directory), store_(store), clock_(clock), interval_(interval) {
    for (std::size_t i = 0; i < shards_.size(); ++i)
        responders_.push_back(std::make_shared<CopyResponder>(*this, clock_));
}

SeatmapPublisher::~SeatmapPublisher() {
    stop();
}

void SeatmapPublisher::start() {
    thread_ = std::thread([this] {
        name_this_thread("seatmaps");
        run();
    });
}

void SeatmapPublisher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

PublisherStats SeatmapPublisher::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void SeatmapPublisher::take(std::vector<SeatmapCopy> copies) {
    {
        std::lock_guard lock(mutex_);
        for (SeatmapCopy& c : copies) {
            ++stats_.copies;
            stats_.copy_seconds_total += c.copy_seconds;
            inbox_.push_back(std::move(c));
        }
    }
    wake_.notify_one();
}

void SeatmapPublisher::run() {
    auto next = std::chrono::steady_clock::now();
    for (;;) {
        std::vector<SeatmapCopy> copies;
        bool due = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_until(lock, next, [&] { return stopping_ || !inbox_.empty(); });
            if (stopping_) return;
            copies.swap(inbox_);
            due = std::chrono::steady_clock::now() >= next;
        }
        for (const SeatmapCopy& c : copies) {
            asked_.erase(c.event);
            render(c);
        }
        if (due) {
            request_copies();
            next = std::chrono::steady_clock::now() + interval_;
        }
    }
}

void SeatmapPublisher::request_copies() {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::vector<Job>> by_shard(shards_.size());
    for (const EventListing& e : directory_.all()) {
        const auto rendered = store_.get(e.event);
        if (rendered && rendered->sequence == e.sequence) continue;
        const auto asked = asked_.find(e.event);
        if (asked != asked_.end() && now - asked->second < kSeatmapCopyTimeout) continue;
        const std::size_t shard = shards_.owner(e.event).index();
        Job job;
        job.event = e.event;
        // A summary query reads the event at its place in a round; the responder
        // takes its copy from the state it is shown.
        job.work = Query{SummaryQuery{}};
        job.responder = responders_[shard];
        by_shard[shard].push_back(std::move(job));
        asked_[e.event] = now;
    }
    for (std::size_t i = 0; i < by_shard.size(); ++i) {
        if (by_shard[i].empty()) continue;
        if (shards_.at(i).push(by_shard[i]) == Shard::Push::queued) continue;
        // A full queue is a burst of buyers: the map waits for the next interval.
        std::lock_guard lock(mutex_);
        stats_.copies_refused += by_shard[i].size();
        for (const Job& j : by_shard[i])
            asked_.erase(j.event);
    }
}

void SeatmapPublisher::render(const SeatmapCopy& copy) {
    const auto started = std::chrono::steady_clock::now();
    const auto refresh = static_cast<unsigned>(interval_.count());
    auto map = std::make_shared<RenderedSeatmap>();
    map->event = copy.event;
    map->sequence = copy.sequence;
    map->generated_at = copy.copied_at;
    map->etag = "\"" + std::to_string(copy.event) + "." + std::to_string(copy.sequence) + "\"";
    map->full = seatmap_json(copy, refresh);
    map->full_gzip = gzip(map->full);
    map->sections = sections_json(copy, refresh);
    map->sections_gzip = gzip(map->sections);
    store_.put(std::move(map));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::lock_guard lock(mutex_);
    ++stats_.renders;
    stats_.render_seconds_total += seconds;
}

}  // namespace seat::server::http
