// One client connection, HTTP/1.1 with keep-alive, in the manner of Boost.Beast's
// advanced server: each step a do_/on_ pair, a timeout on every read and write,
// a header limit and a body limit. Requests on a connection are answered one at
// a time, in order: the next is read once the previous answer is written (so a
// pipelining client waits; concurrency comes from connections). A request that
// breaks HTTP or a limit gets its error (400, 413, 431) and the connection is
// closed, after the sending side is shut and the rest drained (limits.h), so the
// client reads the answer instead of a reset; no other connection notices.
//
// Lifetime: a session lives as long as an operation or a callback holds it. Its
// destructor touches only its socket and the live-connection count, which the
// simulator keeps alive until every session is gone (simulator.h).
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "tools/seat-psp/outcome.h"
#include "tools/seat-psp/router.h"

namespace seat::psp {

struct SessionContext {
    Router& router;
    std::chrono::seconds request_timeout;
    bool log_requests = false;
    std::size_t& live_connections;  // decremented when a session ends
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(boost::asio::ip::tcp::socket socket, const SessionContext& context);
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void start();

  private:
    using error_code = boost::system::error_code;

    void do_read_header();
    void on_header(error_code ec, std::size_t bytes);
    void on_continue(error_code ec, std::size_t bytes);
    void do_read_body();
    void on_read(error_code ec, std::size_t bytes);
    void on_outcome(const std::string& request_id, Outcome outcome);
    void on_write(error_code ec, std::size_t bytes);
    // A request that could not be read: answer `status` if the error deserves
    // one, then close. Quiet closes (EOF, reset, timeout) answer nothing.
    void fail_read(error_code ec);
    void refuse(unsigned status, const std::string& message);
    void hold();
    void on_hold_read(error_code ec, std::size_t bytes);
    void drop();
    void close_after_response();
    void on_drain(error_code ec, std::size_t bytes);
    void close();
    void log_request(const std::string& request_id, const Outcome& outcome) const;

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    HttpRequest request_;
    boost::beast::http::response<boost::beast::http::empty_body> continue_;
    boost::beast::http::response<boost::beast::http::string_body> response_;
    std::array<char, 4096> scratch_{};  // what held or drained connections send
    std::size_t drained_bytes_ = 0;
    const SessionContext& context_;
    std::string peer_;
    std::chrono::steady_clock::time_point received_;
};

}  // namespace seat::psp
