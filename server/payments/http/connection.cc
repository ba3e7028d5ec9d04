// One pooled HTTP connection (connection.h).
#include "server/payments/http/connection.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace seat::payments::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

namespace {

constexpr const char* kUserAgent = "seatd-payments/1";

std::variant<beast::tcp_stream, beast::ssl_stream<beast::tcp_stream>> make_stream(
    asio::io_context& io, asio::ssl::context* tls) {
    if (tls) return beast::ssl_stream<beast::tcp_stream>(io, *tls);
    return beast::tcp_stream(io);
}

bool is_ip_address(const std::string& host) {
    error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

std::string ms(std::chrono::milliseconds d) {
    return std::to_string(d.count()) + " ms";
}

// The server closed (or reset) the connection before anything of an answer.
bool closed_before_answer(error_code ec, bool got_some) {
    if (ec == bhttp::error::end_of_stream) return true;
    return !got_some &&
           (ec == asio::error::eof || ec == asio::error::connection_reset ||
            ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated);
}

}  // namespace

Connection::Connection(HttpPool& pool)
    : pool_(pool),
      stream_(make_stream(pool.io_, pool.tls_)),
      resolver_(pool.io_),
      resolve_deadline_(pool.io_),
      idle_timer_(pool.io_) {}

beast::tcp_stream& Connection::tcp() {
    return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); },
                      stream_);
}

void Connection::run(HttpPool::Pending pending) {
    const HttpCall& call = pending.call;
    request_ = {};
    request_.version(11);
    request_.method(call.method == HttpCall::Method::post ? bhttp::verb::post : bhttp::verb::get);
    request_.target(call.target);
    request_.set(bhttp::field::host, pool_.url_.host_header);
    request_.set(bhttp::field::user_agent, kUserAgent);
    request_.set(bhttp::field::authorization, pool_.authorization_);
    request_.set(bhttp::field::accept, "application/json");
    if (!call.idempotency_key.empty()) request_.set("Idempotency-Key", call.idempotency_key);
    if (call.method == HttpCall::Method::post) {
        request_.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
        request_.body() = call.form;
    }
    request_.keep_alive(true);
    request_.prepare_payload();
    pending_.emplace(std::move(pending));
    if (connected_) {
        do_write();
    } else {
        do_resolve();
    }
}

// ---- Connecting: resolve, TCP, TLS, all within connect_timeout.

void Connection::do_resolve() {
    connect_deadline_ = std::chrono::steady_clock::now() + pool_.options_.connect_timeout;
    // The resolver has no deadline of its own; a timer cancels it.
    resolve_deadline_.expires_at(connect_deadline_);
    resolve_deadline_.async_wait(
        beast::bind_front_handler(&Connection::on_resolve_deadline, shared_from_this()));
    resolver_.async_resolve(pool_.url_.host, pool_.url_.port,
                            beast::bind_front_handler(&Connection::on_resolve, shared_from_this()));
}

void Connection::on_resolve_deadline(error_code ec) {
    if (ec) return;  // cancelled: the resolve finished first
    resolve_timed_out_ = true;
    resolver_.cancel();
}

void Connection::on_resolve(error_code ec, asio::ip::tcp::resolver::results_type found) {
    resolve_deadline_.cancel();
    if (resolve_timed_out_)
        return fail_connect("resolving " + pool_.url_.host + " took more than " +
                            ms(pool_.options_.connect_timeout));
    if (ec) return fail_connect("resolving " + pool_.url_.host + ": " + ec.message());
    tcp().expires_at(connect_deadline_);
    tcp().async_connect(found,
                        beast::bind_front_handler(&Connection::on_connect, shared_from_this()));
}

