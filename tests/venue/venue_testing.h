// Shared helpers of the venue tests: a small hand-built venue that exercises every
// feature (aisle, box, accessible seat with companions, blocked seat) and a
// field-by-field venue comparison that names the first field that differs.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "engine/venue.h"

namespace seat::testing {

// "Hall": section "Floor" rows "1" and "2" of 6 seats (aisle before seat 4),
// section "Box" with one 4-seat together box, section "Access" with an accessible
// seat, two companions and a blocked plain seat. Tiers "A" (EUR 50) and "B" (EUR 120).
inline VenueBuilder small_hall_builder() {
    VenueBuilder b("Hall");
    const TierId a = b.add_tier("A", 5000, "EUR");
    const TierId vip = b.add_tier("B", 12000, "EUR");
    b.add_section("Floor", SectionType::floor);
    for (const char* row : {"1", "2"}) {
        b.add_row(row);
        for (int n = 1; n <= 6; ++n) {
            b.add_seat(std::to_string(n), SeatType::floor, a, float(n), row[0] == '1' ? 1 : 2,
                       /*aisle_before=*/n == 4);
        }
    }
    b.add_section("Box", SectionType::vip);
    b.add_row("1");
    std::vector<SeatId> box;
    for (int n = 1; n <= 4; ++n) {
        box.push_back(b.add_seat(std::to_string(n), SeatType::vip, vip, float(n), 10));
    }
    b.add_group("box-1", GroupKind::together, box);
    b.add_section("Access", SectionType::stand);
    b.add_row("1");
    const SeatId acc = b.add_seat("1", SeatType::accessible, a, 1, 20);
    const SeatId c1 = b.add_seat("2", SeatType::companion, a, 2, 20);
    const SeatId c2 = b.add_seat("3", SeatType::companion, a, 3, 20);
    b.add_seat("4", SeatType::floor, a, 4.5f, 20, false, /*initially_blocked=*/true);
    b.add_group("acc-1", GroupKind::companion, {c2, acc, c1}, acc);
    return b;
}

inline Venue small_hall() {
    std::string error;
    auto v = small_hall_builder().build(error);
    EXPECT_TRUE(v.has_value()) << error;
    return v.value_or(Venue{});
}

// Compares every field of two venues; the failure message names the first
// difference. Keep in step with venue.h when fields are added.
inline ::testing::AssertionResult same_venue(const Venue& a, const Venue& b) {
    auto differ = [](const std::string& what) { return ::testing::AssertionFailure() << what; };
    if (a.name != b.name) return differ("name");
    if (a.labels != b.labels) return differ("labels");
    if (a.tiers.size() != b.tiers.size()) return differ("tier count");
    for (std::size_t i = 0; i < a.tiers.size(); ++i) {
        const PriceTier& x = a.tiers[i];
        const PriceTier& y = b.tiers[i];
        if (x.name != y.name || x.amount_minor != y.amount_minor || x.currency != y.currency) {
            return differ("tier " + std::to_string(i));
        }
    }
    if (a.sections.size() != b.sections.size()) return differ("section count");
    for (std::size_t i = 0; i < a.sections.size(); ++i) {
        const Section& x = a.sections[i];
        const Section& y = b.sections[i];
        if (x.name != y.name || x.type != y.type || x.first_row != y.first_row ||
            x.row_count != y.row_count || x.first_seat != y.first_seat ||
            x.seat_count != y.seat_count) {
            return differ("section " + std::to_string(i));
        }
    }
    if (a.rows.size() != b.rows.size()) return differ("row count");
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        const Row& x = a.rows[i];
        const Row& y = b.rows[i];
        if (x.label != y.label || x.section != y.section || x.first_seat != y.first_seat ||
            x.seat_count != y.seat_count) {
            return differ("row " + std::to_string(i));
        }
    }
    if (a.seats.size() != b.seats.size()) return differ("seat count");
    for (std::size_t i = 0; i < a.seats.size(); ++i) {
        const SeatInfo& x = a.seats[i];
        const SeatInfo& y = b.seats[i];
        if (x.row != y.row || x.group != y.group || x.x != y.x || x.y != y.y ||
            x.label_offset != y.label_offset || x.section != y.section || x.tier != y.tier ||
            x.type != y.type || x.label_size != y.label_size ||
            x.initially_blocked != y.initially_blocked || x.aisle_before != y.aisle_before) {
            return differ("seat " + std::to_string(i) + " (" + a.seat_name(SeatId(i)) + ")");
        }
    }
    if (a.groups.size() != b.groups.size()) return differ("group count");
    for (std::size_t i = 0; i < a.groups.size(); ++i) {
        const Group& x = a.groups[i];
        const Group& y = b.groups[i];
        if (x.name != y.name || x.kind != y.kind || x.anchor != y.anchor || x.seats != y.seats) {
            return differ("group " + std::to_string(i));
        }
    }
    return ::testing::AssertionSuccess();
}

}  // namespace seat::testing
