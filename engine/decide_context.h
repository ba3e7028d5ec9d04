// What every decide handler works with (the state, the time, the random source,
// the facts being written) and the steps the groups share: the command's
// fingerprint, the answer from the idempotency window, the check that a hold may
// be acted on. Private to the engine: included by the groups' decide.cc files.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "engine/engine.h"

namespace seat {

// FNV-1a over the command's identifying fields: a repeated idempotency key with
// a different fingerprint is a client bug, answered with idempotency_key_reused.
class Fingerprint {
  public:
    explicit Fingerprint(CommandKind kind) { mix(static_cast<std::uint64_t>(kind)); }
    Fingerprint& mix(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h_ ^= (v >> (8 * i)) & 0xFF;
            h_ *= 0x100000001B3ull;
        }
        return *this;
    }
    Fingerprint& mix(const Id128& id) { return mix(id.hi).mix(id.lo); }
    Fingerprint& mix(std::string_view s) {
        mix(s.size());
        for (unsigned char c : s) {
            h_ ^= c;
            h_ *= 0x100000001B3ull;
        }
        return *this;
    }
    std::uint64_t value() const { return h_; }

  private:
    std::uint64_t h_ = 0xCBF29CE484222325ull;
};

// A result with only a status (a refusal that names nothing).
inline Result status(Status s) {
    Result r;
    r.status = s;
    return r;
}

// A success and its reply.
inline Result ok(const Reply& reply) {
    Result r;
    r.reply = reply;
    return r;
}

struct DecideContext {
    const EventState& state;
    UnixMillis now;
    Rng& rng;
    FactBuffer& out;  // the command's facts are appended; nothing is applied yet

    // Answers a repeated idempotency key with the original outcome: true, and r
    // is the remembered reply (replayed) or idempotency_key_reused when the key
    // was used for another command. False when the command is new.
    bool replay(const CommandTag& tag, CommandKind kind, Result& r) const {
        if (tag.key.is_zero()) return false;
        const IdempotencyEntry* e = state.idempotency().find(tag.key);
        if (e == nullptr) return false;
        r = Result{};
        if (e->kind != kind || e->fingerprint != tag.fingerprint) {
            r.status = Status::idempotency_key_reused;
            return true;
        }
        r.status = Status::ok;
        r.replayed = true;
        r.reply = std::visit([](const auto& reply) -> Reply { return reply; }, e->reply);
        return true;
    }

    // A hold a session may act on: live, its own, and not past its time. A hold
    // past its time is expired now (a stale client cannot revive it), and the
    // hold_expired refusal names it.
    bool usable_hold(HoldId id, const SessionId& session, Result& r) {
        const Hold* h = state.live_hold(id);
        if (h == nullptr) {
            r = status(Status::hold_not_found);
            return false;
        }
        if (!(h->session == session)) {
            r = status(Status::wrong_session);
            return false;
        }
        // Pinned by its checkout: neither the buyer nor time may end it now.
        if (state.paying_checkout(id) != kNone) {
            r = status(Status::hold_in_checkout);
            r.reply = CheckoutReply{state.paying_checkout(id)};
            return false;
        }
        if (h->expires_at <= now) {
            out.push_back(HoldExpired{id, now});
            r = status(Status::hold_expired);
            r.reply = HoldReply{id, 0};
            return false;
        }
        return true;
    }
};

}  // namespace seat
