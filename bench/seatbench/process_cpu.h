// Another process's CPU time, read from /proc, so that seatbench can report
// what the server it drives spent per request next to its own cost. The server
// is named by PID or found from the TCP port it listens on (loopback only:
// seatbench drives nothing else). Linux only; every failure is a reason in
// words, never a silent zero.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace seat::bench {

// User + system CPU of every live thread of `pid`, in nanoseconds: the sum of
// /proc/PID/task/*/schedstat's run time (exact to the nanosecond), or, where
// schedstat is missing, /proc/PID/stat's utime + stime (clock ticks, usually
// 10 ms). A thread that exits between two readings takes its time with it in
// the schedstat sum; seatd's and Redis's threads live as long as the server.
// Nullopt with `why` when the process cannot be read.
std::optional<std::int64_t> process_cpu_ns(int pid, std::string& why);

// The process holding the listening TCP socket on `port` (IPv4 or IPv6, bound
// to loopback or to any address): the socket's inode from /proc/net/tcp and
// /proc/net/tcp6, then the process whose /proc/PID/fd has `socket:[inode]`.
// Processes this user may not look into are skipped. Nullopt with `why` when
// nothing is found.
std::optional<int> find_listening_pid(std::uint16_t port, std::string& why);

// What a server spent during a run, for the report.
struct ServerCpu {
    int pid = 0;                  // 0: not found
    std::optional<double> cpu_s;  // user + system between start and finish
    std::string note;             // why there is no figure, when there is none
};

// Finds the server (by `pid`, or when it is 0 by the port it listens on) and
// reads its CPU time at construction; finish() reads it again.
class ServerCpuMeter {
  public:
    ServerCpuMeter(int pid, std::uint16_t port);
    ServerCpu finish() const;

  private:
    int pid_ = 0;
    std::optional<std::int64_t> start_ns_;
    std::string note_;
};

}  // namespace seat::bench
