// The venue model: name look-ups, adjacency, the memory estimate, the builder and the
// structural validator. A venue is checked once, when it is built; afterwards the hot
// path trusts its ranges (seats of a row consecutive, tiers and groups in range), so
// validate() is the single place that turns untrusted input into those guarantees.
#include "engine/venue.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "base/check.h"
#include "engine/limits.h"

namespace seat {
namespace {

// Seat labels are stored with an 8-bit length; longer ones are cut here so that
// validate() still sees them as over the limit instead of silently wrapping around.
constexpr std::size_t kStoredLabelBytesMax = UINT8_MAX;
static_assert(kLabelBytesMax < kStoredLabelBytesMax);

constexpr char kNameSeparator = '/';
constexpr std::size_t kCurrencyBytes = 3;

std::string number(std::size_t n) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    return std::string(buf, r.ptr);
}

std::string quoted(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    out += s;
    out += '"';
    return out;
}

// Heap bytes of a string: zero while it fits in the small-string buffer.
std::size_t heap_bytes(const std::string& s) {
    const char* data = s.data();
    const char* self = reinterpret_cast<const char*>(&s);
    const bool inline_buffer = data >= self && data < self + sizeof(std::string);
    return inline_buffer ? 0 : s.capacity() + 1;
}

template <typename T>
std::size_t heap_bytes(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}

// Names and labels travel into seat maps, tickets and logs: no control bytes.
bool has_control_byte(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

// Rules shared by every name: non-empty, bounded, printable, and (for the parts of a
// "SECTION/ROW/SEAT" name) free of the separator so the full name stays unambiguous.
std::string check_name(std::string_view what, std::string_view s, std::size_t max_bytes,
                       bool part_of_seat_name) {
    if (s.empty()) return std::string(what) + " is empty";
    if (s.size() > max_bytes) {
        return std::string(what) + " " + quoted(s.substr(0, max_bytes)) + "... is " +
               number(s.size()) + " bytes (limit " + number(max_bytes) + ")";
    }
    if (has_control_byte(s)) return std::string(what) + " " + quoted(s) + " has a control byte";
    if (part_of_seat_name && s.find(kNameSeparator) != std::string_view::npos) {
        return std::string(what) + " " + quoted(s) + " contains '/'";
    }
    return {};
}

// Finds a duplicate among `names` (reordered); empty view if all are distinct.
std::optional<std::string_view> find_duplicate(std::vector<std::string_view>& names) {
    std::sort(names.begin(), names.end());
    const auto it = std::adjacent_find(names.begin(), names.end());
    if (it == names.end()) return std::nullopt;
    return *it;
}

std::string tier_prefix(std::size_t t, const PriceTier& tier) {
    return "price tier " + number(t) + " (" + quoted(tier.name) + "): ";
}

std::string validate_header(const Venue& v) {
    if (auto e = check_name("venue name", v.name, kNameBytesMax, false); !e.empty()) return e;
    if (v.seats.empty()) return "venue has no seats";
    if (v.seats.size() > kVenueSeatsMax) {
        return "venue has " + number(v.seats.size()) + " seats (limit " + number(kVenueSeatsMax) +
               ")";
    }
    if (v.sections.empty()) return "venue has no sections";
    if (v.sections.size() > kVenueSectionsMax) {
        return "venue has " + number(v.sections.size()) + " sections (limit " +
               number(kVenueSectionsMax) + ")";
    }
    if (v.tiers.empty()) return "venue has no price tiers";
    if (v.tiers.size() > kVenueTiersMax) {
        return "venue has " + number(v.tiers.size()) + " price tiers (limit " +
               number(kVenueTiersMax) + ")";
    }
    return {};
}

std::string validate_tiers(const Venue& v) {
    std::vector<std::string_view> names;
    for (std::size_t t = 0; t < v.tiers.size(); ++t) {
        const PriceTier& tier = v.tiers[t];
        if (auto e = check_name("name", tier.name, kNameBytesMax, false); !e.empty()) {
            return "price tier " + number(t) + ": " + e;
        }
        const bool currency_ok = tier.currency.size() == kCurrencyBytes &&
                                 std::all_of(tier.currency.begin(), tier.currency.end(),
                                             [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!currency_ok) {
            return tier_prefix(t, tier) + "currency " + quoted(tier.currency) +
                   " is not 3 uppercase letters (ISO 4217)";
        }
        if (tier.amount_minor < 0) {
            return tier_prefix(t, tier) + "amount_minor is negative (" +
                   std::to_string(tier.amount_minor) + ")";
        }
        names.push_back(tier.name);
    }
    if (auto dup = find_duplicate(names)) return "duplicate price tier name " + quoted(*dup);
    return {};
}

// Sections must tile the rows, and rows the seats, in order and without gaps: that is
// what makes "seats of a row are consecutive ids" true for the engine.
std::string validate_sections(const Venue& v) {
    std::vector<std::string_view> names;
    std::uint32_t next_row = 0;
    for (std::size_t s = 0; s < v.sections.size(); ++s) {
        const Section& sec = v.sections[s];
        const std::string where = "section " + number(s) + " (" + quoted(sec.name) + "): ";
        if (auto e = check_name("name", sec.name, kNameBytesMax, true); !e.empty()) {
            return "section " + number(s) + ": " + e;
        }
        if (static_cast<std::uint8_t>(sec.type) > static_cast<std::uint8_t>(SectionType::vip)) {
            return where + "unknown section type " + number(static_cast<std::uint8_t>(sec.type));
        }
        if (sec.row_count == 0) return where + "has no rows";
        if (sec.first_row != next_row) {
            return where + "first row is " + number(sec.first_row) + ", expected " +
                   number(next_row) + " (rows of sections must be consecutive)";
        }
        if (std::size_t{sec.first_row} + sec.row_count > v.rows.size()) {
            return where + "rows " + number(sec.first_row) + ".." +
                   number(std::size_t{sec.first_row} + sec.row_count - 1) +
                   " are past the last row (" + number(v.rows.size()) + " rows)";
        }
        next_row = sec.first_row + sec.row_count;
        const Row& first = v.rows[sec.first_row];
        const Row& last = v.rows[next_row - 1];
        const std::size_t seats_end = std::size_t{last.first_seat} + last.seat_count;
        if (sec.first_seat != first.first_seat || sec.seat_count != seats_end - sec.first_seat) {
            return where + "seat range " + number(sec.first_seat) + "+" + number(sec.seat_count) +
                   " does not match its rows (" + number(first.first_seat) + "+" +
                   number(seats_end - first.first_seat) + ")";
        }
        names.push_back(sec.name);
    }
    if (next_row != v.rows.size()) {
        return "rows " + number(next_row) + ".." + number(v.rows.size() - 1) +
               " belong to no section";
    }
    if (auto dup = find_duplicate(names)) return "duplicate section name " + quoted(*dup);
    return {};
}

std::string validate_rows(const Venue& v) {
    std::vector<std::string_view> labels;
    std::uint32_t next_seat = 0;
    for (std::size_t s = 0; s < v.sections.size(); ++s) {
        const Section& sec = v.sections[s];
        labels.clear();
        for (std::uint32_t r = sec.first_row; r < sec.first_row + sec.row_count; ++r) {
            const Row& row = v.rows[r];
            const std::string where =
                "row " + number(r) + " (" + quoted(sec.name + "/" + row.label) + "): ";
            if (auto e = check_name("label", row.label, kLabelBytesMax, true); !e.empty()) {
                return "row " + number(r) + " of section " + quoted(sec.name) + ": " + e;
            }
            if (row.section != s) {
                return where + "names section " + number(row.section) + " but lies in section " +
                       number(s);
            }
            if (row.seat_count == 0) return where + "has no seats";
            if (row.first_seat != next_seat) {
                return where + "first seat is " + number(row.first_seat) + ", expected " +
                       number(next_seat) + " (seats of rows must be consecutive)";
            }
            if (std::size_t{row.first_seat} + row.seat_count > v.seats.size()) {
                return where + "seats run past the last seat (" + number(v.seats.size()) +
                       " seats)";
            }
            next_seat = row.first_seat + row.seat_count;
            labels.push_back(row.label);
        }
        if (auto dup = find_duplicate(labels)) {
            return "section " + quoted(sec.name) + ": duplicate row label " + quoted(*dup);
        }
    }
    if (next_seat != v.seats.size()) {
        return "seats " + number(next_seat) + ".." + number(v.seats.size() - 1) +
               " belong to no row";
    }
    return {};
}

std::string validate_seat(const Venue& v, SeatId id, std::uint32_t r) {
    const SeatInfo& seat = v.seats[id];
    // Messages are built only on failure: this runs for every seat of every venue.
    const auto where = [&] { return "seat " + number(id) + " (row " + number(r) + "): "; };
    const auto named = [&] { return "seat " + quoted(v.seat_name(id)) + ": "; };
    if (seat.row != r) return where() + "names row " + number(seat.row);
    if (seat.section != v.rows[r].section) {
        return where() + "names section " + number(seat.section) + ", its row lies in section " +
               number(v.rows[r].section);
    }
    if (std::size_t{seat.label_offset} + seat.label_size > v.labels.size()) {
        return where() + "label runs past the label store";
    }
    if (auto e = check_name("label", v.seat_label(id), kLabelBytesMax, true); !e.empty()) {
        return where() + e;
    }
    if (seat.tier >= v.tiers.size()) {
        return named() + "price tier " + number(seat.tier) + " out of range (" +
               number(v.tiers.size()) + " tiers)";
    }
    if (static_cast<std::uint8_t>(seat.type) > static_cast<std::uint8_t>(SeatType::companion)) {
        return named() + "unknown seat type " + number(static_cast<std::uint8_t>(seat.type));
    }
    if (!std::isfinite(seat.x) || !std::isfinite(seat.y)) {
        return named() + "position is not a finite number";
    }
    if (seat.group != kNoGroup && seat.group >= v.groups.size()) {
        return named() + "group " + number(seat.group) + " out of range (" +
               number(v.groups.size()) + " groups)";
    }
    return {};
}

std::string validate_seats(const Venue& v) {
    std::vector<std::string_view> labels;
    for (std::uint32_t r = 0; r < v.rows.size(); ++r) {
        const Row& row = v.rows[r];
        labels.clear();
        for (SeatId id = row.first_seat; id < row.first_seat + row.seat_count; ++id) {
            if (auto e = validate_seat(v, id, r); !e.empty()) return e;
            labels.push_back(v.seat_label(id));
        }
        if (auto dup = find_duplicate(labels)) {
            return "row " + quoted(v.sections[row.section].name + "/" + row.label) +
                   ": duplicate seat label " + quoted(*dup);
        }
    }
    return {};
}

std::string validate_group_shape(const Venue& v, const Group& g) {
    const std::size_t n = g.seats.size();
    if (g.kind == GroupKind::together) {
        if (n < 2 || n > kGroupSeatsMax) {
            return "together group has " + number(n) + " seats (needs 2.." +
                   number(kGroupSeatsMax) + ")";
        }
        if (g.anchor != kNoSeat) return "together group has an anchor (only companion groups do)";
        return {};
    }
    if (g.kind != GroupKind::companion) {
        return "unknown group kind " + number(static_cast<std::uint8_t>(g.kind));
    }
    if (n < 2 || n > kGroupSeatsMax) {
        return "companion group has " + number(n) + " seats (needs the accessible anchor and 1.." +
               number(kGroupSeatsMax - 1) + " companions)";
    }
    if (g.anchor == kNoSeat) return "companion group has no anchor";
    if (!std::binary_search(g.seats.begin(), g.seats.end(), g.anchor)) {
        return "anchor seat " + number(g.anchor) + " is not one of the group's seats";
    }
    if (v.seats[g.anchor].type != SeatType::accessible) {
        return "anchor " + quoted(v.seat_name(g.anchor)) + " is of type " +
               to_string(v.seats[g.anchor].type) + ", must be accessible";
    }
    for (SeatId s : g.seats) {
        if (s != g.anchor && v.seats[s].type != SeatType::companion) {
            return "seat " + quoted(v.seat_name(s)) + " is of type " + to_string(v.seats[s].type) +
                   ", every seat but the anchor must be companion";
        }
    }
    return {};
}

std::string validate_groups(const Venue& v) {
    std::vector<std::string_view> names;
    for (GroupId gi = 0; gi < v.groups.size(); ++gi) {
        const Group& g = v.groups[gi];
        if (auto e = check_name("name", g.name, kNameBytesMax, false); !e.empty()) {
            return "group " + number(gi) + ": " + e;
        }
        const std::string where = "group " + number(gi) + " (" + quoted(g.name) + "): ";
        for (std::size_t i = 0; i < g.seats.size(); ++i) {
            const SeatId s = g.seats[i];
            if (s >= v.seats.size()) return where + "seat " + number(s) + " out of range";
            if (i > 0 && s <= g.seats[i - 1]) {
                return where + "seats must be listed in ascending order without duplicates";
            }
            if (v.seats[s].group != gi) {
                return where + "seat " + quoted(v.seat_name(s)) +
                       " is listed but its group field is " +
                       (v.seats[s].group == kNoGroup ? std::string("empty")
                                                     : number(v.seats[s].group));
            }
        }
        if (auto e = validate_group_shape(v, g); !e.empty()) return where + e;
        names.push_back(g.name);
    }
    if (auto dup = find_duplicate(names)) return "duplicate group name " + quoted(*dup);
    for (SeatId s = 0; s < v.seats.size(); ++s) {
        const SeatInfo& seat = v.seats[s];
        if (seat.group != kNoGroup && !std::binary_search(v.groups[seat.group].seats.begin(),
                                                          v.groups[seat.group].seats.end(), s)) {
            return "seat " + quoted(v.seat_name(s)) + ": names group " +
                   quoted(v.groups[seat.group].name) + ", which does not list it";
        }
        if (seat.type == SeatType::companion &&
            (seat.group == kNoGroup || v.groups[seat.group].kind != GroupKind::companion)) {
            return "seat " + quoted(v.seat_name(s)) +
                   ": a companion seat must belong to a companion group";
        }
    }
    return {};
}

}  // namespace

std::string Venue::seat_name(SeatId seat) const {
    const SeatInfo& s = seats[seat];
    std::string out = sections[s.section].name;
    out += kNameSeparator;
    out += rows[s.row].label;
    out += kNameSeparator;
    out += seat_label(seat);
    return out;
}

bool Venue::adjacent(SeatId a, SeatId b) const {
    if (a >= seats.size() || b >= seats.size()) return false;
    if (a > b) std::swap(a, b);
    if (b != a + 1) return false;
    return seats[a].row == seats[b].row && !seats[b].aisle_before;
}

std::optional<SectionId> Venue::find_section(std::string_view name) const {
    for (std::size_t s = 0; s < sections.size(); ++s) {
        if (sections[s].name == name) return static_cast<SectionId>(s);
    }
    return std::nullopt;
}

std::optional<SeatId> Venue::find_seat(std::string_view section, std::string_view row,
                                       std::string_view seat) const {
    const auto sec = find_section(section);
    if (!sec) return std::nullopt;
    const Section& s = sections[*sec];
    for (std::uint32_t r = s.first_row; r < s.first_row + s.row_count; ++r) {
        if (rows[r].label != row) continue;
        for (SeatId id = rows[r].first_seat; id < rows[r].first_seat + rows[r].seat_count; ++id) {
            if (seat_label(id) == seat) return id;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<SeatId> Venue::find_seat(std::string_view name) const {
    const std::size_t first = name.find(kNameSeparator);
    if (first == std::string_view::npos) return std::nullopt;
    const std::size_t second = name.find(kNameSeparator, first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    if (name.find(kNameSeparator, second + 1) != std::string_view::npos) return std::nullopt;
    return find_seat(name.substr(0, first), name.substr(first + 1, second - first - 1),
                     name.substr(second + 1));
}

std::size_t Venue::memory_bytes() const {
    std::size_t bytes = sizeof(Venue) + heap_bytes(name) + heap_bytes(labels);
    bytes += heap_bytes(tiers);
    for (const PriceTier& t : tiers)
        bytes += heap_bytes(t.name) + heap_bytes(t.currency);
    bytes += heap_bytes(sections);
    for (const Section& s : sections)
        bytes += heap_bytes(s.name);
    bytes += heap_bytes(rows);
    for (const Row& r : rows)
        bytes += heap_bytes(r.label);
    bytes += heap_bytes(seats);
    bytes += heap_bytes(groups);
    for (const Group& g : groups)
        bytes += heap_bytes(g.name) + heap_bytes(g.seats);
    return bytes;
}

// The checks run in dependency order: each stage relies on the ranges the previous
// stages proved, so no check ever indexes out of bounds on a malformed venue.
std::string validate(const Venue& venue) {
    for (auto stage : {validate_header, validate_tiers, validate_sections, validate_rows,
                       validate_seats, validate_groups}) {
        if (auto e = stage(venue); !e.empty()) return e;
    }
    return {};
}

VenueBuilder::VenueBuilder(std::string name) {
    venue_.name = std::move(name);
}

TierId VenueBuilder::add_tier(std::string name, std::int64_t amount_minor, std::string currency) {
    venue_.tiers.push_back(PriceTier{std::move(name), amount_minor, std::move(currency)});
    return static_cast<TierId>(venue_.tiers.size() - 1);
}

SectionId VenueBuilder::add_section(std::string name, SectionType type) {
    Section s;
    s.name = std::move(name);
    s.type = type;
    s.first_row = static_cast<std::uint32_t>(venue_.rows.size());
    s.first_seat = static_cast<SeatId>(venue_.seats.size());
    venue_.sections.push_back(std::move(s));
    return static_cast<SectionId>(venue_.sections.size() - 1);
}

std::uint32_t VenueBuilder::add_row(std::string label) {
    SEAT_CHECK(!venue_.sections.empty(), "add_row before add_section");
    Row r;
    r.label = std::move(label);
    r.section = static_cast<SectionId>(venue_.sections.size() - 1);
    r.first_seat = static_cast<SeatId>(venue_.seats.size());
    venue_.rows.push_back(std::move(r));
    venue_.sections.back().row_count++;
    return static_cast<std::uint32_t>(venue_.rows.size() - 1);
}

SeatId VenueBuilder::add_seat(std::string_view label, SeatType type, TierId tier, float x, float y,
                              bool aisle_before, bool initially_blocked) {
    SEAT_CHECK(!venue_.rows.empty(), "add_seat before add_row");
    const std::string_view stored = label.substr(0, kStoredLabelBytesMax);
    SeatInfo s;
    s.row = static_cast<std::uint32_t>(venue_.rows.size() - 1);
    s.x = x;
    s.y = y;
    s.label_offset = static_cast<std::uint32_t>(venue_.labels.size());
    s.section = venue_.rows.back().section;
    s.tier = tier;
    s.type = type;
    s.label_size = static_cast<std::uint8_t>(stored.size());
    s.initially_blocked = initially_blocked;
    s.aisle_before = aisle_before;
    venue_.labels.append(stored);
    venue_.seats.push_back(s);
    venue_.rows.back().seat_count++;
    venue_.sections.back().seat_count++;
    return static_cast<SeatId>(venue_.seats.size() - 1);
}

GroupId VenueBuilder::add_group(std::string name, GroupKind kind, std::vector<SeatId> seats,
                                SeatId anchor) {
    const auto id = static_cast<GroupId>(venue_.groups.size());
    // Ascending order is the canonical form: it makes membership a binary search and
    // a venue file round-trip to an identical venue.
    std::sort(seats.begin(), seats.end());
    for (SeatId s : seats) {
        if (s < venue_.seats.size()) venue_.seats[s].group = id;
    }
    venue_.groups.push_back(Group{std::move(name), kind, anchor, std::move(seats)});
    return id;
}

std::optional<Venue> VenueBuilder::build(std::string& error) && {
    error = validate(venue_);
    if (!error.empty()) return std::nullopt;
    // The venue lives as long as its event: give back the growth slack of the vectors.
    venue_.tiers.shrink_to_fit();
    venue_.sections.shrink_to_fit();
    venue_.rows.shrink_to_fit();
    venue_.seats.shrink_to_fit();
    venue_.groups.shrink_to_fit();
    venue_.labels.shrink_to_fit();
    return std::move(venue_);
}

const char* to_string(SeatType t) {
    switch (t) {
        case SeatType::floor:
            return "floor";
        case SeatType::balcony:
            return "balcony";
        case SeatType::vip:
            return "vip";
        case SeatType::accessible:
            return "accessible";
        case SeatType::companion:
            return "companion";
    }
    return "unknown";
}

const char* to_string(SectionType t) {
    switch (t) {
        case SectionType::floor:
            return "floor";
        case SectionType::stand:
            return "stand";
        case SectionType::balcony:
            return "balcony";
        case SectionType::vip:
            return "vip";
    }
    return "unknown";
}

const char* to_string(GroupKind k) {
    switch (k) {
        case GroupKind::together:
            return "together";
        case GroupKind::companion:
            return "companion";
    }
    return "unknown";
}

std::optional<SeatType> parse_seat_type(std::string_view s) {
    for (SeatType t : {SeatType::floor, SeatType::balcony, SeatType::vip, SeatType::accessible,
                       SeatType::companion}) {
        if (s == to_string(t)) return t;
    }
    return std::nullopt;
}

std::optional<SectionType> parse_section_type(std::string_view s) {
    for (SectionType t :
         {SectionType::floor, SectionType::stand, SectionType::balcony, SectionType::vip}) {
        if (s == to_string(t)) return t;
    }
    return std::nullopt;
}

std::optional<GroupKind> parse_group_kind(std::string_view s) {
    for (GroupKind k : {GroupKind::together, GroupKind::companion}) {
        if (s == to_string(k)) return k;
    }
    return std::nullopt;
}

}  // namespace seat
