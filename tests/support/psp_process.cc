// The port file is written atomically by seat-psp once it listens, so a number
// read from it is the whole port.
#include "tests/support/psp_process.h"

#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/support/child_process.h"

namespace seat::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kStartTimeout = 15s;
constexpr auto kStopTimeout = 10s;
constexpr auto kPollInterval = 5ms;

}  // namespace

std::filesystem::path psp_binary() {
    return SEAT_PSP_BINARY;
}

PspProcess::PspProcess(PspOptions options) : dir_(make_test_dir("seat-psp-test")) {
    std::ofstream(secret_key_file()) << kPspSecret << "\n";
    const std::filesystem::path port_file = dir_ / "port";
    std::vector<std::string> args = {psp_binary().string(),
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--port-file",
                                     port_file.string(),
                                     "--secret-key-file",
                                     secret_key_file().string()};
    if (options.log_requests) args.push_back("--log-requests");
    args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
    spawned_at_ = std::chrono::steady_clock::now();
    pid_ = spawn_logged(args, dir_ / "seat-psp.log");
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(port_file);
        unsigned port = 0;
        if (in >> port && port > 0 && port <= 65535) {
            port_ = static_cast<std::uint16_t>(port);
            return;
        }
        if (!child_running(pid_)) {
            const int status = reap_within(pid_, kStopTimeout);
            pid_ = -1;
            const std::string text = log();
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
            throw std::runtime_error("seat-psp exited with status " + std::to_string(status) +
                                     " before listening; its log:\n" + text);
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    kill(pid_, SIGKILL);
    reap_within(pid_, kStopTimeout);
    pid_ = -1;
    const std::string text = log();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    throw std::runtime_error("seat-psp did not write its port within 15 s; its log:\n" + text);
}

PspProcess::~PspProcess() {
    if (running()) terminate();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

int PspProcess::terminate() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    const int status = reap_within(pid_, kStopTimeout);
    pid_ = -1;
    return status;
}

bool PspProcess::running() const {
    return child_running(pid_);
}

std::string PspProcess::log() const {
    return read_whole_file(dir_ / "seat-psp.log");
}

}  // namespace seat::testing
