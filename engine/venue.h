// The venue: sections, rows and seats of one place, immutable once built. Seats are
// stored as dense arrays indexed by SeatId; seats of one row have consecutive ids in
// row order, so adjacency is "next id, same row, no aisle between".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ids.h"

namespace seat {

enum class SeatType : std::uint8_t { floor, balcony, vip, accessible, companion };
enum class SectionType : std::uint8_t { floor, stand, balcony, vip };
enum class GroupKind : std::uint8_t {
    together,   // a box or table: sold only as a whole
    companion,  // an accessible seat (the anchor) and its companion seats
};

struct PriceTier {
    std::string name;
    std::int64_t amount_minor = 0;  // integer minor units (cents)
    std::string currency;           // ISO 4217, e.g. "EUR"
    friend bool operator==(const PriceTier&, const PriceTier&) = default;
};

struct Section {
    std::string name;
    SectionType type = SectionType::stand;
    std::uint32_t first_row = 0;
    std::uint32_t row_count = 0;
    SeatId first_seat = 0;
    std::uint32_t seat_count = 0;
    friend bool operator==(const Section&, const Section&) = default;
};

struct Row {
    std::string label;
    SectionId section = 0;
    SeatId first_seat = 0;
    std::uint32_t seat_count = 0;
    friend bool operator==(const Row&, const Row&) = default;
};

// Per-seat static data, kept small: 70,000 of these are scanned by best-seat search.
struct SeatInfo {
    std::uint32_t row = 0;  // index into Venue::rows
    GroupId group = kNoGroup;
    float x = 0;
    float y = 0;
    std::uint32_t label_offset = 0;  // into Venue::labels
    SectionId section = 0;
    TierId tier = 0;
    SeatType type = SeatType::floor;
    std::uint8_t label_size = 0;
    bool initially_blocked = false;
    bool aisle_before = false;  // an aisle separates this seat from the previous one in its row
    friend bool operator==(const SeatInfo&, const SeatInfo&) = default;
};

struct Group {
    std::string name;
    GroupKind kind = GroupKind::together;
    SeatId anchor = kNoSeat;    // the accessible seat of a companion group
    std::vector<SeatId> seats;  // every seat of the group, the anchor included
    friend bool operator==(const Group&, const Group&) = default;
};

struct Venue {
    std::string name;
    std::vector<PriceTier> tiers;
    std::vector<Section> sections;
    std::vector<Row> rows;
    std::vector<SeatInfo> seats;
    std::vector<Group> groups;
    std::string labels;  // all seat labels, concatenated

    std::size_t seat_count() const { return seats.size(); }
    std::string_view seat_label(SeatId seat) const {
        const SeatInfo& s = seats[seat];
        return std::string_view(labels).substr(s.label_offset, s.label_size);
    }
    // "SECTION/ROW/SEAT", the edge's human form of a seat.
    std::string seat_name(SeatId seat) const;
    // Two seats are adjacent when they are neighbours in one row with no aisle between.
    bool adjacent(SeatId a, SeatId b) const;

    // Edge look-ups (linear in sections / row length, never on the hot path).
    std::optional<SectionId> find_section(std::string_view name) const;
    std::optional<SeatId> find_seat(std::string_view section, std::string_view row,
                                    std::string_view seat) const;
    // Accepts "SECTION/ROW/SEAT".
    std::optional<SeatId> find_seat(std::string_view name) const;

    // Approximate heap bytes held by this venue (for the memory budget).
    std::size_t memory_bytes() const;
    friend bool operator==(const Venue&, const Venue&) = default;
};

// Checks every structural rule (limits, ranges, group rules); empty string if valid.
std::string validate(const Venue& venue);

// Builds a Venue section by section, row by row, in seat-id order.
class VenueBuilder {
  public:
    explicit VenueBuilder(std::string name);

    TierId add_tier(std::string name, std::int64_t amount_minor, std::string currency);
    SectionId add_section(std::string name, SectionType type);
    // Starts a row in the most recently added section.
    std::uint32_t add_row(std::string label);
    // Adds a seat to the current row. `aisle_before` marks a gap from the previous seat.
    SeatId add_seat(std::string_view label, SeatType type, TierId tier, float x, float y,
                    bool aisle_before = false, bool initially_blocked = false);
    GroupId add_group(std::string name, GroupKind kind, std::vector<SeatId> seats,
                      SeatId anchor = kNoSeat);

    // Validates and returns the venue, or sets `error` and returns nullopt.
    std::optional<Venue> build(std::string& error) &&;

  private:
    Venue venue_;
};

const char* to_string(SeatType t);
const char* to_string(SectionType t);
const char* to_string(GroupKind k);
std::optional<SeatType> parse_seat_type(std::string_view s);
std::optional<SectionType> parse_section_type(std::string_view s);
std::optional<GroupKind> parse_group_kind(std::string_view s);

}  // namespace seat
