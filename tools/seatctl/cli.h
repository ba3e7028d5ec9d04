// What seatctl's command files share: the parsed command line (args.cc), the
// context a command runs in, exit codes, output helpers (output.cc) and the
// commands themselves, one file per kind (main.cc dispatches to them).
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
    std::string program;  // argv[0], as typed: hints repeat it
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

// The command line (args.cc). Each throws UsageError on a malformed word.
Args parse_args(int argc, char** argv);
bool is_number(const std::string& s);
std::uint64_t parse_u64(const std::string& text, const std::string& what);
sc::Seats parse_seats(const std::vector<std::string>& words);
sc::Id128 session_of(const Args& args);
// --token, the admission token of hold and checkout for an event with a waiting
// room; empty when not given.
std::string admission_token_of(const Args& args);
const std::string& one_positional(const Args& args, const char* what);
std::string require_flag(const Args& args, const std::string& name);
// A duration such as "500ms", "90s", "10m" or "1h" (a bare number is seconds),
// more than 0, in milliseconds.
std::int64_t parse_duration_ms(const std::string& text, const std::string& what);
// A UTC time written exactly as 2027-03-01T19:30:00Z, in Unix milliseconds;
// any other form (an offset, no Z, fractions, a date alone) is a UsageError.
std::int64_t parse_utc_time_ms(const std::string& text, const std::string& what);
// A seatctl command line to print as a hint: the program as typed, `rest`
// (a command and its words), and the flags that chose the server, the event and
// the session, so that it works when pasted. The API key is never printed: one
// given with --key shows as "--key KEY".
std::string command_hint(const Args& args, const std::string& rest);

// Output (output.cc).
std::string format_time(std::int64_t unix_ms);
// The form --starts-at takes: 2027-03-01T19:30:00Z.
std::string format_utc_iso(std::int64_t unix_ms);
std::string format_money(std::int64_t minor, const std::string& currency);
// The largest whole unit that fits: "10m", "90s", "1500ms".
std::string format_duration_ms(std::int64_t ms);
json::object counts_json(const sc::Counts& c);
std::string counts_text(const sc::Counts& c);
json::object ticket_json(const sc::Ticket& t);
std::string ticket_text(const sc::Ticket& t);
void print_json(const json::value& v);
// Why a seat name the server did not know is not a seat, and what was likely
// meant; by the name as given.
struct UnknownSeat {
    std::string why;                        // e.g. "Stalls has no row Q (rows: A, ..., J)"
    std::vector<std::string> did_you_mean;  // real seat names
};
using UnknownSeats = std::map<std::string, UnknownSeat>;
// Prints a failed outcome (stderr for people, stdout for --json), with what
// `unknown` says about its unknown seats; returns its exit code.
int report_failure(const Args& args, const sc::Outcome& r, const UnknownSeats& unknown = {});
// The same with what to do next (`hint`, a sentence: on stderr after the
// status, "hint" in JSON) and fields the JSON object gains (`extra`).
int report_refusal(const Args& args, const sc::Outcome& r, const std::string& hint,
                   const json::object& extra = {}, const UnknownSeats& unknown = {});
// Reads the event's names to explain each unknown seat name among r's refusals
// (seat_names.cc); sends nothing when there is none.
UnknownSeats explain_unknown_seats(Context& c, const sc::Outcome& r);

// Events (event_commands.cc).
int cmd_ping(Context& c);
int cmd_events(Context& c);
int cmd_create(Context& c);
int cmd_summary(Context& c);
// The waiting room (event_commands.cc): `queue join|status|leave EVENT ...`
// and `room status EVENT`.
int cmd_queue(Context& c);
int cmd_room(Context& c);
// The sections, or one section's grid (section_command.cc).
int cmd_section(Context& c);
// Seats and holds (seat_commands.cc); cmd_block unblocks when `block` is false.
int cmd_seat(Context& c);
int cmd_hold(Context& c);
int cmd_extend(Context& c);
int cmd_release(Context& c);
int cmd_purchase(Context& c);
int cmd_block(Context& c, bool block);

// Tickets and entry (ticket_commands.cc).
int cmd_ticket(Context& c);
int cmd_admit(Context& c);
int cmd_reissue(Context& c);
int cmd_cancel(Context& c);
int cmd_tickets(Context& c);
int cmd_revocations(Context& c);
int cmd_public_keys(Context& c);

// Checkout and refunds (checkout_commands.cc).
int cmd_checkout(Context& c);
int cmd_checkout_status(Context& c);
int cmd_refunds(Context& c);
int cmd_refund_retry(Context& c);
// A checkout's answer as `checkout` prints it (also resale buy's): exit 0 when
// sold, else the checkout and then the refusal (exit 1).
int checkout_reply(Context& c, const sc::Result<sc::CheckoutInfo>& r);

// Transfers and resale (transfer_commands.cc, resale_commands.cc):
// `transfer offer|claim|cancel|show`, `resale list|delist|buy|listings`,
// `kyc verify SELLER`, `payouts`, `payouts retry PAYOUT_ID`, and `ticket ID --history`.
int cmd_transfer(Context& c);
int cmd_resale(Context& c);
int cmd_kyc(Context& c);
int cmd_payouts(Context& c);
int print_history(Context& c, sc::Id128 ticket_id);
// What a transfer or resale refusal asks of the operator, or "" (transfer_commands.cc).
std::string transfer_hint(const Context& c, sc::Status s);
// A whole number of minor units for --price, --max-price and --kyc-threshold;
// "89.50" is refused with the minor units it means (8950).
std::int64_t parse_minor_amount(const std::string& text, const std::string& what);
// Key files, offline (key_commands.cc): no server involved.
int cmd_keys(const Args& args);

}  // namespace seat::ctl
