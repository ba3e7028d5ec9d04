// The seatd target: each Connection is one seat::Client (one TCP connection with
// its own I/O thread) used only through its *_async calls, whose callbacks put
// completions on a queue that the connection's driver thread takes from.
#pragma once

#include <memory>

#include "bench/seatbench/options.h"
#include "bench/seatbench/target.h"
#include "seat/client.h"

namespace seat::bench {

// How every seatbench client connects to seatd: the target's host and port,
// the API key, TLS, and a call timeout generous enough for a loaded server.
ClientOptions seatd_client_options(const Options& options);

std::unique_ptr<Target> make_seatd_target(const Options& options);

}  // namespace seat::bench
