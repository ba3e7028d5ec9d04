// A shard: one thread that owns a set of events and is the only code that reads
// or changes their state. It works in rounds (shard.cc explains why): take every
// queued request, decide + apply each, make all the round's facts durable in one
// synced batch, and only then send the round's replies. Its queue is bounded: a
// request that finds it full is refused at once, so memory never grows with load.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "protocol/frame.h"
#include "engine/engine.h"
#include "server/shard/event_directory.h"
#include "server/shard/snapshot_writer.h"
#include "server/tickets/ticket_codes.h"
#include "storage/fact_log.h"
#include "storage/recovery.h"

namespace seat::server {

// Where a shard sends replies: a client connection. deliver() is called from the
// shard thread with one or more whole response frames, back to back, answering
// `count` requests; it must not block.
class ReplySink {
  public:
    virtual ~ReplySink() = default;
    virtual void deliver(std::vector<std::uint8_t> frames, std::uint32_t count) = 0;
};

// A verified request frame, copied out of the connection's read buffer (aligned,
// so the shard reads it in place) and routed to the event's owner.
class OwnedFrame {
  public:
    OwnedFrame() = default;
    explicit OwnedFrame(std::span<const std::uint8_t> frame);
    const wire::Request* request() const;

  private:
    std::vector<std::uint64_t> words_;
};

// An AdmitTicket's code, verified by the connection (signature, key) before
// routing: the shard trusts these claims and never checks a signature itself.
struct VerifiedCode {
    EventId event = 0;
    TicketId ticket;
    std::uint32_t version = 0;
};

struct ShardRequest {
    std::shared_ptr<ReplySink> sink;
    wire::Role role = wire::Role::none;
    OwnedFrame frame;
    std::optional<VerifiedCode> code;  // AdmitTicket only
};

struct ShardOptions {
    std::size_t queue_max = 65'536;
    storage::SnapshotPolicy snapshots;
    std::shared_ptr<TicketKeys> tickets;  // signs ticket codes; required
};

// Counters of the rounds a shard ran; read when it has stopped.
struct RoundStats {
    std::uint64_t rounds = 0;
    std::uint64_t requests = 0;
    std::uint64_t facts = 0;
    std::uint64_t commits = 0;
    std::uint64_t commit_us_total = 0;
    std::uint64_t commit_us_max = 0;
    std::uint64_t requests_max = 0;  // the largest round
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
    // Any thread: queues as many of `requests` as fit, in order, and removes them;
    // what is left was refused, for the reason returned (`queued` when none was):
    // `full`, the queue is at its limit; `closed`, the shard is stopping.
    Push push(std::vector<ShardRequest>& requests);
    // Any thread: refuse new requests, run a last round for the queued ones, end the thread.
    void stop();
    void join();

    std::size_t index() const { return index_; }
    const RoundStats& stats() const { return stats_; }

  private:
    // The event's revocation filter as last served, rebuilt when a revocation
    // was added since (scanners poll it every minute or so).
    struct RevocationCache {
        std::string filter;
        std::uint64_t sequence = 0;
        double false_positive_rate = 0;
        bool built = false;
    };
    struct EventSlot {
        EventState state;
        Sequence last_snapshot = 0;
        IdempotencyKey create_key;  // the key that created it, while this process runs
        bool touched = false;       // changed in the current round
        RevocationCache revocations;
    };
    struct Outgoing {
        std::shared_ptr<ReplySink> sink;
        std::vector<std::uint8_t> frames;
        std::uint32_t count = 0;
    };

    void run();
    void run_round(std::vector<ShardRequest>& requests);
    void expire_due_holds(UnixMillis now);
    void handle(const ShardRequest& request, UnixMillis now);
    void handle_create(const wire::Request& request, UnixMillis now);
    void handle_event_request(const wire::Request& request, wire::Role role, EventSlot& slot,
                              UnixMillis now);
    void handle_read(const wire::Request& request, wire::Role role, EventSlot& slot);
    void handle_admit(const wire::Request& request, EventSlot& slot, UnixMillis now);
    void run_ticket_command(const wire::Request& request, wire::Role role, EventSlot& slot,
                            const Command& command, UnixMillis now);
    void queue_ticket_reply(std::uint64_t request_id, wire::Role role, const EventState& state,
                            const Ticket& ticket, bool replayed);
    void queue_revocations(std::uint64_t request_id, EventSlot& slot);
    void run_command(const wire::Request& request, EventSlot& slot, const Command& command,
                     UnixMillis now);
    void stage_facts(EventSlot& slot, Sequence first);
    void commit_round();
    void after_commit();
    void queue_reply(flatbuffers::Offset<wire::Response> root);
    void send_replies();

    const std::size_t index_;
    storage::FactLog& log_;
    EventDirectory& directory_;
    const ShardOptions options_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<ShardRequest> queue_;  // guarded by mutex_
    bool stopping_ = false;            // guarded by mutex_
    std::thread thread_;

    // Owned by the shard thread (or the starting thread before start()).
    std::unordered_map<EventId, EventSlot> events_;
    Rng rng_;
    FactBuffer facts_;
    storage::RoundBatch batch_;
    std::vector<EventSlot*> touched_;
    flatbuffers::FlatBufferBuilder builder_;
    // The request being handled: where its reply goes.
    std::shared_ptr<ReplySink> current_sink_;
    const VerifiedCode* current_code_ = nullptr;
    std::uint64_t current_request_id_ = 0;
    std::vector<Outgoing> outgoing_;
    std::unordered_map<const ReplySink*, std::size_t> outgoing_index_;
    UnixMillis next_expiry_check_ = 0;
    RoundStats stats_;
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
