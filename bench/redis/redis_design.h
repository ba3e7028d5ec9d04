// The Redis design from the reference article, implemented faithfully so that
// seatbench can run the same workload against it: one key per seat
// `seat:{event}:{seat}` holding the session (held) or "sold:<buyer>", Lua scripts
// (EVALSHA) that hold N seats all-or-nothing with a TTL, extend only for the same
// session, and turn held into sold only for the holder, and one hash per section
// `section:{event}:{section}` read with HGETALL. As in the article, a hold that
// expires by TTL leaves its section hash saying "held" until a reconciler runs:
// that drift is part of the design being compared, not a bug of this port.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct redisContext;

namespace seat::redis_design {

enum class Outcome { ok, taken, not_holder, error };

struct HoldOutcome {
    Outcome outcome = Outcome::error;
    std::vector<std::uint32_t> taken;  // seats that were not available (all of them)
    std::string error;
};

// One connection to a Redis server. Not thread-safe: one per client thread.
class SeatStore {
  public:
    // Connects and loads the scripts (SCRIPT LOAD); returns nullptr with `error` set.
    static std::unique_ptr<SeatStore> connect(const std::string& host, int port,
                                              std::string& error);
    ~SeatStore();
    SeatStore(const SeatStore&) = delete;
    SeatStore& operator=(const SeatStore&) = delete;

    // SET NX PX for one seat (the article's single-seat SETNX + EXPIRE).
    Outcome hold_one(std::uint64_t event, std::uint32_t section, std::uint32_t seat,
                     const std::string& session, std::int64_t ttl_ms);
    // All-or-nothing hold of `seats`, listing every seat that was taken on refusal.
    HoldOutcome hold(std::uint64_t event, std::uint32_t section,
                     const std::vector<std::uint32_t>& seats, const std::string& session,
                     std::int64_t ttl_ms);
    // Extends only if every seat is still held by `session`.
    Outcome extend(std::uint64_t event, const std::vector<std::uint32_t>& seats,
                   const std::string& session, std::int64_t ttl_ms);
    // Held -> sold, only for the holder.
    Outcome purchase(std::uint64_t event, std::uint32_t section,
                     const std::vector<std::uint32_t>& seats, const std::string& session,
                     const std::string& buyer);
    Outcome release(std::uint64_t event, std::uint32_t section,
                    const std::vector<std::uint32_t>& seats, const std::string& session);
    // HGETALL of the section hash: seat -> "held" | "sold" | "available".
    bool section(std::uint64_t event, std::uint32_t section,
                 std::vector<std::pair<std::uint32_t, std::string>>& out, std::string& error);
    // Creates the section hash with every seat available (what loading an event does).
    bool load_section(std::uint64_t event, std::uint32_t section, std::uint32_t first_seat,
                      std::uint32_t seat_count, std::string& error);
    // Value of one seat key: "" when available.
    std::string seat_value(std::uint64_t event, std::uint32_t seat);

    // ---- Pipelining (seatbench's -P). Each append_* queues one command without
    // waiting; each read_* takes the next reply, in the order the commands were
    // appended, sending whatever is still queued first. Every append_* must be
    // matched, in order, by the read_* named beside it. The synchronous calls above
    // are an append followed by its read, so they must not be mixed with replies
    // still pending.
    void append_hold(std::uint64_t event, std::uint32_t section,
                     const std::vector<std::uint32_t>& seats, const std::string& session,
                     std::int64_t ttl_ms);  // read_hold
    HoldOutcome read_hold(const std::vector<std::uint32_t>& seats);
    void append_purchase(std::uint64_t event, std::uint32_t section,
                         const std::vector<std::uint32_t>& seats, const std::string& session,
                         const std::string& buyer);  // read_script
    void append_release(std::uint64_t event, std::uint32_t section,
                        const std::vector<std::uint32_t>& seats,
                        const std::string& session);  // read_script
    Outcome read_script();
    void append_section(std::uint64_t event, std::uint32_t section);  // read_section
    bool read_section(std::vector<std::pair<std::uint32_t, std::string>>& out, std::string& error);
    void append_seat_value(std::uint64_t event, std::uint32_t seat);  // read_seat_value
    // The seat key's value ("" when available); false when the reply was an error.
    bool read_seat_value(std::string& value);

    redisContext* raw() { return ctx_; }

  private:
    explicit SeatStore(redisContext* ctx) : ctx_(ctx) {}
    bool load_scripts(std::string& error);

    redisContext* ctx_;
    std::string hold_sha_, extend_sha_, purchase_sha_, release_sha_;
};

}  // namespace seat::redis_design
