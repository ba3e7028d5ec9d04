// The acceptor: takes connections and starts a session for each, up to
// --max-connections at once; a connection beyond the limit is closed at accept
// (a client sees its connection close before any answer, and may retry).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <string>

#include "tools/seat-psp/http_session.h"

namespace seat::psp {

class Listener {
  public:
    Listener(boost::asio::io_context& io, const SessionContext& context,
             std::size_t max_connections);

    // Binds and listens on HOST:PORT (port 0: any free port). False with `error`.
    bool listen(const std::string& host, std::uint16_t port, std::string& error);
    std::uint16_t port() const { return port_; }
    void start();
    void stop();  // no more connections; sessions already running carry on

  private:
    void do_accept();
    void on_accept(const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;  // after a failed accept (out of descriptors)
    const SessionContext& context_;
    std::size_t max_connections_;
    std::uint16_t port_ = 0;
    bool stopped_ = false;
};

}  // namespace seat::psp
