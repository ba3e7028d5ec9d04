// The event every wire_jobs_fuzz input meets, shared by the fuzz target and the
// program that writes its seeds (which must name holds and tickets that exist).
// A theatre with something of everything: a live hold, a purchase whose tickets
// were admitted and reissued, a blocked seat, a companion hold, a ticket offered
// with a known claim token, one listed for resale and one its owner may still
// offer or list. Built by the engine with a fixed seed, so every id below is the
// same in every run.
#pragma once

#include <cstdlib>
#include <memory>
#include <string_view>

#include "engine/engine.h"
#include "server/net/claim_tokens.h"
#include "venues/generators.h"

namespace seat::server::fuzz {

inline constexpr EventId kEvent = 1;
inline constexpr UnixMillis kStart = 1'800'000'000'000;
inline constexpr std::uint64_t kSeed = 42;
inline constexpr SessionId kSession{1, 2};
inline constexpr SessionId kOtherSession{3, 4};
inline constexpr std::string_view kGate = "north-1";
inline constexpr std::string_view kBuyer = "buyer@example.com";
// The offered ticket's claim token (the bytes 0x00..0x0f).
inline constexpr std::string_view kClaimToken = "000102030405060708090a0b0c0d0e0f";

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
    TicketId offered;       // Stalls/B/3, offered by kBuyer with kClaimToken
    TicketId listed;        // Stalls/B/4, listed by kBuyer at 50.00
    TicketId owned;         // Stalls/B/5, kBuyer's, valid
    ListingId listing;      // Stalls/B/4's
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
    const HoldId resale =
        run(PlaceHold{kSession, {16, 17, 18}, key(7)}).reply_as<HoldReply>()->hold;
    const PurchaseReply second =
        *run(Purchase{resale, kSession, std::string(kBuyer), "pay-3", key(8)})
             .reply_as<PurchaseReply>();
    e.offered = e.state.tickets()[second.first_ticket].id;
    e.listed = e.state.tickets()[second.first_ticket + 1].id;
    e.owned = e.state.tickets()[second.first_ticket + 2].id;
    run(OfferTransfer{e.offered, std::string(kBuyer), "friend@example.com", TransferType::direct,
                      *claim_token_hash(kClaimToken), key(9)});
    const std::uint32_t listing =
        run(ListTicket{e.listed, std::string(kBuyer), 5000, "acct_fuzz", key(10)})
            .reply_as<ListingReply>()
            ->listing;
    e.listing = e.state.listings()[listing].id;
    return e;
}

}  // namespace seat::server::fuzz
