// A deliberately dumb client for server tests: a blocking loopback socket that
// sends whatever bytes it is given (valid frames or garbage) and reads response
// frames one at a time, over plain TCP or TLS (OpenSSL on the same socket). The
// real client library is tested elsewhere; these tests speak the protocol by
// hand so they can also break it.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/status.h"
#include "protocol/frame.h"
#include "protocol/protocol_version.h"

namespace seat::server_testing {

namespace wire = seat::wire;
using Bytes = std::vector<std::uint8_t>;

// One response frame, kept at an aligned address and verified.
class Reply {
  public:
    explicit Reply(std::span<const std::uint8_t> frame) : words_(frame.size() / 8 + 1) {
        std::memcpy(words_.data(), frame.data(), frame.size());
        const auto v = protocol::verify_response(
            {reinterpret_cast<const std::uint8_t*>(words_.data()), frame.size()});
        if (!v.ok()) throw std::runtime_error("the server sent a frame that does not verify");
        response_ = v.message;
    }
    const wire::Response* operator->() const { return response_; }
    const wire::Response& operator*() const { return *response_; }
    Status status() const { return static_cast<Status>(response_->status()); }

  private:
    std::vector<std::uint64_t> words_;
    const wire::Response* response_ = nullptr;
};

class WireClient {
  public:
    // Connects to 127.0.0.1:port; reads give up after `timeout`. With `tls_ca`
    // (a PEM file of CAs) it speaks TLS, verifying the server's certificate for
    // 127.0.0.1, and the handshake is done here (throws if it fails).
    explicit WireClient(std::uint16_t port,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10),
                        int receive_buffer_bytes = 0, const std::string& tls_ca = {}) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error("socket failed");
        if (receive_buffer_bytes > 0)
            setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof(int));
        timeval tv{static_cast<time_t>(timeout.count() / 1000),
                   static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        const int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error(std::string("connect failed: ") + std::strerror(errno));
        if (!tls_ca.empty()) start_tls(tls_ca);
    }
    ~WireClient() {
        if (ssl_ != nullptr) SSL_free(ssl_);
        if (ctx_ != nullptr) SSL_CTX_free(ctx_);
        if (fd_ >= 0) ::close(fd_);
    }
    WireClient(const WireClient&) = delete;
    WireClient& operator=(const WireClient&) = delete;

    // False when the connection refused the bytes (closed or reset).
    bool send(std::span<const std::uint8_t> bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = send_some(bytes.data() + done, bytes.size() - done);
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    // The next response, or nullopt at end of stream, reset or timeout.
    std::optional<Reply> read() {
        std::uint8_t header[4];
        if (!read_exact(header, sizeof header)) return std::nullopt;
        const std::uint32_t length =
            header[0] | header[1] << 8 | header[2] << 16 | std::uint32_t{header[3]} << 24;
        if (length > protocol::kFrameBodyBytesMax) throw std::runtime_error("oversize response");
        Bytes frame(4 + length);
        std::memcpy(frame.data(), header, 4);
        if (!read_exact(frame.data() + 4, length)) return std::nullopt;
        return Reply(frame);
    }

    // True when the server closed the connection (EOF or reset) before `timeout`,
    // discarding any responses still on their way.
    bool closed_by_server() {
        std::uint8_t buf[65536];
        for (;;) {
            const ssize_t n = recv_some(buf, sizeof buf);
            if (n == 0) return true;
            if (n < 0) return errno == ECONNRESET || errno == EPIPE;
        }
    }

    int fd() const { return fd_; }

  private:
    void start_tls(const std::string& ca_file) {
        // SSL_write writes to the socket without MSG_NOSIGNAL.
        std::signal(SIGPIPE, SIG_IGN);
        ctx_ = SSL_CTX_new(TLS_client_method());
        if (ctx_ == nullptr || SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1)
            throw std::runtime_error("cannot load the CA file " + ca_file);
        SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
        // seatd ends with a FIN, no close_notify: that is an end of stream here.
        SSL_CTX_set_options(ctx_, SSL_OP_IGNORE_UNEXPECTED_EOF);
        ssl_ = SSL_new(ctx_);
        SSL_set_fd(ssl_, fd_);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), "127.0.0.1");
        if (SSL_connect(ssl_) != 1) {
            ERR_clear_error();
            throw std::runtime_error("TLS handshake failed");
        }
    }

    ssize_t send_some(const std::uint8_t* data, std::size_t size) {
        if (ssl_ == nullptr) return ::send(fd_, data, size, MSG_NOSIGNAL);
        const int n = SSL_write(ssl_, data, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
        if (n <= 0) ERR_clear_error();
        return n;
    }

    // As recv(): bytes, 0 at the end of the stream, -1 with errno (EAGAIN on a
    // timeout; ECONNRESET for a reset or a TLS error such as an alert).
    ssize_t recv_some(std::uint8_t* out, std::size_t size) {
        if (ssl_ == nullptr) return ::recv(fd_, out, size, 0);
        const int n = SSL_read(ssl_, out, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
        if (n > 0) return n;
        const int error = SSL_get_error(ssl_, n);
        ERR_clear_error();
        if (error == SSL_ERROR_ZERO_RETURN) return 0;
        if (error == SSL_ERROR_WANT_READ) errno = EAGAIN;
        if (error == SSL_ERROR_SSL) errno = ECONNRESET;
        return -1;
    }

    bool read_exact(std::uint8_t* out, std::size_t size) {
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = recv_some(out + done, size - done);
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    int fd_ = -1;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
};

// ---- Request frames.

inline Bytes finish(flatbuffers::FlatBufferBuilder& b, std::uint64_t id, std::uint64_t event,
                    wire::RequestBody type, flatbuffers::Offset<void> body) {
    const auto root = wire::CreateRequest(b, id, event, type, body);
    const auto frame = protocol::encode_frame(b, root);
    return {frame.begin(), frame.end()};
}

inline Bytes hello_frame(std::uint64_t id, const char* key,
                         std::uint32_t version = protocol::kProtocolVersion) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateHelloDirect(b, version, key, "server-tests");
    return finish(b, id, 0, wire::RequestBody::Hello, body.Union());
}

inline Bytes ping_frame(std::uint64_t id) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, 0, wire::RequestBody::Ping, wire::CreatePing(b).Union());
}