void Connection::on_connect(error_code ec, const asio::ip::tcp::endpoint&) {
    if (ec == beast::error::timeout)
        return fail_connect("connecting took more than " + ms(pool_.options_.connect_timeout));
    if (ec) return fail_connect("connecting to " + pool_.url_.host_header + ": " + ec.message());
    auto* tls = std::get_if<TlsStream>(&stream_);
    if (!tls) {
        connected_ = true;
        return do_write();
    }
    const std::string& host = pool_.url_.host;
    // SNI names a host, never an address (RFC 6066).
    if (!is_ip_address(host) && !SSL_set_tlsext_host_name(tls->native_handle(), host.c_str()))
        return fail_connect("TLS: cannot set the server name");
    tls->set_verify_mode(asio::ssl::verify_peer);
    tls->set_verify_callback(asio::ssl::host_name_verification(host));
    tcp().expires_at(connect_deadline_);
    tls->async_handshake(asio::ssl::stream_base::client,
                         beast::bind_front_handler(&Connection::on_handshake, shared_from_this()));
}

void Connection::on_handshake(error_code ec) {
    if (ec == beast::error::timeout)
        return fail_connect("the TLS handshake took more than " +
                            ms(pool_.options_.connect_timeout));
    if (ec) return fail_connect("TLS handshake with " + pool_.url_.host + ": " + ec.message());
    connected_ = true;
    do_write();
}

// ---- One exchange: write the request, read the answer, within response_timeout.

void Connection::do_write() {
    tcp().expires_after(pool_.options_.response_timeout);
    with_stream([this](auto& s) {
        bhttp::async_write(s, request_,
                           beast::bind_front_handler(&Connection::on_write, shared_from_this()));
    });
}

void Connection::on_write(error_code ec, std::size_t) {
    if (ec) return fail_exchange(ec, "writing the request");
    parser_.emplace();
    parser_->body_limit(kAnswerBytesMax);
    with_stream([this](auto& s) {
        bhttp::async_read(s, buffer_, *parser_,
                          beast::bind_front_handler(&Connection::on_read, shared_from_this()));
    });
}

void Connection::on_read(error_code ec, std::size_t) {
    if (ec) return fail_exchange(ec, "reading the answer");
    tcp().expires_never();
    auto& answer = parser_->get();
    const bool reusable = answer.keep_alive();
    reused_ = true;
    finish(HttpAnswer{answer.result_int(), std::move(answer.body())}, reusable, false);
}

// ---- Idle between exchanges.

void Connection::start_idle() {
    idle_timer_.expires_after(pool_.options_.idle_timeout);
    idle_timer_.async_wait(
        beast::bind_front_handler(&Connection::on_idle_timer, shared_from_this(), ++idle_round_));
}

void Connection::end_idle() {
    ++idle_round_;  // a timer that already fired is stale now
    idle_timer_.cancel();
}

void Connection::on_idle_timer(std::uint64_t idle_round, error_code ec) {
    if (ec || idle_round != idle_round_) return;
    pool_.idle_expired(this);
}

void Connection::close() {
    resolver_.cancel();
    resolve_deadline_.cancel();
    idle_timer_.cancel();
    error_code ignored;
    tcp().socket().close(ignored);
}

// ---- Endings.

void Connection::fail_connect(const std::string& detail) {
    close();
    if (pool_.stopped_)
        return finish(Unknown{UnknownCause::stopped, "stopped while connecting"}, false, false);
    finish(Unknown{UnknownCause::connect_failed, detail}, false, false);
}

void Connection::fail_exchange(error_code ec, const char* step) {
    const bool got_some = parser_ && parser_->got_some();
    const bool stale = reused_ && closed_before_answer(ec, got_some);
    close();
    Unknown why{UnknownCause::connection_lost, std::string(step) + ": " + ec.message()};
    if (pool_.stopped_) {
        why = {UnknownCause::stopped, "stopped with the request in flight"};
    } else if (ec == beast::error::timeout) {
        why = {UnknownCause::timeout, "no answer within " + ms(pool_.options_.response_timeout)};
    } else if (ec == bhttp::error::body_limit) {
        why = {UnknownCause::malformed_answer,
               "an answer over " + std::to_string(kAnswerBytesMax) + " bytes"};
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category() &&
               ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        why = {UnknownCause::malformed_answer, "not HTTP: " + ec.message()};
    }
    finish(std::move(why), false, stale);
}

void Connection::finish(HttpResult result, bool reusable, bool stale) {
    HttpPool::Pending pending = std::move(*pending_);
    pending_.reset();
    pool_.finished(shared_from_this(), std::move(pending), std::move(result), reusable, stale);
}

}  // namespace seat::payments::http
