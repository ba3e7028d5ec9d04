// seat-psp as one object: the books, the idempotency store and the faults, the
// HTTP side on one thread, and the signals that stop it. Everything runs on that
// one thread, so nothing here takes a lock, and a seed with the same order of
// requests replays the same faults.
//
// Teardown order is the invariant this class exists to keep: pending operations
// and the sessions they hold are destroyed (with the io_context) while the books,
// the router and the live-connection count they reference still exist, and the
// acceptor, signals and waiting requests go before the io_context does.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tools/seat-psp/books.h"
#include "tools/seat-psp/concurrency_gate.h"
#include "tools/seat-psp/fault_injector.h"
#include "tools/seat-psp/http_session.h"
#include "tools/seat-psp/idempotency_store.h"
#include "tools/seat-psp/listener.h"
#include "tools/seat-psp/options.h"
#include "tools/seat-psp/post_pipeline.h"
#include "tools/seat-psp/router.h"
#include "tools/seat-psp/secret_key.h"

namespace seat::psp {

class Simulator {
  public:
    // `options` and `secret` must outlive the simulator. The outage window counts
    // from here.
    Simulator(const Options& options, const SecretKey& secret);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    // Binds and listens; writes --port-file. False with `error` on failure.
    bool listen(std::string& error);
    std::uint16_t port() const { return listener_->port(); }
    // Serves until SIGTERM or SIGINT.
    void run();
    std::string ledger() const;

  private:
    void on_signal(const boost::system::error_code& ec, int signal);

    const Options& options_;
    Books books_;
    IdempotencyStore keys_;
    FaultInjector faults_;
    std::size_t live_connections_ = 0;
    std::unique_ptr<boost::asio::io_context> io_;
    ConcurrencyGate gate_;
    PostPipeline posts_;
    Router router_;
    SessionContext context_;
    std::optional<Listener> listener_;
    std::optional<boost::asio::signal_set> signals_;
};

}  // namespace seat::psp
