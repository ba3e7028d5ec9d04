// One client connection: reads frames (many per read), verifies each, handles the
// Hello and role checks, answers Ping and ListEvents itself, decodes every other
// request into a job (wire_jobs.h) for the shard that owns its event; replies
// come back, encoded by the connection's responder for that shard, through deliver()
// and leave in as few writes as possible. All of a connection's state lives on
// its strand, so none of it needs a lock. Limits: a Hello deadline (from accept,
// the TLS handshake included), a bounded number of requests in shards (reading
// pauses beyond it), the memory a client can make the server hold
// (memory_budget.h: reading pauses while replies wait, its own cap, the
// process's budget), and an idle timeout counted from the last complete request.
//
// The connection is a template over its stream, plain TCP or TLS over TCP
// (docs/protocol.md, section 11), defined in connection_impl.h and
// instantiated in connection.cc and connection_tls.cc: both run the same code,
// and the plaintext one pays for TLS neither a virtual call nor a copy. The
// Server keeps connections through `Connection`, the few calls it makes at
// accept, close and shutdown.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "protocol/frame.h"
#include "server/auth/api_keys.h"
#include "server/auth/permissions.h"
#include "server/net/memory_budget.h"
#include "server/net/wire_responder.h"
#include "server/shard/event_directory.h"
#include "server/shard/shard.h"

