// A scripted fake seatd for libseatclient's tests: it accepts connections on an
// ephemeral loopback port and runs a script on each, which reads requests and
// answers them with whatever FlatBuffers it builds. No seatd needed.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <thread>
#include <vector>

#include "protocol/frame.h"
#include "seat/client.h"

namespace seat::testing {

constexpr int kFakeIoTimeoutMs = 5000;

// One accepted connection of the fake server.
class FakeConn {
  public:
    explicit FakeConn(int fd) : fd_(fd) {}
    ~FakeConn() { ::close(fd_); }

    // The next request, or null when the peer closed or nothing came in time.
    const wire::Request* next() {
        for (;;) {
            std::span<const std::uint8_t> frame;
            if (reader_.next(frame)) {
                frame_.assign(frame.begin(), frame.end());
                aligned_.assign((frame_.size() + 7) / 8, 0);
                std::memcpy(aligned_.data(), frame_.data(), frame_.size());
                const auto v = protocol::verify_request(
                    {reinterpret_cast<const std::uint8_t*>(aligned_.data()), frame_.size()});
                return v.ok() ? v.message : nullptr;
            }
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, kFakeIoTimeoutMs) <= 0) return nullptr;
            auto space = reader_.prepare(4096);
            const ssize_t n = ::read(fd_, space.data(), space.size());
            if (n <= 0) return nullptr;
            reader_.commit(static_cast<std::size_t>(n));
        }
    }

    void send(flatbuffers::FlatBufferBuilder& b, flatbuffers::Offset<wire::Response> root) {
        const auto frame = protocol::encode_frame(b, root);
        ASSERT_EQ(::send(fd_, frame.data(), frame.size(), MSG_NOSIGNAL),
                  static_cast<ssize_t>(frame.size()));
    }

    // Reads the Hello and accepts it as admin.
    void accept_hello() {
        const auto* hello = next();
        ASSERT_NE(hello, nullptr);
        ASSERT_EQ(hello->body_type(), wire::RequestBody::Hello);
        EXPECT_EQ(hello->body_as_Hello()->api_key()->str(), "k");
        flatbuffers::FlatBufferBuilder b;
        const auto reply = wire::CreateHelloReplyDirect(b, 1, wire::Role::admin, "fake", 1u << 20);
        send(b, wire::CreateResponse(b, hello->request_id(), 0, 0, wire::ResponseBody::HelloReply,
                                     reply.Union()));
    }

    void pong(std::uint64_t request_id, std::int64_t time_ms) {
        flatbuffers::FlatBufferBuilder b;
        const auto pong = wire::CreatePong(b, time_ms);
        send(b, wire::CreateResponse(b, request_id, 0, 0, wire::ResponseBody::Pong, pong.Union()));
    }

  private:
    int fd_;
    protocol::FrameReader reader_;
    std::vector<std::uint8_t> frame_;
    std::vector<std::uint64_t> aligned_;
};

// Accepts connections on an ephemeral loopback port and runs `script` on each,
// with the connection's number (0 for the first).
class FakeServer {
  public:
    explicit FakeServer(std::function<void(FakeConn&, int)> script) : script_(std::move(script)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(fd_, 16);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] {
            for (int n = 0; !stop_; ++n) {
                pollfd p{fd_, POLLIN, 0};
                if (::poll(&p, 1, 20) <= 0) {
                    --n;
                    continue;
                }
                FakeConn conn(::accept(fd_, nullptr, nullptr));
                script_(conn, n);
            }
        });
    }
    ~FakeServer() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }
    std::uint16_t port() const { return port_; }

  private:
    std::function<void(FakeConn&, int)> script_;
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

inline ClientOptions fake_server_options(std::uint16_t port) {
    ClientOptions o;
    o.port = port;
    o.api_key = "k";
    o.call_timeout = std::chrono::seconds(5);
    o.reconnect_delay_initial = std::chrono::milliseconds(10);
    return o;
}

}  // namespace seat::testing
