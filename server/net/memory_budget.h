// The memory that clients can make seatd hold, counted: replies encoded and not
// yet written to their client (in a shard's responder, on the way to the
// connection, queued, being written) and each connection's read buffer. Every
// byte is counted twice, once against the connection's own cap and once against
// the process-wide budget, so that neither one client that stops reading nor
// many of them can grow the process past what the operator allowed:
//   - a connection stops reading requests while more than kReadPauseBytes of
//     replies wait for it (a client that does not read its answers gets no new
//     ones), and reads again as its writes drain;
//   - a connection whose own count would pass kConnectionBytesMax is cut off
//     (its further replies are dropped where they are made, on the shard);
//   - past the budget, a connection holding more than kLightConnectionBytes
//     has its further replies dropped and is cut off, and the connection
//     holding the most is cut off, then the next, until the count is under the
//     budget. Connections that read their answers hold less than that, so they
//     are served throughout.
// Counters are atomics: responders add on shard threads, connections subtract
// on their strands.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include "protocol/frame.h"

namespace seat::server {

// One connection's cap: replies owed and queued, plus its read buffer.
inline constexpr std::size_t kConnectionBytesMax = std::size_t{16} << 20;
// A connection reads no new requests while more reply bytes than this wait for it.
inline constexpr std::size_t kReadPauseBytes = std::size_t{1} << 20;
// Over the budget, a connection holding more than this gets no more replies: a
// client that reads its answers holds less (so the budget can be passed by at
// most this much per connection, docs/security.md).
inline constexpr std::size_t kLightConnectionBytes = std::size_t{64} << 10;
static_assert(kLightConnectionBytes < kReadPauseBytes && kReadPauseBytes < kConnectionBytesMax);

static_assert(kConnectionBytesMax >= 4 * protocol::kFrameBytesMax,
              "the largest reply and the largest request always fit in one connection's cap");

class MemoryBudget {
  public:
    explicit MemoryBudget(std::size_t bytes_max) : bytes_max_(bytes_max) {}
    void add(std::size_t bytes) { used_.fetch_add(bytes, std::memory_order_relaxed); }
    void sub(std::size_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }
    std::size_t used() const { return used_.load(std::memory_order_relaxed); }
    std::size_t bytes_max() const { return bytes_max_; }
    bool exceeded() const { return used() > bytes_max_; }

  private:
    const std::size_t bytes_max_;
    std::atomic<std::size_t> used_{0};
};

// One connection's count, shared by the connection and its responders (which
// may outlive it: a reply made for a connection that closed is subtracted when
// it is dropped).
class ConnectionMemory {
  public:
    explicit ConnectionMemory(MemoryBudget& budget) : budget_(budget) {}
    ~ConnectionMemory() { budget_.sub(used_.load(std::memory_order_relaxed)); }
    ConnectionMemory(const ConnectionMemory&) = delete;
    ConnectionMemory& operator=(const ConnectionMemory&) = delete;

    // False, and nothing is counted, when `bytes` would pass the connection's
    // cap, or the process is over its budget and this connection already holds
    // more than a fair share: the caller drops what it was about to keep, and
    // the connection is marked to be cut off.
    bool try_add(std::size_t bytes) {
        const std::size_t used = used_.load(std::memory_order_relaxed);
        if (used + bytes > kConnectionBytesMax ||
            (used > kLightConnectionBytes && budget_.exceeded())) {
            over_cap_.store(true, std::memory_order_relaxed);
            return false;
        }
        used_.fetch_add(bytes, std::memory_order_relaxed);
        budget_.add(bytes);
        return true;
    }
    void sub(std::size_t bytes) {
        used_.fetch_sub(bytes, std::memory_order_relaxed);
        budget_.sub(bytes);
    }
    std::size_t used() const { return used_.load(std::memory_order_relaxed); }
    bool over_cap() const { return over_cap_.load(std::memory_order_relaxed); }
    const MemoryBudget& budget() const { return budget_; }
    MemoryBudget& budget() { return budget_; }

  private:
    MemoryBudget& budget_;
    std::atomic<std::size_t> used_{0};
    std::atomic<bool> over_cap_{false};
};

}  // namespace seat::server
