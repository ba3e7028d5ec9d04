// The live count is incremented here and decremented by the session's
// destructor, so it counts sessions that exist, whatever ended them.
#include "tools/seat-psp/listener.h"

#include "tools/seat-psp/log.h"

namespace seat::psp {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Pause before accepting again after accept failed, e.g. out of file descriptors.
constexpr std::chrono::milliseconds kAcceptRetry{100};

}  // namespace

Listener::Listener(asio::io_context& io, const SessionContext& context, std::size_t max_connections)
    : io_(io), acceptor_(io), retry_(io), context_(context), max_connections_(max_connections) {}

bool Listener::listen(const std::string& host, std::uint16_t port, std::string& error) {
    boost::system::error_code ec;
    const asio::ip::address address =
        asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) {
        error = "cannot listen on " + host + ": not an IP address";
        return false;
    }
    const tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message();
        return false;
    }
    port_ = acceptor_.local_endpoint().port();
    return true;
}

void Listener::start() {
    do_accept();
}

void Listener::stop() {
    stopped_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
}

void Listener::do_accept() {
    acceptor_.async_accept(io_, [this](const boost::system::error_code& ec, tcp::socket socket) {
        on_accept(ec, std::move(socket));
    });
}

void Listener::on_accept(const boost::system::error_code& ec, tcp::socket socket) {
    if (stopped_ || ec == asio::error::operation_aborted) return;
    if (ec) {
        log_line("accept failed: %s", ec.message().c_str());
        retry_.expires_after(kAcceptRetry);
        retry_.async_wait([this](const boost::system::error_code& e) {
            if (!e && !stopped_) do_accept();
        });
        return;
    }
    if (context_.live_connections >= max_connections_) {
        log_line("connection refused: already serving --max-connections=%zu", max_connections_);
        boost::system::error_code ignored;
        socket.close(ignored);
    } else {
        ++context_.live_connections;
        std::make_shared<HttpSession>(std::move(socket), context_)->start();
    }
    do_accept();
}

}  // namespace seat::psp
