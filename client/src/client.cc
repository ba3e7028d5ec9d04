// seat::Client: one Boost.Asio I/O thread per client owns the connection, the
// table of unanswered calls and all timers, so none of that state needs a lock.
// The thread is the client's own or one of a ClientThreads' (each runs one
// io_context; a client keeps the one it was given). Public methods encode
// their request on the caller's thread and post it to the I/O thread. Every
// handler a client gives Asio is counted (Impl::counted), because a shared
// io_context outlives the client: the destructor returns only once the count
// is back to zero, so no handler can touch a destroyed client. Invariant: a call stays in `calls_`
// (and its frame is kept) until it has completed, so that a broken connection can resend every
// unanswered request, in call order, with its original idempotency key. With TLS the handshake is a
// step of the connection attempt, between connect and Hello, and the connection reads and writes
// through the TLS stream; nothing else differs.
#include "seat/client.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "client/src/codec.h"
#include "protocol/frame.h"
#include "protocol/protocol_version.h"

namespace seat {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;
using Frame = std::shared_ptr<const Bytes>;
using ClientStatus = client::Status;
using Builder = flatbuffers::FlatBufferBuilder;

// The least free space a read is given; it is given all the reader's buffer
// has, so that many frames arrive in one read.
constexpr std::size_t kReadBytesMin = 16u << 10;
// Frames gathered into one write.
constexpr std::size_t kWriteBatchFramesMax = 64;
// How often unanswered calls are checked against their deadlines.
constexpr std::chrono::milliseconds kSweepPeriod{20};
// GetSection's "no section id given".
constexpr std::uint16_t kNoSection = 0xFFFF;
// The wait before retrying `overloaded` when the server gives no hint.
constexpr std::chrono::milliseconds kOverloadedRetryDefault{10};

[[noreturn]] void misuse(const char* what) {
    std::fprintf(stderr, "seatclient: %s\n", what);
    std::abort();
}

// What completes a call: a verified response, or a status decided locally.
struct Answer {
    const wire::Response* response = nullptr;
    ClientStatus status = ClientStatus::ok;
    std::string message;
};

// One call, from the request's frame to its completion: one allocation with
// the caller's callback in it (TypedCall), and the frame's bytes.
struct Call {
    virtual ~Call() = default;
    // Runs the caller's callback with the result `a` decides, once.
    virtual void complete(const Answer& a) = 0;

    std::uint64_t id = 0;
    Bytes bytes;  // the encoded request, resent as it is
    Clock::time_point deadline;
    std::chrono::milliseconds timeout{0};  // what the deadline was set from, for the message
    int overloaded_retries = 0;
    bool sent = false;
    std::unique_ptr<asio::steady_timer> retry_timer;  // waiting out `overloaded`
};

// The frame of a call for the write queue: shares the call's ownership (the
// aliasing constructor), so queueing it allocates nothing.
Frame frame_of(const std::shared_ptr<Call>& c) {
    return Frame(c, &c->bytes);
}

template <typename T>
void run_callback(const Callback<T>& done, client::Result<T> result);

template <typename T>
struct TypedCall final : Call {
    Callback<T> done;
    client::Id128 key;
    Clock::time_point started;

    void complete(const Answer& a) override {
        client::Result<T> r;
        r.idempotency_key = key;
        if (a.response == nullptr) {
            r.status = a.status;
            r.message = a.message.empty() ? std::string(client::describe(a.status)) : a.message;
        } else {
            client::codec::read_outcome(*a.response, r);
            // A refusal may carry the call's reply body too (a refused
            // admission names the seat and the first admission): it is read
            // whenever it is there, and required only with `ok`.
            const bool has_value = client::codec::read_value(*a.response, r.value);
            if (r.ok() && !has_value) {
                r.status = ClientStatus::protocol_error;
                r.message = "the server answered with an unexpected body type";
            }
        }
        if constexpr (std::is_same_v<T, client::Pong>) {
            r.value.round_trip_us =
                std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started)
                    .count();
        }
        run_callback(done, std::move(r));
    }
};

// One TCP connection attempt and, once the Hello is answered, the live connection.
struct Connection {
    Connection(asio::io_context& io, ssl::context* tls_context)
        : socket(io), resolver(io), timer(io) {
        if (tls_context != nullptr) tls.emplace(socket, *tls_context);
    }
    tcp::socket socket;
    std::optional<ssl::stream<tcp::socket&>> tls;  // over `socket`, when TLS is on
    tcp::resolver resolver;
    asio::steady_timer timer;  // bounds the attempt until the Hello is answered
    protocol::FrameReader reader;
    std::uint64_t hello_id = 0;
    bool tcp_connected = false;  // the handshake (or the Hello) is on its way
    bool handshaken = false;     // TLS: the Hello is on its way
    bool ready = false;
    // A flush is posted: frames queued until it runs go out in one write.
    bool flush_posted = false;
    std::deque<Frame> write_queue;
    std::vector<Frame> writing;  // the batch the socket is writing now
};

// A request's body is built by an encoder, called as
//   std::pair<wire::RequestBody, flatbuffers::Offset<void>> (Builder&, const wire::Id128* key)
// into the caller's builder, before the method returns (so it may capture the
// method's arguments by reference). `key` is the call's idempotency key; null
// for queries.

// Reads or writes go through the TLS stream when there is one: `op` is called
// with the stream to use.
template <typename Op>
void with_stream(Connection& c, Op&& op) {
    if (c.tls) {
        op(*c.tls);
    } else {
        op(c.socket);
    }
}

bool readable(const std::string& file) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (f == nullptr) return false;
    std::fclose(f);
    return true;
}

// The client's TLS settings: TLS 1.2 at least, OpenSSL's default ciphers, the
// server verified against the CAs asked for. Null with `error` when a CA file
// or directory cannot be used.
std::unique_ptr<ssl::context> make_tls_context(const TlsOptions& o, std::string& error) {
    if (!o.enabled) return nullptr;
    auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    if (o.insecure_skip_verify_for_tests) {
        context->set_verify_mode(ssl::verify_none);
        return context;
    }
    context->set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (o.ca_file.empty() && o.ca_dir.empty()) {
        context->set_default_verify_paths(ec);
        if (ec) error = "cannot use the system's CA store: " + ec.message();
    }
    if (!o.ca_file.empty()) {
        if (!readable(o.ca_file)) {
            error = "cannot read the TLS CA file " + o.ca_file + ": " + std::strerror(errno);
        } else {
            context->load_verify_file(o.ca_file, ec);
            if (ec) error = "the TLS CA file " + o.ca_file + " holds no PEM certificate";
        }
    }
    if (error.empty() && !o.ca_dir.empty()) {
        context->add_verify_path(o.ca_dir, ec);
        if (ec) error = "cannot use the TLS CA directory " + o.ca_dir + ": " + ec.message();
    }
    if (!error.empty()) return nullptr;
    return context;
}

// Why a handshake failed, in OpenSSL's words; for a certificate, why it was refused.
std::string handshake_failure(const boost::system::error_code& ec, SSL* ssl) {
    if (ec == ssl::error::stream_truncated) return "the server closed the connection";
    if (ec.category() != asio::error::get_ssl_category()) return ec.message();
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK)
        return std::string("certificate verify failed (") + X509_verify_cert_error_string(verify) +
               ")";
    const char* reason = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
    std::string text = reason != nullptr ? reason : ec.message();
    if (ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_WRONG_VERSION_NUMBER)
        text += " (is the server speaking TLS? seatd does with --tls-cert)";
    return text;
}

}  // namespace

// One event loop per thread. A client's io_context is chosen once, the loop
// with the fewest clients, so that clients spread evenly over the threads.
class ClientThreads::Impl {
  public:
    struct Loop {
        // One thread runs it: Asio may then skip locking on that thread's own posts.
        asio::io_context io{1};
        asio::executor_work_guard<asio::io_context::executor_type> work{asio::make_work_guard(io)};
        std::thread thread;
        std::atomic<std::size_t> clients{0};
    };

    explicit Impl(std::size_t count) {
        count = std::clamp<std::size_t>(count, 1, ClientThreads::kThreadsMax);
        for (std::size_t i = 0; i < count; ++i) {
            loops_.push_back(std::make_unique<Loop>());
            Loop& loop = *loops_.back();
            loop.thread = std::thread([&loop] { loop.io.run(); });
        }
    }

    ~Impl() {
        for (auto& loop : loops_)
            if (std::this_thread::get_id() == loop->thread.get_id())
                misuse("ClientThreads destroyed from one of its own threads would join itself");
        for (auto& loop : loops_) {
            loop->work.reset();
            loop->io.stop();
        }
        for (auto& loop : loops_)
            loop->thread.join();
    }

    std::size_t size() const { return loops_.size(); }

    // Takes the least-loaded loop for one more client; give it back with release().
    Loop& acquire() {
        std::lock_guard lock(mu_);
        Loop* best = loops_.front().get();
        for (auto& loop : loops_)
            if (loop->clients.load() < best->clients.load()) best = loop.get();
        best->clients.fetch_add(1);
        return *best;
    }
    static void release(Loop& loop) { loop.clients.fetch_sub(1); }

