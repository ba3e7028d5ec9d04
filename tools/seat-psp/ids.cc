// getrandom(2) per id: the simulator makes at most a few thousand ids a second,
// so a user-space generator would buy nothing but a key to manage.
#include "tools/seat-psp/ids.h"

#include <sys/random.h>

#include <array>
#include <cerrno>

#include "base/check.h"

namespace seat::psp {
namespace {

constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Bytes at or above this are rejected, so every character is equally likely.
constexpr unsigned kUnbiasedBelow = 256 - 256 % 62;

void fill_random(unsigned char* bytes, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = getrandom(bytes + done, size - done, 0);
        if (n < 0 && errno == EINTR) continue;
        SEAT_CHECK(n > 0, "getrandom failed: ids would not be random");
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

std::string random_id(std::string_view prefix) {
    static_assert(kAlphabet.size() == 62);
    std::string id(prefix);
    std::array<unsigned char, 2 * kIdRandomChars> bytes;
    while (id.size() < prefix.size() + kIdRandomChars) {
        fill_random(bytes.data(), bytes.size());
        for (const unsigned char b : bytes) {
            if (b >= kUnbiasedBelow) continue;
            id.push_back(kAlphabet[b % 62]);
            if (id.size() == prefix.size() + kIdRandomChars) break;
        }
    }
    return id;
}

}  // namespace seat::psp
