#include "server/net/wire_responder.h"

#include <algorithm>

#include "protocol/frame.h"
#include "server/net/wire_answers.h"

namespace seat::server {

WireResponder::WireResponder(std::weak_ptr<FrameSink> sink,
                             std::shared_ptr<ConnectionMemory> memory, wire::Role role,
                             std::shared_ptr<TicketKeys> tickets)
    : sink_(std::move(sink)),
      memory_(std::move(memory)),
      role_(role),
      tickets_(std::move(tickets)) {}

void WireResponder::respond(const Answer& answer) {
    builder_.Clear();
    std::span<const std::uint8_t> frame =
        protocol::encode_frame(builder_, encode_answer(builder_, answer, role_, *tickets_));
    if (frame.empty()) {
        // Every reply fits by construction (wire_limits.h); this is a last line of defence.
        builder_.Clear();
        frame = protocol::encode_frame(
            builder_, build_status(builder_, answer.job.tag, Status::internal_error,
                                   "the reply does not fit in a frame"));
    }
    // Counted as answered either way: the connection's in-flight count must fall.
    ++count_;
    keep(frame);
    builder_.Clear();
}

// The buffer's capacity is what is counted (it is what the allocator holds),
// grown by doubling like a vector's but counted before it is allocated.
void WireResponder::keep(std::span<const std::uint8_t> frame) {
    const std::size_t needed = frames_.size() + frame.size();
    if (needed > frames_.capacity()) {
        const std::size_t capacity = std::max({needed, 2 * frames_.capacity(), kFramesBytesMin});
        if (!memory_->try_add(capacity - frames_.capacity())) return;  // dropped; the cut follows
        frames_.reserve(capacity);
    }
    frames_.insert(frames_.end(), frame.begin(), frame.end());
}

void WireResponder::release() {
    if (count_ == 0) return;
    if (const std::shared_ptr<FrameSink> sink = sink_.lock()) {
        sink->deliver(std::move(frames_), count_);
    } else {
        memory_->sub(frames_.capacity());  // the connection is gone: nobody will write these
    }
    frames_ = {};
    count_ = 0;
}

}  // namespace seat::server
