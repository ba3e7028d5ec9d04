// The event every wire_jobs_fuzz input meets, shared by the fuzz target and the
// program that writes its seeds (which must name holds and tickets that exist).
// A theatre with something of everything: a live hold, a purchase whose tickets
// were admitted and reissued, a blocked seat, a companion hold. Built by the
// engine with a fixed seed, so every id below is the same in every run.
#pragma once

#include <cstdlib>
#include <memory>
#include <string_view>

#include "engine/engine.h"
#include "venues/generators.h"

namespace seat::server::fuzz {

inline constexpr EventId kEvent = 1;
inline constexpr UnixMillis kStart = 1'800'000'000'000;
inline constexpr std::uint64_t kSeed = 42;
inline constexpr SessionId kSession{1, 2};
inline constexpr SessionId kOtherSession{3, 4};
inline constexpr std::string_view kGate = "north-1";
inline constexpr std::string_view kBuyer = "buyer@example.com";

// The fixed test keys of docs/tickets.md ("Test vectors"): hmac secret 0x00..0x1f,
// ed25519 seed 0x20..0x3f. Known keys let seeds carry codes that verify.
inline constexpr std::string_view kKeyFile =
    "h1 hmac active AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    "e1 ed25519 active ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\n";

struct FuzzEvent {
    EventState state;
    HoldId live_hold;       // Stalls/A/1-2, kSession
    HoldId companion_hold;  // Stalls/J/1-2 (accessible + companion), kOtherSession
    TicketId admitted;      // Stalls/B/1, admitted at kGate
    TicketId reissued;      // Stalls/B/2, version 2, owner "owner-2"
};

inline FuzzEvent make_fuzz_event() {
    FuzzEvent e;
    Rng rng(kSeed);
    FactBuffer facts;
    UnixMillis now = kStart - 10'000;
    auto run = [&](Command c) {
        facts.clear();
        const Result r = execute(e.state, c, now++, rng, facts);
        if (!r.ok()) std::abort();  // the harness itself is wrong
        return r;
    };
    auto key = [](std::uint64_t n) { return IdempotencyKey{0xF0, n}; };
    TheatreSpec spec;
    spec.sound_desk_blocked = true;
    spec.balcony_box = true;
    run(CreateEvent{kEvent, std::make_shared<const Venue>(make_theatre(spec)), {}});
    e.live_hold = run(PlaceHold{kSession, {0, 1}, key(1)}).reply_as<HoldReply>()->hold;
    const HoldId sold = run(PlaceHold{kSession, {14, 15}, key(2)}).reply_as<HoldReply>()->hold;
    const PurchaseReply purchase =
        *run(Purchase{sold, kSession, std::string(kBuyer), "pay-1", key(3)})
             .reply_as<PurchaseReply>();
    e.admitted = e.state.tickets()[purchase.first_ticket].id;
    e.reissued = e.state.tickets()[purchase.first_ticket + 1].id;
    run(AdmitTicket{e.admitted, 1, std::string(kGate), 0});
    run(ReissueTicket{e.reissued, "owner-2", key(4)});
    run(BlockSeats{{199}, key(5)});
    e.companion_hold =
        run(PlaceHold{kOtherSession, {126, 127}, key(6)}).reply_as<HoldReply>()->hold;
    return e;
}

}  // namespace seat::server::fuzz
