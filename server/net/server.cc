// Acceptor, signals and shutdown run on one strand; the connection registry is
// shared with the connections' strands under a mutex (touched at accept and close
// only, never per request).
#include "server/net/server.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <csignal>

#include "base/atomic_file.h"
#include "base/thread_name.h"
#include "server/log.h"

namespace seat::server {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

}  // namespace

Server::Server(const Config& config, Shards& shards, EventDirectory& directory, const ApiKeys* keys,
               Principal unrestricted, std::shared_ptr<TicketKeys> tickets, Binding room_binding,
               std::shared_ptr<asio::ssl::context> tls)
    : config_(config),
      shards_(shards),
      memory_(config.memory_budget_bytes),
      unrestricted_(std::move(unrestricted)),
      context_{shards,
               directory,
               keys,
               unrestricted_,
               std::move(tickets),
               room_binding,
               std::chrono::seconds(config.idle_timeout_s),
               std::chrono::milliseconds(config.hello_timeout_ms),
               std::chrono::seconds(config.write_timeout_s),
               memory_,
               "seatd/" SEATD_VERSION,
               [this](std::uint64_t id) { on_authenticated(id); },
               [this](std::uint64_t id) { on_connection_closed(id); },
               [this] { cut_off_heaviest(); }},
      tls_(std::move(tls)),
      io_(static_cast<int>(config.io_threads)),
      strand_(asio::make_strand(io_)),
      acceptor_(strand_),
      signals_(strand_, SIGINT, SIGTERM),
      reload_signal_(strand_, SIGHUP),
      timer_(strand_) {}

Server::~Server() {
    if (stopper_.joinable()) stopper_.join();
}

bool Server::listen(std::string& error) {
    boost::system::error_code ec;
    const std::string host = config_.listen_host == "localhost" ? "127.0.0.1" : config_.listen_host;
    const asio::ip::address address = asio::ip::make_address(host, ec);
    if (ec) {
        error = "cannot listen on " + config_.listen_host + ": not an IP address";
        return false;
    }
    const tcp::endpoint endpoint(address, config_.listen_port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot listen on " + config_.listen_host + ":" +
                std::to_string(config_.listen_port) + ": " + ec.message();
        return false;
    }
    port_ = acceptor_.local_endpoint().port();
    log_line("listening on %s:%u (%s)", config_.listen_host.c_str(), port_,
             tls_ ? "TLS" : "plain TCP");
    return write_port_file(error);
}

bool Server::write_port_file(std::string& error) const {
    if (config_.port_file.empty()) return true;
    return write_file_atomically(config_.port_file, std::to_string(port_) + "\n", error);
}

