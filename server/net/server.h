// The network side of seatd: the acceptor, the registry of live connections,
// the signal handling and the orderly shutdown. Shutdown, in order: stop
// accepting and stop reading requests; let every shard run its last round (make it
// durable, send its replies); close each connection once its replies are written
// (or after kDrainTimeout, for a client that does not read); then run() returns.
// With a TLS context every connection on the port is TLS; without one, plain TCP.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "server/auth/api_keys.h"
#include "server/config.h"
#include "server/net/connection.h"
#include "server/shard/event_directory.h"
#include "server/shard/shard.h"

namespace seat::server {

// How long shutdown waits for replies to be written before closing connections anyway.
inline constexpr std::chrono::seconds kDrainTimeout{5};
// Connections cut off for the memory budget: at most one per this interval.
inline constexpr std::chrono::milliseconds kBudgetCutIntervalMs{5};
// Pause before accepting again after accept failed (e.g. out of file descriptors).
inline constexpr std::chrono::milliseconds kAcceptRetryMs{100};

class Server {
  public:
    // `keys` nullptr: no keys file (every Hello is `unrestricted`, an admin of
    // every event). `tls` nullptr: plain TCP. Shards must be started.
    Server(const Config& config, Shards& shards, EventDirectory& directory, const ApiKeys* keys,
           Principal unrestricted, std::shared_ptr<TicketKeys> tickets, Binding room_binding,
           std::shared_ptr<boost::asio::ssl::context> tls);
    ~Server();

    // Binds and listens; writes --port-file. False (with the reason) on failure.
    bool listen(std::string& error);
    std::uint16_t port() const { return port_; }
    // Serves until SIGTERM/SIGINT, then shuts down in order (shards included).
    void run();
    // Any thread: open connections; whether it accepts (false once stopping).
    std::size_t connections();
    bool accepting() const { return accepting_.load(std::memory_order_relaxed); }

  private:
    using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

    void do_accept();
    void on_accept(const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket);
    std::shared_ptr<Connection> make_connection(boost::asio::ip::tcp::socket socket,
                                                std::uint64_t id);
    void on_signal(const boost::system::error_code& ec, int signal);
    void wait_for_reload();
    void on_shards_stopped();
    void on_connection_closed(std::uint64_t id);
    void on_authenticated(std::uint64_t id);
    void cut_off_heaviest();
    std::vector<std::shared_ptr<Connection>> live_connections();
    bool write_port_file(std::string& error) const;

    const Config& config_;
    Shards& shards_;
    MemoryBudget memory_;
    Principal unrestricted_;
    ConnectionContext context_;
    const std::shared_ptr<boost::asio::ssl::context> tls_;

    boost::asio::io_context io_;
    Strand strand_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::signal_set signals_;
    boost::asio::signal_set reload_signal_;  // SIGHUP: reload the ticket keys
    boost::asio::steady_timer timer_;        // accept retry, then the drain deadline
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::uint16_t port_ = 0;

    std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;  // by mutex_
    // Connections that have not said Hello yet, oldest (lowest id) first.
    std::map<std::uint64_t, std::weak_ptr<Connection>> unauthenticated_;  // by mutex_
    // At most one cut for the memory budget per kBudgetCutIntervalMs: the memory
    // of a connection cut off is freed on its own strand, a moment later.
    std::atomic<std::int64_t> next_budget_cut_ms_{0};
    std::uint64_t next_connection_id_ = 1;  // by mutex_
    bool shutting_down_ = false;            // on strand_
    std::atomic<bool> shards_stopped_{false};
    std::atomic<bool> accepting_{false};
    std::thread stopper_;  // stops and joins the shards without blocking an I/O thread
};

}  // namespace seat::server