  private:
    std::mutex mu_;  // acquire() reads all counts, then bumps one
    std::vector<std::unique_ptr<Loop>> loops_;
};

namespace {

template <typename T>
void run_callback(const Callback<T>& done, client::Result<T> result) {
    try {
        done(std::move(result));
    } catch (...) {
        // The contract: callbacks must not throw, and the I/O thread must survive one that does.
    }
}

}  // namespace

class Client::Impl {
    // First in the class: its uses need its return type.
    // Every handler given to Asio goes through here, counted until it has run
    // and its captures are gone: a shared io_context outlives the client, and
    // the destructor must not return while a handler could still touch it.
    template <typename Handler>
    auto counted(Handler h) {
        pending_.fetch_add(1, std::memory_order_relaxed);
        return [this, h = std::move(h)](auto&&... args) mutable {
            {
                Handler local = std::move(h);
                local(std::forward<decltype(args)>(args)...);
            }
            handler_done();
        };
    }

    // On the I/O thread. closed_ is set by shutdown(), itself a counted
    // handler, so the count reaches zero after it only once nothing is left.
    void handler_done() {
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) != 1 || !closed_) return;
        std::lock_guard lock(drain_mu_);
        drained_ = true;
        drain_cv_.notify_all();
    }

  public:
    explicit Impl(ClientOptions options)
        : options_(std::move(options)),
          threads_(options_.threads != nullptr ? options_.threads
                                               : std::make_shared<ClientThreads>(1)),
          loop_(threads_->impl_->acquire()),
          io_(loop_.io),
          tls_context_(make_tls_context(options_.tls, tls_error_)),
          rng_(std::random_device{}()),
          backoff_timer_(io_),
          sweep_timer_(io_) {}

    ~Impl() {
        if (on_io_thread())
            misuse("a Client destroyed from a callback on its I/O thread would wait for itself");
        asio::post(io_, counted([this] { shutdown(); }));
        {
            std::unique_lock lock(drain_mu_);
            drain_cv_.wait(lock, [this] { return drained_; });
        }
        ClientThreads::Impl::release(loop_);
    }

    const ClientOptions& options() const { return options_; }

    // Queues one request; `done` runs on the I/O thread with its result.
    template <typename T, typename BodyEncoder>
    void call(std::uint64_t event, bool mutating, const CallOptions& o, const BodyEncoder& body,
              Callback<T> done) {
        auto c = std::make_shared<TypedCall<T>>();
        if (mutating) c->key = o.idempotency_key.is_zero() ? fresh_key() : o.idempotency_key;
        c->id = next_id_.fetch_add(1);
        const auto timeout = o.timeout.count() > 0 ? o.timeout : options_.call_timeout;
        c->started = Clock::now();
        c->deadline = c->started + timeout;
        c->timeout = timeout;
        c->done = std::move(done);
        // Counted before anything can fail, so that every completion uncounts it once.
        const bool too_many = in_flight_.fetch_add(1) >= options_.calls_in_flight_max;
        if (!encode(c->id, event, body, c->key, mutating, c->bytes)) {
            fail_now(std::move(c), ClientStatus::request_rejected,
                     "the request does not fit in one frame (1 MiB)");
            return;
        }
        if (too_many) {
            fail_now(std::move(c), ClientStatus::request_rejected, "too many calls in flight");
            return;
        }
        asio::post(io_, counted([this, c = std::shared_ptr<Call>(std::move(c))]() mutable {
                       add_call(std::move(c));
                   }));
    }

    void connect_async(Callback<client::HelloInfo> done) {
        asio::post(io_, counted([this, done = std::move(done)]() mutable {
                       if (closed_) {
                           client::Result<client::HelloInfo> r;
                           r.status = ClientStatus::client_closed;
                           r.message = std::string(client::describe(r.status));
                           run_callback(done, std::move(r));
                           return;
                       }
                       if (conn_ != nullptr && conn_->ready) {
                           client::Result<client::HelloInfo> r;
                           r.value = hello_;
                           r.message = "done";
                           run_callback(done, std::move(r));
                           return;
                       }
                       connect_waiters_.push_back(std::move(done));
                       if (conn_ == nullptr && !backing_off_) start_attempt();
                   }));
    }

    bool on_io_thread() const { return std::this_thread::get_id() == loop_.thread.get_id(); }

    void check_not_io_thread() const {
        if (on_io_thread())
            misuse("a synchronous call from a completion callback would wait for itself");
    }

    Client::Stats stats() const {
        Client::Stats s;
        s.connects = connects_.load();
        s.resent = resent_.load();
        s.calls_in_flight = in_flight_.load();
        return s;
    }

  private:
    client::Id128 fresh_key() {
        std::lock_guard lock(rng_mu_);
        client::Id128 id{rng_(), rng_()};
        id.hi = (id.hi & ~0xf000ull) | 0x4000ull;  // UUID v4 layout, as the protocol suggests
        id.lo = (id.lo & ~(0xc0ull << 56)) | (0x80ull << 56);
        return id;
    }

    // Encodes one request into `out`; false when it does not fit in a frame.
    template <typename BodyEncoder>
    static bool encode(std::uint64_t id, std::uint64_t event, const BodyEncoder& body,
                       const client::Id128& key, bool mutating, Bytes& out) {
        // One builder per calling thread, cleared and reused: its buffer would
        // otherwise be allocated and freed for every call.
        thread_local Builder b;
        b.Clear();
        const wire::Id128 wire_key = client::codec::to_wire(key);
        const auto [type, offset] = body(b, mutating ? &wire_key : nullptr);
        const auto root = wire::CreateRequest(b, id, event, type, offset);
        const auto frame = protocol::encode_frame(b, root);
        if (frame.empty()) return false;
        out.assign(frame.begin(), frame.end());
        return true;
    }

    // Completes a call that never reached the I/O thread's table, on the I/O thread.
    void fail_now(std::shared_ptr<Call> c, ClientStatus status, std::string message) {
        asio::post(io_, counted([this, c = std::move(c), status, message = std::move(message)] {
                       in_flight_.fetch_sub(1);
                       c->complete(Answer{nullptr, status, message});
                   }));
    }

    // ---- Everything below runs on the I/O thread.

    void add_call(std::shared_ptr<Call> c) {
        if (closed_) {
            in_flight_.fetch_sub(1);
            c->complete(Answer{nullptr, ClientStatus::client_closed, {}});
            return;
        }
        const auto [it, inserted] = calls_.emplace(c->id, std::move(c));
        arm_sweep();
        if (conn_ != nullptr && conn_->ready) {
            send(it->second);
        } else if (conn_ == nullptr && !backing_off_) {
            start_attempt();
        }
    }

    void complete(std::uint64_t id, const Answer& a) {
        auto it = calls_.find(id);
        if (it == calls_.end()) return;  // timed out earlier; a late answer is dropped
        std::shared_ptr<Call> c = std::move(it->second);
        calls_.erase(it);
        in_flight_.fetch_sub(1);
        c->complete(a);
    }

    void fail_all(ClientStatus status, const std::string& message) {
        auto calls = std::move(calls_);
        calls_.clear();
        for (auto& [id, c] : calls) {
            in_flight_.fetch_sub(1);
            c->complete(Answer{nullptr, status, message});
        }
        auto waiters = std::move(connect_waiters_);
        connect_waiters_.clear();
        for (auto& w : waiters) {
            client::Result<client::HelloInfo> r;
            r.status = status;
            r.message = message.empty() ? std::string(client::describe(status)) : message;
            run_callback(w, std::move(r));
        }
    }

    void shutdown() {
        closed_ = true;
        close_connection();
        backoff_timer_.cancel();
        sweep_timer_.cancel();
        fail_all(ClientStatus::client_closed, {});
    }

    // ---- Connecting.

    void start_attempt() {
        if (!tls_error_.empty()) {
            // Every attempt would fail the same way.
            failed_attempts_ = 0;
            fail_all(ClientStatus::connection_failed, tls_error_);
            return;
        }
        auto conn = std::make_shared<Connection>(io_, tls_context_.get());
        conn_ = conn;
        conn->timer.expires_after(options_.connect_timeout);
        conn->timer.async_wait(counted([this, conn](boost::system::error_code ec) {
            if (ec || conn != conn_ || conn->ready) return;
            // Saying which step hung tells a wrong port (something else is
            // listening there) from an unreachable host.
            const std::string ms = std::to_string(options_.connect_timeout.count()) + " ms";
            on_broken(conn, !conn->tcp_connected ? "no connection within " + ms
                            : conn->tls && !conn->handshaken
                                ? "connected, but the TLS handshake did not complete within " + ms
                                : "connected, but no answer to the Hello within " + ms);
        }));
        conn->resolver.async_resolve(
            options_.host, std::to_string(options_.port),
            counted(
                [this, conn](boost::system::error_code ec, tcp::resolver::results_type endpoints) {
                    if (conn != conn_) return;
                    if (ec) return on_broken(conn, "resolve: " + ec.message());
                    asio::async_connect(
                        conn->socket, endpoints,
                        counted([this, conn](boost::system::error_code ec, const tcp::endpoint&) {
                            if (conn != conn_) return;
                            if (ec) return on_broken(conn, "connect: " + ec.message());
                            on_connected(conn);
                        }));
                }));
    }

    void on_connected(const std::shared_ptr<Connection>& conn) {
        conn->tcp_connected = true;
        boost::system::error_code ignored;
        conn->socket.set_option(tcp::no_delay(true), ignored);
        if (conn->tls) return start_handshake(conn);
        say_hello(conn);
    }

    // The server's certificate must chain to the CAs asked for and carry the
    // expected name (an IP address is matched against the certificate's IP
    // addresses); SNI carries a DNS name.
    void start_handshake(const std::shared_ptr<Connection>& conn) {
        SSL* ssl = conn->tls->native_handle();
        const std::string& name =
            options_.tls.server_name.empty() ? options_.host : options_.tls.server_name;
        boost::system::error_code not_an_address;
        asio::ip::make_address(name, not_an_address);
        const bool is_address = !not_an_address;
        if (!is_address) SSL_set_tlsext_host_name(ssl, name.c_str());
        if (!options_.tls.insecure_skip_verify_for_tests) {
            if (is_address) {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
            } else {
                SSL_set1_host(ssl, name.c_str());
            }
        }
        conn->tls->async_handshake(ssl::stream_base::client,
                                   counted([this, conn](const boost::system::error_code& ec) {
                                       if (conn != conn_) return;
                                       if (ec) return on_handshake_failed(conn, ec);
                                       conn->handshaken = true;
                                       say_hello(conn);
                                   }));
    }

    // A certificate refused or a server that does not speak TLS will be so
    // again: the waiting calls fail now. A connection lost in the middle is
    // retried like any other.
    void on_handshake_failed(const std::shared_ptr<Connection>& conn,
                             const boost::system::error_code& ec) {
        const std::string why = "TLS handshake with " + options_.host + ":" +
                                std::to_string(options_.port) +
                                " failed: " + handshake_failure(ec, conn->tls->native_handle());
        const bool lasting =
            ec.category() == asio::error::get_ssl_category() && ec != ssl::error::stream_truncated;
        if (!lasting) return on_broken(conn, why);
        close_connection();
        failed_attempts_ = 0;
        fail_all(ClientStatus::connection_failed, why);
    }

    void say_hello(const std::shared_ptr<Connection>& conn) {
        conn->hello_id = next_id_.fetch_add(1);
        const auto hello = [this](Builder& b, const wire::Id128*) {
            const auto h =
                wire::CreateHelloDirect(b, protocol::kProtocolVersion, options_.api_key.c_str(),
                                        options_.client_name.c_str());
            return std::make_pair(wire::RequestBody::Hello, h.Union());
        };
        auto frame = std::make_shared<Bytes>();
        encode(conn->hello_id, 0, hello, {}, false, *frame);
        write(conn, std::move(frame));
        read(conn);
    }

    void on_hello(const std::shared_ptr<Connection>& conn, const wire::Response& response) {
        client::Result<client::HelloInfo> r;
        client::codec::read_outcome(response, r);
        if (r.ok() && !client::codec::read_value(response, r.value)) {
            r.status = ClientStatus::protocol_error;
            r.message = "the server's HelloReply is missing";
        }
        if (!r.ok()) {
            // A refused key or version will be refused again: fail instead of retrying.
            close_connection();
            failed_attempts_ = 0;
            fail_all(r.status, "hello refused: " + r.message);
            return;
        }
        conn->ready = true;
        conn->timer.cancel();
        failed_attempts_ = 0;
        hello_ = r.value;
        connects_.fetch_add(1);
        auto waiters = std::move(connect_waiters_);
        connect_waiters_.clear();
        for (auto& w : waiters)
            run_callback(w, r);
        // Every unanswered call, in call order: for one event the server then runs
        // them in the order they were made, and mutations carry their original keys.
        for (auto& [id, c] : calls_)
            send(c);
    }

    // The connection (or the attempt) failed: back off and try again while
    // someone waits, or fail the waiting calls after too many attempts.
    void on_broken(const std::shared_ptr<Connection>& conn, const std::string& why) {
        if (conn != conn_ || closed_) return;
        const bool was_ready = conn->ready;
        close_connection();
        if (calls_.empty() && connect_waiters_.empty()) {
            failed_attempts_ = 0;
            return;  // idle: the next call connects
        }
        if (!was_ready) ++failed_attempts_;
        if (failed_attempts_ >= options_.reconnect_attempts_max) {
            failed_attempts_ = 0;
            fail_all(ClientStatus::connection_failed, "could not reach " + options_.host + ":" +
                                                          std::to_string(options_.port) + " (" +
                                                          why + ")");
            return;
        }
        auto delay = options_.reconnect_delay_initial;
        for (int i = 1; i < failed_attempts_ && delay < options_.reconnect_delay_max; ++i)
            delay *= 2;
        delay = std::min(delay, options_.reconnect_delay_max);
        backing_off_ = true;
        backoff_timer_.expires_after(delay);
        backoff_timer_.async_wait(counted([this](boost::system::error_code ec) {
            backing_off_ = false;
            if (ec || closed_ || conn_ != nullptr) return;
            if (calls_.empty() && connect_waiters_.empty()) return;
            start_attempt();
        }));
    }

    void close_connection() {
        if (conn_ == nullptr) return;
        boost::system::error_code ignored;
        conn_->timer.cancel();
        conn_->resolver.cancel();
        conn_->socket.close(ignored);
        conn_.reset();
    }

    // ---- Writing.

    void send(const std::shared_ptr<Call>& c) {
        if (c->sent) resent_.fetch_add(1);
        c->sent = true;
        write(conn_, frame_of(c));
    }

    // Queues a frame. The write itself waits for a posted flush, so that every
    // request made before it runs (all the calls a round of answers' callbacks
    // make, say) goes out in one gathered write instead of one each.
    void write(const std::shared_ptr<Connection>& conn, Frame frame) {
        conn->write_queue.push_back(std::move(frame));
        if (!conn->writing.empty() || conn->flush_posted) return;
        conn->flush_posted = true;
        asio::post(io_, counted([this, conn] {
                       conn->flush_posted = false;
                       if (conn == conn_ && conn->writing.empty()) write_batch(conn);
                   }));
    }

    void write_batch(const std::shared_ptr<Connection>& conn) {
        std::vector<asio::const_buffer> buffers;
        while (!conn->write_queue.empty() && conn->writing.size() < kWriteBatchFramesMax) {
            conn->writing.push_back(std::move(conn->write_queue.front()));
            conn->write_queue.pop_front();
            buffers.emplace_back(conn->writing.back()->data(), conn->writing.back()->size());
        }
        if (buffers.empty()) return;
        auto done = counted([this, conn](boost::system::error_code ec, std::size_t) {
            if (conn != conn_) return;
            conn->writing.clear();
            if (ec) return on_broken(conn, "write: " + ec.message());
            write_batch(conn);
        });
        with_stream(*conn, [&](auto& stream) { asio::async_write(stream, buffers, done); });
    }

    // ---- Reading.

    void read(const std::shared_ptr<Connection>& conn) {
        // All the free space the reader has, at least kReadBytesMin: asking
        // for more than its buffer holds would reallocate it on every read.
        const auto space = conn->reader.prepare(kReadBytesMin);
        auto done = counted(
            [this, conn](boost::system::error_code ec, std::size_t n) { on_read(conn, ec, n); });
        with_stream(*conn, [&](auto& stream) {
            stream.async_read_some(asio::buffer(space.data(), space.size()), done);
        });
    }

    void on_read(const std::shared_ptr<Connection>& conn, boost::system::error_code ec,
                 std::size_t n) {
        if (conn != conn_) return;
        if (ec == asio::error::eof && !conn->ready && !conn->tls)
            return on_broken(conn,
                             "the server closed the connection without answering the Hello (if "
                             "it serves TLS, connect with TLS)");
        if (ec) return on_broken(conn, "read: " + ec.message());
        conn->reader.commit(n);
        std::span<const std::uint8_t> frame;
        while (conn == conn_ && conn->reader.next(frame)) {
            const auto verified = protocol::verify_response(frame);
            if (!verified.ok()) return on_broken(conn, "unreadable frame from the server");
            dispatch(conn, *verified.message);
        }
        if (conn != conn_) return;
        if (conn->reader.error() != protocol::FrameError::none)
            return on_broken(conn, "bad frame from the server");
        read(conn);
    }

    void dispatch(const std::shared_ptr<Connection>& conn, const wire::Response& response) {
        const std::uint64_t id = response.request_id();
        if (!conn->ready) {
            if (id == conn->hello_id) return on_hello(conn, response);
            // Anything else before the HelloReply (the server's bad_frame or
            // unauthorized with id 0): the connection is unusable.
            return on_broken(conn, "unexpected answer before the HelloReply");
        }
        if (id == 0) return;  // a connection-level error; the close that follows resends
        if (static_cast<ClientStatus>(response.status()) == ClientStatus::overloaded &&
            retry_later(id, response))
            return;
        complete(id, Answer{&response, ClientStatus::ok, {}});
    }

    // Resends a call answered `overloaded` after the server's hint, while its
    // deadline and retry budget allow; the server did nothing, so this is safe.
    bool retry_later(std::uint64_t id, const wire::Response& response) {
        auto it = calls_.find(id);
        if (it == calls_.end()) return false;
        Call& c = *it->second;
        std::chrono::milliseconds wait = kOverloadedRetryDefault;
        if (const auto* d = response.body_as_ErrorDetail(); d != nullptr && d->retry_after_ms() > 0)
            wait = std::chrono::milliseconds(d->retry_after_ms());
        if (c.overloaded_retries >= options_.overloaded_retries_max ||
            Clock::now() + wait >= c.deadline)
            return false;
        ++c.overloaded_retries;
        // Owned by the call: a call completed or failed first cancels its retry.
        c.retry_timer = std::make_unique<asio::steady_timer>(io_, wait);
        c.retry_timer->async_wait(counted([this, id](boost::system::error_code ec) {
            if (ec || closed_) return;
            auto it = calls_.find(id);
            if (it == calls_.end() || conn_ == nullptr || !conn_->ready) return;
            write(conn_, frame_of(it->second));
        }));
        return true;
    }

    // ---- Deadlines.

    void arm_sweep() {
        if (sweeping_) return;
        sweeping_ = true;
        sweep_timer_.expires_after(kSweepPeriod);
        sweep_timer_.async_wait(counted([this](boost::system::error_code ec) {
            sweeping_ = false;
            if (ec || closed_) return;
            const auto now = Clock::now();
            std::vector<std::pair<std::uint64_t, std::chrono::milliseconds>> expired;
            for (const auto& [id, c] : calls_)
                if (c->deadline <= now) expired.emplace_back(id, c->timeout);
            for (const auto& [id, timeout] : expired) {
                complete(id, Answer{nullptr, ClientStatus::timed_out,
                                    "no answer from " + options_.host + ":" +
                                        std::to_string(options_.port) + " within " +
                                        std::to_string(timeout.count()) + " ms"});
            }
            if (!calls_.empty()) arm_sweep();
        }));
    }

    const ClientOptions options_;
    // First: the threads (and so io_) outlive every I/O object below.
    const std::shared_ptr<ClientThreads> threads_;
    ClientThreads::Impl::Loop& loop_;
    asio::io_context& io_;
    std::string tls_error_;  // the TLS settings cannot be used: every attempt fails with it
    const std::unique_ptr<ssl::context> tls_context_;
    // Handlers given to Asio and not yet run (counted()); the destructor waits
    // for drained_, set when the count reaches zero after shutdown().
    std::atomic<std::size_t> pending_{0};
    std::mutex drain_mu_;
    std::condition_variable drain_cv_;
    bool drained_ = false;  // guarded by drain_mu_
    std::atomic<std::uint64_t> next_id_{1};
    std::atomic<std::uint64_t> in_flight_{0};
    std::atomic<std::uint64_t> connects_{0};
    std::atomic<std::uint64_t> resent_{0};
    std::mutex rng_mu_;
    std::mt19937_64 rng_;  // idempotency keys; guarded by rng_mu_

    // I/O thread only.
    std::shared_ptr<Connection> conn_;                      // null while idle or backing off
    std::map<std::uint64_t, std::shared_ptr<Call>> calls_;  // unanswered, by id = call order
    std::vector<Callback<client::HelloInfo>> connect_waiters_;
    client::HelloInfo hello_;
    asio::steady_timer backoff_timer_;
    asio::steady_timer sweep_timer_;
    int failed_attempts_ = 0;
    bool backing_off_ = false;
    bool sweeping_ = false;
    bool closed_ = false;
};

