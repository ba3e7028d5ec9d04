// The answer to one command: a status, and the details a client needs to act on
// it (the hold, its expiry, the tickets, or every seat that was refused and why).
#pragma once

#include <cstdint>

#include "engine/ids.h"
#include "engine/inline_vec.h"
#include "engine/limits.h"
#include "engine/status.h"

namespace seat {

struct SeatRefusal {
    SeatId seat = kNoSeat;
    SeatProblem problem = SeatProblem::unknown;
    friend bool operator==(const SeatRefusal&, const SeatRefusal&) = default;
};

// A hold names at most kHoldSeatsMax seats, so its refusals fit inline; a block
// command may refuse more, and then `refused_count` says how many were left out.
using SeatRefusals = InlineVec<SeatRefusal, kHoldSeatsMax>;

struct Result {
    Status status = Status::ok;
    bool replayed = false;  // answered from the idempotency window, nothing was done again
    HoldId hold;
    UnixMillis expires_at = 0;
    // Purchase: tickets are EventState::tickets()[first_ticket, first_ticket + ticket_count).
    std::uint32_t first_ticket = 0;
    std::uint32_t ticket_count = 0;
    // Block/unblock: seats changed now; seats whose block waits for their hold to end.
    std::uint32_t seats_changed = 0;
    std::uint32_t seats_pending = 0;
    // ExpireHolds: holds expired by this call.
    std::uint32_t holds_expired = 0;
    // Admit, reissue, cancel (and an already_admitted refusal, whose ticket tells
    // when and at which gate): index into EventState::tickets(), or kNone; the
    // version admitted, issued by the reissue, or revoked by the cancel.
    std::uint32_t ticket = kNone;
    std::uint32_t ticket_version = 0;
    SeatRefusals refusals;
    std::uint32_t refused_count = 0;

    bool ok() const { return status == Status::ok; }
    void refuse(SeatId seat, SeatProblem problem) {
        ++refused_count;
        if (!refusals.full()) refusals.push_back({seat, problem});
    }
};

}  // namespace seat
