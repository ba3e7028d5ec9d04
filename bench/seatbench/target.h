// What a scenario asks of a server, whichever it is: seatd through libseatclient
// or Redis running the article's Lua design. A Target creates the run's event and
// opens Connections; a Connection takes requests (Op) without blocking and hands
// back their Completions in any order, so one thread can keep -P requests in
// flight on it. Results are classified once, here: ok, refused (a business "no":
// seats taken, hold gone), or error (anything else, counted and reported).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/seatbench/ledger.h"
#include "engine/venue.h"
#include "seat/client_types.h"

namespace seat::bench {

using Clock = std::chrono::steady_clock;

// offer, claim, list and delist: the transfers scenario (seatd only).
enum class OpKind : std::uint8_t { hold, release, purchase, read, offer, claim, list, delist };
inline constexpr std::size_t kOpKinds = 8;
const char* to_string(OpKind k);

// One request. `slot` is the scenario's own tag (which buyer sent it).
struct Op {
    OpKind kind = OpKind::hold;
    std::uint32_t slot = 0;
    std::uint16_t section = 0;
    std::vector<std::uint32_t> seats;  // hold, release, purchase: every seat, one section
    client::Id128 session;
    std::uint64_t hold = 0;  // seatd's hold id (release, purchase)
    std::string buyer;       // purchase
    // The transfers scenario: the ticket (offer, list, delist), its owner
    // (offer's sender, list's and delist's seller), the offer's addressee, the
    // claim's token and claimer (in `to`), a listing's price.
    client::Id128 ticket;
    std::string owner;
    std::string to;
    std::string token;
    std::int64_t price_minor = 0;
    Clock::time_point sent;
};

enum class OpStatus : std::uint8_t { ok, refused, error };

struct OpResult {
    OpStatus status = OpStatus::error;
    std::string code;        // the status name when not ok, e.g. "seats_unavailable"
    bool unknown = false;    // transport error: the request may have taken effect
    std::uint64_t hold = 0;  // seatd: the new hold's id
    std::vector<std::uint32_t> refused_seats;  // hold: the seats named as taken (may be empty)
    std::vector<std::string> proofs;           // purchase: per seat, what the audit looks for
    std::uint32_t seats_read = 0;              // read: seats in the answer
    std::string claim_token;                   // offer: shown once (empty in a replay)
    Clock::time_point done;
};

struct Completion {
    Op op;
    OpResult result;
};

class Connection {
  public:
    virtual ~Connection() = default;
    // Sends (or queues) one request; never waits for its answer.
    virtual void submit(Op op) = 0;
    // Takes one completed request, waiting at most `wait`; false if none came.
    virtual bool next(Completion& out, std::chrono::milliseconds wait) = 0;
    // A connection whose completions arrive on a thread of its own (seatd's
    // client I/O thread) may hand each one straight to `handler` on that thread
    // instead of queueing it for next(): the runner then reacts to an answer
    // without a thread hand-off. Returns false when it does not (Redis: the
    // driver thread does the I/O itself). Set before the first submit.
    virtual bool set_completion_handler(std::function<void(Completion&&)> handler) {
        (void)handler;
        return false;
    }
};

// The run's event: which venue, under which id, with which hold time, and (the
// waiting-room scenario, seatd only) its sale start and waiting room.
struct EventSetup {
    std::uint64_t event = 0;
    std::string venue_kind;  // "stadium", "theatre", "arena"
    const Venue* venue = nullptr;
    std::int64_t hold_ttl_ms = 0;
    std::int64_t sale_starts_at_ms = 0;  // Unix ms; 0 = on sale at creation
    client::RoomSettings room = {};      // room.enabled false: no waiting room
    // The transfers scenario's rules (seatd only); empty: the server's defaults.
    std::optional<client::TransferSettings> transfers = {};
};

// What the target says at the end of the run, read back for the audit.
struct FinalState {
    std::vector<std::uint8_t> status;  // per seat: 0 available, 1 held, 2 sold, 3 blocked
    std::vector<std::string> owner;    // per seat: the proof of who bought it, "" if unknown
    // The target's own totals (seatd's summary, Redis's section hashes), to be
    // checked against capacity and against the per-seat statuses.
    std::uint64_t reported[4] = {0, 0, 0, 0};
    std::string reported_by;
    bool has_tickets = false;  // seatd: the summary's ticket count
    std::uint64_t tickets = 0;
    std::vector<std::string> failures;  // target-specific audit failures
    std::vector<std::string> notes;     // informational (e.g. Redis section-hash drift)
};

class Target {
  public:
    virtual ~Target() = default;
    virtual std::string_view name() const = 0;
    virtual bool create_event(const EventSetup& setup, std::string& error) = 0;
    virtual std::unique_ptr<Connection> connect(const EventSetup& setup, std::string& error) = 0;
    virtual bool read_final(const EventSetup& setup, const Ledger& ledger, FinalState& out,
                            std::string& error) = 0;
};

}  // namespace seat::bench