// ---- Request encoders.

namespace {

using client::codec::to_wire;

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>> names_of(
    Builder& b, const std::vector<std::string>& names) {
    if (names.empty()) return 0;
    return b.CreateVectorOfStrings(names);
}

// An absent field for an empty string: a server before the field reads the
// request it always read.
flatbuffers::Offset<flatbuffers::String> string_or_null(Builder& b, const std::string& text) {
    if (text.empty()) return 0;
    return b.CreateString(text);
}

flatbuffers::Offset<flatbuffers::Vector<std::uint32_t>> ids_of(
    Builder& b, const std::vector<std::uint32_t>& ids) {
    if (ids.empty()) return 0;
    return b.CreateVector(ids);
}

flatbuffers::Offset<wire::TransferSettings> transfer_settings_of(
    Builder& b, const client::TransferSettings& t) {
    return wire::CreateTransferSettings(
        b, t.transfers_allowed, t.resale_allowed, t.cutoff_before_start_ms, t.offer_ttl_ms,
        t.max_transfers_per_ticket, static_cast<wire::ResaleCap>(t.cap), t.cap_percent, t.fee_bps,
        t.kyc_threshold_minor, t.kyc_threshold_sales, t.kyc_window_ms);
}

template <typename T>
std::future<client::Result<T>> future_of(Callback<T>& done) {
    auto promise = std::make_shared<std::promise<client::Result<T>>>();
    done = [promise](client::Result<T> r) { promise->set_value(std::move(r)); };
    return promise->get_future();
}

}  // namespace

