// A freed slot passes straight to the oldest waiter (in_flight_ does not drop),
// so a request arriving at that moment cannot jump the queue. The waiter is
// posted, not called, so release() never runs another request's code inside
// the caller's stack.
#include "tools/seat-psp/concurrency_gate.h"

#include <boost/asio/post.hpp>

#include "base/check.h"

namespace seat::psp {

ConcurrencyGate::ConcurrencyGate(boost::asio::any_io_executor executor, std::size_t slots)
    : executor_(std::move(executor)), slots_(slots) {}

void ConcurrencyGate::acquire(std::function<void()> enter) {
    if (slots_ == 0 || in_flight_ < slots_) {
        ++in_flight_;
        enter();
        return;
    }
    waiting_.push_back(std::move(enter));
}

void ConcurrencyGate::release() {
    SEAT_CHECK(in_flight_ > 0, "release() follows an acquire()");
    if (waiting_.empty()) {
        --in_flight_;
        return;
    }
    boost::asio::post(executor_, std::move(waiting_.front()));
    waiting_.pop_front();
}

}  // namespace seat::psp
