// Facts of the waiting room. Joins are kept compact (the entry's number is its
// place in join order); admissions, reclaimed positions and ended admissions
// name entries by that number, so a batch of 500 is one fact of 2 KB.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/room/records.h"

namespace seat {

struct QueueJoined {
    QueueTicketId ticket;  // drawn by decide
    SessionId session;
    UnixMillis at = 0;
    friend bool operator==(const QueueJoined&, const QueueJoined&) = default;
};

struct QueueLeft {
    std::uint32_t entry = kNone;
    UnixMillis at = 0;
    friend bool operator==(const QueueLeft&, const QueueLeft&) = default;
};

// The sale started: everyone who joined before is shuffled once by `seed`
// (drawn by decide; apply derives the order from it), then the queue is FIFO.
struct QueueOpened {
    std::uint64_t seed = 0;
    UnixMillis at = 0;
    friend bool operator==(const QueueOpened&, const QueueOpened&) = default;
};

// The next waiting entries in queue order, admitted with tokens valid until
// `token_expires_at`.
struct QueueAdmitted {
    std::vector<std::uint32_t> entries;
    UnixMillis token_expires_at = 0;
    UnixMillis at = 0;
    friend bool operator==(const QueueAdmitted&, const QueueAdmitted&) = default;
};

// Waiting entries whose holders stopped heartbeating: their positions are reclaimed.
struct QueueAbandoned {
    std::vector<std::uint32_t> entries;
    UnixMillis at = 0;
    friend bool operator==(const QueueAbandoned&, const QueueAbandoned&) = default;
};

// Admissions whose token expired with no live hold under them.
struct AdmissionsEnded {
    std::vector<std::uint32_t> entries;
    AdmissionEnd reason = AdmissionEnd::token_expired;
    UnixMillis at = 0;
    friend bool operator==(const AdmissionsEnded&, const AdmissionsEnded&) = default;
};

}  // namespace seat
