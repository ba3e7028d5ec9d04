// Writing a small file that another process polls for (a port file, a ledger):
// written whole under PATH.tmp, then renamed over PATH, so a reader sees the
// old file or the new one, never half of one.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace seat {

// False with `error` naming the file when it cannot be written or renamed.
bool write_file_atomically(const std::filesystem::path& path, std::string_view text,
                           std::string& error);

}  // namespace seat
