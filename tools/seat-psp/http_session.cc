// The timer of beast::tcp_stream covers a whole logical step: it is set once
// before a request's header is read and runs on through the 100 Continue and
// the body, so a request must arrive whole within --request-timeout-s, and an
// idle keep-alive connection is closed after as long. While the simulator works
// on a request (latency, a concurrency slot) no timer runs: that time is the
// simulator's own and is bounded by it.
#include "tools/seat-psp/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "tools/seat-psp/api_error.h"
#include "tools/seat-psp/ids.h"
#include "tools/seat-psp/limits.h"
#include "tools/seat-psp/log.h"

namespace seat::psp {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr const char* kServerName = "seat-psp";
constexpr unsigned kHttp11 = 11;

// Room for one whole request and what a client may have sent after it.
constexpr std::size_t kReadBufferBytesMax = kHeaderBytesMax + kBodyBytesMax + 16 * 1024;

bool is_http_syntax_error(const boost::system::error_code& ec) {
    return ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
           ec != http::error::partial_message && ec != http::error::end_of_stream;
}

std::string peer_of(const tcp::socket& socket) {
    boost::system::error_code ec;
    const tcp::endpoint peer = socket.remote_endpoint(ec);
    if (ec) return "?";
    return peer.address().to_string() + ":" + std::to_string(peer.port());
}

}  // namespace

HttpSession::HttpSession(tcp::socket socket, const SessionContext& context)
    : stream_(std::move(socket)), buffer_(kReadBufferBytesMax), context_(context) {
    peer_ = peer_of(stream_.socket());
}

HttpSession::~HttpSession() {
    --context_.live_connections;
}

void HttpSession::start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&HttpSession::do_read_header, shared_from_this()));
}

void HttpSession::do_read_header() {
    parser_.emplace();
    parser_->header_limit(kHeaderBytesMax);
    parser_->body_limit(kBodyBytesMax);
    stream_.expires_after(context_.request_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
}

void HttpSession::on_header(error_code ec, std::size_t) {
    if (ec) return fail_read(ec);
    if (parser_->is_done()) return on_read({}, 0);
    // A client that asks waits for this before it sends the body (a body too
    // large was refused with the header already).
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
        continue_ = {};
        continue_.version(kHttp11);
        continue_.result(http::status::continue_);
        continue_.set(http::field::server, kServerName);
        return http::async_write(
            stream_, continue_,
            beast::bind_front_handler(&HttpSession::on_continue, shared_from_this()));
    }
    do_read_body();
}

void HttpSession::on_continue(error_code ec, std::size_t) {
    if (ec) return close();
    do_read_body();
}

void HttpSession::do_read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(error_code ec, std::size_t) {
    if (ec) return fail_read(ec);
    request_ = parser_->release();
    parser_.reset();
    received_ = std::chrono::steady_clock::now();
    stream_.expires_never();
    std::string request_id = random_id("req_");
    context_.router.handle(request_, request_id,
                           [self = shared_from_this(), request_id](Outcome outcome) {
                               self->on_outcome(request_id, std::move(outcome));
                           });
}

void HttpSession::fail_read(error_code ec) {
    if (ec == http::error::body_limit)
        return refuse(413, "The request body is larger than seat-psp accepts (" +
                               std::to_string(kBodyBytesMax) + " bytes).");
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
        return refuse(431, "The request line and headers are larger than seat-psp accepts (" +
                               std::to_string(kHeaderBytesMax) + " bytes).");
    if (is_http_syntax_error(ec))
        return refuse(400, "Malformed HTTP request: " + ec.message() + ".");
    // End of stream between requests, a reset, or the request timeout: nobody to tell.
    close();
}

void HttpSession::refuse(unsigned status, const std::string& message) {
    if (context_.log_requests)
        log_line("%s - (unreadable request) %u %s", peer_.c_str(), status, message.c_str());
    response_ = {};
    response_.version(kHttp11);
    response_.result(status);
    response_.set(http::field::server, kServerName);
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(false);
    response_.body() = error_body(ApiError{status, "invalid_request_error", "", "", message});
    response_.prepare_payload();
    stream_.expires_after(context_.request_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
}

void HttpSession::on_outcome(const std::string& request_id, Outcome outcome) {
    if (context_.log_requests) log_request(request_id, outcome);
    if (outcome.delivery == Delivery::hold) return hold();
    if (outcome.delivery == Delivery::drop) return drop();
    response_ = {};
    response_.version(request_.version());
    response_.result(outcome.status);
    response_.set(http::field::server, kServerName);
    response_.set(http::field::content_type, "application/json");
    response_.set("Request-Id", request_id);
    if (outcome.replayed) {
        response_.set("Idempotent-Replayed", "true");
        response_.set("Original-Request", outcome.original_request);
    }
    if (outcome.status == 401)
        response_.set(http::field::www_authenticate, "Bearer realm=\"seat-psp\"");
    response_.keep_alive(request_.keep_alive());
    response_.body() = std::move(outcome.body);
    response_.prepare_payload();
    stream_.expires_after(context_.request_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
}

void HttpSession::on_write(error_code ec, std::size_t) {
    if (ec) return close();
    if (!response_.keep_alive()) return close_after_response();
    do_read_header();
}

// The timeout fault: no answer, ever. Whatever the client sends is read and
// discarded until it gives up (or kHoldMax passes), so its close is noticed.
void HttpSession::hold() {
    stream_.expires_after(kHoldMax);
    stream_.async_read_some(
        asio::buffer(scratch_),
        beast::bind_front_handler(&HttpSession::on_hold_read, shared_from_this()));
}

void HttpSession::on_hold_read(error_code ec, std::size_t) {
    if (ec) return close();
    stream_.async_read_some(
        asio::buffer(scratch_),
        beast::bind_front_handler(&HttpSession::on_hold_read, shared_from_this()));
}

// The lost-response fault: processed, then closed without a byte of the answer.
void HttpSession::drop() {
    close();
}

void HttpSession::close_after_response() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    drained_bytes_ = 0;
    stream_.expires_after(kDrainTimeout);
    stream_.async_read_some(asio::buffer(scratch_),
                            beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
}

void HttpSession::on_drain(error_code ec, std::size_t bytes) {
    drained_bytes_ += bytes;
    if (ec || drained_bytes_ > kDrainBytesMax) return close();
    stream_.async_read_some(asio::buffer(scratch_),
                            beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
}

void HttpSession::close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
}

void HttpSession::log_request(const std::string& request_id, const Outcome& outcome) const {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - received_)
            .count();
    const auto key = request_.find("Idempotency-Key");
    const std::string key_text =
        key == request_.end() ? std::string() : " key=" + std::string(key->value());
    const std::string status =
        outcome.delivery == Delivery::respond ? std::to_string(outcome.status) : "-";
    log_line("%s %s %s %s %.1f ms %s%s%s%s", peer_.c_str(),
             std::string(request_.method_string()).c_str(), std::string(request_.target()).c_str(),
             status.c_str(), ms, request_id.c_str(), key_text.c_str(),
             outcome.note.empty() ? "" : " ", outcome.note.c_str());
}

}  // namespace seat::psp
