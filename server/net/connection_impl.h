// The life of a connection, each async step a do_x / on_x pair on the strand:
// read → cut frames → verify → Hello / role check → answer here or route to a
// shard → replies gathered in `pending_` → one write per batch. Errors that close
// the connection (docs/protocol.md, section 4) are answered first, then input is
// drained briefly so the answer is not lost to a reset.
//
// The member definitions of StreamConnection, included only by the two files
// that instantiate it, connection.cc (plain TCP) and connection_tls.cc (TLS).
// Two translation units keep the plaintext connection's code as it was before
// TLS: the compiler decides its inlining without the TLS instantiation beside it.
#pragma once

#include "server/net/connection.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "protocol/protocol_version.h"
#include "server/log.h"
#include "server/net/wire_convert.h"
#include "server/net/wire_jobs.h"

namespace seat::server {
namespace connection_detail {

namespace asio = boost::asio;
using namespace seat::protocol;
using T = wire::RequestBody;

inline std::string_view text_of(const flatbuffers::String* s) {
    return s == nullptr ? std::string_view{} : s->string_view();
}

}  // namespace connection_detail
using namespace connection_detail;

template <typename Stream>
StreamConnection<Stream>::StreamConnection(Stream stream, ConnectionContext& context,
                                           std::uint64_t id)
    : stream_(std::move(stream)),
      timer_(stream_.get_executor()),
      hello_timer_(stream_.get_executor()),
      write_timer_(stream_.get_executor()),
      context_(context),
      id_(id),
      memory_(std::make_shared<ConnectionMemory>(context.memory)),
      last_activity_(std::chrono::steady_clock::now()) {}

template <typename Stream>
void StreamConnection<Stream>::start() {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
        boost::system::error_code ec;
        self->tcp_socket().set_option(asio::ip::tcp::no_delay(true), ec);
        // The Hello deadline runs from here, so a client that never completes
        // the TLS handshake is closed at it like one that never says Hello.
        self->arm_hello_timer();
        self->arm_idle_timer();
        if constexpr (kTls) {
            self->stream_.async_handshake(
                asio::ssl::stream_base::server,
                [self](const boost::system::error_code& e) { self->on_handshake(e); });
        } else {
            self->do_read();
        }
    });
}

template <typename Stream>
asio::ip::tcp::socket& StreamConnection<Stream>::tcp_socket() {
    if constexpr (kTls) {
        return stream_.next_layer();
    } else {
        return stream_;
    }
}

// A failed handshake (a plaintext client, an unknown CA on the client's side, a
// protocol error) closes this connection only. The reason is OpenSSL's, which
// names no secret.
template <typename Stream>
void StreamConnection<Stream>::on_handshake(const boost::system::error_code& ec) {
    handshaking_ = false;
    if (closed_) return;
    if (ec) {
        const bool plain =
            ec.category() == asio::error::get_ssl_category() &&
            ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_WRONG_VERSION_NUMBER;
        log_line("connection %llu closed: TLS handshake failed: %s%s",
                 static_cast<unsigned long long>(id_), ec.message().c_str(),
                 plain ? " (a client without TLS?)" : "");
        return close();
    }
    do_read();
}

template <typename Stream>
void StreamConnection<Stream>::deliver(std::vector<std::uint8_t> frames, std::uint32_t count) {
    asio::post(stream_.get_executor(), [self = this->shared_from_this(), frames = std::move(frames),
                                        count]() mutable { self->on_delivered(frames, count); });
}

template <typename Stream>
void StreamConnection<Stream>::stop_reading() {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
        if (self->closed_) return;
        // Nothing was taken from a connection still in its handshake.
        if (self->handshaking_) return self->close();
        // No request read from now on is taken (on_read stops cutting frames);
        // the answers owed still go out, then maybe_finish lingers and closes.
        // The receive side is not shut down: closing a socket with unread input
        // makes the kernel send a reset, which can destroy answers the client
        // has not read yet.
        self->read_stopped_ = true;
        self->maybe_finish();
    });
}

