// Shared by the end-to-end tests: a Client pointed at a running seatd, the demo
// theatre's seat names, running seatctl as a child process, and a TCP proxy that
// can drop answers and cut connections (to force a reconnect at a chosen moment).
// Everything listens and connects on 127.0.0.1 only, and every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "seat/client.h"
#include "tests/support/run_program.h"
#include "tests/support/seatd_process.h"

namespace seat::e2e {

namespace sc = seat::client;

inline constexpr std::uint64_t kDemoEvent = 1;
inline constexpr std::chrono::seconds kSeatctlTimeout{30};
// What seatctl reads from the environment, removed from its children's so that
// the developer's shell does not leak in.
inline const std::vector<std::string> kSeatctlEnvironment = {
    "SEATCTL_KEY", "SEATCTL_TLS", "SEATCTL_TLS_CA", "SEATCTL_TLS_SERVER_NAME"};

inline ClientOptions client_options(std::uint16_t port, const char* key = testing::kAdminKey) {
    ClientOptions o;
    o.port = port;
    o.api_key = key;
    o.call_timeout = std::chrono::seconds(10);
    o.reconnect_attempts_max = 4;
    return o;
}

// "Stalls/A/5" for the theatre of tools/venuegen: Stalls rows A..J seats 1..14
// (ids 0..139), Balcony rows A..E seats 1..12 (ids 140..199).
inline std::string theatre_seat_name(std::uint32_t id) {
    if (id < 140) {
        return "Stalls/" + std::string(1, static_cast<char>('A' + id / 14)) + "/" +
               std::to_string(id % 14 + 1);
    }
    const std::uint32_t b = id - 140;
    return "Balcony/" + std::string(1, static_cast<char>('A' + b / 12)) + "/" +
           std::to_string(b % 12 + 1);
}

// ---- seatctl as a child process.

using CommandResult = testing::ProgramResult;

// Runs seatctl with `args` (no shell), output captured; SIGKILL after kSeatctlTimeout.
inline CommandResult run_seatctl(const std::vector<std::string>& args) {
    return testing::run_program(testing::seatctl_binary(), args, kSeatctlTimeout,
                                kSeatctlEnvironment);
}

// ---- A proxy in front of seatd.

// Forwards 127.0.0.1:port() to the server. With drop_answers set, bytes from the
// server are discarded (the request executes, its answer is lost); cut() closes
// every proxied connection, as a network failure would.
class Proxy {
  public:
    explicit Proxy(std::uint16_t server_port) : server_port_(server_port) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listen_fd_, 64) != 0)
            throw std::runtime_error("proxy: bind/listen failed");
        socklen_t len = sizeof addr;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~Proxy() {
        stop_ = true;
        ::shutdown(listen_fd_, SHUT_RDWR);
        ::close(listen_fd_);
        acceptor_.join();
        cut();
        std::lock_guard lock(mu_);
        for (auto& t : pumps_)
            t.join();
        for (int fd : fds_)
            ::close(fd);
    }

    std::uint16_t port() const { return port_; }
    void set_drop_answers(bool drop) { drop_answers_ = drop; }
    std::uint64_t connections() const { return connections_.load(); }

    void cut() {
        std::lock_guard lock(mu_);
        for (int fd : fds_)
            ::shutdown(fd, SHUT_RDWR);
    }

  private:
    void accept_loop() {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int client = ::accept(listen_fd_, nullptr, nullptr);
            if (client < 0) continue;
            const int server = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            addr.sin_port = htons(server_port_);
            if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
                ::close(client);
                ::close(server);
                continue;
            }
            connections_.fetch_add(1);
            std::lock_guard lock(mu_);
            fds_.push_back(client);
            fds_.push_back(server);
            pumps_.emplace_back([this, client, server] { pump(client, server, false); });
            pumps_.emplace_back([this, client, server] { pump(server, client, true); });
        }
    }

    void pump(int from, int to, bool answers) {
        char buf[16384];
        for (;;) {
            const ssize_t n = ::read(from, buf, sizeof buf);
            if (n <= 0) break;
            if (answers && drop_answers_) continue;
            if (::send(to, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
        }
        ::shutdown(to, SHUT_RDWR);
        ::shutdown(from, SHUT_RDWR);
    }

    std::uint16_t server_port_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<bool> drop_answers_{false};
    std::atomic<std::uint64_t> connections_{0};
    std::mutex mu_;
    std::vector<int> fds_;  // closed only at destruction, so cut() never hits a reused fd
    std::vector<std::thread> pumps_;
    std::thread acceptor_;
};

}  // namespace seat::e2e