ClientThreads::ClientThreads(std::size_t count) : impl_(std::make_unique<Impl>(count)) {}
ClientThreads::~ClientThreads() = default;
std::size_t ClientThreads::size() const {
    return impl_->size();
}

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;

const ClientOptions& Client::options() const {
    return impl_->options();
}

Client::Stats Client::stats() const {
    return impl_->stats();
}

void Client::connect_async(Callback<client::HelloInfo> done) {
    impl_->connect_async(std::move(done));
}

client::Result<client::HelloInfo> Client::connect() {
    impl_->check_not_io_thread();
    Callback<client::HelloInfo> done;
    auto f = future_of(done);
    impl_->connect_async(std::move(done));
    return f.get();
}

// ---- Calls. Each async method encodes its body; each sync one waits for the async one.

namespace {

template <typename T, typename Start>
client::Result<T> wait_for(Start start) {
    Callback<T> done;
    auto f = future_of(done);
    start(std::move(done));
    return f.get();
}

using Body = std::pair<wire::RequestBody, flatbuffers::Offset<void>>;

}  // namespace

void Client::ping_async(Callback<client::Pong> done, const CallOptions& o) {
    impl_->call<client::Pong>(
        0, false, o,
        [](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::Ping, wire::CreatePing(b).Union()};
        },
        std::move(done));
}

void Client::list_events_async(std::uint64_t after_event, std::uint32_t limit,
                               Callback<client::EventList> done, const CallOptions& o) {
    impl_->call<client::EventList>(
        0, false, o,
        [after_event, limit](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::ListEvents,
                        wire::CreateListEvents(b, after_event, limit).Union()};
        },
        std::move(done));
}

void Client::create_event_async(std::uint64_t event, const client::CreateEventRequest& request,
                                Callback<client::Empty> done, const CallOptions& o) {
    impl_->call<client::Empty>(
        event, true, o,
        [&request](Builder& b, const wire::Id128* key) {
            const auto venue = b.CreateString(request.venue_json);
            const auto name = b.CreateString(request.name);
            const auto generator = request.generator.empty()
                                       ? flatbuffers::Offset<flatbuffers::String>()
                                       : b.CreateString(request.generator);
            const auto currency = request.currency.empty()
                                      ? flatbuffers::Offset<flatbuffers::String>()
                                      : b.CreateString(request.currency);
            // No room is sent as none, so that a server before the waiting
            // room sees the request it always saw.
            const client::RoomSettings& r = request.room;
            const auto room = r.enabled
                                  ? wire::CreateRoomSettings(b, true, r.max_active, r.batch_size,
                                                             r.batch_interval_ms, r.token_ttl_ms,
                                                             r.seats_per_token, r.holds_per_token,
                                                             r.heartbeat_grace_ms)
                                  : flatbuffers::Offset<wire::RoomSettings>();
            // No transfer settings are sent as none too: the server's defaults.
            const auto transfers = request.transfers
                                       ? transfer_settings_of(b, *request.transfers)
                                       : flatbuffers::Offset<wire::TransferSettings>();
            return Body{wire::RequestBody::CreateEvent,
                        wire::CreateCreateEvent(
                            b, venue, name, request.hold_ttl_ms, request.checkout_ttl_ms,
                            request.max_seats_per_hold, request.max_holds_per_session, key,
                            generator, request.starts_at_ms, currency, request.payment_timeout_ms,
                            request.sale_starts_at_ms, room, transfers)
                            .Union()};
        },
        std::move(done));
}

void Client::place_hold_async(std::uint64_t event, client::Id128 session,
                              const client::Seats& seats, Callback<client::HoldInfo> done,
                              const CallOptions& o) {
    place_hold_async(event, client::HoldRequest{session, seats}, std::move(done), o);
}

void Client::place_hold_async(std::uint64_t event, const client::HoldRequest& request,
                              Callback<client::HoldInfo> done, const CallOptions& o) {
    impl_->call<client::HoldInfo>(
        event, true, o,
        [&request](Builder& b, const wire::Id128* key) {
            const auto ids = ids_of(b, request.seats.ids);
            const auto names = names_of(b, request.seats.names);
            const auto token = string_or_null(b, request.admission_token);
            const wire::Id128 s = to_wire(request.session);
            return Body{wire::RequestBody::PlaceHold,
                        wire::CreatePlaceHold(b, &s, ids, names, key, token).Union()};
        },
        std::move(done));
}

