// Starting and stopping a program for integration tests: fork + execv with no
// shell, output to a log file, every wait bounded, and a process that outstays
// its welcome killed by its own PID — never by name. (seatd_process.cc keeps its
// own copy of these steps.)
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace seat::testing {

// A fresh directory under the system's temporary directory, named STEM-XXXXXX.
std::filesystem::path make_test_dir(const std::string& stem);
std::string read_whole_file(const std::filesystem::path& path);

// Starts args[0] with args, stdout and stderr appended to `log`, stdin /dev/null.
pid_t spawn_logged(const std::vector<std::string>& args, const std::filesystem::path& log);
// waitpid with a deadline, SIGKILL to `pid` when it passes; the exit status
// (WEXITSTATUS, or 128 + signal).
int reap_within(pid_t pid, std::chrono::milliseconds timeout);
// Whether `pid` (our child) has not exited; does not reap it.
bool child_running(pid_t pid);

}  // namespace seat::testing
