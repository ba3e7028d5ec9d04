// One connection's answers from one shard. The shard calls respond() for each
// of the connection's jobs at its place in the round; the answer is encoded at
// once into this responder's buffer (on the shard thread, where the state it
// reads is valid), and release() hands the round's frames to the connection in
// one piece after the commit. A connection has one per shard, so each is used
// by one thread only; it holds the connection weakly, so a connection that
// closed with jobs in flight is simply gone when their answers come. Every
// frame it keeps is counted in the connection's memory (memory_budget.h); one
// that would pass the connection's cap is dropped here, on the shard, and the
// connection is cut off when it receives the round.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "seat_generated.h"
#include "server/net/memory_budget.h"
#include "server/shard/job.h"
#include "server/tickets/ticket_codes.h"

namespace seat::server {

// Where a WireResponder's frames go: the connection, on whatever thread it likes.
class FrameSink {
  public:
    virtual ~FrameSink() = default;
    // One or more whole response frames, back to back, answering `count`
    // requests (fewer frames than that when some were dropped for the
    // connection's memory cap). The buffer's capacity is counted in the
    // connection's memory; the sink subtracts it once written or dropped.
    // Called from a shard thread; must not block.
    virtual void deliver(std::vector<std::uint8_t> frames, std::uint32_t count) = 0;
};

class WireResponder final : public Responder {
  public:
    WireResponder(std::weak_ptr<FrameSink> sink, std::shared_ptr<ConnectionMemory> memory,
                  wire::Role role, std::shared_ptr<TicketKeys> tickets);
    void respond(const Answer& answer) override;
    void release() override;

  private:
    // A round's first frame gets at least this much room.
    static constexpr std::size_t kFramesBytesMin = 4096;
    void keep(std::span<const std::uint8_t> frame);

    const std::weak_ptr<FrameSink> sink_;
    const std::shared_ptr<ConnectionMemory> memory_;
    const wire::Role role_;
    const std::shared_ptr<TicketKeys> tickets_;
    flatbuffers::FlatBufferBuilder builder_;
    std::vector<std::uint8_t> frames_;
    std::uint32_t count_ = 0;
};

}  // namespace seat::server