void Client::release_hold_async(std::uint64_t event, std::uint64_t hold, client::Id128 session,
                                Callback<client::Empty> done, const CallOptions& o) {
    impl_->call<client::Empty>(
        event, true, o,
        [hold, session](Builder& b, const wire::Id128* key) {
            const wire::Id128 s = to_wire(session);
            return Body{wire::RequestBody::ReleaseHold,
                        wire::CreateReleaseHold(b, hold, &s, key).Union()};
        },
        std::move(done));
}

void Client::extend_hold_async(std::uint64_t event, std::uint64_t hold, client::Id128 session,
                               Callback<client::HoldInfo> done, const CallOptions& o) {
    impl_->call<client::HoldInfo>(
        event, true, o,
        [hold, session](Builder& b, const wire::Id128* key) {
            const wire::Id128 s = to_wire(session);
            return Body{wire::RequestBody::ExtendHold,
                        wire::CreateExtendHold(b, hold, &s, key).Union()};
        },
        std::move(done));
}

void Client::purchase_async(std::uint64_t event, const client::PurchaseRequest& request,
                            Callback<client::PurchaseInfo> done, const CallOptions& o) {
    impl_->call<client::PurchaseInfo>(
        event, true, o,
        [&request](Builder& b, const wire::Id128* key) {
            const wire::Id128 s = to_wire(request.session);
            const auto buyer = b.CreateString(request.buyer_id);
            const auto payment = b.CreateString(request.payment_ref);
            return Body{wire::RequestBody::Purchase,
                        wire::CreatePurchase(b, request.hold, &s, buyer, payment, key).Union()};
        },
        std::move(done));
}

void Client::block_seats_async(std::uint64_t event, const client::Seats& seats,
                               Callback<client::BlockInfo> done, const CallOptions& o) {
    impl_->call<client::BlockInfo>(
        event, true, o,
        [&seats](Builder& b, const wire::Id128* key) {
            const auto ids = ids_of(b, seats.ids);
            const auto names = names_of(b, seats.names);
            return Body{wire::RequestBody::BlockSeats,
                        wire::CreateBlockSeats(b, ids, names, key).Union()};
        },
        std::move(done));
}

void Client::unblock_seats_async(std::uint64_t event, const client::Seats& seats,
                                 Callback<client::BlockInfo> done, const CallOptions& o) {
    impl_->call<client::BlockInfo>(
        event, true, o,
        [&seats](Builder& b, const wire::Id128* key) {
            const auto ids = ids_of(b, seats.ids);
            const auto names = names_of(b, seats.names);
            return Body{wire::RequestBody::UnblockSeats,
                        wire::CreateUnblockSeats(b, ids, names, key).Union()};
        },
        std::move(done));
}

void Client::get_seat_async(std::uint64_t event, std::uint32_t seat,
                            Callback<client::SeatInfo> done, const CallOptions& o) {
    impl_->call<client::SeatInfo>(
        event, false, o,
        [seat](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::GetSeat, wire::CreateGetSeat(b, seat).Union()};
        },
        std::move(done));
}

void Client::get_seat_async(std::uint64_t event, const std::string& seat_name,
                            Callback<client::SeatInfo> done, const CallOptions& o) {
    impl_->call<client::SeatInfo>(
        event, false, o,
        [&seat_name](Builder& b, const wire::Id128*) {
            const auto name = b.CreateString(seat_name);
            return Body{wire::RequestBody::GetSeat,
                        wire::CreateGetSeat(b, client::kNoSeat, name).Union()};
        },
        std::move(done));
}

void Client::get_section_async(std::uint64_t event, std::uint16_t section, bool with_labels,
                               Callback<client::SectionInfo> done, const CallOptions& o) {
    impl_->call<client::SectionInfo>(
        event, false, o,
        [section, with_labels](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::GetSection,
                        wire::CreateGetSection(b, section, 0, with_labels).Union()};
        },
        std::move(done));
}

void Client::get_section_async(std::uint64_t event, const std::string& section_name,
                               bool with_labels, Callback<client::SectionInfo> done,
                               const CallOptions& o) {
    impl_->call<client::SectionInfo>(
        event, false, o,
        [&section_name, with_labels](Builder& b, const wire::Id128*) {
            const auto name = b.CreateString(section_name);
            return Body{wire::RequestBody::GetSection,
                        wire::CreateGetSection(b, kNoSection, name, with_labels).Union()};
        },
        std::move(done));
}

void Client::get_summary_async(std::uint64_t event, Callback<client::Summary> done,
                               const CallOptions& o) {
    impl_->call<client::Summary>(
        event, false, o,
        [](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::GetSummary, wire::CreateGetSummary(b).Union()};
        },
        std::move(done));
}

void Client::get_ticket_async(std::uint64_t event, client::Id128 ticket_id,
                              Callback<client::TicketInfo> done, const CallOptions& o) {
    impl_->call<client::TicketInfo>(
        event, false, o,
        [ticket_id](Builder& b, const wire::Id128*) {
            const wire::Id128 t = to_wire(ticket_id);
            return Body{wire::RequestBody::GetTicket, wire::CreateGetTicket(b, &t).Union()};
        },
        std::move(done));
}

void Client::admit_async(std::uint64_t event, const std::string& code, const std::string& gate,
                         std::int64_t device_at_ms, Callback<client::AdmitInfo> done,
                         const CallOptions& o) {
    impl_->call<client::AdmitInfo>(
        event, false, o,
        [&code, &gate, device_at_ms](Builder& b, const wire::Id128*) {
            const auto c = b.CreateString(code);
            const auto g = b.CreateString(gate);
            return Body{wire::RequestBody::AdmitTicket,
                        wire::CreateAdmitTicket(b, c, g, device_at_ms).Union()};
        },
        std::move(done));
}

void Client::reissue_ticket_async(std::uint64_t event, client::Id128 ticket_id,
                                  const std::string& new_owner, Callback<client::TicketInfo> done,
                                  const CallOptions& o) {
    impl_->call<client::TicketInfo>(
        event, true, o,
        [ticket_id, &new_owner](Builder& b, const wire::Id128* key) {
            const wire::Id128 t = to_wire(ticket_id);
            const auto owner = new_owner.empty() ? 0 : b.CreateString(new_owner);
            return Body{wire::RequestBody::ReissueTicket,
                        wire::CreateReissueTicket(b, &t, owner, key).Union()};
        },
        std::move(done));
}

void Client::cancel_ticket_async(std::uint64_t event, client::Id128 ticket_id,
                                 Callback<client::TicketInfo> done, const CallOptions& o) {
    impl_->call<client::TicketInfo>(
        event, true, o,
        [ticket_id](Builder& b, const wire::Id128* key) {
            const wire::Id128 t = to_wire(ticket_id);
            return Body{wire::RequestBody::CancelTicket,
                        wire::CreateCancelTicket(b, &t, key).Union()};
        },
        std::move(done));
}

void Client::list_tickets_async(std::uint64_t event, const std::string& owner_id,
                                Callback<client::TicketList> done, const CallOptions& o) {
    impl_->call<client::TicketList>(
        event, false, o,
        [&owner_id](Builder& b, const wire::Id128*) {
            const auto owner = b.CreateString(owner_id);
            return Body{wire::RequestBody::ListTickets, wire::CreateListTickets(b, owner).Union()};
        },
        std::move(done));
}

void Client::get_revocations_async(std::uint64_t event, Callback<client::Revocations> done,
                                   const CallOptions& o) {
    impl_->call<client::Revocations>(
        event, false, o,
        [](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::GetRevocations, wire::CreateGetRevocations(b).Union()};
        },
        std::move(done));
}

void Client::get_public_keys_async(Callback<client::PublicKeys> done, const CallOptions& o) {
    impl_->call<client::PublicKeys>(
        0, false, o,
        [](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::GetPublicKeys, wire::CreateGetPublicKeys(b).Union()};
        },
        std::move(done));
}

void Client::checkout_async(std::uint64_t event, const client::CheckoutRequest& request,
                            Callback<client::CheckoutInfo> done, const CallOptions& o) {
    impl_->call<client::CheckoutInfo>(
        event, true, o,
        [&request](Builder& b, const wire::Id128* key) {
            const wire::Id128 s = to_wire(request.session);
            const auto buyer = b.CreateString(request.buyer_id);
            const auto method = b.CreateString(request.payment_method);
            const auto token = string_or_null(b, request.admission_token);
            return Body{
                wire::RequestBody::Checkout,
                wire::CreateCheckout(b, request.hold, &s, buyer, method, key, token).Union()};
        },
        std::move(done));
}

void Client::get_checkout_async(std::uint64_t event, client::Id128 checkout_id,
                                Callback<client::CheckoutInfo> done, const CallOptions& o) {
    impl_->call<client::CheckoutInfo>(
        event, false, o,
        [checkout_id](Builder& b, const wire::Id128*) {
            const wire::Id128 id = to_wire(checkout_id);
            return Body{wire::RequestBody::GetCheckout, wire::CreateGetCheckout(b, &id).Union()};
        },
        std::move(done));
}

