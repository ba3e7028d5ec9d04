// The Redis target: the article's design (bench/redis/redis_design.h) driven
// with real pipelining. Each Connection is one hiredis connection; requests are
// appended without waiting and replies read back in order, as redis-benchmark -P does.
#pragma once

#include <memory>

#include "bench/seatbench/options.h"
#include "bench/seatbench/target.h"

namespace seat::bench {

std::unique_ptr<Target> make_redis_target(const Options& options);

}  // namespace seat::bench
