// One connection of an HttpPool (http_pool.h): connects on its first request
// (resolve, TCP, the TLS handshake with SNI and certificate checks for https),
// then carries one request at a time and is kept alive between them. Each
// async step is a do_x / on_x pair that starts with its error check; every
// request ends in exactly one HttpPool::finished().
//
// Deadlines: connecting (all of resolve, TCP and TLS) has connect_timeout;
// an exchange has response_timeout from the first byte written to the last
// byte of the answer read. Private to http/.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <optional>
#include <variant>

#include "server/payments/http/http_pool.h"

namespace seat::payments::http {

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    explicit Connection(HttpPool& pool);

    // Sends the request (connecting first if this connection never has) and
    // reads its answer; ends in HttpPool::finished().
    void run(HttpPool::Pending pending);

    // Idle between requests: after idle_timeout the pool is told to drop it.
    void start_idle();
    void end_idle();

    // Closes the socket; a running request finishes with an error.
    void close();

  private:
    using PlainStream = boost::beast::tcp_stream;
    using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

    boost::beast::tcp_stream& tcp();
    template <class F>
    void with_stream(F&& f) {
        std::visit(f, stream_);
    }

    void do_resolve();
    void on_resolve_deadline(boost::system::error_code ec);
    void on_resolve(boost::system::error_code ec,
                    boost::asio::ip::tcp::resolver::results_type found);
    void on_connect(boost::system::error_code ec, const boost::asio::ip::tcp::endpoint&);
    void on_handshake(boost::system::error_code ec);
    void do_write();
    void on_write(boost::system::error_code ec, std::size_t);
    void on_read(boost::system::error_code ec, std::size_t);
    void on_idle_timer(std::uint64_t idle_round, boost::system::error_code ec);

    void fail_connect(const std::string& detail);
    void fail_exchange(boost::system::error_code ec, const char* step);
    void finish(HttpResult result, bool reusable, bool stale);

    HttpPool& pool_;
    std::variant<PlainStream, TlsStream> stream_;
    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::steady_timer resolve_deadline_;
    boost::asio::steady_timer idle_timer_;
    std::chrono::steady_clock::time_point connect_deadline_{};
    bool resolve_timed_out_ = false;
    bool connected_ = false;
    bool reused_ = false;           // an exchange has completed on it before
    std::uint64_t idle_round_ = 0;  // which idle period the idle timer belongs to

    std::optional<HttpPool::Pending> pending_;
    boost::beast::http::request<boost::beast::http::string_body> request_;
    std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser_;
    boost::beast::flat_buffer buffer_;
};

}  // namespace seat::payments::http