inline Bytes summary_frame(std::uint64_t id, std::uint64_t event) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::GetSummary, wire::CreateGetSummary(b).Union());
}

inline Bytes seat_frame(std::uint64_t id, std::uint64_t event, std::uint32_t seat) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::GetSeat, wire::CreateGetSeat(b, seat).Union());
}

inline Bytes section_frame(std::uint64_t id, std::uint64_t event, std::uint16_t section,
                           bool with_labels) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateGetSection(b, section, 0, with_labels);
    return finish(b, id, event, wire::RequestBody::GetSection, body.Union());
}

inline Bytes hold_frame(std::uint64_t id, std::uint64_t event, wire::Id128 session,
                        const std::vector<std::uint32_t>& seats, wire::Id128 key,
                        const std::vector<std::string>& names = {}) {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<flatbuffers::String>> name_offsets;
    for (const std::string& n : names)
        name_offsets.push_back(b.CreateString(n));
    const auto body = wire::CreatePlaceHold(b, &session, seats.empty() ? 0 : b.CreateVector(seats),
                                            names.empty() ? 0 : b.CreateVector(name_offsets), &key);
    return finish(b, id, event, wire::RequestBody::PlaceHold, body.Union());
}

inline Bytes purchase_frame(std::uint64_t id, std::uint64_t event, std::uint64_t hold,
                            wire::Id128 session, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreatePurchaseDirect(b, hold, &session, "buyer-1", "payment-1", &key);
    return finish(b, id, event, wire::RequestBody::Purchase, body.Union());
}

inline Bytes block_frame(std::uint64_t id, std::uint64_t event,
                         const std::vector<std::uint32_t>& seats, wire::Id128 key) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateBlockSeatsDirect(b, &seats, nullptr, &key);
    return finish(b, id, event, wire::RequestBody::BlockSeats, body.Union());
}

inline Bytes ticket_frame(std::uint64_t id, std::uint64_t event, wire::Id128 ticket) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::GetTicket,
                  wire::CreateGetTicket(b, &ticket).Union());
}

inline Bytes list_events_frame(std::uint64_t id, std::uint64_t after = 0) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, 0, wire::RequestBody::ListEvents,
                  wire::CreateListEvents(b, after, 0).Union());
}

inline Bytes create_event_frame(std::uint64_t id, std::uint64_t event,
                                const std::string& venue_json, wire::Id128 key,
                                std::int64_t hold_ttl_ms = 0) {
    flatbuffers::FlatBufferBuilder b;
    const auto body = wire::CreateCreateEventDirect(b, venue_json.c_str(), "Test event",
                                                    hold_ttl_ms, 0, 0, 0, &key);
    return finish(b, id, event, wire::RequestBody::CreateEvent, body.Union());
}

// The waiting room (docs/waiting-room.md): an event of the theatre with a room.
struct RoomOptions {
    std::uint32_t max_active = 2;
    std::uint32_t batch = 2;
    std::int64_t interval_ms = 100;
    std::int64_t grace_ms = 60'000;
    std::int64_t sale_starts_at_ms = 0;
};

inline Bytes create_room_event_frame(std::uint64_t id, std::uint64_t event, const RoomOptions& o) {
    flatbuffers::FlatBufferBuilder b;
    const wire::Id128 key(0xE0, event);
    const auto room = wire::CreateRoomSettings(b, true, o.max_active, o.batch, o.interval_ms,
                                               60'000, 4, 1, o.grace_ms);
    const auto body =
        wire::CreateCreateEventDirect(b, nullptr, "Queue night", 0, 0, 0, 0, &key, "theatre", 0,
                                      nullptr, 0, o.sale_starts_at_ms, room);
    return finish(b, id, event, wire::RequestBody::CreateEvent, body.Union());
}

inline Bytes join_frame(std::uint64_t id, std::uint64_t event, wire::Id128 session) {
    flatbuffers::FlatBufferBuilder b;
    return finish(b, id, event, wire::RequestBody::JoinQueue,
                  wire::CreateJoinQueue(b, &session).Union());
}

// Connects and says Hello with `key`; throws unless the server accepts it.
inline void say_hello(WireClient& c, const char* key) {
    if (!c.send(hello_frame(1, key))) throw std::runtime_error("cannot send Hello");
    const auto r = c.read();
    if (!r || (*r)->status() != 0) throw std::runtime_error("Hello refused");
}

inline void append(Bytes& out, const Bytes& frame) {
    out.insert(out.end(), frame.begin(), frame.end());
}

}  // namespace seat::server_testing
