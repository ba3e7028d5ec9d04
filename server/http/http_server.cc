#include "server/http/http_server.h"

#include "base/thread_name.h"
#include "server/http/http_session.h"
#include "server/log.h"

namespace seat::server::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Pause before accepting again after accept failed (e.g. out of file descriptors).
constexpr std::chrono::milliseconds kAcceptRetry{100};

}  // namespace

HttpServer::HttpServer(RouterContext context, std::size_t connections_max)
    : router_(std::move(context)), connections_max_(connections_max), acceptor_(io_), retry_(io_) {}

HttpServer::~HttpServer() {
    stop();
}

bool HttpServer::listen(const std::string& host, std::uint16_t port, std::string& error) {
    boost::system::error_code ec;
    const asio::ip::address address =
        asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) {
        error = "--http-listen: " + host + " is not an IP address";
        return false;
    }
    const tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot serve HTTP on " + host + ":" + std::to_string(port) + ": " + ec.message();
        return false;
    }
    port_ = acceptor_.local_endpoint().port();
    return true;
}

void HttpServer::start() {
    do_accept();
    thread_ = std::thread([this] {
        name_this_thread("http");
        io_.run();
    });
}

void HttpServer::stop() {
    if (!thread_.joinable()) return;
    // Sessions hold no work of their own beyond their sockets: stopping the
    // context ends them where they are (an answer being written is cut).
    asio::post(io_, [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        retry_.cancel();
    });
    io_.stop();
    thread_.join();
}

void HttpServer::do_accept() {
    acceptor_.async_accept(io_, [this](const boost::system::error_code& ec, tcp::socket socket) {
        on_accept(ec, std::move(socket));
    });
}

void HttpServer::on_accept(const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
        log_line("http: accept failed: %s", ec.message().c_str());
        retry_.expires_after(kAcceptRetry);
        retry_.async_wait([this](const boost::system::error_code& e) {
            if (!e) do_accept();
        });
        return;
    }
    if (live_.load(std::memory_order_relaxed) >= connections_max_) {
        boost::system::error_code ignored;
        socket.close(ignored);
    } else {
        live_.fetch_add(1, std::memory_order_relaxed);
        std::make_shared<HttpSession>(std::move(socket), router_, live_)->start();
    }
    do_accept();
}

}  // namespace seat::server::http
