// The two inputs of a round that do not come from its jobs: the time every
// decision records, and the seed of the randomness decide draws from (ticket
// ids). Behind this one seam, so that tests drive rounds deterministically (a
// ManualClock and a fixed seed replay a run exactly); seatd uses the wall clock
// and a seed from the operating system.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "engine/ids.h"
#include "engine/rng.h"

namespace seat::server {

class Clock {
  public:
    virtual ~Clock() = default;
    // Unix milliseconds. Any thread.
    virtual UnixMillis now_ms() const = 0;
};

class WallClock final : public Clock {
  public:
    UnixMillis now_ms() const override;
};

// Time that moves only when a test moves it.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(UnixMillis start) : now_(start) {}
    UnixMillis now_ms() const override { return now_.load(std::memory_order_relaxed); }
    void set(UnixMillis t) { now_.store(t, std::memory_order_relaxed); }
    void advance(UnixMillis ms) { now_.fetch_add(ms, std::memory_order_relaxed); }

  private:
    std::atomic<UnixMillis> now_;
};

struct Environment {
    std::shared_ptr<const Clock> clock;  // null: the wall clock
    std::optional<std::uint64_t> seed;   // none: 256 bits drawn from the operating system

    const Clock& clock_or_wall() const;
    // The engine's randomness: from the seed, or keyed from getrandom(2).
    Rng make_rng() const;
};

}  // namespace seat::server
