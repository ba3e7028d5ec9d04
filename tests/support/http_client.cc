// Each call starts one asynchronous Beast operation with the stream's timer set,
// then runs the io_context until it completes: the timeouts of beast::tcp_stream
// without a thread of its own.
#include "tests/support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>

namespace seat::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
    const auto it = headers.find(lower(name));
    return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(std::uint16_t port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout), stream_(io_) {}

void HttpClient::set_header(std::string name, std::string value) {
    defaults_.emplace_back(std::move(name), std::move(value));
}

void HttpClient::run() {
    io_.restart();
    io_.run();
}

void HttpClient::disconnect() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    buffer_.clear();
}

bool HttpClient::ensure_connected(std::string& error) {
    if (connected()) return true;
    buffer_.clear();
    beast::error_code result;
    stream_.expires_after(timeout_);
    stream_.async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), port_),
                          [&](beast::error_code ec) { result = ec; });
    run();
    if (result) error = "connect: " + result.message();
    return !result;
}

bool HttpClient::send(http::verb method, const std::string& target, const std::string& body,
                      const HttpHeaders& headers) {
    last_was_head_ = method == http::verb::head;
    std::string error;
    if (!ensure_connected(error)) return false;
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::user_agent, "seat-tests");
    for (const auto& [name, value] : defaults_)
        req.set(name, value);
    if (method == http::verb::post)
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
    for (const auto& [name, value] : headers)
        req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    beast::error_code result;
    stream_.expires_after(timeout_);
    http::async_write(stream_, req, [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    if (result) disconnect();
    return !result;
}

HttpResponse HttpClient::receive() {
    HttpResponse out;
    if (!connected()) {
        out.closed = true;
        out.error = "not connected";
        return out;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    // The answer to a HEAD has a Content-Length and no body.
    parser.skip(last_was_head_);
    beast::error_code result;
    stream_.expires_after(timeout_);
    http::async_read(stream_, buffer_, parser,
                     [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    if (result) {
        out.timed_out = result == beast::error::timeout;
        out.closed = !out.timed_out;
        out.error = result.message();
        disconnect();
        return out;
    }
    http::response<http::string_body> res = parser.release();
    out.received = true;
    out.status = res.result_int();
    for (const auto& field : res)
        out.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    out.body = std::move(res.body());
    if (!res.keep_alive()) disconnect();
    return out;
}

HttpResponse HttpClient::request(http::verb method, const std::string& target,
                                 const std::string& body, const HttpHeaders& headers) {
    if (!send(method, target, body, headers)) {
        HttpResponse out;
        out.closed = true;
        out.error = "the request could not be sent";
        return out;
    }
    return receive();
}

HttpResponse HttpClient::get(const std::string& target, const HttpHeaders& headers) {
    return request(http::verb::get, target, "", headers);
}

HttpResponse HttpClient::post(const std::string& target, const std::string& body,
                              const HttpHeaders& headers) {
    return request(http::verb::post, target, body, headers);
}

bool HttpClient::send_raw(const std::string& bytes) {
    std::string error;
    if (!ensure_connected(error)) return false;
    beast::error_code result;
    stream_.expires_after(timeout_);
    asio::async_write(stream_, asio::buffer(bytes),
                      [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    if (result) disconnect();
    return !result;
}

bool HttpClient::closed_by_server(std::chrono::milliseconds within) {
    if (!connected()) return true;
    const auto deadline = std::chrono::steady_clock::now() + within;
    char scratch[4096];
    for (;;) {
        const auto left = deadline - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) return false;
        beast::error_code result;
        stream_.expires_after(left);
        stream_.async_read_some(asio::buffer(scratch),
                                [&](beast::error_code ec, std::size_t) { result = ec; });
        run();
        if (result == beast::error::timeout) {
            disconnect();
            return false;
        }
        if (result) {
            disconnect();
            return true;
        }
    }
}

}  // namespace seat::testing
