// The seatd target: each Connection is one seat::Client (one TCP connection with
// its own I/O thread) used only through its *_async calls, whose callbacks put
// completions on a queue that the connection's driver thread takes from.
#pragma once

#include <memory>

#include "bench/seatbench/options.h"
#include "bench/seatbench/target.h"

namespace seat::bench {

std::unique_ptr<Target> make_seatd_target(const Options& options);

}  // namespace seat::bench
