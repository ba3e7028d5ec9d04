// --max-concurrency: a provider that slows down under load. At most `slots`
// requests execute at once (their latency included); the others wait, in the
// order they arrived, until a slot frees. No slot is ever refused, only delayed.
// Zero slots means no limit. Not thread-safe: seat-psp is one thread, and every
// callback runs on the executor given here.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <deque>
#include <functional>

namespace seat::psp {

class ConcurrencyGate {
  public:
    ConcurrencyGate(boost::asio::any_io_executor executor, std::size_t slots);

    // Runs `enter` with a slot held: now if one is free, else when one frees.
    // Whoever entered calls release() exactly once.
    void acquire(std::function<void()> enter);
    void release();
    // Shutdown: forgets the waiters (they never enter).
    void drop_waiters() { waiting_.clear(); }

    std::size_t in_flight() const { return in_flight_; }
    std::size_t waiting() const { return waiting_.size(); }

  private:
    boost::asio::any_io_executor executor_;
    std::size_t slots_;
    std::size_t in_flight_ = 0;
    std::deque<std::function<void()>> waiting_;
};

}  // namespace seat::psp
