// A redis-server started by a test on a free loopback port, without persistence,
// and stopped by its PID. Tests that need one skip with a clear message when
// redis-server is not installed (scripts/setup.sh installs it).
#pragma once

#include <sys/types.h>

namespace seat::testing {

inline constexpr const char* kRedisServerBinary = "/usr/bin/redis-server";

class RedisProcess {
  public:
    static bool installed();
    // Starts redis-server and waits (<= 10 s) until it accepts connections;
    // throws std::runtime_error if it does not.
    RedisProcess();
    ~RedisProcess();  // SIGTERM + waitpid
    RedisProcess(const RedisProcess&) = delete;
    RedisProcess& operator=(const RedisProcess&) = delete;

    int port() const { return port_; }

  private:
    int port_ = 0;
    pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

}  // namespace seat::testing
