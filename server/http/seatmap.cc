// Rendered with a string builder rather than a JSON DOM: a stadium is 70,000
// seats, and a DOM of them would cost more than the text. Strings from the
// venue (names and labels) are escaped by Boost.JSON's serializer.
#include "server/http/seatmap.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <charconv>

#include "base/check.h"

namespace seat::server::http {
namespace {

void quoted(std::string& out, std::string_view s) {
    out += boost::json::serialize(boost::json::string(s));
}

void integer(std::string& out, std::int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void real(std::string& out, float v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void counts(std::string& out, const Counts& c) {
    out += "{\"available\":";
    integer(out, c[SeatStatus::available]);
    out += ",\"held\":";
    integer(out, c[SeatStatus::held]);
    out += ",\"sold\":";
    integer(out, c[SeatStatus::sold]);
    out += ",\"blocked\":";
    integer(out, c[SeatStatus::blocked]);
    out += '}';
}

char type_letter(SeatType t) {
    switch (t) {
        case SeatType::floor:
            return 'f';
        case SeatType::balcony:
            return 'b';
        case SeatType::vip:
            return 'v';
        case SeatType::accessible:
            return 'a';
        case SeatType::companion:
            return 'c';
    }
    return '?';
}

void header(std::string& out, const SeatmapCopy& c, const char* format, unsigned refresh_s) {
    out += "{\"format\":\"";
    out += format;
    out += "\",\"event\":";
    integer(out, static_cast<std::int64_t>(c.event));
    out += ",\"name\":";
    quoted(out, c.name);
    out += ",\"venue\":";
    quoted(out, c.venue->name);
    out += ",\"sequence\":";
    integer(out, static_cast<std::int64_t>(c.sequence));
    out += ",\"generated_at_ms\":";
    integer(out, c.copied_at);
    out += ",\"refresh_s\":";
    integer(out, refresh_s);
    out += ",\"starts_at_ms\":";
    integer(out, c.starts_at_ms);
    out += ",\"capacity\":";
    integer(out, static_cast<std::int64_t>(c.venue->seat_count()));
    out += ",\"counts\":";
    counts(out, c.totals);
    out += ",\"tiers\":[";
    for (std::size_t t = 0; t < c.venue->tiers.size(); ++t) {
        const PriceTier& tier = c.venue->tiers[t];
        if (t > 0) out += ',';
        out += "{\"id\":";
        integer(out, static_cast<std::int64_t>(t));
        out += ",\"name\":";
        quoted(out, tier.name);
        out += ",\"price_minor\":";
        integer(out, tier.amount_minor);
        out += ",\"currency\":";
        quoted(out, c.currency.empty() ? tier.currency : c.currency);
        out += '}';
    }
    out += ']';
}

// `{"id":S,"name":"..."`, the start of a section in either form.
void open_section(std::string& out, std::size_t id, const Section& section) {
    out += "{\"id\":";
    integer(out, static_cast<std::int64_t>(id));
    out += ",\"name\":";
    quoted(out, section.name);
}

void statuses(std::string& out, const SeatmapCopy& c, SeatId first, std::uint32_t count) {
    out += '"';
    for (std::uint32_t i = 0; i < count; ++i)
        out += status_letter(c.statuses[first + i]);
    out += '"';
}

}  // namespace

char status_letter(SeatStatus status) {
    switch (status) {
        case SeatStatus::available:
            return 'a';
        case SeatStatus::held:
            return 'h';
        case SeatStatus::sold:
            return 's';
        case SeatStatus::blocked:
            return 'b';
    }
    return '?';
}

SeatmapCopy copy_seatmap(const EventState& state, UnixMillis now) {
    SeatmapCopy c;
    c.event = state.event();
    c.sequence = state.sequence();
    c.name = state.settings().event_name;
    c.currency = state.settings().currency;
    c.starts_at_ms = state.settings().starts_at_ms;
    c.venue = state.venue_ptr();
    c.statuses.reserve(state.seats().size());
    for (const SeatState& s : state.seats())
        c.statuses.push_back(s.status);
    c.totals = state.totals();
    c.sections.reserve(c.venue->sections.size());
    for (std::size_t s = 0; s < c.venue->sections.size(); ++s)
        c.sections.push_back(state.section_counts(static_cast<SectionId>(s)));
    c.copied_at = now;
    return c;
}

std::string seatmap_json(const SeatmapCopy& c, unsigned refresh_s) {
    SEAT_CHECK(c.venue && c.statuses.size() == c.venue->seat_count(), "a status per seat");
    const Venue& v = *c.venue;
    std::string out;
    out.reserve(64 + v.seat_count() * 28);
    header(out, c, kSeatmapFormat, refresh_s);
    out += ",\"sections\":[";
    for (std::size_t s = 0; s < v.sections.size(); ++s) {
        const Section& section = v.sections[s];
        if (s > 0) out += ',';
        open_section(out, s, section);
        out += ",\"type\":\"";
        out += to_string(section.type);
        out += "\",\"counts\":";
        counts(out, c.sections[s]);
        out += ",\"rows\":[";
        for (std::uint32_t r = 0; r < section.row_count; ++r) {
            const Row& row = v.rows[section.first_row + r];
            if (r > 0) out += ',';
            out += "{\"label\":";
            quoted(out, row.label);
            out += ",\"first_seat\":";
            integer(out, row.first_seat);
            // [label, x, y, tier, type letter, aisle before (0/1)]
            out += ",\"seats\":[";
            for (std::uint32_t i = 0; i < row.seat_count; ++i) {
                const SeatId id = row.first_seat + i;
                const SeatInfo& seat = v.seats[id];
                if (i > 0) out += ',';
                out += '[';
                quoted(out, v.seat_label(id));
                out += ',';
                real(out, seat.x);
                out += ',';
                real(out, seat.y);
                out += ',';
                integer(out, seat.tier);
                out += ",\"";
                out += type_letter(seat.type);
                out += "\",";
                out += seat.aisle_before ? '1' : '0';
                out += ']';
            }
            out += "],\"statuses\":";
            statuses(out, c, row.first_seat, row.seat_count);
            out += '}';
        }
        out += "]}";
    }
    out += "],\"groups\":[";
    for (std::size_t g = 0; g < v.groups.size(); ++g) {
        const Group& group = v.groups[g];
        if (g > 0) out += ',';
        out += "{\"name\":";
        quoted(out, group.name);
        out += ",\"kind\":\"";
        out += to_string(group.kind);
        out += "\",\"seats\":[";
        for (std::size_t i = 0; i < group.seats.size(); ++i) {
            if (i > 0) out += ',';
            integer(out, group.seats[i]);
        }
        out += "]}";
    }
    out += "]}";
    return out;
}

std::string sections_json(const SeatmapCopy& c, unsigned refresh_s) {
    SEAT_CHECK(c.venue && c.statuses.size() == c.venue->seat_count(), "a status per seat");
    const Venue& v = *c.venue;
    std::string out;
    out.reserve(256 + v.seat_count() + v.sections.size() * 96);
    header(out, c, kSectionsFormat, refresh_s);
    out += ",\"sections\":[";
    for (std::size_t s = 0; s < v.sections.size(); ++s) {
        const Section& section = v.sections[s];
        if (s > 0) out += ',';
        open_section(out, s, section);
        out += ",\"first_seat\":";
        integer(out, section.first_seat);
        out += ",\"counts\":";
        counts(out, c.sections[s]);
        out += ",\"statuses\":";
        statuses(out, c, section.first_seat, section.seat_count);
        out += '}';
    }
    out += "]}";
    return out;
}

}  // namespace seat::server::http