std::size_t Server::connections() {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

void Server::run() {
    accepting_ = true;
    work_.emplace(io_.get_executor());
    asio::post(strand_, [this] {
        signals_.async_wait(
            [this](const boost::system::error_code& ec, int signal) { on_signal(ec, signal); });
        wait_for_reload();
        do_accept();
    });
    std::vector<std::thread> extra;
    for (unsigned i = 1; i < config_.io_threads; ++i)
        extra.emplace_back([this, i] {
            name_this_thread("io" + std::to_string(i));
            io_.run();
        });
    io_.run();
    for (std::thread& t : extra)
        t.join();
    if (stopper_.joinable()) stopper_.join();
}

void Server::do_accept() {
    acceptor_.async_accept(asio::make_strand(io_),
                           asio::bind_executor(strand_, [this](const boost::system::error_code& ec,
                                                               tcp::socket socket) {
                               on_accept(ec, std::move(socket));
                           }));
}

void Server::on_accept(const boost::system::error_code& ec, tcp::socket socket) {
    if (shutting_down_ || ec == asio::error::operation_aborted) return;
    if (ec) {
        log_line("accept failed: %s", ec.message().c_str());
        timer_.expires_after(kAcceptRetryMs);
        timer_.async_wait([this](const boost::system::error_code& e) {
            if (!e && !shutting_down_) do_accept();
        });
        return;
    }
    std::shared_ptr<Connection> connection;
    std::shared_ptr<Connection> evicted;
    {
        std::lock_guard lock(mutex_);
        if (connections_.size() < config_.max_connections) {
            const std::uint64_t id = next_connection_id_++;
            connection = make_connection(std::move(socket), id);
            connections_.emplace(id, connection);
            // Sockets that never say Hello cannot hold more than their share:
            // the oldest of them makes room for the newcomer.
            if (unauthenticated_.size() >= config_.max_unauthenticated) {
                evicted = unauthenticated_.begin()->second.lock();
                unauthenticated_.erase(unauthenticated_.begin());
            }
            unauthenticated_.emplace(id, connection);
        }
    }
    if (evicted) {
        log_line("closing the oldest connection without a Hello: --max-unauthenticated=%zu reached",
                 config_.max_unauthenticated);
        evicted->force_close();
    }
    if (connection) {
        connection->start();
    } else {
        log_line("connection refused: already serving --max-connections=%zu",
                 config_.max_connections);
        boost::system::error_code ignored;
        socket.close(ignored);
    }
    do_accept();
}

// The TLS stream is made here, on the acceptor's strand; its handshake runs
// on the connection's.
std::shared_ptr<Connection> Server::make_connection(tcp::socket socket, std::uint64_t id) {
    if (tls_)
        return std::make_shared<TlsConnection>(TlsStream(std::move(socket), *tls_), context_, id);
    return std::make_shared<PlainConnection>(std::move(socket), context_, id);
}

// SIGHUP: reload the ticket key file (after `seatctl keys rotate|retire`).
void Server::wait_for_reload() {
    reload_signal_.async_wait([this](const boost::system::error_code& ec, int) {
        if (ec || shutting_down_) return;
        std::string message;
        if (context_.tickets->reload(message)) {
            log_line("SIGHUP: reloaded the ticket keys from %s (%s)",
                     context_.tickets->file().c_str(), message.c_str());
        } else {
            log_line("SIGHUP: kept the current ticket keys: %s", message.c_str());
        }
        wait_for_reload();
    });
}

void Server::on_signal(const boost::system::error_code& ec, int signal) {
    if (ec || shutting_down_) return;
    shutting_down_ = true;
    accepting_ = false;
    log_line(
        "%s: stopping (no new connections; the round in progress is made durable and "
        "answered)",
        signal == SIGTERM ? "SIGTERM" : "SIGINT");
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    // A second signal now ends the process at once; what was acknowledged is durable.
    signals_.clear(ignored);
    reload_signal_.cancel(ignored);
    for (const auto& c : live_connections())
        c->stop_reading();
    stopper_ = std::thread([this] {
        shards_.stop_and_join();
        asio::post(strand_, [this] { on_shards_stopped(); });
    });
}

void Server::on_shards_stopped() {
    shards_stopped_ = true;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        const RoundStats s = shards_.at(i).stats();
        log_line(
            "shard %zu: %llu rounds, %llu requests (largest round %llu), %llu facts, "
            "%llu commits, mean commit %.0f us, max %llu us",
            i, static_cast<unsigned long long>(s.rounds),
            static_cast<unsigned long long>(s.requests),
            static_cast<unsigned long long>(s.requests_max),
            static_cast<unsigned long long>(s.facts), static_cast<unsigned long long>(s.commits),
            s.commits == 0 ? 0.0 : double(s.commit_us_total) / double(s.commits),
            static_cast<unsigned long long>(s.commit_us_max));
    }
    work_.reset();
    const auto live = live_connections();
    if (live.empty()) return;
    timer_.expires_after(kDrainTimeout);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        for (const auto& c : live_connections())
            c->force_close();
    });
}

void Server::on_authenticated(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    unauthenticated_.erase(id);
}

// Over the memory budget: the connection holding the most is cut off. That is
// the client that let the most replies pile up (or sent the largest unfinished
// requests); clients that read their answers hold almost nothing.
void Server::cut_off_heaviest() {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    std::int64_t due = next_budget_cut_ms_.load(std::memory_order_relaxed);
    if (now < due ||
        !next_budget_cut_ms_.compare_exchange_strong(due, now + kBudgetCutIntervalMs.count()))
        return;
    std::shared_ptr<Connection> heaviest;
    std::size_t heaviest_bytes = 0;
    for (const auto& c : live_connections()) {
        const std::size_t bytes = c->memory_bytes();
        if (bytes > heaviest_bytes) {
            heaviest = c;
            heaviest_bytes = bytes;
        }
    }
    if (!heaviest) return;
    log_line(
        "memory budget of %zu MiB exceeded (%zu MiB held): cutting off the connection "
        "holding the most (%zu KiB)",
        memory_.bytes_max() >> 20, memory_.used() >> 20, heaviest_bytes >> 10);
    heaviest->force_close();
}

void Server::on_connection_closed(std::uint64_t id) {
    bool last = false;
    {
        std::lock_guard lock(mutex_);
        connections_.erase(id);
        unauthenticated_.erase(id);
        last = connections_.empty();
    }
    // Everything is written: the drain deadline is not needed, and without it the
    // io_context runs out of work and run() returns.
    if (last && shards_stopped_) asio::post(strand_, [this] { timer_.cancel(); });
}

std::vector<std::shared_ptr<Connection>> Server::live_connections() {
    std::vector<std::shared_ptr<Connection>> out;
    std::lock_guard lock(mutex_);
    for (const auto& [id, weak] : connections_)
        if (auto c = weak.lock()) out.push_back(std::move(c));
    return out;
}

}  // namespace seat::server
