// Which request types each role may send: an allow-list, one row per request
// type, so a request type added to the protocol is refused to every role but
// admin until someone decides who may send it (a test fails until it has a row).
// docs/protocol.md, "Roles", is the same table for people.
#pragma once

#include <optional>

#include "seat_generated.h"

namespace seat::server {

// Whether `role` may send a request of type `type`. Role::none may send nothing
// (a connection says Hello before it has a role; the Hello itself is not asked here).
bool role_may_send(wire::Role role, wire::RequestBody type);

// The roles allowed to send `type`, as a bit per wire::Role; nullopt when the
// table has no row for it (which the tests forbid).
std::optional<unsigned> roles_allowed(wire::RequestBody type);

}  // namespace seat::server
