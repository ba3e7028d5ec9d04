// One HTTP/1.1 connection of the HTTP side, in the manner of Boost.Beast's
// advanced server: each step a do_/on_ pair, a timeout on every read and write,
// a header limit and a body limit (http_limits.h). Requests on a connection are
// answered one at a time, in order. A request that breaks HTTP or a limit gets
// its error (400, 413, 431) and the connection is closed after the rest is
// drained, so the client reads the answer instead of a reset; nothing else
// notices. A router's answer may come from another thread (a shard's): it is
// posted back to the connection's strand.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <memory>
#include <optional>

#include "server/http/http_request.h"
#include "server/http/http_types.h"

namespace seat::server::http {

class Router;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(boost::asio::ip::tcp::socket socket, Router& router,
                std::atomic<std::size_t>& live);
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void start();

  private:
    using error_code = boost::system::error_code;

    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void fail_read(error_code ec);
    void send(Response response, bool keep_alive, bool head);
    void on_write(error_code ec, std::size_t bytes);
    void close_after_response();
    void on_drain(error_code ec, std::size_t bytes);
    void close();

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<RequestParser> parser_;
    Response answer_;  // keeps the body alive while it is written
    boost::beast::http::response<boost::beast::http::span_body<const char>> response_;
    std::array<char, 4096> scratch_{};
    std::size_t drained_bytes_ = 0;
    Router& router_;
    std::atomic<std::size_t>& live_;
};

}  // namespace seat::server::http
