// A stop is immediate: the acceptor closes, requests waiting for a slot are
// forgotten, and the io_context stops with whatever is in flight (a request in
// its latency is neither answered nor, if not yet executed, processed).
#include "tools/seat-psp/simulator.h"

#include <csignal>

#include "base/atomic_file.h"
#include "tools/seat-psp/ledger.h"
#include "tools/seat-psp/log.h"

namespace seat::psp {

namespace asio = boost::asio;

Simulator::Simulator(const Options& options, const SecretKey& secret)
    : options_(options),
      books_(options.max_records),
      keys_(options.max_records),
      faults_(options.faults, FaultInjector::Clock::now()),
      io_(std::make_unique<asio::io_context>(1)),
      gate_(io_->get_executor(), options.max_concurrency),
      posts_(io_->get_executor(), books_, keys_, faults_, gate_),
      router_(secret, faults_, books_, posts_),
      context_{router_, std::chrono::seconds(options.request_timeout_s), options.log_requests,
               live_connections_} {
    listener_.emplace(*io_, context_, options.max_connections);
    signals_.emplace(*io_, SIGINT, SIGTERM);
}

Simulator::~Simulator() {
    signals_.reset();
    listener_.reset();
    gate_.drop_waiters();
    io_.reset();
}

bool Simulator::listen(std::string& error) {
    if (!listener_->listen(options_.listen_host, options_.listen_port, error)) return false;
    if (options_.port_file.empty()) return true;
    return write_file_atomically(options_.port_file, std::to_string(port()) + "\n", error);
}

void Simulator::run() {
    signals_->async_wait(
        [this](const boost::system::error_code& ec, int signal) { on_signal(ec, signal); });
    listener_->start();
    io_->run();
}

std::string Simulator::ledger() const {
    return ledger_json(books_);
}

void Simulator::on_signal(const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log_line(
        "%s: stopping with %zu intents, %zu refunds, %zu transfers and %zu idempotency keys in "
        "the books",
        signal == SIGTERM ? "SIGTERM" : "SIGINT", books_.intents().size(), books_.refunds().size(),
        books_.transfers().size(), keys_.size());
    listener_->stop();
    gate_.drop_waiters();
    io_->stop();
}

}  // namespace seat::psp
