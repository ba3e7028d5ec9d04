// A shard: one thread that owns a set of events and is the only code that reads
// or changes their state. It works in rounds (shard.cc explains why): take every
// queued job, decide + apply each, make all the round's facts durable in one
// synced batch, and only then let the round's answers go. It speaks engine
// commands and queries (job.h), not any wire format: whoever submits a job
// brings a Responder that turns the answer into its own reply. Its queue is
// bounded: a job that finds it full is refused at once, so memory never grows
// with load.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "engine/engine.h"
#include "server/shard/environment.h"
#include "server/shard/event_directory.h"
#include "server/shard/job.h"
#include "server/shard/room_watch.h"
#include "server/shard/saga_port.h"
#include "server/shard/snapshot_writer.h"
#include "server/tickets/revocation_cache.h"
#include "storage/fact_log.h"
#include "storage/recovery.h"

namespace seat::server {

struct ShardOptions {
    std::size_t queue_max = 65'536;
    storage::SnapshotPolicy snapshots;
    Environment environment;
    // The largest revocation filter an event serves (the server sets it so that
    // one fits a reply of its protocol).
    std::size_t revocation_filter_bytes_max = std::size_t{960} << 10;
    // The payment side of the checkout saga and the payout outbox; null:
    // checkouts and resale purchases are refused (unsupported: no payment
    // provider), and payouts wait for a start with one.
    SagaPort* saga = nullptr;
    // How long a Checkout's answer waits for the payment's outcome before it is
    // answered payment_pending (the checkout carries on; GetCheckout tells).
    UnixMillis checkout_answer_wait_ms = 30'000;
};

// Histogram bounds of the metrics (docs/http.md): a commit is an fsync, so its
// buckets sit around the durable-hold SLO (p99 under 10 ms on a healthy disk);
// a round's size is the batching the log gets.
inline constexpr std::array<double, 12> kCommitSecondsBounds = {
    0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};
inline constexpr std::array<double, 11> kRoundRequestsBounds = {1,  2,   4,   8,   16,  32,
                                                                64, 128, 256, 512, 1024};

// Answers a shard gave, by what was asked (the job's command or query) and the
// status: kJobKinds rows of kStatusSlots (statuses beyond the last slot count there).
inline constexpr std::size_t kJobKinds = std::variant_size_v<Command> + std::variant_size_v<Query>;
inline constexpr std::size_t kStatusSlots = 56;
static_assert(static_cast<std::size_t>(Status::payout_not_found) < kStatusSlots,
              "every status has its own slot");
using AnswerCounts = std::array<std::array<std::uint64_t, kStatusSlots>, kJobKinds>;
// The row of a job, and its name: the protocol's request name (PlaceHold is
// Hold's), or the internal command's (ExpireHolds, SettleCheckout).
std::size_t job_kind(const Job& job);
std::string_view job_kind_name(std::size_t kind);

// Counters of the rounds a shard ran, readable from any thread while it runs
// (each counter is exact; a copy taken mid-round may mix two rounds).
struct RoundStats {
    std::uint64_t rounds = 0;
    std::uint64_t requests = 0;
    std::uint64_t facts = 0;
    std::uint64_t commits = 0;
    std::uint64_t commit_us_total = 0;
    std::uint64_t commit_us_max = 0;
    std::uint64_t requests_max = 0;  // the largest round
    std::uint64_t holds_placed = 0;
    std::uint64_t holds_expired = 0;
    // Per bucket (not cumulative), the last one above the largest bound.
    std::array<std::uint64_t, kCommitSecondsBounds.size() + 1> commit_seconds{};
    std::array<std::uint64_t, kRoundRequestsBounds.size() + 1> round_requests{};
};

class Shard {
  public:
    Shard(std::size_t index, storage::FactLog& log, EventDirectory& directory,
          const ShardOptions& options);
    ~Shard();
    Shard(const Shard&) = delete;
    Shard& operator=(const Shard&) = delete;

    // Before start(): takes over a recovered event.
    void adopt(storage::RecoveredEvent recovered);
    bool has_event(EventId event) const { return events_.count(event) != 0; }
    // Before start(): creates an event and makes it durable at once (the demo event).
    Result create_now(const CreateEvent& command);

    void start();
    enum class Push { queued, full, closed };
    // Any thread: queues as many of `jobs` as fit, in order, and removes them;
    // what is left was refused, for the reason returned (`queued` when none was):
    // `full`, the queue is at its limit; `closed`, the shard is stopping.
    Push push(std::vector<Job>& jobs);
    // Instead of start(): runs one round on the calling thread with the jobs
    // queued so far (and the holds due at the clock's time). Tests drive a shard
    // this way, round by round, with a ManualClock.
    void run_one_round();
    // Any thread: refuse new jobs, run a last round for the queued ones, end the thread.
    void stop();
    void join();

