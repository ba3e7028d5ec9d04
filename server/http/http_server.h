// The HTTP side's listener (docs/http.md): its own port and its own I/O
// thread, so page views, scrapes and CDN fetches never wait behind the binary
// protocol's clients and never enter a shard's queue (except the revocation
// filter, a query like any other). At most `connections_max` connections at
// once; one beyond it is closed at accept.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "server/http/router.h"

namespace seat::server::http {

class HttpServer {
  public:
    HttpServer(RouterContext context, std::size_t connections_max);
    ~HttpServer();  // stop()
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds HOST:PORT (port 0: any free one). False with `error`.
    bool listen(const std::string& host, std::uint16_t port, std::string& error);
    std::uint16_t port() const { return port_; }
    void start();  // the I/O thread
    void stop();   // closes the listener and every connection; joins the thread
    std::size_t connections() const { return live_.load(std::memory_order_relaxed); }

  private:
    void do_accept();
    void on_accept(const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket);

    // Before io_: the sessions its destructor destroys use both.
    Router router_;
    std::atomic<std::size_t> live_{0};
    const std::size_t connections_max_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

}  // namespace seat::server::http