void Client::list_refunds_async(std::uint64_t event, const client::RefundFilter& filter,
                                Callback<client::RefundList> done, const CallOptions& o) {
    // The wire's "all states" is 255, the field's default.
    constexpr std::uint8_t kAllStates = 255;
    const std::uint8_t state = filter.state ? static_cast<std::uint8_t>(*filter.state) : kAllStates;
    impl_->call<client::RefundList>(
        event, false, o,
        [state, after = filter.after](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::ListRefunds,
                        wire::CreateListRefunds(b, state, after).Union()};
        },
        std::move(done));
}

void Client::retry_refund_async(std::uint64_t event, client::Id128 refund_id,
                                Callback<client::Refund> done, const CallOptions& o) {
    impl_->call<client::Refund>(
        event, true, o,
        [refund_id](Builder& b, const wire::Id128* key) {
            const wire::Id128 id = to_wire(refund_id);
            return Body{wire::RequestBody::RetryRefund,
                        wire::CreateRetryRefund(b, &id, key).Union()};
        },
        std::move(done));
}

void Client::join_queue_async(std::uint64_t event, client::Id128 session,
                              Callback<client::QueueEntryInfo> done, const CallOptions& o) {
    impl_->call<client::QueueEntryInfo>(
        event, false, o,
        [session](Builder& b, const wire::Id128*) {
            const wire::Id128 s = to_wire(session);
            return Body{wire::RequestBody::JoinQueue, wire::CreateJoinQueue(b, &s).Union()};
        },
        std::move(done));
}

void Client::queue_status_async(std::uint64_t event, client::Id128 ticket, bool heartbeat,
                                Callback<client::QueueEntryInfo> done, const CallOptions& o) {
    impl_->call<client::QueueEntryInfo>(
        event, false, o,
        [ticket, heartbeat](Builder& b, const wire::Id128*) {
            const wire::Id128 t = to_wire(ticket);
            return Body{wire::RequestBody::GetQueueEntry,
                        wire::CreateGetQueueEntry(b, &t, heartbeat).Union()};
        },
        std::move(done));
}

void Client::leave_queue_async(std::uint64_t event, client::Id128 ticket,
                               Callback<client::QueueEntryInfo> done, const CallOptions& o) {
    impl_->call<client::QueueEntryInfo>(
        event, false, o,
        [ticket](Builder& b, const wire::Id128*) {
            const wire::Id128 t = to_wire(ticket);
            return Body{wire::RequestBody::LeaveQueue, wire::CreateLeaveQueue(b, &t).Union()};
        },
        std::move(done));
}

void Client::get_room_async(std::uint64_t event, Callback<client::RoomInfo> done,
                            const CallOptions& o) {
    impl_->call<client::RoomInfo>(
        event, false, o,
        [](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::GetRoom, wire::CreateGetRoom(b).Union()};
        },
        std::move(done));
}

// ---- Transfers and resale.

void Client::offer_transfer_async(std::uint64_t event, const client::OfferRequest& request,
                                  Callback<client::OfferInfo> done, const CallOptions& o) {
    impl_->call<client::OfferInfo>(
        event, true, o,
        [&request](Builder& b, const wire::Id128* key) {
            const wire::Id128 t = to_wire(request.ticket_id);
            const auto from = b.CreateString(request.from_owner);
            const auto to = b.CreateString(request.to);
            return Body{wire::RequestBody::OfferTransfer,
                        wire::CreateOfferTransfer(b, &t, from, to, request.gift, key).Union()};
        },
        std::move(done));
}

void Client::claim_transfer_async(std::uint64_t event, const std::string& claim_token,
                                  const std::string& claimer, Callback<client::ClaimInfo> done,
                                  const CallOptions& o) {
    impl_->call<client::ClaimInfo>(
        event, true, o,
        [&claim_token, &claimer](Builder& b, const wire::Id128* key) {
            const auto token = b.CreateString(claim_token);
            const auto who = b.CreateString(claimer);
            return Body{wire::RequestBody::ClaimTransfer,
                        wire::CreateClaimTransfer(b, token, who, key).Union()};
        },
        std::move(done));
}

void Client::cancel_offer_async(std::uint64_t event, client::Id128 ticket_id,
                                const std::string& from_owner, Callback<client::OfferInfo> done,
                                const CallOptions& o) {
    impl_->call<client::OfferInfo>(
        event, true, o,
        [ticket_id, &from_owner](Builder& b, const wire::Id128* key) {
            const wire::Id128 t = to_wire(ticket_id);
            const auto from = b.CreateString(from_owner);
            return Body{wire::RequestBody::CancelOffer,
                        wire::CreateCancelOffer(b, &t, from, key).Union()};
        },
        std::move(done));
}

void Client::get_offer_async(std::uint64_t event, client::Id128 ticket_id,
                             Callback<client::OfferInfo> done, const CallOptions& o) {
    impl_->call<client::OfferInfo>(
        event, false, o,
        [ticket_id](Builder& b, const wire::Id128*) {
            const wire::Id128 t = to_wire(ticket_id);
            return Body{wire::RequestBody::GetOffer, wire::CreateGetOffer(b, &t).Union()};
        },
        std::move(done));
}

void Client::list_ticket_async(std::uint64_t event, const client::ListingRequest& request,
                               Callback<client::ListingInfo> done, const CallOptions& o) {
    impl_->call<client::ListingInfo>(
        event, true, o,
        [&request](Builder& b, const wire::Id128* key) {
            const wire::Id128 t = to_wire(request.ticket_id);
            const auto seller = b.CreateString(request.seller);
            const auto account = b.CreateString(request.payout_account);
            return Body{
                wire::RequestBody::ListTicket,
                wire::CreateListTicket(b, &t, seller, request.price_minor, account, key).Union()};
        },
        std::move(done));
}

void Client::delist_ticket_async(std::uint64_t event, client::Id128 ticket_id,
                                 const std::string& seller, Callback<client::ListingInfo> done,
                                 const CallOptions& o) {
    impl_->call<client::ListingInfo>(
        event, true, o,
        [ticket_id, &seller](Builder& b, const wire::Id128* key) {
            const wire::Id128 t = to_wire(ticket_id);
            const auto who = b.CreateString(seller);
            return Body{wire::RequestBody::DelistTicket,
                        wire::CreateDelistTicket(b, &t, who, key).Union()};
        },
        std::move(done));
}

void Client::buy_listing_async(std::uint64_t event, const client::BuyListingRequest& request,
                               Callback<client::CheckoutInfo> done, const CallOptions& o) {
    impl_->call<client::CheckoutInfo>(
        event, true, o,
        [&request](Builder& b, const wire::Id128* key) {
            const wire::Id128 l = to_wire(request.listing_id);
            const auto buyer = b.CreateString(request.buyer_id);
            const auto method = b.CreateString(request.payment_method);
            return Body{wire::RequestBody::BuyListing,
                        wire::CreateBuyListing(b, &l, buyer, method, key).Union()};
        },
        std::move(done));
}

void Client::list_listings_async(std::uint64_t event, const client::ListingFilter& filter,
                                 Callback<client::ListingPage> done, const CallOptions& o) {
    impl_->call<client::ListingPage>(
        event, false, o,
        [&filter](Builder& b, const wire::Id128*) {
            const auto name = string_or_null(b, filter.section_name);
            return Body{wire::RequestBody::ListListings,
                        wire::CreateListListings(b, filter.section.value_or(kNoSection), name,
                                                 filter.max_price_minor, filter.limit)
                            .Union()};
        },
        std::move(done));
}

void Client::get_ticket_history_async(std::uint64_t event, client::Id128 ticket_id,
                                      Callback<client::TicketHistory> done, const CallOptions& o) {
    impl_->call<client::TicketHistory>(
        event, false, o,
        [ticket_id](Builder& b, const wire::Id128*) {
            const wire::Id128 t = to_wire(ticket_id);
            return Body{wire::RequestBody::GetTicketHistory,
                        wire::CreateGetTicketHistory(b, &t).Union()};
        },
        std::move(done));
}

void Client::verify_seller_async(std::uint64_t event, const std::string& seller,
                                 Callback<client::KycInfo> done, const CallOptions& o) {
    impl_->call<client::KycInfo>(
        event, true, o,
        [&seller](Builder& b, const wire::Id128* key) {
            const auto who = b.CreateString(seller);
            return Body{wire::RequestBody::VerifySeller,
                        wire::CreateVerifySeller(b, who, key).Union()};
        },
        std::move(done));
}

void Client::list_payouts_async(std::uint64_t event, const client::PayoutFilter& filter,
                                Callback<client::PayoutList> done, const CallOptions& o) {
    // The wire's "all states" is 255, the field's default.
    constexpr std::uint8_t kAllStates = 255;
    const std::uint8_t state = filter.state ? static_cast<std::uint8_t>(*filter.state) : kAllStates;
    impl_->call<client::PayoutList>(
        event, false, o,
        [state, after = filter.after](Builder& b, const wire::Id128*) {
            return Body{wire::RequestBody::ListPayouts,
                        wire::CreateListPayouts(b, state, after).Union()};
        },
        std::move(done));
}

