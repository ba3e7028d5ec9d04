// Reports a failed invariant and aborts (a core dump is more useful than a guess).
#include "base/check.h"

#include <cstdio>
#include <cstdlib>

namespace seat::detail {

void check_failed(const char* expr, const char* file, int line, const char* why) {
    std::fprintf(stderr, "seatd: invariant violated at %s:%d: %s (%s)\n", file, line, why, expr);
    std::fflush(stderr);
    std::abort();
}

}  // namespace seat::detail
