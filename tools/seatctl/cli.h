// What seatctl's command files share: the parsed command line, the context a
// command runs in, exit codes and output helpers (main.cc defines them).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "seat/client.h"

namespace seat::ctl {

namespace json = boost::json;
namespace sc = seat::client;

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitTransport = 3;

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::map<std::string, std::string> flags;
    bool json = false;

    std::optional<std::string> flag(const std::string& name) const {
        auto it = flags.find(name);
        if (it == flags.end()) return std::nullopt;
        return it->second;
    }
};

struct UsageError {
    std::string message;
};

struct Context {
    const Args& args;
    seat::Client& client;
    std::uint64_t event;
    seat::CallOptions call;
};

std::uint64_t parse_u64(const std::string& text, const std::string& what);
const std::string& one_positional(const Args& args, const char* what);
std::string require_flag(const Args& args, const std::string& name);
std::string format_time(std::int64_t unix_ms);
json::object ticket_json(const sc::Ticket& t);
std::string ticket_text(const sc::Ticket& t);
void print_json(const json::value& v);
// Prints a failed outcome (stderr for people, stdout for --json); returns its exit code.
int report_failure(const Args& args, const sc::Outcome& r);

// Tickets and entry (ticket_commands.cc).
int cmd_ticket(Context& c);
int cmd_admit(Context& c);
int cmd_reissue(Context& c);
int cmd_cancel(Context& c);
int cmd_tickets(Context& c);
int cmd_revocations(Context& c);
int cmd_public_keys(Context& c);
// Key files, offline (key_commands.cc): no server involved.
int cmd_keys(const Args& args);

}  // namespace seat::ctl