template <typename Stream>
void StreamConnection<Stream>::force_close() {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->close(); });
}

// ---- Reading.

template <typename Stream>
void StreamConnection<Stream>::do_read() {
    if (reading_ || closed_ || handshaking_ || (read_stopped_ && !lingering_)) return;
    if (!lingering_) {
        if (in_flight_ >= kConnectionInFlightMax) return;  // on_delivered resumes
        // A client that does not read its answers gets no new ones; on_write resumes.
        if (memory_->used() - reader_bytes_counted_ > kReadPauseBytes) return;
    }
    reading_ = true;
    if (lingering_) discard_.resize(kLingerReadBytes);
    const std::span<std::uint8_t> space =
        lingering_ ? std::span<std::uint8_t>(discard_) : reader_.prepare(kReadChunkBytes);
    if (!lingering_ && !count_reader_bytes()) {
        reading_ = false;
        return cut_off("its read buffer would pass the connection's memory cap");
    }
    auto done = [self = this->shared_from_this()](const boost::system::error_code& ec,
                                                  std::size_t bytes) { self->on_read(ec, bytes); };
    // What the linger drains is discarded unread: under TLS it is not decrypted,
    // and nothing is written back after the FIN.
    if (lingering_) {
        tcp_socket().async_read_some(asio::buffer(space.data(), space.size()), std::move(done));
    } else {
        stream_.async_read_some(asio::buffer(space.data(), space.size()), std::move(done));
    }
}

template <typename Stream>
void StreamConnection<Stream>::on_read(const boost::system::error_code& ec, std::size_t bytes) {
    reading_ = false;
    if (closed_) return;
    if (lingering_) {
        // Draining after a closing answer: discard until the peer is done.
        if (ec) return close();
        return do_read();
    }
    if (ec) {
        // Set before the read ended only by stop_reading(): the server is stopping,
        // and what this client already sent is still answered.
        const bool server_stopping = read_stopped_;
        read_stopped_ = true;
        // A peer that stops mid-frame is simply closed; one that stops between
        // frames still gets the answers to what it sent (a half-close). Under
        // TLS a FIN without close_notify is such an end too: the frames say
        // whether anything was cut.
        const bool end = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
        const bool clean_end = end && reader_.buffered_bytes() == 0;
        if (!server_stopping && !clean_end) return close();
        return maybe_finish();
    }
    reader_.commit(bytes);
    std::span<const std::uint8_t> frame;
    bool complete = false;
    while (!read_stopped_ && reader_.next(frame)) {
        handle_frame(frame);
        complete = true;
    }
    flush_routed();
    // Only whole requests count as activity: bytes dripped slowly do not keep a
    // connection open.
    if (complete) last_activity_ = std::chrono::steady_clock::now();
    if (closed_) return;
    if (!count_reader_bytes())
        return cut_off("its read buffer would pass the connection's memory cap");
    if (!read_stopped_ && reader_.error() != FrameError::none) {
        builder_.Clear();
        return send_and_close(build_frame_error(builder_, 0, reader_.error()));
    }
    do_read();
}

template <typename Stream>
void StreamConnection<Stream>::handle_frame(std::span<const std::uint8_t> frame) {
    const Verified<wire::Request> v = verify_request(frame);
    builder_.Clear();
    if (!v.ok()) {
        const std::uint64_t id = v.message != nullptr ? v.message->request_id() : 0;
        return send_and_close(build_frame_error(builder_, id, v.error));
    }
    const wire::Request& request = *v.message;
    const std::uint64_t id = request.request_id();
    if (role_ == wire::Role::none) {
        if (request.body_type() == T::Hello) return handle_hello(request);
        return send_and_close(
            build_status(builder_, id, Status::unauthorized, "the first request must be a Hello"));
    }
    switch (request.body_type()) {
        case T::Hello:
            return send(build_status(builder_, id, Status::invalid_argument,
                                     "this connection has already said Hello"));
        case T::Ping:
            return send(build_pong(builder_, id, wall_clock_ms()));
        default:
            break;
    }
    if (!role_may_send(role_, request.body_type())) {
        return send(build_status(builder_, id, Status::unauthorized,
                                 "the caller's role may not send this request"));
    }
    if (request.body_type() == T::ListEvents) return handle_list_events(request);
    if (request.body_type() == T::GetPublicKeys)
        return send(
            build_public_keys_reply(builder_, id, context_.tickets->current()->public_keys()));
    if (request.body_type() == T::AdmitTicket) return handle_admit(request);
    handle_job(request);
}

