// Runs the real seat-psp binary for integration tests (its own and seatd's
// payment tests): on an ephemeral loopback port read back from --port-file, in a
// temporary directory holding its secret key file, port file and log, with
// --log-requests on. Only the process this object started is ever signalled.
// Not thread-safe: one test thread drives one PspProcess; the port may be used
// from any thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace seat::testing {

inline constexpr const char* kPspSecret = "sk_test_seat_psp_0123456789";

struct PspOptions {
    std::vector<std::string> extra_args;  // faults, limits: seat-psp --help
    bool log_requests = true;
};

class PspProcess {
  public:
    // Starts seat-psp on 127.0.0.1:0 and waits (<= 15 s) for its port; throws
    // std::runtime_error with its log when it does not come up.
    explicit PspProcess(PspOptions options = {});
    // SIGTERM, wait <= 10 s, then SIGKILL; waitpid; removes the temporary directory.
    ~PspProcess();
    PspProcess(const PspProcess&) = delete;
    PspProcess& operator=(const PspProcess&) = delete;

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string authorization() const { return std::string("Bearer ") + kPspSecret; }
    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path secret_key_file() const { return dir_ / "secret-key"; }
    // Taken just before the fork: seat-psp's clock (the outage window) starts later.
    std::chrono::steady_clock::time_point spawned_at() const { return spawned_at_; }

    int terminate();  // SIGTERM + waitpid; the exit status (or 128 + signal)
    bool running() const;
    std::string log() const;

  private:
    std::filesystem::path dir_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::chrono::steady_clock::time_point spawned_at_;
};

std::filesystem::path psp_binary();  // from the compile definition SEAT_PSP_BINARY

}  // namespace seat::testing
