// Seat types by GetSeat and aisles from jumps in the seat numbers (see
// section_marks.h for why the section's own answer does not do).
#include "tools/seatctl/section_marks.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <optional>

namespace seat::ctl {
namespace {

std::vector<sc::SeatType> read_seat_types(Context& c, const sc::SectionInfo& s,
                                          std::string& why_not) {
    const std::size_t n = s.statuses.size();
    if (n > kSeatTypeLookupsMax) {
        why_not = "the section has " + std::to_string(n) +
                  " seats; seat types are read one seat at a time, for at most " +
                  std::to_string(kSeatTypeLookupsMax);
        return {};
    }
    // All requests first, then the answers: one round trip for the section, not n.
    using Answer = std::promise<sc::Result<sc::SeatInfo>>;
    std::vector<std::future<sc::Result<sc::SeatInfo>>> answers;
    answers.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto answer = std::make_shared<Answer>();
        answers.push_back(answer->get_future());
        c.client.get_seat_async(
            c.event, s.first_seat + static_cast<std::uint32_t>(i),
            [answer](sc::Result<sc::SeatInfo> r) { answer->set_value(std::move(r)); }, c.call);
    }
    std::vector<sc::SeatType> types;
    types.reserve(n);
    for (auto& f : answers) {
        const auto r = f.get();
        if (!r.ok()) {
            why_not = "GetSeat failed: " + std::string(sc::to_string(r.status));
            return {};
        }
        types.push_back(r.value.seat_type);
    }
    return types;
}

std::optional<std::int64_t> number_of(const std::string& label) {
    // Nine digits: any seat number, and no overflow in the differences below.
    if (label.empty() || label.size() > 9 || !is_number(label)) return std::nullopt;
    return std::stoll(label);
}

void mark_row_aisles(const std::vector<std::string>& labels, std::size_t first, std::size_t count,
                     std::vector<bool>& aisle_before) {
    if (first + count > labels.size()) return;
    std::vector<std::int64_t> numbers;
    for (std::size_t i = first; i < first + count; ++i) {
        const auto n = number_of(labels[i]);
        if (!n) return;  // a row labelled otherwise has no numbering to read aisles from
        numbers.push_back(*n);
    }
    // The row's step is its smallest jump (1, or 2 where a side is numbered odd
    // or even); a larger jump is an aisle.
    std::int64_t step = 0;
    for (std::size_t i = 1; i < numbers.size(); ++i) {
        const std::int64_t jump = std::abs(numbers[i] - numbers[i - 1]);
        if (jump > 0 && (step == 0 || jump < step)) step = jump;
    }
    for (std::size_t i = 1; i < numbers.size(); ++i) {
        if (step > 0 && std::abs(numbers[i] - numbers[i - 1]) > step)
            aisle_before[first + i] = true;
    }
}

std::vector<bool> aisles_from_numbering(const sc::SectionInfo& s) {
    if (s.seat_labels.size() != s.statuses.size() || s.rows.empty()) return {};
    std::vector<bool> aisle_before(s.statuses.size(), false);
    for (const auto& row : s.rows)
        mark_row_aisles(s.seat_labels, row.first_seat - s.first_seat, row.seat_count, aisle_before);
    return aisle_before;
}

}  // namespace

SectionMarks read_section_marks(Context& c, const sc::SectionInfo& s) {
    SectionMarks marks;
    marks.types = read_seat_types(c, s, marks.types_missing);
    marks.aisle_before = aisles_from_numbering(s);
    return marks;
}

}  // namespace seat::ctl
