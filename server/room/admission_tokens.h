// The waiting room at the server's edge: the room's binding of buyers' sessions
// and the admission tokens it hands out.
//
// Sessions: a buyer may join through the HTTP side (a browser) and hold through
// an application's API key, so the room cannot use a principal's binding
// (server/auth/binding.h). It binds every session with one secret of its own,
// derived from the server secret; the engine compares the room's binding of the
// session that joined with the room's binding of the session presenting the token.
//
// Tokens (docs/waiting-room.md):
//   a1.<event>.<entry>.<expires_ms>.<key_id>.<32 hex digits>
// the digits being the first 16 bytes of HMAC-SHA256 under one of the ticket
// keyring's HMAC keys (so tokens rotate and retire with them) over
//   "seatd-admission-v1|" event "|" entry "|" expires_ms "|" session
// where session is the room's binding of the buyer's session in 32 hex digits.
// The session is not in the token: a token copied to another session does not
// verify. Verified on the I/O thread, before any shard sees the hold.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "engine/room/commands.h"
#include "server/auth/binding.h"
#include "server/tickets/ticket_codes.h"

namespace seat::server {

// A token longer than this is refused unread.
inline constexpr std::size_t kAdmissionTokenBytesMax = 160;

// The room's binding of client-chosen session ids (one for every principal).
Binding room_binding(std::span<const std::uint8_t> server_secret);

// Signed with the active HMAC key of the keys in use now.
std::string sign_admission(const TicketKeys& keys, EventId event, std::uint32_t entry,
                           UnixMillis expires_at, const SessionId& room_session);
// What the token proves for `event` presented by `room_session` (presented is
// always true; verified only when every check passed).
AdmissionClaim verify_admission(const TicketKeys& keys, std::string_view token, EventId event,
                                const SessionId& room_session);

// What the binary protocol's decoder needs of the room.
struct RoomEdge {
    const Binding& binding;
    const TicketKeys& keys;
};

}  // namespace seat::server