// A key acts only on the events it was issued for; to others it is as if they
// were not its business, whatever the request (docs/security.md).
template <typename Stream>
bool StreamConnection<Stream>::in_scope(EventId event, std::uint64_t request_id) {
    if (principal_->scope.contains(event)) return true;
    send(build_status(builder_, request_id, Status::unauthorized,
                      "this API key may not act on event " + std::to_string(event)));
    return false;
}

template <typename Stream>
void StreamConnection<Stream>::handle_job(const wire::Request& request) {
    if (!routed_to_shard(request.body_type())) {
        return send(build_status(builder_, request.request_id(), Status::internal_error,
                                 "request type not handled by the server"));
    }
    if (!in_scope(request.event(), request.request_id())) return;
    Job job;
    const DecodeOutcome decoded = decode_job(
        request, principal_->binding, RoomEdge{context_.room_binding, *context_.tickets}, job);
    if (!decoded.ok())
        return send(build_status(builder_, request.request_id(), decoded.status, decoded.message));
    route(std::move(job));
}

// The code's signature is checked here, on the I/O thread (an Ed25519 verify
// costs tens of microseconds: the shard's round should not pay for it), and the
// admission goes to the event the code names.
template <typename Stream>
void StreamConnection<Stream>::handle_admit(const wire::Request& request) {
    const std::uint64_t id = request.request_id();
    const wire::AdmitTicket& in = *request.body_as_AdmitTicket();
    const std::string_view code = text_of(in.code());
    const tickets::VerifyResult v = context_.tickets->current()->verify(code);
    if (v.status != tickets::VerifyStatus::ok) {
        // Which check failed helps a support desk; the code itself is not echoed.
        return send(build_status(
            builder_, id, Status::invalid_signature,
            "the code does not verify (" + std::string(tickets::to_string(v.status)) + ")"));
    }
    if (request.event() != 0 && request.event() != v.claims.event_id) {
        return send(build_status(builder_, id, Status::invalid_argument,
                                 "the code is for event " + std::to_string(v.claims.event_id) +
                                     ", not event " + std::to_string(request.event())));
    }
    if (!in_scope(v.claims.event_id, id)) return;
    Job job;
    const DecodeOutcome decoded =
        decode_admit(request, v.claims.event_id, from_ticket_bytes(v.claims.ticket_id),
                     v.claims.version, wall_clock_ms(), job);
    if (!decoded.ok()) return send(build_status(builder_, id, decoded.status, decoded.message));
    route(std::move(job));
}

template <typename Stream>
void StreamConnection<Stream>::handle_hello(const wire::Request& request) {
    const wire::Hello& hello = *request.body_as_Hello();
    const std::uint64_t id = request.request_id();
    const std::optional<std::uint32_t> version = negotiate_version(hello.protocol_version());
    if (!version) {
        return send_and_close(build_hello_reply(builder_, id, kProtocolVersion, wire::Role::none,
                                                context_.server_version, Status::unsupported));
    }
    const Principal* principal = context_.keys == nullptr
                                     ? &context_.unrestricted
                                     : context_.keys->find(text_of(hello.api_key()));
    if (principal == nullptr)
        return send_and_close(build_status(builder_, id, Status::unauthorized, "unknown API key"));
    principal_ = principal;
    const wire::Role role = principal->role;
    role_ = role;
    hello_timer_.cancel();
    context_.on_authenticated(id_);
    send(build_hello_reply(builder_, id, *version, role, context_.server_version));
}

