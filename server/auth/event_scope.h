// The events an API key may act on: every event, or a set of event ids given
// as ranges ("1-99,500"). Organizers in the keys file are named scopes, so a
// box office's keys are confined to its own events (docs/security.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ids.h"

namespace seat::server {

// A scope lists at most this many ranges (a keys file is read by people).
inline constexpr std::size_t kScopeRangesMax = 4096;

class EventScope {
  public:
    static EventScope all() { return EventScope(true); }
    // "1-99,500,1000-1999": inclusive ranges and single ids, separated by commas.
    // False with the reason in `error` for anything else (0 is never an event).
    static bool parse(std::string_view text, EventScope& out, std::string& error);

    bool contains(EventId event) const;
    bool is_all() const { return all_; }
    std::string to_string() const;

  private:
    struct Range {
        EventId first;
        EventId last;
    };
    explicit EventScope(bool all) : all_(all) {}

    bool all_ = false;
    std::vector<Range> ranges_;  // sorted by first, not overlapping
};

}  // namespace seat::server
