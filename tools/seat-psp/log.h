// seat-psp's log: one line per call on stderr, prefixed "seat-psp: ". The secret
// key is never logged; idempotency keys and metadata are (they are test data).
#pragma once

#include <cstdarg>
#include <cstdio>

namespace seat::psp {

[[gnu::format(printf, 1, 2)]] inline void log_line(const char* format, ...) {
    char line[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(line, sizeof line, format, args);
    va_end(args);
    std::fprintf(stderr, "seat-psp: %s\n", line);
}

}  // namespace seat::psp