// Answered from the directory, which shards update only after a durable commit.
template <typename Stream>
void StreamConnection<Stream>::handle_list_events(const wire::Request& request) {
    const wire::ListEvents& in = *request.body_as_ListEvents();
    std::size_t limit = in.limit();
    if (limit == 0 || limit > kListEventsPageMax) limit = kListEventsPageMax;
    bool more = false;
    // A key is shown only the events it may act on.
    const EventScope& scope = principal_->scope;
    const std::vector<EventListing> page = context_.directory.page(
        in.after_event(), limit, more, [&](EventId e) { return scope.contains(e); });
    std::vector<flatbuffers::Offset<wire::EventInfo>> infos;
    infos.reserve(page.size());
    for (const EventListing& e : page) {
        const auto name = builder_.CreateString(e.name);
        const auto venue_name = builder_.CreateString(e.venue_name);
        const wire::Counts counts = to_wire(e.counts);
        infos.push_back(wire::CreateEventInfo(builder_, e.event, name, venue_name, e.capacity,
                                              &counts, e.created_at, e.sequence));
    }
    send(build_events_reply(builder_, request.request_id(), infos, more));
}

// A job in flight is counted in the connection's memory until it is answered:
// requests queued in shards are memory a client makes the server hold too.
template <typename Stream>
void StreamConnection<Stream>::route(Job job) {
    if (!memory_->try_add(kJobBytes))
        return send(build_overloaded(builder_, job.tag, kOverloadedRetryAfterMs));
    Shard& shard = context_.shards.owner(job.event);
    if (routed_shard_ != &shard) flush_routed();
    routed_shard_ = &shard;
    job.responder = responder_for(shard);
    ++in_flight_;
    routed_.push_back(std::move(job));
}

template <typename Stream>
std::shared_ptr<WireResponder> StreamConnection<Stream>::responder_for(const Shard& shard) {
    if (responders_.empty()) responders_.resize(context_.shards.size());
    std::shared_ptr<WireResponder>& r = responders_[shard.index()];
    if (r == nullptr)
        r = std::make_shared<WireResponder>(this->weak_from_this(), memory_, role_,
                                            context_.tickets);
    return r;
}

template <typename Stream>
void StreamConnection<Stream>::flush_routed() {
    if (routed_.empty()) return;
    const Shard::Push pushed = routed_shard_->push(routed_);
    // What the shard did not take (its queue is full, or it is stopping) is
    // answered here, in order, and the rest of the read goes on as usual.
    for (const Job& refused : routed_) {
        --in_flight_;
        memory_->sub(kJobBytes);
        const std::uint64_t id = refused.tag;
        builder_.Clear();
        if (pushed == Shard::Push::full) {
            send(build_overloaded(builder_, id, kOverloadedRetryAfterMs));
        } else {
            send(build_status(builder_, id, Status::overloaded, "the server is shutting down"));
        }
    }
    routed_.clear();
    // A burst's worth of room is not kept by every connection for good.
    if (routed_.capacity() > kRoutedJobsRetained) routed_ = {};
    routed_shard_ = nullptr;
}

template <typename Stream>
void StreamConnection<Stream>::on_delivered(std::vector<std::uint8_t>& frames,
                                            std::uint32_t count) {
    in_flight_ -= count;
    memory_->sub(std::size_t{count} * kJobBytes);
    const std::size_t counted = frames.capacity();
    if (closed_ || close_after_write_) {
        memory_->sub(counted);
        return;
    }
    if (memory_->over_cap()) {
        memory_->sub(counted);
        return cut_off("over its memory cap of replies waiting for a client that is not reading");
    }
    if (!frames.empty()) {
        pending_.push_back(Buffer{std::move(frames), counted, false});
        if (!writing_active_) start_write();
    } else {
        memory_->sub(counted);
    }
    if (memory_->budget().exceeded()) context_.on_budget_exceeded();
    do_read();  // resumes a read paused at kConnectionInFlightMax
}

