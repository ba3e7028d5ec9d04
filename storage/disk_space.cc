#include "storage/disk_space.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace seat::storage {

bool enough_free_space(const std::filesystem::path& dir, std::uint64_t needed, std::string& error) {
    std::filesystem::path probe = std::filesystem::absolute(dir);
    std::error_code ec;
    while (!std::filesystem::exists(probe, ec) && probe.has_parent_path() &&
           probe != probe.parent_path())
        probe = probe.parent_path();
    struct statvfs fs {};
    if (::statvfs(probe.c_str(), &fs) != 0) {
        error = "cannot see how much room " + probe.string() + " has: " + std::strerror(errno);
        return false;
    }
    const std::uint64_t available = std::uint64_t{fs.f_bavail} * fs.f_frsize;
    if (available >= needed) return true;
    error = "the disk holding " + dir.string() + " has " + std::to_string(available >> 20) +
            " MiB free; seatd needs at least " + std::to_string(needed >> 20) +
            " MiB to open its log safely (free some room, or lower --min-free-disk-mb)";
    return false;
}

}  // namespace seat::storage
