// Redis running the article's Lua design. Creating the event loads one section
// hash per section; the final state is read from the seat keys (the design's
// source of truth: absent = available, the session = held, "sold:<buyer>" =
// sold) and compared with the section hashes, whose "held" entries for expired
// holds are the design's known drift and are reported, not failed.
#include "bench/seatbench/redis_target.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <deque>
#include <thread>

#include "bench/redis/redis_design.h"

namespace seat::bench {
namespace {

using redis_design::SeatStore;

// GETs in flight at once while reading the final state back.
constexpr std::uint32_t kAuditPipelineDepth = 1'000;
// A reply that takes longer than this means the server is gone: fail, do not hang.
constexpr int kReplyTimeout_s = 30;
constexpr std::string_view kSoldPrefix = "sold:";

std::unique_ptr<SeatStore> open(const Options& o, std::string& error) {
    auto store = SeatStore::connect(o.host, o.port, error);
    if (!store) {
        error = "redis " + o.host + ":" + std::to_string(o.port) + ": " + error;
        return nullptr;
    }
    timeval tv{kReplyTimeout_s, 0};
    redisSetTimeout(store->raw(), tv);
    return store;
}

OpResult from(redis_design::Outcome outcome) {
    OpResult r;
    r.done = Clock::now();
    switch (outcome) {
        case redis_design::Outcome::ok:
            r.status = OpStatus::ok;
            break;
        case redis_design::Outcome::taken:
            r.status = OpStatus::refused;
            r.code = "taken";
            break;
        case redis_design::Outcome::not_holder:
            r.status = OpStatus::refused;
            r.code = "not_holder";
            break;
        case redis_design::Outcome::error:
            r.status = OpStatus::error;
            r.code = "redis_error";
            r.unknown = true;
            break;
    }
    return r;
}

class RedisConnection final : public Connection {
  public:
    RedisConnection(std::unique_ptr<SeatStore> store, const EventSetup& setup)
        : store_(std::move(store)), event_(setup.event), hold_ttl_ms_(setup.hold_ttl_ms) {}

    void submit(Op op) override {
        op.sent = Clock::now();
        const std::string session = op.session.to_string();
        switch (op.kind) {
            case OpKind::hold:
                store_->append_hold(event_, op.section, op.seats, session, hold_ttl_ms_);
                break;
            case OpKind::release:
                store_->append_release(event_, op.section, op.seats, session);
                break;
            case OpKind::purchase:
                store_->append_purchase(event_, op.section, op.seats, session, op.buyer);
                break;
            case OpKind::read:
                store_->append_section(event_, op.section);
                break;
            case OpKind::offer:
            case OpKind::claim:
            case OpKind::list:
            case OpKind::delist:
                break;  // the transfers scenario is refused for Redis (options.cc)
        }
        pending_.push_back(std::move(op));
    }

    // Replies come in order, so the oldest pending request is the one answered.
    bool next(Completion& out, std::chrono::milliseconds wait) override {
        if (pending_.empty()) {
            std::this_thread::sleep_for(wait);
            return false;
        }
        out.op = std::move(pending_.front());
        pending_.pop_front();
        out.result = read(out.op);
        return true;
    }

  private:
    OpResult read(const Op& op) {
        switch (op.kind) {
            case OpKind::hold: {
                auto h = store_->read_hold(op.seats);
                OpResult r = from(h.outcome);
                r.refused_seats = std::move(h.taken);
                return r;
            }
            case OpKind::release:
            case OpKind::purchase: {
                OpResult r = from(store_->read_script());
                if (op.kind == OpKind::purchase && r.status == OpStatus::ok)
                    r.proofs.assign(op.seats.size(), op.buyer);
                return r;
            }
            case OpKind::read: {
                std::vector<std::pair<std::uint32_t, std::string>> seats;
                std::string error;
                const bool ok = store_->read_section(seats, error);
                OpResult r = from(ok ? redis_design::Outcome::ok : redis_design::Outcome::error);
                r.seats_read = static_cast<std::uint32_t>(seats.size());
                return r;
            }
            case OpKind::offer:
            case OpKind::claim:
            case OpKind::list:
            case OpKind::delist:
                break;  // never sent (see submit): an error
        }
        return {};
    }

