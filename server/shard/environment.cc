#include "server/shard/environment.h"

#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <system_error>

namespace seat::server {

UnixMillis WallClock::now_ms() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

const Clock& Environment::clock_or_wall() const {
    static const WallClock wall;  // stateless: shared by every shard
    return clock != nullptr ? *clock : wall;
}

Rng Environment::make_rng() const {
    if (seed) return Rng(*seed);
    Rng::Key value{};
    auto* bytes = reinterpret_cast<unsigned char*>(value.data());
    std::size_t got = 0;
    while (got < sizeof value) {
        const ssize_t n = ::getrandom(bytes + got, sizeof value - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::system_error(errno, std::generic_category(), "getrandom");
        got += static_cast<std::size_t>(n);
    }
    return Rng(value);
}

}  // namespace seat::server
