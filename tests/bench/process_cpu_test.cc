// seatbench's /proc readings (bench/seatbench/process_cpu.h), on this very
// process: a socket it listens on is found and traced back to its PID, on IPv4
// and IPv6 loopback, a port nobody listens on says so, and the CPU time read
// grows while a thread busy-loops.
#include "bench/seatbench/process_cpu.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace seat::bench {
namespace {

// A listening socket on an ephemeral loopback port, closed on destruction.
class Listener {
  public:
    explicit Listener(int family) {
        fd_ = ::socket(family, SOCK_STREAM, 0);
        if (fd_ < 0) return;
        sockaddr_storage ss{};
        socklen_t len = 0;
        if (family == AF_INET) {
            auto* a = reinterpret_cast<sockaddr_in*>(&ss);
            a->sin_family = AF_INET;
            a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            len = sizeof *a;
        } else {
            auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
            a->sin6_family = AF_INET6;
            a->sin6_addr = in6addr_loopback;
            len = sizeof *a;
        }
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd_, 1) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
            ::close(fd_);
            fd_ = -1;
            return;
        }
        port_ = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                        : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
    }
    ~Listener() {
        if (fd_ >= 0) ::close(fd_);
    }
    bool ok() const { return fd_ >= 0; }
    std::uint16_t port() const { return port_; }

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

TEST(ProcessCpu, FindsTheProcessListeningOnAnIpv4LoopbackPort) {
    Listener l(AF_INET);
    ASSERT_TRUE(l.ok());
    std::string why;
    const auto pid = find_listening_pid(l.port(), why);
    ASSERT_TRUE(pid) << why;
    EXPECT_EQ(*pid, ::getpid());
}

TEST(ProcessCpu, FindsTheProcessListeningOnAnIpv6LoopbackPort) {
    Listener l(AF_INET6);
    if (!l.ok()) GTEST_SKIP() << "no IPv6 loopback on this machine";
    std::string why;
    const auto pid = find_listening_pid(l.port(), why);
    ASSERT_TRUE(pid) << why;
    EXPECT_EQ(*pid, ::getpid());
}

TEST(ProcessCpu, APortNobodyListensOnIsReportedNotGuessed) {
    std::uint16_t port = 0;
    {
        Listener l(AF_INET);
        ASSERT_TRUE(l.ok());
        port = l.port();
    }
    std::string why;
    EXPECT_FALSE(find_listening_pid(port, why));
    EXPECT_NE(why.find("no socket listens"), std::string::npos) << why;
}

TEST(ProcessCpu, CpuTimeGrowsWhileAThreadBusyLoops) {
    std::string why;
    const auto before = process_cpu_ns(::getpid(), why);
    ASSERT_TRUE(before) << why;
    constexpr auto kSpin = std::chrono::milliseconds(200);
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> spins{0};
    std::thread busy([&] {
        while (!stop.load(std::memory_order_relaxed))
            spins.fetch_add(1, std::memory_order_relaxed);
    });
    std::this_thread::sleep_for(kSpin);
    // Read while the thread still lives: its time leaves the schedstat sum with it.
    const auto during = process_cpu_ns(::getpid(), why);
    stop = true;
    busy.join();
    ASSERT_TRUE(during) << why;
    // Most of 200 ms on a loaded 2-core box; at least a tick's worth anywhere.
    EXPECT_GE(*during - *before, 20'000'000) << "spins " << spins.load();
}

TEST(ProcessCpu, TheMeterReadsTheServerFoundByPortAndSaysWhyWhenThereIsNone) {
    Listener l(AF_INET);
    ASSERT_TRUE(l.ok());
    const ServerCpuMeter found(0, l.port());
    const ServerCpu cpu = found.finish();
    EXPECT_EQ(cpu.pid, ::getpid());
    ASSERT_TRUE(cpu.cpu_s) << cpu.note;
    EXPECT_GE(*cpu.cpu_s, 0.0);

    const ServerCpuMeter gone(0, 1);  // port 1: nobody in a test box listens there
    const ServerCpu none = gone.finish();
    EXPECT_EQ(none.pid, 0);
    EXPECT_FALSE(none.cpu_s);
    EXPECT_FALSE(none.note.empty());
}

}  // namespace
}  // namespace seat::bench
