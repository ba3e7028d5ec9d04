// seat-psp's command line. parse_options() checks every value against its limit
// (limits.h), so the rest of the simulator can trust the Options it is handed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "tools/seat-psp/fault_injector.h"
#include "tools/seat-psp/limits.h"

namespace seat::psp {

inline constexpr const char* kListenDefault = "127.0.0.1:7490";

struct Options {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 7490;
    std::filesystem::path port_file;        // empty: none
    std::filesystem::path secret_key_file;  // required
    std::filesystem::path ledger_on_exit;   // empty: none
    bool log_requests = false;
    std::size_t max_connections = kConnectionsDefault;
    unsigned request_timeout_s = kRequestTimeoutDefaultS;
    std::size_t max_records = kRecordsDefault;
    std::size_t max_concurrency = 0;  // 0: unlimited
    FaultOptions faults;
};

enum class ParseOutcome { run, help, bad_usage };

// On help, `message` is the usage text; on bad_usage, one sentence saying what is wrong.
ParseOutcome parse_options(int argc, const char* const* argv, Options& out, std::string& message);

// Splits "HOST:PORT" ("[::1]:7490" for IPv6); false when it is not of that form.
bool split_listen(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace seat::psp
