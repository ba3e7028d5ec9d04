// Explains seat names the server did not know: which part of SECTION/ROW/SEAT
// matches nothing, and the nearest real names. The server only says "unknown";
// the names come from the event's summary (section names) and its sections
// (row and seat labels), read once each and only after such a refusal, so a
// hold that succeeds costs nothing more. Names are case-sensitive on the
// server (docs/venue-format.md), so a name that differs only in case is the
// commonest mistake and the surest suggestion.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "tools/seatctl/cli.h"

namespace seat::ctl {
namespace {

// A section name may be misspelt by one letter in four, at most this many, and
// still be suggested ("Stals" for "Stalls"); a short code such as "L09" must
// match but for case, or "L99" would suggest it.
constexpr std::size_t kLettersPerTypo = 4;
constexpr std::size_t kSectionTyposMax = 2;
// Labels listed in a "rows: ..." or "sections: ..." remark before it is cut.
constexpr std::size_t kListedNamesMax = 10;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

// Levenshtein distance: insertions, deletions and substitutions.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The index of `wanted` in `names`: the exact name, else one equal but for
// case, else (when `typos` > 0) the closest within that many edits.
std::optional<std::size_t> find_name(const std::vector<std::string>& names,
                                     const std::string& wanted, std::size_t typos) {
    if (auto it = std::find(names.begin(), names.end(), wanted); it != names.end())
        return static_cast<std::size_t>(it - names.begin());
    const std::string w = lower(wanted);
    std::optional<std::size_t> best;
    std::size_t best_distance = typos + 1;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::size_t d = edit_distance(lower(names[i]), w);
        if (d < best_distance) {
            best = i;
            best_distance = d;
        }
    }
    return best;
}

std::string listed(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names.size() > kListedNamesMax && i == kListedNamesMax - 1) {
            out += ", ... " + names.back() + " (" + std::to_string(names.size()) + " in all)";
            break;
        }
        out += (i == 0 ? "" : ", ") + names[i];
    }
    return out;
}

std::vector<std::string> split_name(const std::string& name) {
    std::vector<std::string> parts(1);
    for (char ch : name) {
        if (ch == '/')
            parts.emplace_back();
        else
            parts.back() += ch;
    }
    return parts;
}

// The seat of `labels` that `wanted` most likely meant: the same label but for
// case, else, for a seat number, the nearest number in the row.
std::optional<std::size_t> find_seat(const std::vector<std::string>& labels,
                                     const std::string& wanted) {
    if (auto i = find_name(labels, wanted, 0)) return i;
    if (!is_number(wanted) || wanted.size() > 9) return std::nullopt;
    const long long n = std::stoll(wanted);
    std::optional<std::size_t> best;
    long long best_distance = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (!is_number(labels[i]) || labels[i].size() > 9) continue;
        const long long d = std::llabs(std::stoll(labels[i]) - n);
        if (!best || d < best_distance) {
            best = i;
            best_distance = d;
        }
    }
    return best;
}

// The event's names, read on first use; a part that cannot be read explains nothing.
class VenueNames {
  public:
    explicit VenueNames(Context& c) : c_(c) {}

    UnknownSeat explain(const std::string& name) {
        const std::vector<std::string> parts = split_name(name);
        if (parts.size() != 3) return {"a seat name has three parts, SECTION/ROW/SEAT", {}};
        const sc::Summary* summary = read_summary();
        if (summary == nullptr) return {};
        const auto s = find_name(summary->section_names, parts[0],
                                 std::min(parts[0].size() / kLettersPerTypo, kSectionTyposMax));
        if (!s)
            return {"there is no section " + parts[0] +
                        " (sections: " + listed(summary->section_names) + ")",
                    {}};
        const sc::SectionInfo* section = read_section(static_cast<std::uint16_t>(*s));
        // Without rows (sections of more than 4,096) there is nothing to compare with.
        if (section == nullptr || section->rows.empty()) return {};
        const auto r = find_name(section->row_labels, parts[1], 0);
        if (!r || *r >= section->rows.size())
            return {section->name + " has no row " + parts[1] +
                        " (rows: " + listed(section->row_labels) + ")",
                    {}};
        const sc::RowSpan& row = section->rows[*r];
        if (row.seat_count == 0 ||
            row.first_seat - section->first_seat + row.seat_count > section->seat_labels.size())
            return {};
        const auto first = section->seat_labels.begin() + (row.first_seat - section->first_seat);
        const std::vector<std::string> seats(first, first + row.seat_count);
        const std::string& row_label = section->row_labels[*r];
        const std::string row_remark =
            "row " + row_label + " has seats " + seats.front() + " to " + seats.back();
        const auto seat = find_seat(seats, parts[2]);
        if (!seat) return {row_remark, {}};
        const std::string meant = section->name + "/" + row_label + "/" + seats[*seat];
        if (meant == name) return {};  // a real seat after all: nothing to explain
        // Say what was wrong beyond case: a misspelt section, a seat past the row's end.
        std::string why;
        if (lower(section->name) != lower(parts[0])) why = "there is no section " + parts[0];
        if (lower(seats[*seat]) != lower(parts[2])) why += (why.empty() ? "" : "; ") + row_remark;
        return {why.empty() ? "names are case-sensitive" : why, {meant}};
    }

  private:
    const sc::Summary* read_summary() {
        if (!summary_read_) {
            summary_read_ = true;
            auto r = c_.client.get_summary(c_.event, c_.call);
            if (r.ok()) summary_ = std::move(r.value);
        }
        return summary_ ? &*summary_ : nullptr;
    }

    // A section with its seat labels, which the server sends for sections of up
    // to 8,192 seats; nullptr for larger ones and on failure.
    const sc::SectionInfo* read_section(std::uint16_t id) {
        if (!section_ || section_->section != id) {
            section_.reset();
            auto r = c_.client.get_section(c_.event, id, true, c_.call);
            if (!r.ok() || r.value.seat_labels.size() != r.value.statuses.size()) return nullptr;
            section_ = std::move(r.value);
        }
        return &*section_;
    }

    Context& c_;
    bool summary_read_ = false;
    std::optional<sc::Summary> summary_;
    std::optional<sc::SectionInfo> section_;  // the last one read
};

}  // namespace

UnknownSeats explain_unknown_seats(Context& c, const sc::Outcome& r) {
    UnknownSeats out;
    VenueNames names(c);
    for (const auto& x : r.refusals) {
        if (x.problem != sc::SeatProblem::unknown || x.seat_name.empty()) continue;
        UnknownSeat u = names.explain(x.seat_name);
        if (!u.why.empty() || !u.did_you_mean.empty()) out[x.seat_name] = std::move(u);
    }
    return out;
}

}  // namespace seat::ctl
