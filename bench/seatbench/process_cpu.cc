// Reads /proc as Linux lays it out (proc(5)): per-thread schedstat, the
// process's stat line, the kernel's TCP tables and every process's fd links.
// Nothing here keeps state; each call reads afresh.
#include "bench/seatbench/process_cpu.h"

#include <dirent.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace seat::bench {
namespace {

// The TCP state /proc/net/tcp prints as `st` for a listening socket.
constexpr unsigned kTcpListen = 0x0A;
constexpr std::int64_t kNsPerSecond = 1'000'000'000;
// /proc/PID/stat: utime and stime are fields 14 and 15, counted from 1; the
// fields after the command's closing parenthesis start at field 3.
constexpr std::size_t kStatUtimeAfterComm = 14 - 3;
constexpr std::size_t kStatStimeAfterComm = 15 - 3;

bool all_digits(const char* s) {
    if (*s == '\0') return false;
    for (; *s != '\0'; ++s)
        if (*s < '0' || *s > '9') return false;
    return true;
}

// The numeric entries of a /proc directory (processes, or a process's threads).
std::vector<std::string> numeric_entries(const std::string& dir, int& error) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        error = errno;
        return out;
    }
    while (const dirent* e = ::readdir(d))
        if (all_digits(e->d_name)) out.emplace_back(e->d_name);
    ::closedir(d);
    error = 0;
    return out;
}

// Sum of the threads' schedstat run times; false when schedstat is missing.
bool schedstat_ns(int pid, std::int64_t& total, std::string& why) {
    const std::string dir = "/proc/" + std::to_string(pid) + "/task";
    int error = 0;
    const auto tids = numeric_entries(dir, error);
    if (error != 0) {
        why = "cannot read " + dir + ": " + std::strerror(error);
        return false;
    }
    total = 0;
    std::size_t read = 0;
    for (const auto& tid : tids) {
        std::ifstream in(dir + "/" + tid + "/schedstat");
        std::int64_t run_ns = 0;
        if (!(in >> run_ns)) continue;  // exited since the listing, or no schedstat
        total += run_ns;
        ++read;
    }
    if (read == 0) why = "no thread of process " + std::to_string(pid) + " has a schedstat";
    return read > 0;
}

// utime + stime from /proc/PID/stat, in clock ticks turned into nanoseconds.
bool stat_ns(int pid, std::int64_t& total, std::string& why) {
    const std::string path = "/proc/" + std::to_string(pid) + "/stat";
    std::ifstream in(path);
    std::string line;
    if (!std::getline(in, line)) {
        why = "cannot read " + path;
        return false;
    }
    // The command may hold spaces and parentheses; it ends at the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos) {
        why = path + " has no command field";
        return false;
    }
    std::istringstream fields(line.substr(close + 1));
    std::vector<std::string> f;
    for (std::string s; fields >> s;)
        f.push_back(s);
    if (f.size() <= kStatStimeAfterComm) {
        why = path + " is shorter than expected";
        return false;
    }
    const long ticks_per_s = ::sysconf(_SC_CLK_TCK);
    const std::int64_t ticks = std::strtoll(f[kStatUtimeAfterComm].c_str(), nullptr, 10) +
                               std::strtoll(f[kStatStimeAfterComm].c_str(), nullptr, 10);
    total = ticks * (kNsPerSecond / (ticks_per_s > 0 ? ticks_per_s : 100));
    return true;
}

// The kernel prints each 32-bit word of an address as the native-endian value
// of its network-order bytes, so reading the hex back natively gives the bytes.
bool address_bytes(const std::string& hex, std::vector<unsigned char>& out) {
    if (hex.size() != 8 && hex.size() != 32) return false;
    out.assign(hex.size() / 2, 0);
    for (std::size_t w = 0; w < hex.size() / 8; ++w) {
        const std::uint32_t word =
            static_cast<std::uint32_t>(std::strtoul(hex.substr(w * 8, 8).c_str(), nullptr, 16));
        std::memcpy(out.data() + w * 4, &word, 4);
    }
    return true;
}