    std::size_t index() const { return index_; }
    RoundStats stats() const;
    // Any thread: jobs waiting for the next round.
    std::size_t queue_depth() const;
    // Any thread; each count exact, the table possibly mid-round.
    AnswerCounts answer_counts() const;

  private:
    struct EventSlot {
        explicit EventSlot(std::size_t revocation_filter_bytes_max)
            : revocations(revocation_filter_bytes_max) {}
        EventState state;
        Sequence last_snapshot = 0;
        IdempotencyKey create_key;  // the key that created it, while this process runs
        bool touched = false;       // changed in the current round
        RevocationCache revocations;
        RoomWatch room_watch;  // the waiting room's heartbeats
        UnixMillis next_lapse_scan = 0;
    };
    struct LiveStats {
        std::atomic<std::uint64_t> rounds{0}, requests{0}, facts{0}, commits{0}, commit_us_total{0},
            commit_us_max{0}, requests_max{0}, holds_placed{0}, holds_expired{0};
        std::array<std::atomic<std::uint64_t>, kCommitSecondsBounds.size() + 1> commit_seconds{};
        std::array<std::atomic<std::uint64_t>, kRoundRequestsBounds.size() + 1> round_requests{};
        std::array<std::array<std::atomic<std::uint64_t>, kStatusSlots>, kJobKinds> answers{};
    };

    void run();
    void take_round(std::vector<Job>& jobs, bool& stopping);
    void run_round(std::vector<Job>& jobs);
    void expire_due_holds(UnixMillis now);
    void handle(Job& job, UnixMillis now);
    void handle_create(Job& job, CreateEvent& command, UnixMillis now);
    void run_command(Job& job, EventSlot& slot, Command& command, UnixMillis now);
    void run_checkout(Job& job, EventSlot& slot, const Command& command, const IdempotencyKey& key,
                      UnixMillis now);
    void expire_due_checkouts(EventSlot& slot, UnixMillis now);
    void expire_due_offers(EventSlot& slot, UnixMillis now);
    static PayoutTask payout_task(const EventState& st, std::uint32_t payout);
    void run_rooms(UnixMillis now);
    void answer_queue(Job& job, EventSlot& slot, Status status, std::uint32_t entry, bool existing,
                      UnixMillis now);
    void answer_parked(UnixMillis now);
    void hand_over_saga_work();
    void hand_over_recovered();
    void run_query(Job& job, EventSlot& slot, const Query& query, UnixMillis now);
    bool resolve_seat_names(Job& job, EventSlot& slot, Command& command);
    void stage_facts(EventSlot& slot, Sequence first);
    void commit_round();
    void after_commit();
    void answer(const Answer& answer);
    void release_answers();

    const std::size_t index_;
    storage::FactLog& log_;
    EventDirectory& directory_;
    const ShardOptions options_;
    const Clock& clock_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Job> queue_;  // guarded by mutex_
    bool stopping_ = false;   // guarded by mutex_
    // The shard thread sleeps for want of a job (guarded by mutex_): only then
    // does a push wake it.
    bool sleeping_ = false;
    std::thread thread_;

    // Owned by the shard thread (or the starting thread before start()).
    std::unordered_map<EventId, EventSlot> events_;
    Rng rng_;
    FactBuffer facts_;
    storage::RoundBatch batch_;
    std::vector<EventSlot*> touched_;
    // Responders with answers in the current round, each once; released after the commit.
    std::vector<std::shared_ptr<Responder>> answered_;
    std::unordered_map<const Responder*, std::size_t> answered_index_;
    std::vector<NamedRefusal> unknown_seats_;
    // Checkout requests waiting for their payment's outcome, by checkout.
    struct Parked {
        Job job;
        EventId event = 0;
        UnixMillis answer_by = 0;
    };
    std::unordered_map<CheckoutId, std::vector<Parked>> parked_;
    std::vector<std::pair<EventId, CheckoutId>> settled_;  // this round's, for parked_
    std::vector<ChargeTask> charges_;                      // this round's, after the commit
    std::vector<RefundTask> refunds_owed_;
    std::vector<PayoutTask> payouts_owed_;
    bool recovered_handed_over_ = false;
    UnixMillis next_expiry_check_ = 0;
    LiveStats stats_;
    std::unique_ptr<SnapshotWriter> snapshot_writer_;
};

// Every shard, and the routing of an event to its owner (router.h).
class Shards {
  public:
    Shards(std::size_t count, storage::FactLog& log, EventDirectory& directory,
           const ShardOptions& options);
    Shard& owner(EventId event);
    std::size_t size() const { return shards_.size(); }
    Shard& at(std::size_t i) { return *shards_[i]; }
    void start();
    void stop_and_join();

  private:
    std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace seat::server
