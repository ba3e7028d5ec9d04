// StripeProvider (stripe_provider.h): a call is built into an HTTP request on
// the caller's thread (pure, no I/O), counted in, and posted to the I/O
// thread, where the pool carries it and the answer is read into an outcome.
#include "server/payments/stripe_provider.h"

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <optional>
#include <stdexcept>
#include <thread>

#include "base/check.h"
#include "server/payments/http/base_url.h"
#include "server/payments/http/http_pool.h"
#include "server/payments/stripe/secret_file.h"
#include "server/payments/stripe/stripe_answers.h"
#include "server/payments/stripe/stripe_requests.h"

namespace seat::payments {
namespace asio = boost::asio;

namespace {

void check_options(const StripeOptions& o) {
    if (o.connections_max < 1 || o.connections_max > kStripeConnectionsMax)
        throw std::invalid_argument("payments: connections_max must be 1-" +
                                    std::to_string(kStripeConnectionsMax));
    if (o.queue_max > kStripeQueueMax)
        throw std::invalid_argument("payments: queue_max must be at most " +
                                    std::to_string(kStripeQueueMax));
    if (o.connect_timeout.count() <= 0 || o.response_timeout.count() <= 0 ||
        o.idle_timeout.count() <= 0)
        throw std::invalid_argument("payments: timeouts must be positive");
}

std::optional<asio::ssl::context> make_tls(const StripeOptions& options, bool tls) {
    if (!tls) return std::nullopt;
    std::optional<asio::ssl::context> context(std::in_place, asio::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    boost::system::error_code ec;
    if (options.ca_file.empty()) {
        context->set_default_verify_paths(ec);
    } else {
        context->load_verify_file(options.ca_file.string(), ec);
    }
    if (ec)
        throw std::runtime_error(
            "payments: cannot load the trusted certificates" +
            (options.ca_file.empty() ? "" : " from " + options.ca_file.string()) + ": " +
            ec.message());
    context->set_verify_mode(asio::ssl::verify_peer);
    return context;
}

http::HttpPoolOptions pool_options(const StripeOptions& o) {
    http::HttpPoolOptions p;
    p.connections_max = o.connections_max;
    p.connect_timeout = o.connect_timeout;
    p.response_timeout = o.response_timeout;
    p.idle_timeout = o.idle_timeout;
    return p;
}

}  // namespace

struct StripeProvider::State {
    State(const StripeOptions& options, http::BaseUrl url, std::string secret_key)
        : tls(make_tls(options, url.tls)),
          secret(std::move(secret_key)),
          pool(io, tls ? &*tls : nullptr, std::move(url), "Bearer " + secret,
               pool_options(options)),
          in_flight_max(options.connections_max + options.queue_max) {
        thread = std::thread([this] { io.run(); });
    }

    // Counts the call in (or refuses it), then hands it to the pool on the I/O
    // thread; `read` turns an answer into the call's outcome.
    template <class Outcome, class Read>
    void submit(http::HttpCall call, std::function<void(Outcome)> done, Read read) {
        if (in_flight.fetch_add(1, std::memory_order_acq_rel) >= in_flight_max) {
            in_flight.fetch_sub(1, std::memory_order_acq_rel);
            asio::post(io, [done = std::move(done), max = in_flight_max] {
                done(Unknown{UnknownCause::overloaded,
                             "more than " + std::to_string(max) + " payment requests in flight"});
            });
            return;
        }
        asio::post(io, [this, call = std::move(call), done = std::move(done), read]() mutable {
            pool.submit(std::move(call), [this, done = std::move(done), read](http::HttpResult r) {
                Outcome outcome = Unknown{};
                if (auto* answer = std::get_if<http::HttpAnswer>(&r)) {
                    stripe::redact_secret(answer->body, secret);
                    outcome = read(answer->status, answer->body);
                } else {
                    outcome = std::get<Unknown>(std::move(r));
                }
                // Counted out before the callback, which may call again.
                in_flight.fetch_sub(1, std::memory_order_acq_rel);
                done(std::move(outcome));
            });
        });
    }

    asio::io_context io;
    std::optional<asio::ssl::context> tls;
    const std::string secret;
    http::HttpPool pool;
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    const std::size_t in_flight_max;
    std::atomic<std::size_t> in_flight{0};
    std::thread thread;  // last: it starts once everything above exists
};

StripeProvider::StripeProvider(const StripeOptions& options) {
    check_options(options);
    http::BaseUrl url = http::parse_base_url(options.base_url);
    state_ = std::make_unique<State>(options, std::move(url),
                                     stripe::read_secret_file(options.secret_file));
}

StripeProvider::~StripeProvider() {
    SEAT_CHECK(std::this_thread::get_id() != state_->thread.get_id(),
               "a StripeProvider destroyed by one of its own callbacks");
    asio::post(state_->io, [state = state_.get()] { state->pool.stop(); });
    state_->work.reset();
    state_->thread.join();
}

void StripeProvider::charge(const ChargeRequest& request, ChargeCallback done) {
    state_->submit<ChargeOutcome>(stripe::charge_call(request), std::move(done),
                                  stripe::read_charge_answer);
}

void StripeProvider::find_charge(const std::string& key, const std::string& value,
                                 FindChargeCallback done) {
    state_->submit<FindChargeOutcome>(stripe::search_call(key, value), std::move(done),
                                      stripe::read_search_answer);
}

void StripeProvider::refund(const RefundRequest& request, RefundCallback done) {
    state_->submit<RefundOutcome>(stripe::refund_call(request), std::move(done),
                                  stripe::read_refund_answer);
}

void StripeProvider::payout(const PayoutRequest& request, PayoutCallback done) {
    state_->submit<PayoutOutcome>(stripe::payout_call(request), std::move(done),
                                  stripe::read_payout_answer);
}

std::size_t StripeProvider::in_flight() const {
    return state_->in_flight.load(std::memory_order_relaxed);
}

std::size_t StripeProvider::in_flight_max() const {
    return state_->in_flight_max;
}

}  // namespace seat::payments
