// fork + execv with stdout/stderr sent to a log file; the port comes back through
// --port-file, which seatd writes atomically once it accepts connections. Every
// wait is bounded, and a process that outstays its welcome gets SIGKILL — always
// by its own PID, never by name.
#include "tests/support/seatd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace seat::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr auto kStartTimeout = 15s;
constexpr auto kStopTimeout = 10s;
constexpr auto kPollInterval = 10ms;

fs::path make_temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "seatd-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error(std::string("mkdtemp failed: ") + std::strerror(errno));
    return pattern;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

int status_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// The child: output to `log`, stdin from /dev/null, then seatd. Only
// async-signal-safe calls between fork and exec.
[[noreturn]] void exec_child(char* const* argv, const char* log) {
    const int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int in = open("/dev/null", O_RDONLY);
    if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
    }
    if (in >= 0) dup2(in, STDIN_FILENO);
    execv(argv[0], argv);
    _exit(127);
}

pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
    // Prepared before fork: the child must not allocate (another thread may hold
    // the allocator's lock at the moment of the fork).
    std::vector<char*> argv;
    for (const std::string& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string log_path = log.string();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) exec_child(argv.data(), log_path.c_str());
    return pid;
}

// waitpid with a deadline; SIGKILL (to this pid only) when it passes.
int reap(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    for (;;) {
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) return status_code(status);
        if (r < 0) return -1;
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return status_code(status);
        }
        std::this_thread::sleep_for(kPollInterval);
    }
}

}  // namespace

fs::path seatd_binary() {
    return SEATD_BINARY;
}

fs::path seatctl_binary() {
#ifdef SEATCTL_BINARY
    return SEATCTL_BINARY;
#else
    return {};
#endif
}

SeatdProcess::SeatdProcess(SeatdOptions options) : options_(std::move(options)) {
    temp_dir_ = make_temp_dir();
    data_dir_ = options_.data_dir.empty() ? temp_dir_ / "data" : options_.data_dir;
    log_path_ = temp_dir_ / "seatd.log";
    port_path_ = temp_dir_ / "seatd.port";
    http_port_path_ = temp_dir_ / "seatd.http-port";
    if (options_.with_keys) {
        keys_path_ = temp_dir_ / "keys";
        std::ofstream keys(keys_path_);
        keys << "# written by SeatdProcess\n"
             << "admin " << kAdminKey << "\napp " << kAppKey << "\nscanner " << kScannerKey << "\n"
             << options_.extra_keys;
    }
    try {
        start();
    } catch (...) {
        std::error_code ec;
        fs::remove_all(temp_dir_, ec);
        throw;
    }
}

SeatdProcess::~SeatdProcess() {
    if (running()) {
        kill(pid_, SIGTERM);
        reap(pid_, kStopTimeout);
    }
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
}

std::vector<std::string> SeatdProcess::arguments() const {
    std::vector<std::string> args = {
        seatd_binary().string(), "--listen",          "127.0.0.1:0",
        "--port-file",           port_path_.string(), "--data-dir",
        data_dir_.string(),      "--shards",          std::to_string(options_.shards),
        "--http-listen",         "127.0.0.1:0",       "--http-port-file",
        http_port_path_.string()};
    if (options_.with_keys) {
        args.push_back("--keys");
        args.push_back(keys_path_.string());
    }
    if (!options_.demo) args.push_back("--no-demo");
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    return args;
}

void SeatdProcess::start() {
    std::error_code ec;
    fs::remove(port_path_, ec);
    fs::remove(http_port_path_, ec);
    port_ = 0;
    http_port_ = 0;
    pid_ = spawn(arguments(), log_path_);
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(port_path_);
        unsigned port = 0;
        if (in >> port && port > 0 && port <= 65535) {
            port_ = static_cast<std::uint16_t>(port);
            // Written before the binary port's file, when the side is on.
            std::ifstream http(http_port_path_);
            unsigned hp = 0;
            if (http >> hp && hp > 0 && hp <= 65535) http_port_ = static_cast<std::uint16_t>(hp);
            return;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("seatd exited with status " +
                                     std::to_string(status_code(status)) +
                                     " before listening; its log:\n" + log());
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    kill(pid_, SIGKILL);
    reap(pid_, kStopTimeout);
    pid_ = -1;
    throw std::runtime_error("seatd did not write its port within 15 s; its log:\n" + log());
}

void SeatdProcess::kill9() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    reap(pid_, kStopTimeout);
    pid_ = -1;
}

int SeatdProcess::terminate() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    return wait(kStopTimeout);
}

int SeatdProcess::wait(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return -1;
    const int status = reap(pid_, timeout);
    pid_ = -1;
    return status;
}

void SeatdProcess::restart() {
    if (running()) terminate();
    start();
}

std::string SeatdProcess::log() const {
    return read_file(log_path_);
}

bool SeatdProcess::running() const {
    if (pid_ <= 0) return false;
    // Looks without reaping: the exit status stays for terminate() or the destructor.
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
        return false;
    return info.si_pid == 0;
}

int run_seatd_to_exit(const std::vector<std::string>& args, std::string& output,
                      std::chrono::milliseconds timeout) {
    const fs::path dir = make_temp_dir();
    const fs::path log = dir / "seatd.log";
    std::vector<std::string> argv = {seatd_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    // Tests run side by side: never the HTTP side's fixed default port.
    if (std::find(args.begin(), args.end(), std::string("--http-listen")) == args.end()) {
        argv.push_back("--http-listen");
        argv.push_back("127.0.0.1:0");
    }
    const pid_t pid = spawn(argv, log);
    const int status = reap(pid, timeout);
    output = read_file(log);
    std::error_code ec;
    fs::remove_all(dir, ec);
    return status;
}

}  // namespace seat::testing
