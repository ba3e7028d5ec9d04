// The server's log: one line per call on stderr, prefixed "seatd: ". A single
// fprintf per line keeps lines from different threads whole (stdio locks the
// stream for each call). Nothing secret (API keys, buyer data) is ever logged.
#pragma once

#include <chrono>
#include <cstdarg>
#include <cstdio>

#include "engine/ids.h"

namespace seat::server {

[[gnu::format(printf, 1, 2)]] inline void log_line(const char* format, ...) {
    char line[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(line, sizeof line, format, args);
    va_end(args);
    std::fprintf(stderr, "seatd: %s\n", line);
}

// Wall-clock time in Unix milliseconds: the `now` every decision records.
inline UnixMillis wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace seat::server
