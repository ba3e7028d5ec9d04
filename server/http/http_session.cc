// The timer of beast::tcp_stream covers a whole request: it is set before the
// header is read and runs on through the body, so a request must arrive whole
// within kHttpRequestTimeout (a slow-loris client loses its slot), and an idle
// keep-alive connection is closed after as long.
#include "server/http/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "server/http/http_limits.h"
#include "server/http/http_request.h"
#include "server/http/router.h"

namespace seat::server::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

constexpr const char* kServerName = "seatd";
constexpr std::size_t kReadBufferBytesMax = kHttpHeaderBytesMax + kHttpBodyBytesMax + 16 * 1024;

}  // namespace

HttpSession::HttpSession(tcp::socket socket, Router& router, std::atomic<std::size_t>& live)
    : stream_(std::move(socket)), buffer_(kReadBufferBytesMax), router_(router), live_(live) {}

HttpSession::~HttpSession() {
    live_.fetch_sub(1, std::memory_order_relaxed);
}

void HttpSession::start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
    parser_.emplace();
    limit(*parser_);
    stream_.expires_after(kHttpRequestTimeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(error_code ec, std::size_t) {
    if (ec) return fail_read(ec);
    stream_.expires_never();
    const bhttp::request<bhttp::string_body> req = parser_->release();
    parser_.reset();
    const Request r = request_of(req);
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == bhttp::verb::head;
    router_.handle(r, [self = shared_from_this(), keep_alive, head](Response response) {
        asio::post(self->stream_.get_executor(),
                   [self, keep_alive, head, response = std::move(response)]() mutable {
                       self->send(std::move(response), keep_alive, head);
                   });
    });
}

void HttpSession::fail_read(error_code ec) {
    if (ec == bhttp::error::body_limit)
        return send(Response::error(413, "body_too_large",
                                    "the request body is larger than " +
                                        std::to_string(kHttpBodyBytesMax) + " bytes"),
                    false, false);
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
        return send(Response::error(431, "headers_too_large",
                                    "the request line and headers are larger than " +
                                        std::to_string(kHttpHeaderBytesMax) + " bytes"),
                    false, false);
    if (is_http_syntax_error(ec))
        return send(Response::error(400, "bad_request", "malformed HTTP: " + ec.message()), false,
                    false);
    // End of stream between requests, a reset, or the request timeout: nobody to tell.
    close();
}

void HttpSession::send(Response response, bool keep_alive, bool head) {
    answer_ = std::move(response);
    if (answer_.body.empty() && !answer_.owned.empty()) answer_.body = answer_.owned;
    response_ = {};
    response_.version(11);
    response_.result(answer_.status);
    response_.set(bhttp::field::server, kServerName);
    response_.set(bhttp::field::content_type, answer_.content_type);
    for (const auto& [name, value] : answer_.headers)
        response_.set(name, value);
    response_.keep_alive(keep_alive);
    response_.body() = boost::span<const char>(answer_.body.data(), answer_.body.size());
    response_.prepare_payload();
    // HEAD: the same headers, Content-Length included, and no body.
    if (head) response_.body() = {};
    stream_.expires_after(kHttpRequestTimeout);
    bhttp::async_write(stream_, response_,
                       beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
}

void HttpSession::on_write(error_code ec, std::size_t) {
    answer_ = {};
    if (ec) return close();
    if (!response_.keep_alive()) return close_after_response();
    do_read();
}

void HttpSession::close_after_response() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    drained_bytes_ = 0;
    stream_.expires_after(kHttpDrainTimeout);
    stream_.async_read_some(asio::buffer(scratch_),
                            beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
}

void HttpSession::on_drain(error_code ec, std::size_t bytes) {
    drained_bytes_ += bytes;
    if (ec || drained_bytes_ > kHttpDrainBytesMax) return close();
    stream_.async_read_some(asio::buffer(scratch_),
                            beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
}

void HttpSession::close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
}

}  // namespace seat::server::http