namespace seat::server {

// Bytes asked of the socket per read: many small frames arrive in one read.
inline constexpr std::size_t kReadChunkBytes = 64 * 1024;
// Requests of one connection waiting in shards; reading pauses at this many
// (a pipelining client needs tens; seatbench runs with 16).
inline constexpr std::uint32_t kConnectionInFlightMax = 1024;
// After a closing answer, unread input is drained this long before the socket
// closes, so that the peer's kernel does not reset the connection and drop the answer.
inline constexpr std::chrono::milliseconds kCloseLingerMs{2000};
inline constexpr std::size_t kLingerReadBytes = 4096;
inline constexpr std::uint32_t kOverloadedRetryAfterMs = 50;
// What one request in flight is counted as in the connection's memory: the job
// in the connection's batch and again in the shard's queue, where both vectors
// may be half empty after growing (measured with heaptrack).
inline constexpr std::size_t kJobBytes = 4 * sizeof(Job);
// Room for this many routed jobs is kept between reads; a burst's is given back.
inline constexpr std::size_t kRoutedJobsRetained = 64;
// The connection's own answers share buffers of at least this size.
inline constexpr std::size_t kOwnBufferBytes = 4096;

// What every connection of a server shares; owned by the Server and outliving them.
struct ConnectionContext {
    Shards& shards;
    EventDirectory& directory;
    const ApiKeys* keys;  // nullptr: no keys file, every Hello is `unrestricted`
    const Principal& unrestricted;
    std::shared_ptr<TicketKeys> tickets;  // verifies scanned codes and admission tokens
    Binding room_binding;                 // the waiting room's sessions (server/room/)
    std::chrono::seconds idle_timeout;    // zero: none
    std::chrono::milliseconds hello_timeout;
    std::chrono::seconds write_timeout;
    MemoryBudget& memory;
    std::string server_version;
    // Called from the connection's strand: once when its Hello is accepted, once when it closes.
    std::function<void(std::uint64_t id)> on_authenticated;
    std::function<void(std::uint64_t id)> on_closed;
    // The process's memory budget is exceeded: cut off whoever holds the most.
    std::function<void()> on_budget_exceeded;
};

// What the Server holds of a connection, whatever its transport.
class Connection {
  public:
    virtual ~Connection() = default;
    // Starts the TLS handshake (if any), the Hello deadline and reading.
    virtual void start() = 0;
    // Any thread: read no more requests (server shutdown); close once every
    // request already taken is answered and written.
    virtual void stop_reading() = 0;
    // Any thread: close now, whatever is left to write.
    virtual void force_close() = 0;
    // Any thread: bytes this connection holds (replies owed and queued, its read buffer).
    virtual std::size_t memory_bytes() const = 0;
};

using PlainStream = boost::asio::ip::tcp::socket;
using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

template <typename Stream>
class StreamConnection final : public FrameSink,  // first: shards call deliver() without a thunk
                               public Connection,
                               public std::enable_shared_from_this<StreamConnection<Stream>> {
  public:
    // `stream`'s executor must be a strand: every handler of this connection
    // runs on it. A TlsStream has not done its handshake yet.
    StreamConnection(Stream stream, ConnectionContext& context, std::uint64_t id);
    void start() override;
    // Any thread: one or more reply frames from a shard, answering `count` requests.
    void deliver(std::vector<std::uint8_t> frames, std::uint32_t count) override;
    void stop_reading() override;
    void force_close() override;
    std::size_t memory_bytes() const override { return memory_->used(); }

  private:
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
    // The TCP socket under the stream: options, shutdown, close, the linger's reads.
    boost::asio::ip::tcp::socket& tcp_socket();
    void on_handshake(const boost::system::error_code& ec);
    void do_read();
    void on_read(const boost::system::error_code& ec, std::size_t bytes);
    void handle_frame(std::span<const std::uint8_t> frame);
    void handle_hello(const wire::Request& request);
    void handle_list_events(const wire::Request& request);
    void handle_job(const wire::Request& request);
    bool in_scope(EventId event, std::uint64_t request_id);
    void handle_admit(const wire::Request& request);
    void route(Job job);
    std::shared_ptr<WireResponder> responder_for(const Shard& shard);
    void flush_routed();
    void on_delivered(std::vector<std::uint8_t>& frames, std::uint32_t count);

    void send(flatbuffers::Offset<wire::Response> root);
    void send_and_close(flatbuffers::Offset<wire::Response> root);
    struct Buffer {
        std::vector<std::uint8_t> bytes;
        std::size_t counted = 0;  // what memory_ counts for it (its capacity)
        bool own = false;         // made by this connection (its own answers), not a shard
    };
    // The connection's own answers (Hello, Ping, ListEvents, refusals).
    void enqueue(std::span<const std::uint8_t> bytes);
    void release(std::vector<Buffer>& buffers);
    bool count_reader_bytes();
    void cut_off(const char* why);
    void start_write();
    void on_write(const boost::system::error_code& ec);
    void begin_linger();
    void maybe_finish();
    void close();

    void arm_idle_timer();
    void on_idle_timer(const boost::system::error_code& ec);
    void arm_hello_timer();
    void arm_write_timer();

    Stream stream_;
    boost::asio::steady_timer timer_;        // idle timeout, then the close linger
    boost::asio::steady_timer hello_timer_;  // the Hello deadline
    boost::asio::steady_timer write_timer_;  // a write that makes no progress
    ConnectionContext& context_;
    const std::uint64_t id_;
    const std::shared_ptr<ConnectionMemory> memory_;
    std::size_t reader_bytes_counted_ = 0;  // the read buffer's capacity, as counted in memory_

    protocol::FrameReader reader_;
    flatbuffers::FlatBufferBuilder builder_;
    wire::Role role_ = wire::Role::none;    // none until a Hello is accepted
    const Principal* principal_ = nullptr;  // who said Hello; outlives the connection
    std::uint32_t in_flight_ = 0;           // requests routed to shards and not yet answered

    std::vector<std::uint8_t> discard_;  // input read and dropped while lingering
    // Requests of the current read for one shard, handed over in one push: a
    // pipelining client sends many per read, and one lock and one wake-up of the
    // shard per read (not per request) saved seatd a fifth of its CPU under load.
    std::vector<Job> routed_;
    Shard* routed_shard_ = nullptr;
    // One responder per shard, made when the connection first routes there.
    std::vector<std::shared_ptr<WireResponder>> responders_;
    std::vector<Buffer> pending_;  // replies waiting for the next write
    std::vector<Buffer> writing_;  // the write in progress
    std::vector<boost::asio::const_buffer> write_buffers_;
    bool handshaking_ = kTls;  // TLS only: until the handshake completes, nothing is read
    bool reading_ = false;
    bool writing_active_ = false;
    bool write_timer_armed_ = false;
    std::chrono::steady_clock::time_point write_progress_;  // the last bytes the socket took
    bool read_stopped_ = false;       // EOF, shutdown, or a closing answer was sent
    bool close_after_write_ = false;  // the last frame is queued
    bool lingering_ = false;
    bool closed_ = false;
    // The last complete request read, or reply written: the idle timeout counts from it.
    std::chrono::steady_clock::time_point last_activity_;
};

using PlainConnection = StreamConnection<PlainStream>;
using TlsConnection = StreamConnection<TlsStream>;
extern template class StreamConnection<PlainStream>;
extern template class StreamConnection<TlsStream>;

}  // namespace seat::server
