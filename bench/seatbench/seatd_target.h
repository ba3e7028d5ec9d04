// The seatd target: each Connection is one seat::Client (one TCP connection)
// used only through its *_async calls. The Clients share --threads I/O threads
// (seat::ClientThreads; 0: one thread each), and their callbacks hand each
// completion to the runner's driver on that thread (or, without a handler, to
// a queue the driver's thread takes from).
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
