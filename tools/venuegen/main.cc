// seat-venuegen: writes a synthetic venue (theatre or stadium) as a venue file, to
// stdout or to --out FILE. Usage errors exit with 2, I/O errors with 1, so scripts
// can tell a wrong command line from a full disk.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "venues/venue_json.h"
#include "venues/generators.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitIoError = 1;
constexpr int kExitUsage = 2;

constexpr const char* kUsage =
    "usage: seat-venuegen theatre|stadium [--out FILE]\n"
    "\n"
    "Writes a synthetic venue as a venue file (format seatd-venue/1,\n"
    "see docs/venue-format.md).\n"
    "\n"
    "  theatre       200 seats: stalls and balcony, 3 price tiers\n"
    "  stadium       70,000 seats in 50 sections, VIP boxes, accessible seats\n"
    "  --out FILE    write to FILE instead of standard output\n"
    "  -h, --help    show this help\n";

int usage_error(const std::string& message) {
    std::cerr << "seat-venuegen: " << message << "\n" << kUsage;
    return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    std::string kind;
    std::optional<std::string> out_path;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            std::cout << kUsage;
            return kExitOk;
        }
        if (arg == "--out") {
            if (i + 1 >= argc) return usage_error("--out needs a file name");
            out_path = argv[++i];
        } else if (arg.starts_with("--out=")) {
            out_path = std::string(arg.substr(std::strlen("--out=")));
        } else if (arg.starts_with("-")) {
            return usage_error("unknown option " + std::string(arg));
        } else if (kind.empty()) {
            kind = arg;
        } else {
            return usage_error("unexpected argument " + std::string(arg));
        }
    }
    if (out_path && out_path->empty()) return usage_error("--out needs a file name");
    if (kind.empty()) return usage_error("which venue? theatre or stadium");
    if (kind != "theatre" && kind != "stadium") {
        return usage_error("unknown venue " + kind + " (theatre or stadium)");
    }

    const std::string text =
        seat::venue_to_json(kind == "theatre" ? seat::make_theatre() : seat::make_stadium());
    if (!out_path) {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) {
            std::cerr << "seat-venuegen: writing to standard output failed\n";
            return kExitIoError;
        }
        return kExitOk;
    }
    std::ofstream out(*out_path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        std::cerr << "seat-venuegen: cannot write " << *out_path << ": " << std::strerror(errno)
                  << "\n";
        return kExitIoError;
    }
    return kExitOk;
}
