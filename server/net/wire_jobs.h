// A verified request frame into a shard job (server/shard/job.h): the command or
// query it asks for, read out of the frame where it lies (the frame is not kept
// past the call). What can be checked without the event's state is checked
// here, on the I/O thread, and refused at once: missing idempotency keys, seat
// lists over the limits (before any name is looked at), a malformed CreateEvent
// (its venue file is parsed here too, off the shard), a GetSeat naming neither
// or both of id and name. Seat names are left for the shard to resolve.
#pragma once

#include <cstdint>
#include <string>

#include "seat_generated.h"
#include "server/auth/binding.h"
#include "server/room/admission_tokens.h"
#include "server/shard/job.h"

namespace seat::server {

struct DecodeOutcome {
    Status status = Status::ok;
    std::string message;  // empty: the status's own sentence
    bool ok() const { return status == Status::ok; }
};

// Whether requests of this type become shard jobs (through decode_job; an
// AdmitTicket through decode_admit). The rest are answered by the connection.
bool routed_to_shard(wire::RequestBody type);

// Fills `out` (event, work, seat_names, create_key, tag) from a request of a
// type routed_to_shard other than AdmitTicket, or says why it is refused.
// Session ids and idempotency keys are bound to the caller's principal
// (server/auth/binding.h): the shard never sees them as the client sent them.
// The waiting room's sessions are bound by the room instead, and an admission
// token given with a hold or checkout is verified here (server/room/).
DecodeOutcome decode_job(const wire::Request& request, const Binding& binding, const RoomEdge& room,
                         Job& out);

// An offline scanner's admission time may be this far ahead of the server's
// clock (clock skew), and this far behind it (a scanner that synced late).
inline constexpr UnixMillis kDeviceClockAheadMaxMs = 10 * 60 * 1000;
inline constexpr UnixMillis kDeviceTimeAgeMaxMs = 30LL * 24 * 60 * 60 * 1000;

// An AdmitTicket whose code verified: the ticket, version and event are the
// code's claims, not the request's (the request's event, if any, was checked
// against the code's by the caller). Its device time must be 0 (online) or
// within [now - kDeviceTimeAgeMaxMs, now + kDeviceClockAheadMaxMs].
DecodeOutcome decode_admit(const wire::Request& request, EventId event, const TicketId& ticket,
                           std::uint32_t version, UnixMillis now, Job& out);

}  // namespace seat::server
