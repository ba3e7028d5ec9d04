// Runs one of the project's programs (seatctl, seatbench) the way a user would:
// no shell, explicit arguments, stdout and stderr captured, and a deadline after
// which the child (and only it) is killed by its PID.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace seat::testing {

struct ProgramResult {
    int exit_code = -1;  // WEXITSTATUS, or 128 + signal
    std::string out;
    std::string err;
};

// `unset_env` names environment variables removed in the child (e.g. a key that
// would otherwise leak in from the developer's shell).
ProgramResult run_program(const std::filesystem::path& binary, const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout,
                          const std::vector<std::string>& unset_env = {});

}  // namespace seat::testing