void Client::retry_payout_async(std::uint64_t event, client::Id128 payout_id,
                                const std::string& destination, Callback<client::Payout> done,
                                const CallOptions& o) {
    impl_->call<client::Payout>(
        event, true, o,
        [payout_id, &destination](Builder& b, const wire::Id128* key) {
            const wire::Id128 id = to_wire(payout_id);
            // Empty: the payout's own account, sent as no string at all.
            const auto to = destination.empty() ? 0 : b.CreateString(destination);
            return Body{wire::RequestBody::RetryPayout,
                        wire::CreateRetryPayout(b, &id, to, key).Union()};
        },
        std::move(done));
}

// ---- Futures.

std::future<client::Result<client::CheckoutInfo>> Client::checkout_async(
    std::uint64_t event, const client::CheckoutRequest& request, const CallOptions& o) {
    Callback<client::CheckoutInfo> done;
    auto f = future_of(done);
    checkout_async(event, request, std::move(done), o);
    return f;
}

std::future<client::Result<client::AdmitInfo>> Client::admit_async(std::uint64_t event,
                                                                   const std::string& code,
                                                                   const std::string& gate,
                                                                   std::int64_t device_at_ms,
                                                                   const CallOptions& o) {
    Callback<client::AdmitInfo> done;
    auto f = future_of(done);
    admit_async(event, code, gate, device_at_ms, std::move(done), o);
    return f;
}

std::future<client::Result<client::HoldInfo>> Client::place_hold_async(std::uint64_t event,
                                                                       client::Id128 session,
                                                                       const client::Seats& seats,
                                                                       const CallOptions& o) {
    Callback<client::HoldInfo> done;
    auto f = future_of(done);
    place_hold_async(event, session, seats, std::move(done), o);
    return f;
}

std::future<client::Result<client::HoldInfo>> Client::place_hold_async(
    std::uint64_t event, const client::HoldRequest& request, const CallOptions& o) {
    Callback<client::HoldInfo> done;
    auto f = future_of(done);
    place_hold_async(event, request, std::move(done), o);
    return f;
}

std::future<client::Result<client::QueueEntryInfo>> Client::join_queue_async(std::uint64_t event,
                                                                             client::Id128 session,
                                                                             const CallOptions& o) {
    Callback<client::QueueEntryInfo> done;
    auto f = future_of(done);
    join_queue_async(event, session, std::move(done), o);
    return f;
}

std::future<client::Result<client::QueueEntryInfo>> Client::queue_status_async(
    std::uint64_t event, client::Id128 ticket, bool heartbeat, const CallOptions& o) {
    Callback<client::QueueEntryInfo> done;
    auto f = future_of(done);
    queue_status_async(event, ticket, heartbeat, std::move(done), o);
    return f;
}

std::future<client::Result<client::QueueEntryInfo>> Client::leave_queue_async(
    std::uint64_t event, client::Id128 ticket, const CallOptions& o) {
    Callback<client::QueueEntryInfo> done;
    auto f = future_of(done);
    leave_queue_async(event, ticket, std::move(done), o);
    return f;
}

std::future<client::Result<client::RoomInfo>> Client::get_room_async(std::uint64_t event,
                                                                     const CallOptions& o) {
    Callback<client::RoomInfo> done;
    auto f = future_of(done);
    get_room_async(event, std::move(done), o);
    return f;
}

std::future<client::Result<client::PurchaseInfo>> Client::purchase_async(
    std::uint64_t event, const client::PurchaseRequest& request, const CallOptions& o) {
    Callback<client::PurchaseInfo> done;
    auto f = future_of(done);
    purchase_async(event, request, std::move(done), o);
    return f;
}

std::future<client::Result<client::Empty>> Client::release_hold_async(std::uint64_t event,
                                                                      std::uint64_t hold,
                                                                      client::Id128 session,
                                                                      const CallOptions& o) {
    Callback<client::Empty> done;
    auto f = future_of(done);
    release_hold_async(event, hold, session, std::move(done), o);
    return f;
}

std::future<client::Result<client::TicketInfo>> Client::get_ticket_async(std::uint64_t event,
                                                                         client::Id128 ticket_id,
                                                                         const CallOptions& o) {
    Callback<client::TicketInfo> done;
    auto f = future_of(done);
    get_ticket_async(event, ticket_id, std::move(done), o);
    return f;
}

std::future<client::Result<client::OfferInfo>> Client::offer_transfer_async(
    std::uint64_t event, const client::OfferRequest& request, const CallOptions& o) {
    Callback<client::OfferInfo> done;
    auto f = future_of(done);
    offer_transfer_async(event, request, std::move(done), o);
    return f;
}

std::future<client::Result<client::ClaimInfo>> Client::claim_transfer_async(
    std::uint64_t event, const std::string& claim_token, const std::string& claimer,
    const CallOptions& o) {
    Callback<client::ClaimInfo> done;
    auto f = future_of(done);
    claim_transfer_async(event, claim_token, claimer, std::move(done), o);
    return f;
}

std::future<client::Result<client::OfferInfo>> Client::cancel_offer_async(
    std::uint64_t event, client::Id128 ticket_id, const std::string& from_owner,
    const CallOptions& o) {
    Callback<client::OfferInfo> done;
    auto f = future_of(done);
    cancel_offer_async(event, ticket_id, from_owner, std::move(done), o);
    return f;
}

std::future<client::Result<client::OfferInfo>> Client::get_offer_async(std::uint64_t event,
                                                                       client::Id128 ticket_id,
                                                                       const CallOptions& o) {
    Callback<client::OfferInfo> done;
    auto f = future_of(done);
    get_offer_async(event, ticket_id, std::move(done), o);
    return f;
}

std::future<client::Result<client::ListingInfo>> Client::list_ticket_async(
    std::uint64_t event, const client::ListingRequest& request, const CallOptions& o) {
    Callback<client::ListingInfo> done;
    auto f = future_of(done);
    list_ticket_async(event, request, std::move(done), o);
    return f;
}

std::future<client::Result<client::ListingInfo>> Client::delist_ticket_async(
    std::uint64_t event, client::Id128 ticket_id, const std::string& seller, const CallOptions& o) {
    Callback<client::ListingInfo> done;
    auto f = future_of(done);
    delist_ticket_async(event, ticket_id, seller, std::move(done), o);
    return f;
}

std::future<client::Result<client::CheckoutInfo>> Client::buy_listing_async(
    std::uint64_t event, const client::BuyListingRequest& request, const CallOptions& o) {
    Callback<client::CheckoutInfo> done;
    auto f = future_of(done);
    buy_listing_async(event, request, std::move(done), o);
    return f;
}

std::future<client::Result<client::ListingPage>> Client::list_listings_async(
    std::uint64_t event, const client::ListingFilter& filter, const CallOptions& o) {
    Callback<client::ListingPage> done;
    auto f = future_of(done);
    list_listings_async(event, filter, std::move(done), o);
    return f;
}

std::future<client::Result<client::TicketHistory>> Client::get_ticket_history_async(
    std::uint64_t event, client::Id128 ticket_id, const CallOptions& o) {
    Callback<client::TicketHistory> done;
    auto f = future_of(done);
    get_ticket_history_async(event, ticket_id, std::move(done), o);
    return f;
}

std::future<client::Result<client::KycInfo>> Client::verify_seller_async(std::uint64_t event,
                                                                         const std::string& seller,
                                                                         const CallOptions& o) {
    Callback<client::KycInfo> done;
    auto f = future_of(done);
    verify_seller_async(event, seller, std::move(done), o);
    return f;
}

std::future<client::Result<client::PayoutList>> Client::list_payouts_async(
    std::uint64_t event, const client::PayoutFilter& filter, const CallOptions& o) {
    Callback<client::PayoutList> done;
    auto f = future_of(done);
    list_payouts_async(event, filter, std::move(done), o);
    return f;
}

std::future<client::Result<client::Payout>> Client::retry_payout_async(
    std::uint64_t event, client::Id128 payout_id, const std::string& destination,
    const CallOptions& o) {
    Callback<client::Payout> done;
    auto f = future_of(done);
    retry_payout_async(event, payout_id, destination, std::move(done), o);
    return f;
}

// ---- Synchronous calls.

client::Result<client::Pong> Client::ping(const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::Pong>([&](auto done) { ping_async(std::move(done), o); });
}

client::Result<client::EventList> Client::list_events(std::uint64_t after_event,
                                                      std::uint32_t limit, const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::EventList>(
        [&](auto done) { list_events_async(after_event, limit, std::move(done), o); });
}

client::Result<client::Empty> Client::create_event(std::uint64_t event,
                                                   const client::CreateEventRequest& request,
                                                   const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::Empty>(
        [&](auto done) { create_event_async(event, request, std::move(done), o); });
}

client::Result<client::HoldInfo> Client::place_hold(std::uint64_t event, client::Id128 session,
                                                    const client::Seats& seats,
                                                    const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::HoldInfo>(
        [&](auto done) { place_hold_async(event, session, seats, std::move(done), o); });
}

client::Result<client::HoldInfo> Client::place_hold(std::uint64_t event,
                                                    const client::HoldRequest& request,
                                                    const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::HoldInfo>(
        [&](auto done) { place_hold_async(event, request, std::move(done), o); });
}

