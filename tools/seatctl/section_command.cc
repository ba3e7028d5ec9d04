// seatctl section: without a name, the event's sections and their counts;
// with one, its seats as a grid, one line per row, one character per seat,
// with accessible and companion seats and aisles marked (section_marks.h).
// The JSON grid stays one status character per seat; the marks are lists of ids.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "tools/seatctl/cli.h"
#include "tools/seatctl/section_marks.h"

namespace seat::ctl {
namespace {

// Seats per line when a section has no row layout in its answer.
constexpr std::size_t kGridFallbackWidth = 50;
constexpr char kAisle = '|';

char status_char(sc::SeatStatus status) {
    switch (status) {
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

// A seat's character in the text grid: its status, and for an available seat
// its kind when it is one a buyer asks for (a wheelchair space, the seat beside it).
char grid_char(sc::SeatStatus status, const SectionMarks& marks, std::size_t offset) {
    if (status == sc::SeatStatus::available && offset < marks.types.size()) {
        if (marks.types[offset] == sc::SeatType::accessible) return 'a';
        if (marks.types[offset] == sc::SeatType::companion) return 'c';
    }
    return status_char(status);
}

// The seats at offsets [first, first + count) of the section, aisles included.
std::string grid_text(const sc::SectionInfo& s, const SectionMarks& marks, std::size_t first,
                      std::size_t count) {
    std::string out;
    for (std::size_t i = first; i < first + count && i < s.statuses.size(); ++i) {
        if (i > first && i < marks.aisle_before.size() && marks.aisle_before[i]) out += kAisle;
        out += grid_char(s.statuses[i], marks, i);
    }
    return out;
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

// The ids of the row's seats that are `marked`.
json::array seats_where(const sc::SectionInfo& s, const sc::RowSpan& row,
                        const std::vector<bool>& marked) {
    json::array ids;
    for (std::uint32_t id = row.first_seat; id < row.first_seat + row.seat_count; ++id) {
        const std::size_t offset = id - s.first_seat;
        if (offset < marked.size() && marked[offset]) ids.push_back(id);
    }
    return ids;
}

std::vector<bool> of_type(const SectionMarks& marks, sc::SeatType type) {
    std::vector<bool> out;
    for (const sc::SeatType t : marks.types)
        out.push_back(t == type);
    return out;
}

void print_section_json(const sc::SectionInfo& s, const SectionMarks& marks) {
    std::string grid;
    for (const auto st : s.statuses)
        grid.push_back(status_char(st));
    const auto accessible = of_type(marks, sc::SeatType::accessible);
    const auto companion = of_type(marks, sc::SeatType::companion);
    json::array rows;
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
        const auto& row = s.rows[i];
        json::object o{{"label", i < s.row_labels.size() ? s.row_labels[i] : std::string()},
                       {"first_seat", row.first_seat},
                       {"grid", grid.substr(row.first_seat - s.first_seat, row.seat_count)},
                       {"aisles_before", seats_where(s, row, marks.aisle_before)}};
        if (!marks.types.empty()) {
            o["accessible_seats"] = seats_where(s, row, accessible);
            o["companion_seats"] = seats_where(s, row, companion);
        }
        rows.push_back(std::move(o));
    }
    print_json(json::object{{"ok", true},
                            {"section", s.section},
                            {"name", s.name},
                            {"first_seat", s.first_seat},
                            {"grid", grid},
                            {"rows", rows},
                            {"counts", counts_json(s.counts)},
                            {"sequence", s.sequence}});
}

void print_section_text(const sc::SectionInfo& s, const SectionMarks& marks) {
    std::cout << s.name << " (section " << s.section << ", " << s.statuses.size()
              << " seats): " << counts_text(s.counts) << "\n";
    std::size_t width = 0;
    for (const auto& l : s.row_labels)
        width = std::max(width, l.size());
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
        const std::string label = i < s.row_labels.size() ? s.row_labels[i] : "";
        std::cout << "  " << std::string(width - std::min(width, label.size()), ' ') << label
                  << "  "
                  << grid_text(s, marks, s.rows[i].first_seat - s.first_seat, s.rows[i].seat_count)
                  << "\n";
    }
    if (s.rows.empty()) {
        for (std::size_t i = 0; i < s.statuses.size(); i += kGridFallbackWidth)
            std::cout << "  " << grid_text(s, marks, i, kGridFallbackWidth) << "\n";
    }
    std::cout << "legend: . available  a accessible  c companion  h held  S sold  x blocked  "
              << kAisle << " aisle\n";
    if (marks.types.empty())
        std::cout << "  (accessible and companion seats are not marked: " << marks.types_missing
                  << ")\n";
}

}  // namespace

int cmd_section(Context& c) {
    if (c.args.positional.empty()) return list_sections(c);
    const std::string& name = one_positional(c.args, "section name");
    // With the seat labels: their numbers show the aisles.
    const auto r = is_number(name)
                       ? c.client.get_section(
                             c.event, static_cast<std::uint16_t>(parse_u64(name, "a section id")),
                             true, c.call)
                       : c.client.get_section(c.event, name, true, c.call);
    if (!r.ok()) return report_failure(c.args, r);
    const SectionMarks marks = read_section_marks(c, r.value);
    if (c.args.json)
        print_section_json(r.value, marks);
    else
        print_section_text(r.value, marks);
    return kExitOk;
}

}  // namespace seat::ctl
