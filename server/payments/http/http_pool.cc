// The connection pool (http_pool.h): who carries the next request, and what
// happens to a connection after its answer.
#include "server/payments/http/http_pool.h"

#include <algorithm>

#include "base/check.h"
#include "server/payments/http/connection.h"

namespace seat::payments::http {
namespace {

// Sending it twice cannot act twice (http_pool.h).
bool safe_to_resend(const HttpCall& call) {
    return call.method == HttpCall::Method::get || !call.idempotency_key.empty();
}

}  // namespace

HttpPool::HttpPool(boost::asio::io_context& io, boost::asio::ssl::context* tls, BaseUrl url,
                   std::string authorization, const HttpPoolOptions& options)
    : io_(io),
      tls_(tls),
      url_(std::move(url)),
      authorization_(std::move(authorization)),
      options_(options) {
    SEAT_CHECK(url_.tls == (tls_ != nullptr), "an https URL needs a TLS context, http none");
    SEAT_CHECK(options_.connections_max >= 1, "a pool without connections");
}

HttpPool::~HttpPool() = default;

void HttpPool::submit(HttpCall call, Done done) {
    if (stopped_) return done(Unknown{UnknownCause::stopped, "the provider has stopped"});
    queue_.push_back(Pending{std::move(call), std::move(done)});
    dispatch();
}

void HttpPool::dispatch() {
    while (!stopped_ && !queue_.empty()) {
        std::shared_ptr<Connection> connection;
        if (!idle_.empty()) {
            connection = idle_.back()->shared_from_this();
            idle_.pop_back();
            connection->end_idle();
        } else if (connections_.size() < options_.connections_max) {
            connection = std::make_shared<Connection>(*this);
            connections_.push_back(connection);
        } else {
            return;  // every connection is busy: the queue waits for one
        }
        Pending next = std::move(queue_.front());
        queue_.pop_front();
        connection->run(std::move(next));
    }
}

void HttpPool::finished(const std::shared_ptr<Connection>& connection, Pending pending,
                        HttpResult result, bool reusable, bool stale) {
    if (reusable && !stopped_) {
        idle_.push_back(connection.get());
        connection->start_idle();
    } else {
        remove(connection.get());
    }
    if (stale) {
        // A server that closed one idle connection has likely closed the others
        // idle as long (its idle timeout, a restart): the resend takes a new one.
        while (!idle_.empty())
            remove(idle_.back());
    }
    if (stale && !pending.resent && !stopped_ && safe_to_resend(pending.call)) {
        pending.resent = true;
        queue_.push_front(std::move(pending));  // it was first in line already
    } else {
        pending.done(std::move(result));
    }
    dispatch();
}

void HttpPool::idle_expired(Connection* connection) {
    remove(connection);
}

void HttpPool::remove(Connection* connection) {
    std::erase(idle_, connection);
    std::erase_if(connections_, [&](const auto& c) { return c.get() == connection; });
    connection->close();
}

void HttpPool::stop() {
    stopped_ = true;
    std::deque<Pending> queued = std::move(queue_);
    queue_.clear();
    for (Pending& p : queued)
        p.done(Unknown{UnknownCause::stopped, "stopped before it was sent"});
    // Busy connections finish their request with `stopped` once closed; their
    // handlers hold them until then.
    for (const auto& connection : connections_)
        connection->close();
    connections_.clear();
    idle_.clear();
}

}  // namespace seat::payments::http
