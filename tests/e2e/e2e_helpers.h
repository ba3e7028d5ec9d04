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
#include "tests/support/seatd_process.h"

namespace seat::e2e {

namespace sc = seat::client;

inline constexpr std::uint64_t kDemoEvent = 1;
inline constexpr std::chrono::seconds kSeatctlTimeout{30};

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

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

// Runs seatctl with `args` (no shell), stdout and stderr captured through files;
// SIGKILL after kSeatctlTimeout.
inline CommandResult run_seatctl(const std::vector<std::string>& args) {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string stem =
        "seatctl-" + std::to_string(::getpid()) + "-" +
        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    const auto out_path = dir / (stem + ".out");
    const auto err_path = dir / (stem + ".err");
    const std::string binary = testing::seatctl_binary().string();
    std::vector<std::string> argv_strings{binary};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0) ::_exit(127);
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::unsetenv("SEATCTL_KEY");
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    CommandResult r;
    const auto deadline = std::chrono::steady_clock::now() + kSeatctlTimeout;
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
    return r;
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
