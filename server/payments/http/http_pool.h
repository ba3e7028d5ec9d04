// HttpPool: HTTP/1.1 requests to one API (one base URL, one credential) over
// at most `connections_max` kept-alive connections, plain or TLS. A request
// that finds every connection busy waits in a queue, in order; the owner
// bounds the queue (StripeProvider counts calls in flight before submitting).
//
// Threading: every method is called on the thread that runs the io_context,
// and every callback runs there. Nothing here is thread-safe, nothing blocks.
//
// One attempt per request, with one exception that every HTTP client makes:
// a request written to a kept-alive connection that the server had already
// closed (end of stream or reset before any byte of an answer) is sent again
// on a new connection, once, and the other idle connections are dropped too.
// The server did not read it the first time, or if it did, the request's
// Idempotency-Key makes the second answer the first's (Go's net/http replays
// requests with an Idempotency-Key the same way). Only requests that are safe
// to resend (GET, or one with an Idempotency-Key) are resent.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "server/payments/http/base_url.h"
#include "server/payments/outcomes.h"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace seat::payments::http {

// An answer body larger than this is refused (Stripe's largest answer we ask
// for, a search page of 10 intents, is some tens of KiB).
inline constexpr std::size_t kAnswerBytesMax = 1 << 20;

struct HttpCall {
    enum class Method { get, post };
    Method method = Method::get;
    std::string target;           // path and query: "/v1/refunds"
    std::string form;             // a form-encoded body (POST), or empty
    std::string idempotency_key;  // sent as Idempotency-Key when not empty
};

struct HttpAnswer {
    unsigned status = 0;
    std::string body;
};

// An answer, or why there is none (an Unknown: the request may have been acted on).
using HttpResult = std::variant<HttpAnswer, Unknown>;

struct HttpPoolOptions {
    std::size_t connections_max = 16;
    std::chrono::milliseconds connect_timeout{2000};  // resolve, TCP and TLS handshake
    std::chrono::milliseconds response_timeout{
        10000};  // from writing the request to the whole answer
    // A kept-alive connection unused this long is closed: shorter than servers'
    // own idle timeouts (60 s and more), so they rarely close one under us.
    std::chrono::milliseconds idle_timeout{20000};
};

class Connection;

class HttpPool {
  public:
    using Done = std::function<void(HttpResult)>;

    // `tls` is the TLS context for an https URL (and must then be set), null
    // for http; it and `io` outlive the pool. `authorization` is the whole
    // Authorization header value, sent with every request and never shown.
    HttpPool(boost::asio::io_context& io, boost::asio::ssl::context* tls, BaseUrl url,
             std::string authorization, const HttpPoolOptions& options);
    ~HttpPool();
    HttpPool(const HttpPool&) = delete;
    HttpPool& operator=(const HttpPool&) = delete;

    // `done` runs exactly once: with the answer, or with an Unknown.
    void submit(HttpCall call, Done done);

    // Fails every queued and running request with Unknown{stopped}, closes every
    // connection and refuses later requests the same way. The io_context runs
    // out of work once the connections' handlers have finished.
    void stop();

    std::size_t connections() const { return connections_.size(); }
    std::size_t queued() const { return queue_.size(); }

  private:
    friend class Connection;
    struct Pending {
        HttpCall call;
        Done done;
        bool resent = false;
    };

    void dispatch();
    void start(const std::shared_ptr<Connection>& connection, Pending pending);
    void finished(const std::shared_ptr<Connection>& connection, Pending pending, HttpResult result,
                  bool reusable, bool stale);
    void idle_expired(Connection* connection);
    void remove(Connection* connection);

    boost::asio::io_context& io_;
    boost::asio::ssl::context* tls_;
    BaseUrl url_;
    std::string authorization_;
    HttpPoolOptions options_;
    bool stopped_ = false;
    std::deque<Pending> queue_;
    std::vector<std::shared_ptr<Connection>> connections_;  // busy and idle
    std::vector<Connection*> idle_;                         // most recently used last
};

}  // namespace seat::payments::http