    std::unique_ptr<SeatStore> store_;
    std::uint64_t event_;
    std::int64_t hold_ttl_ms_;
    std::deque<Op> pending_;
};

class RedisTarget final : public Target {
  public:
    explicit RedisTarget(const Options& o) : options_(o) {}

    std::string_view name() const override { return "redis"; }

    bool create_event(const EventSetup& setup, std::string& error) override {
        auto store = open(options_, error);
        if (!store) return false;
        for (std::size_t s = 0; s < setup.venue->sections.size(); ++s) {
            const Section& section = setup.venue->sections[s];
            if (!store->load_section(setup.event, static_cast<std::uint32_t>(s), section.first_seat,
                                     section.seat_count, error))
                return false;
        }
        return true;
    }

    std::unique_ptr<Connection> connect(const EventSetup& setup, std::string& error) override {
        auto store = open(options_, error);
        if (!store) return nullptr;
        return std::make_unique<RedisConnection>(std::move(store), setup);
    }

    bool read_final(const EventSetup& setup, const Ledger&, FinalState& out,
                    std::string& error) override {
        auto store = open(options_, error);
        if (!store) return false;
        return read_seat_keys(*store, setup, out, error) && read_hashes(*store, setup, out, error);
    }

  private:
    bool read_seat_keys(SeatStore& store, const EventSetup& setup, FinalState& out,
                        std::string& error) {
        const auto seats = static_cast<std::uint32_t>(setup.venue->seat_count());
        out.status.assign(seats, 0);
        out.owner.assign(seats, "");
        std::string value;
        for (std::uint32_t first = 0; first < seats; first += kAuditPipelineDepth) {
            const std::uint32_t end = std::min(seats, first + kAuditPipelineDepth);
            for (std::uint32_t s = first; s < end; ++s)
                store.append_seat_value(setup.event, s);
            for (std::uint32_t s = first; s < end; ++s) {
                if (!store.read_seat_value(value)) {
                    error = "redis GET of seat " + std::to_string(s) + " failed";
                    return false;
                }
                if (value.starts_with(kSoldPrefix)) {
                    out.status[s] = 2;
                    out.owner[s] = value.substr(kSoldPrefix.size());
                } else if (!value.empty()) {
                    out.status[s] = 1;
                }
            }
        }
        return true;
    }

    // The section hashes' own totals. Their "held" entries for holds whose keys
    // expired are the design's drift (no reconciler runs here): counted as
    // available in the totals and reported in a note.
    bool read_hashes(SeatStore& store, const EventSetup& setup, FinalState& out,
                     std::string& error) {
        std::vector<std::pair<std::uint32_t, std::string>> fields;
        std::uint64_t drift = 0, hash_sold_not_key = 0;
        for (std::size_t s = 0; s < setup.venue->sections.size(); ++s) {
            if (!store.section(setup.event, static_cast<std::uint32_t>(s), fields, error))
                return false;
            for (const auto& [seat, state] : fields) {
                const bool key_says_free = seat < out.status.size() && out.status[seat] == 0;
                if (state == "sold") {
                    ++out.reported[2];
                    if (seat >= out.status.size() || out.status[seat] != 2) ++hash_sold_not_key;
                } else if (state == "held" && !key_says_free) {
                    ++out.reported[1];
                } else {
                    drift += state == "held";
                    ++out.reported[0];
                }
            }
        }
        out.reported_by = "redis section hashes (HGETALL)";
        if (drift > 0)
            out.notes.push_back(std::to_string(drift) +
                                " section-hash entries still say \"held\" for holds that expired "
                                "by TTL (the article's design has no reconciler)");
        if (hash_sold_not_key > 0)
            out.failures.push_back(std::to_string(hash_sold_not_key) +
                                   " seats are sold in a section hash but not in their seat key");
        return true;
    }

    Options options_;
};

}  // namespace

std::unique_ptr<Target> make_redis_target(const Options& options) {
    return std::make_unique<RedisTarget>(options);
}

}  // namespace seat::bench
