// Names the calling thread as `top -H`, `ps -L`, perf and /proc/PID/task/*/comm
// show it, so an operator (and a benchmark reading per-thread CPU) can tell a
// shard from an I/O thread. Linux keeps 15 bytes of a name; longer ones are cut.
#pragma once

#include <string>

namespace seat {

inline constexpr std::size_t kThreadNameMax = 15;

void name_this_thread(const std::string& name);

}  // namespace seat
