// Runs the real seatd binary for integration tests: on an ephemeral loopback port
// (read back from --port-file), with a temporary data directory and keys file, its
// output captured in a log file. Only the process this object started is ever
// signalled. Not thread-safe: one test thread drives one SeatdProcess.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace seat::testing {

inline constexpr const char* kAdminKey = "test-admin-key-0123456789";
inline constexpr const char* kAppKey = "test-app-key-0123456789";
inline constexpr const char* kScannerKey = "test-scanner-key-0123456789";

struct SeatdOptions {
    std::filesystem::path
        data_dir;  // empty: a fresh temporary directory, removed by the destructor
    int shards = 2;
    bool demo = true;
    bool with_keys = true;   // writes a keys file with the three keys above and passes --keys
    std::string extra_keys;  // more lines for that file (organizers, scoped keys)
    std::vector<std::string> extra_args;
};

class SeatdProcess {
  public:
    // Starts seatd on 127.0.0.1:0 with --port-file and waits (<= 15 s) for the
    // port; throws std::runtime_error with the captured log on failure.
    explicit SeatdProcess(SeatdOptions options = {});
    // SIGTERM, wait <= 10 s, then SIGKILL; waitpid; removes the temporary directory.
    ~SeatdProcess();
    SeatdProcess(const SeatdProcess&) = delete;
    SeatdProcess& operator=(const SeatdProcess&) = delete;

    std::uint16_t port() const { return port_; }
    // The HTTP side's port (always on 127.0.0.1:0 here), 0 with --http-listen off.
    std::uint16_t http_port() const { return http_port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path& data_dir() const { return data_dir_; }

    void kill9();     // SIGKILL + waitpid (crash tests)
    int terminate();  // SIGTERM + waitpid; the exit status (WEXITSTATUS, or 128 + signal)
    // Waits for an exit caused elsewhere (SIGKILL after `timeout`); the exit status.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void restart();           // starts again on the same data dir and options (new port)
    std::string log() const;  // seatd's stderr and stdout so far, across restarts
    bool running() const;

  private:
    void start();
    std::vector<std::string> arguments() const;

    SeatdOptions options_;
    std::filesystem::path temp_dir_;  // keys, port file, log; always ours
    std::filesystem::path data_dir_;
    std::filesystem::path log_path_;
    std::filesystem::path port_path_;
    std::filesystem::path keys_path_;
    std::filesystem::path http_port_path_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::uint16_t http_port_ = 0;
};

std::filesystem::path seatd_binary();    // from the compile definition SEATD_BINARY
std::filesystem::path seatctl_binary();  // from SEATCTL_BINARY (empty when not built)

// Runs seatd with `args` until it exits (SIGKILL after `timeout`), for tests of
// start-up refusals. Returns the exit status; `output` gets stdout and stderr.
int run_seatd_to_exit(const std::vector<std::string>& args, std::string& output,
                      std::chrono::milliseconds timeout = std::chrono::seconds(15));

}  // namespace seat::testing