// 127.0.0.0/8, 0.0.0.0, ::1, :: and ::ffff:127.x.x.x: where a loopback
// client's connection lands.
bool reaches_loopback(const std::vector<unsigned char>& a) {
    const auto zero = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i)
            if (a[i] != 0) return false;
        return true;
    };
    if (a.size() == 4) return a[0] == 127 || zero(0, 4);
    if (zero(0, 16)) return true;
    if (zero(0, 15) && a[15] == 1) return true;
    return zero(0, 10) && a[10] == 0xff && a[11] == 0xff && a[12] == 127;
}

// The inodes of listening sockets on `port` in one /proc/net table.
void listening_inodes(const std::string& table, std::uint16_t port,
                      std::vector<std::string>& inodes) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
        if (!(f >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
              timeout >> inode))
            continue;
        if (std::strtoul(state.c_str(), nullptr, 16) != kTcpListen) continue;
        const auto colon = local.find(':');
        if (colon == std::string::npos) continue;
        if (std::strtoul(local.c_str() + colon + 1, nullptr, 16) != port) continue;
        std::vector<unsigned char> bytes;
        if (!address_bytes(local.substr(0, colon), bytes) || !reaches_loopback(bytes)) continue;
        if (inode != "0") inodes.push_back(inode);
    }
}

// The first process with an fd linked to one of `links` ("socket:[INODE]").
std::optional<int> owner_of(const std::vector<std::string>& links, std::size_t& unreadable) {
    int error = 0;
    const auto pids = numeric_entries("/proc", error);
    std::array<char, 64> target{};
    for (const auto& pid : pids) {
        const std::string fd_dir = "/proc/" + pid + "/fd";
        const auto fds = numeric_entries(fd_dir, error);
        if (error != 0) {
            ++unreadable;  // another user's process, or gone
            continue;
        }
        for (const auto& fd : fds) {
            const std::string path = fd_dir + "/" + fd;
            const ssize_t n = ::readlink(path.c_str(), target.data(), target.size() - 1);
            if (n <= 0) continue;
            const std::string link(target.data(), static_cast<std::size_t>(n));
            for (const auto& l : links)
                if (link == l) return std::atoi(pid.c_str());
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> process_cpu_ns(int pid, std::string& why) {
    std::int64_t total = 0;
    std::string schedstat_why;
    if (schedstat_ns(pid, total, schedstat_why)) return total;
    if (stat_ns(pid, total, why)) return total;
    why = schedstat_why + "; " + why;
    return std::nullopt;
}

std::optional<int> find_listening_pid(std::uint16_t port, std::string& why) {
    std::vector<std::string> inodes;
    listening_inodes("/proc/net/tcp", port, inodes);
    listening_inodes("/proc/net/tcp6", port, inodes);
    if (inodes.empty()) {
        why = "no socket listens on port " + std::to_string(port) +
              " in /proc/net/tcp or /proc/net/tcp6";
        return std::nullopt;
    }
    std::vector<std::string> links;
    for (const auto& inode : inodes)
        links.push_back("socket:[" + inode + "]");
    std::size_t unreadable = 0;
    if (auto pid = owner_of(links, unreadable)) return pid;
    why = "a socket listens on port " + std::to_string(port) + " (inode " + inodes.front() +
          "), but no process this user may look into holds it (" + std::to_string(unreadable) +
          " processes skipped); pass --server-pid";
    return std::nullopt;
}

ServerCpuMeter::ServerCpuMeter(int pid, std::uint16_t port) {
    if (pid == 0) {
        const auto found = find_listening_pid(port, note_);
        if (!found) return;
        pid = *found;
    }
    pid_ = pid;
    start_ns_ = process_cpu_ns(pid_, note_);
}

ServerCpu ServerCpuMeter::finish() const {
    ServerCpu out;
    out.pid = pid_;
    out.note = note_;
    if (!start_ns_) return out;
    const auto end_ns = process_cpu_ns(pid_, out.note);
    if (!end_ns) return out;
    out.cpu_s = static_cast<double>(*end_ns - *start_ns_) / kNsPerSecond;
    return out;
}

}  // namespace seat::bench