// ---- Writing.

template <typename Stream>
void StreamConnection<Stream>::send(flatbuffers::Offset<wire::Response> root) {
    enqueue(encode_frame(builder_, root));
    builder_.Clear();
}

template <typename Stream>
void StreamConnection<Stream>::send_and_close(flatbuffers::Offset<wire::Response> root) {
    send(root);
    read_stopped_ = true;
    close_after_write_ = true;
}

// The connection's own answers go into a small buffer of its own at the tail
// of the queue, shared by consecutive ones.
template <typename Stream>
void StreamConnection<Stream>::enqueue(std::span<const std::uint8_t> bytes) {
    if (closed_ || close_after_write_) return;
    if (pending_.empty() || !pending_.back().own ||
        pending_.back().bytes.capacity() - pending_.back().bytes.size() < bytes.size()) {
        const std::size_t capacity = std::max(bytes.size(), kOwnBufferBytes);
        if (!memory_->try_add(capacity))
            return cut_off(
                "over its memory cap of replies waiting for a client that is not reading");
        Buffer buffer{{}, capacity, true};
        buffer.bytes.reserve(capacity);
        pending_.push_back(std::move(buffer));
    }
    std::vector<std::uint8_t>& tail = pending_.back().bytes;
    tail.insert(tail.end(), bytes.begin(), bytes.end());
    if (!writing_active_) start_write();
}

template <typename Stream>
void StreamConnection<Stream>::release(std::vector<Buffer>& buffers) {
    for (const Buffer& b : buffers)
        memory_->sub(b.counted);
    buffers.clear();
}

// The read buffer's capacity, counted in the connection's memory as it grows
// and shrinks. False when growing would pass the connection's cap.
template <typename Stream>
bool StreamConnection<Stream>::count_reader_bytes() {
    const std::size_t bytes = reader_.capacity_bytes();
    if (bytes > reader_bytes_counted_) {
        if (!memory_->try_add(bytes - reader_bytes_counted_)) return false;
    } else if (bytes < reader_bytes_counted_) {
        memory_->sub(reader_bytes_counted_ - bytes);
    }
    reader_bytes_counted_ = bytes;
    return true;
}

template <typename Stream>
void StreamConnection<Stream>::cut_off(const char* why) {
    log_line("connection %llu cut off: %s (%zu bytes held)", static_cast<unsigned long long>(id_),
             why, memory_->used());
    close();
}

// Everything queued leaves in one gathered write: a round's replies stay in
// the buffer the shard made them in.
template <typename Stream>
void StreamConnection<Stream>::start_write() {
    writing_.swap(pending_);
    pending_.clear();
    write_buffers_.clear();
    for (const Buffer& b : writing_)
        write_buffers_.emplace_back(b.bytes.data(), b.bytes.size());
    writing_active_ = true;
    write_progress_ = std::chrono::steady_clock::now();
    arm_write_timer();
    // The completion condition runs after every partial write: it is where
    // progress is seen, so only a write that stalls is timed out.
    auto progress = [self = this->shared_from_this()](const boost::system::error_code& ec,
                                                      std::size_t) -> std::size_t {
        self->write_progress_ = std::chrono::steady_clock::now();
        return ec ? 0 : asio::detail::default_max_transfer_size;
    };
    asio::async_write(stream_, write_buffers_, progress,
                      [self = this->shared_from_this()](const boost::system::error_code& ec,
                                                        std::size_t) { self->on_write(ec); });
}

template <typename Stream>
void StreamConnection<Stream>::on_write(const boost::system::error_code& ec) {
    writing_active_ = false;
    release(writing_);
    if (closed_) return;
    if (ec) return close();
    last_activity_ = std::chrono::steady_clock::now();
    if (!pending_.empty()) return start_write();
    if (close_after_write_) return begin_linger();
    do_read();  // resumes a read paused while replies waited
    maybe_finish();
}

