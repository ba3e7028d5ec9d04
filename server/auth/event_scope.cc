#include "server/auth/event_scope.h"

#include <algorithm>
#include <charconv>

namespace seat::server {
namespace {

bool parse_id(std::string_view text, EventId& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && out != 0;
}

}  // namespace

bool EventScope::parse(std::string_view text, EventScope& out, std::string& error) {
    out = EventScope(false);
    if (text == "*") {
        out.all_ = true;
        return true;
    }
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        const std::size_t dash = item.find('-');
        Range range{};
        const bool ok = dash == std::string_view::npos
                            ? parse_id(item, range.first) && (range.last = range.first, true)
                            : parse_id(item.substr(0, dash), range.first) &&
                                  parse_id(item.substr(dash + 1), range.last) &&
                                  range.first <= range.last;
        if (!ok) {
            error = "\"" + std::string(item) +
                    "\" is not an event id or range (ids are 1 and up; e.g. 1-99,500)";
            return false;
        }
        if (out.ranges_.size() >= kScopeRangesMax) {
            error = "more than " + std::to_string(kScopeRangesMax) + " ranges";
            return false;
        }
        out.ranges_.push_back(range);
    }
    if (out.ranges_.empty()) {
        error = "an empty list of events";
        return false;
    }
    std::sort(out.ranges_.begin(), out.ranges_.end(),
              [](const Range& a, const Range& b) { return a.first < b.first; });
    // Merge overlapping and adjacent ranges, so contains() is one binary search.
    std::vector<Range> merged;
    for (const Range& r : out.ranges_) {
        if (!merged.empty() && r.first <= merged.back().last + 1) {
            merged.back().last = std::max(merged.back().last, r.last);
        } else {
            merged.push_back(r);
        }
    }
    out.ranges_ = std::move(merged);
    return true;
}

bool EventScope::contains(EventId event) const {
    if (all_) return true;
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), event,
                               [](EventId e, const Range& r) { return e < r.first; });
    return it != ranges_.begin() && event <= std::prev(it)->last;
}

std::string EventScope::to_string() const {
    if (all_) return "*";
    std::string out;
    for (const Range& r : ranges_) {
        if (!out.empty()) out += ',';
        out += std::to_string(r.first);
        if (r.last != r.first) out += "-" + std::to_string(r.last);
    }
    return out;
}

}  // namespace seat::server
