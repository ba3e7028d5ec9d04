// Invariant checks that stay on in release builds: a broken invariant in a seat
// engine means a seat may be sold twice, so the process stops instead of guessing.
#pragma once

namespace seat::detail {
[[noreturn]] void check_failed(const char* expr, const char* file, int line, const char* why);
}

#define SEAT_CHECK(cond, why)                                               \
    do {                                                                    \
        if (!(cond)) [[unlikely]]                                           \
            ::seat::detail::check_failed(#cond, __FILE__, __LINE__, (why)); \
    } while (0)
