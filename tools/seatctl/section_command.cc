// seatctl section: without a name, the event's sections and their counts;
// with one, its seats as a grid, one line per row, one character per seat.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

// Seats per line when a section has no row layout in its answer.
constexpr std::size_t kGridFallbackWidth = 50;

char grid_char(sc::SeatStatus s) {
    switch (s) {
        case sc::SeatStatus::available:
            return '.';
        case sc::SeatStatus::held:
            return 'h';
        case sc::SeatStatus::sold:
            return 'S';
        case sc::SeatStatus::blocked:
            return 'x';
    }
    return '?';
}

std::uint32_t seats_of(const sc::Counts& c) {
    return c.available + c.held + c.sold + c.blocked;
}

// The event's sections from its summary: the names to pass to `section NAME`.
int list_sections(Context& c) {
    const auto r = c.client.get_summary(c.event, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    const auto& s = r.value;
    const auto name_of = [&](std::size_t i) {
        return i < s.section_names.size() ? s.section_names[i] : std::string("?");
    };
    if (c.args.json) {
        json::array sections;
        for (std::size_t i = 0; i < s.sections.size(); ++i) {
            sections.push_back(json::object{{"section", i},
                                            {"name", name_of(i)},
                                            {"seats", seats_of(s.sections[i])},
                                            {"counts", counts_json(s.sections[i])}});
        }
        print_json(json::object{{"ok", true}, {"event", c.event}, {"sections", sections}});
        return kExitOk;
    }
    std::size_t name_width = 4;
    for (std::size_t i = 0; i < s.sections.size(); ++i)
        name_width = std::max(name_width, name_of(i).size());
    // Numbers right-aligned under their headings; 250,000 seats fit every column.
    const auto line = [&](const auto& id, const std::string& name, const auto&... numbers) {
        std::cout << "  " << std::setw(4) << id << "  " << std::left << std::setw(name_width)
                  << name << std::right;
        ((std::cout << "  " << std::setw(9) << numbers), ...);
        std::cout << "\n";
    };
    std::cout << "event " << c.event << ": " << s.sections.size() << " sections\n";
    line("id", "name", "seats", "available", "held", "sold", "blocked");
    for (std::size_t i = 0; i < s.sections.size(); ++i) {
        const sc::Counts& n = s.sections[i];
        line(i, name_of(i), seats_of(n), n.available, n.held, n.sold, n.blocked);
    }
    std::cout << "next: " << command_hint(c.args, "section NAME") << "\n";
    return kExitOk;
}

}  // namespace

int cmd_section(Context& c) {
    if (c.args.positional.empty()) return list_sections(c);
    const std::string& name = one_positional(c.args, "section name");
    const auto r = is_number(name)
                       ? c.client.get_section(
                             c.event, static_cast<std::uint16_t>(parse_u64(name, "a section id")),
                             false, c.call)
                       : c.client.get_section(c.event, name, false, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    const auto& s = r.value;
    std::string all;
    for (auto st : s.statuses)
        all.push_back(grid_char(st));
    if (c.args.json) {
        json::array rows;
        for (std::size_t i = 0; i < s.rows.size(); ++i) {
            const auto& row = s.rows[i];
            rows.push_back(
                json::object{{"label", i < s.row_labels.size() ? s.row_labels[i] : std::string()},
                             {"first_seat", row.first_seat},
                             {"grid", all.substr(row.first_seat - s.first_seat, row.seat_count)}});
        }
        print_json(json::object{{"ok", true},
                                {"section", s.section},
                                {"name", s.name},
                                {"first_seat", s.first_seat},
                                {"grid", all},
                                {"rows", rows},
                                {"counts", counts_json(s.counts)},
                                {"sequence", s.sequence}});
        return kExitOk;
    }
    std::cout << s.name << " (section " << s.section << ", " << s.statuses.size()
              << " seats): " << counts_text(s.counts) << "\n";
    std::size_t width = 0;
    for (const auto& l : s.row_labels)
        width = std::max(width, l.size());
    if (!s.rows.empty()) {
        for (std::size_t i = 0; i < s.rows.size(); ++i) {
            const std::string label = i < s.row_labels.size() ? s.row_labels[i] : "";
            std::cout << "  " << std::string(width - std::min(width, label.size()), ' ') << label
                      << "  "
                      << all.substr(s.rows[i].first_seat - s.first_seat, s.rows[i].seat_count)
                      << "\n";
        }
    } else {
        for (std::size_t i = 0; i < all.size(); i += kGridFallbackWidth)
            std::cout << "  " << all.substr(i, kGridFallbackWidth) << "\n";
    }
    std::cout << "legend: . available  h held  S sold  x blocked\n";
    return kExitOk;
}

}  // namespace seat::ctl