client::Result<client::Empty> Client::release_hold(std::uint64_t event, std::uint64_t hold,
                                                   client::Id128 session, const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::Empty>(
        [&](auto done) { release_hold_async(event, hold, session, std::move(done), o); });
}

client::Result<client::HoldInfo> Client::extend_hold(std::uint64_t event, std::uint64_t hold,
                                                     client::Id128 session, const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::HoldInfo>(
        [&](auto done) { extend_hold_async(event, hold, session, std::move(done), o); });
}

client::Result<client::PurchaseInfo> Client::purchase(std::uint64_t event,
                                                      const client::PurchaseRequest& request,
                                                      const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::PurchaseInfo>(
        [&](auto done) { purchase_async(event, request, std::move(done), o); });
}

client::Result<client::BlockInfo> Client::block_seats(std::uint64_t event,
                                                      const client::Seats& seats,
                                                      const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::BlockInfo>(
        [&](auto done) { block_seats_async(event, seats, std::move(done), o); });
}

client::Result<client::BlockInfo> Client::unblock_seats(std::uint64_t event,
                                                        const client::Seats& seats,
                                                        const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::BlockInfo>(
        [&](auto done) { unblock_seats_async(event, seats, std::move(done), o); });
}

client::Result<client::SeatInfo> Client::get_seat(std::uint64_t event, std::uint32_t seat,
                                                  const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::SeatInfo>(
        [&](auto done) { get_seat_async(event, seat, std::move(done), o); });
}

client::Result<client::SeatInfo> Client::get_seat(std::uint64_t event, const std::string& seat_name,
                                                  const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::SeatInfo>(
        [&](auto done) { get_seat_async(event, seat_name, std::move(done), o); });
}

client::Result<client::SectionInfo> Client::get_section(std::uint64_t event, std::uint16_t section,
                                                        bool with_labels, const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::SectionInfo>(
        [&](auto done) { get_section_async(event, section, with_labels, std::move(done), o); });
}

client::Result<client::SectionInfo> Client::get_section(std::uint64_t event,
                                                        const std::string& section_name,
                                                        bool with_labels, const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::SectionInfo>([&](auto done) {
        get_section_async(event, section_name, with_labels, std::move(done), o);
    });
}

client::Result<client::Summary> Client::get_summary(std::uint64_t event, const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::Summary>(
        [&](auto done) { get_summary_async(event, std::move(done), o); });
}

client::Result<client::TicketInfo> Client::get_ticket(std::uint64_t event, client::Id128 ticket_id,
                                                      const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::TicketInfo>(
        [&](auto done) { get_ticket_async(event, ticket_id, std::move(done), o); });
}

client::Result<client::AdmitInfo> Client::admit(std::uint64_t event, const std::string& code,
                                                const std::string& gate, std::int64_t device_at_ms,
                                                const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::AdmitInfo>(
        [&](auto done) { admit_async(event, code, gate, device_at_ms, std::move(done), o); });
}

client::Result<client::TicketInfo> Client::reissue_ticket(std::uint64_t event,
                                                          client::Id128 ticket_id,
                                                          const std::string& new_owner,
                                                          const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::TicketInfo>(
        [&](auto done) { reissue_ticket_async(event, ticket_id, new_owner, std::move(done), o); });
}

client::Result<client::TicketInfo> Client::cancel_ticket(std::uint64_t event,
                                                         client::Id128 ticket_id,
                                                         const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::TicketInfo>(
        [&](auto done) { cancel_ticket_async(event, ticket_id, std::move(done), o); });
}

client::Result<client::TicketList> Client::list_tickets(std::uint64_t event,
                                                        const std::string& owner_id,
                                                        const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::TicketList>(
        [&](auto done) { list_tickets_async(event, owner_id, std::move(done), o); });
}

client::Result<client::Revocations> Client::get_revocations(std::uint64_t event,
                                                            const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::Revocations>(
        [&](auto done) { get_revocations_async(event, std::move(done), o); });
}

client::Result<client::PublicKeys> Client::get_public_keys(const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::PublicKeys>(
        [&](auto done) { get_public_keys_async(std::move(done), o); });
}

client::Result<client::CheckoutInfo> Client::checkout(std::uint64_t event,
                                                      const client::CheckoutRequest& request,
                                                      const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::CheckoutInfo>(
        [&](auto done) { checkout_async(event, request, std::move(done), o); });
}

client::Result<client::CheckoutInfo> Client::get_checkout(std::uint64_t event,
                                                          client::Id128 checkout_id,
                                                          const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::CheckoutInfo>(
        [&](auto done) { get_checkout_async(event, checkout_id, std::move(done), o); });
}

client::Result<client::RefundList> Client::list_refunds(std::uint64_t event,
                                                        const client::RefundFilter& filter,
                                                        const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::RefundList>(
        [&](auto done) { list_refunds_async(event, filter, std::move(done), o); });
}

client::Result<client::Refund> Client::retry_refund(std::uint64_t event, client::Id128 refund_id,
                                                    const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::Refund>(
        [&](auto done) { retry_refund_async(event, refund_id, std::move(done), o); });
}

client::Result<client::QueueEntryInfo> Client::join_queue(std::uint64_t event,
                                                          client::Id128 session,
                                                          const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::QueueEntryInfo>(
        [&](auto done) { join_queue_async(event, session, std::move(done), o); });
}

client::Result<client::QueueEntryInfo> Client::queue_status(std::uint64_t event,
                                                            client::Id128 ticket, bool heartbeat,
                                                            const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::QueueEntryInfo>(
        [&](auto done) { queue_status_async(event, ticket, heartbeat, std::move(done), o); });
}

client::Result<client::QueueEntryInfo> Client::leave_queue(std::uint64_t event,
                                                           client::Id128 ticket,
                                                           const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::QueueEntryInfo>(
        [&](auto done) { leave_queue_async(event, ticket, std::move(done), o); });
}

client::Result<client::RoomInfo> Client::get_room(std::uint64_t event, const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::RoomInfo>(
        [&](auto done) { get_room_async(event, std::move(done), o); });
}

client::Result<client::OfferInfo> Client::offer_transfer(std::uint64_t event,
                                                         const client::OfferRequest& request,
                                                         const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::OfferInfo>(
        [&](auto done) { offer_transfer_async(event, request, std::move(done), o); });
}

client::Result<client::ClaimInfo> Client::claim_transfer(std::uint64_t event,
                                                         const std::string& claim_token,
                                                         const std::string& claimer,
                                                         const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::ClaimInfo>(
        [&](auto done) { claim_transfer_async(event, claim_token, claimer, std::move(done), o); });
}

client::Result<client::OfferInfo> Client::cancel_offer(std::uint64_t event, client::Id128 ticket_id,
                                                       const std::string& from_owner,
                                                       const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::OfferInfo>(
        [&](auto done) { cancel_offer_async(event, ticket_id, from_owner, std::move(done), o); });
}

client::Result<client::OfferInfo> Client::get_offer(std::uint64_t event, client::Id128 ticket_id,
                                                    const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::OfferInfo>(
        [&](auto done) { get_offer_async(event, ticket_id, std::move(done), o); });
}

client::Result<client::ListingInfo> Client::list_ticket(std::uint64_t event,
                                                        const client::ListingRequest& request,
                                                        const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::ListingInfo>(
        [&](auto done) { list_ticket_async(event, request, std::move(done), o); });
}

client::Result<client::ListingInfo> Client::delist_ticket(std::uint64_t event,
                                                          client::Id128 ticket_id,
                                                          const std::string& seller,
                                                          const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::ListingInfo>(
        [&](auto done) { delist_ticket_async(event, ticket_id, seller, std::move(done), o); });
}

client::Result<client::CheckoutInfo> Client::buy_listing(std::uint64_t event,
                                                         const client::BuyListingRequest& request,
                                                         const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::CheckoutInfo>(
        [&](auto done) { buy_listing_async(event, request, std::move(done), o); });
}

client::Result<client::ListingPage> Client::list_listings(std::uint64_t event,
                                                          const client::ListingFilter& filter,
                                                          const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::ListingPage>(
        [&](auto done) { list_listings_async(event, filter, std::move(done), o); });
}

client::Result<client::TicketHistory> Client::get_ticket_history(std::uint64_t event,
                                                                 client::Id128 ticket_id,
                                                                 const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::TicketHistory>(
        [&](auto done) { get_ticket_history_async(event, ticket_id, std::move(done), o); });
}

client::Result<client::KycInfo> Client::verify_seller(std::uint64_t event,
                                                      const std::string& seller,
                                                      const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::KycInfo>(
        [&](auto done) { verify_seller_async(event, seller, std::move(done), o); });
}

client::Result<client::PayoutList> Client::list_payouts(std::uint64_t event,
                                                        const client::PayoutFilter& filter,
                                                        const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::PayoutList>(
        [&](auto done) { list_payouts_async(event, filter, std::move(done), o); });
}

client::Result<client::Payout> Client::retry_payout(std::uint64_t event, client::Id128 payout_id,
                                                    const std::string& destination,
                                                    const CallOptions& o) {
    impl_->check_not_io_thread();
    return wait_for<client::Payout>(
        [&](auto done) { retry_payout_async(event, payout_id, destination, std::move(done), o); });
}

}  // namespace seat