// The closing answer is written: send FIN, then read and discard until the peer
// closes too (or the linger ends). Closing with unread input would make the
// kernel send a reset, which can destroy the answer before the peer reads it.
template <typename Stream>
void StreamConnection<Stream>::begin_linger() {
    lingering_ = true;
    boost::system::error_code ec;
    tcp_socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    timer_.expires_after(kCloseLingerMs);
    timer_.async_wait([self = this->shared_from_this()](const boost::system::error_code& e) {
        if (!e) self->close();
    });
    do_read();
}

// Every answer owed is written: FIN, then the linger (the client may still be
// sending requests that will not be read).
template <typename Stream>
void StreamConnection<Stream>::maybe_finish() {
    if (read_stopped_ && !close_after_write_ && !lingering_ && in_flight_ == 0 &&
        !writing_active_ && pending_.empty())
        begin_linger();
}

template <typename Stream>
void StreamConnection<Stream>::close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ec;
    timer_.cancel();
    hello_timer_.cancel();
    write_timer_.cancel();
    // What waits to be written is dropped now; the write in progress is counted
    // out when it completes (with an error, the socket being closed).
    release(pending_);
    tcp_socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    tcp_socket().close(ec);
    context_.on_closed(id_);
}

// ---- The write watchdog: armed while a write is in progress, it cuts off a
// client whose socket has taken no bytes for --write-timeout-s.

template <typename Stream>
void StreamConnection<Stream>::arm_write_timer() {
    if (write_timer_armed_) return;
    write_timer_armed_ = true;
    write_timer_.expires_at(write_progress_ + context_.write_timeout);
    write_timer_.async_wait([self = this->shared_from_this()](const boost::system::error_code& ec) {
        self->write_timer_armed_ = false;
        if (ec || self->closed_ || !self->writing_active_) return;
        if (std::chrono::steady_clock::now() - self->write_progress_ >=
            self->context_.write_timeout)
            return self->cut_off("its replies made no progress being written (it stopped reading)");
        self->arm_write_timer();
    });
}

// ---- The Hello deadline: from accept, not from the last byte.

template <typename Stream>
void StreamConnection<Stream>::arm_hello_timer() {
    hello_timer_.expires_after(context_.hello_timeout);
    hello_timer_.async_wait([self = this->shared_from_this()](const boost::system::error_code& ec) {
        if (ec || self->closed_ || self->role_ != wire::Role::none) return;
        log_line("connection %llu closed: no Hello within %lld ms%s",
                 static_cast<unsigned long long>(self->id_),
                 static_cast<long long>(self->context_.hello_timeout.count()),
                 self->handshaking_ ? " (its TLS handshake did not complete)" : "");
        self->close();
    });
}

// ---- Idle timeout: one wait outstanding; activity only moves last_activity_.

template <typename Stream>
void StreamConnection<Stream>::arm_idle_timer() {
    if (context_.idle_timeout.count() == 0) return;
    timer_.expires_at(last_activity_ + context_.idle_timeout);
    timer_.async_wait([self = this->shared_from_this()](const boost::system::error_code& ec) {
        self->on_idle_timer(ec);
    });
}

// A connection is busy while the shards owe it answers. A reply stuck in a write
// to a client that does not read is not activity: the idle timeout runs on.
template <typename Stream>
void StreamConnection<Stream>::on_idle_timer(const boost::system::error_code& ec) {
    if (ec || closed_ || lingering_) return;
    const bool busy = in_flight_ > 0;
    if (!busy && std::chrono::steady_clock::now() - last_activity_ >= context_.idle_timeout) {
        log_line("connection %llu closed: idle for %lld s", static_cast<unsigned long long>(id_),
                 static_cast<long long>(context_.idle_timeout.count()));
        return close();
    }
    if (busy) last_activity_ = std::chrono::steady_clock::now();
    arm_idle_timer();
}

}  // namespace seat::server
