// What a browser sends the waiting room's HTTP routes, read from hostile bytes:
// queue tickets in paths and the join's JSON body. Its own file so the fuzz
// target (server/room/fuzz/room_fuzz.cc) reads them exactly as the routes do.
#pragma once

#include <optional>
#include <string_view>

#include "engine/ids.h"

namespace seat::server::http {

// 32 hex digits (either case), the high 64 bits first, or the same as a UUID
// (8-4-4-4-12, as seatctl prints tickets); nothing else.
std::optional<Id128> parse_queue_id(std::string_view text);

// {"session": "<32 hex digits>"}: the browser's own random session id. Other
// members are ignored; anything else (not JSON, not an object, no session, a
// session of another shape) is nullopt.
std::optional<Id128> parse_join_body(std::string_view body);

}  // namespace seat::server::http
