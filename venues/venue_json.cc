// Reads and writes venue files (format "seatd-venue/1", docs/venue-format.md) with
// Boost.JSON. The reader checks every field where it stands, so that an error names
// its JSON path, then hands the result to VenueBuilder, whose validate() is the final
// word. The writer emits the canonical form: explicit fields, one seat per line.
#include "venues/venue_json.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <exception>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/limits.h"

namespace seat {
namespace {

namespace json = boost::json;

constexpr char kNameSeparator = '/';
constexpr std::size_t kCurrencyBytes = 3;
// Every group needs at least two seats, so a venue never has more groups than this.
constexpr std::size_t kVenueGroupsMax = kVenueSeatsMax / 2;

// The one way a parse fails; thrown deep inside, caught at the entry point.
struct FormatError {
    std::string message;
};

// A JSON path built on the stack and rendered only when an error needs it, so that
// parsing 70,000 seats does not format 70,000 path strings.
struct Path {
    const Path* parent = nullptr;
    std::string_view key;  // a field name, or empty for an array element
    std::size_t index = 0;

    Path field(std::string_view k) const { return Path{this, k, 0}; }
    Path element(std::size_t i) const { return Path{this, {}, i}; }

    std::string str() const {
        if (parent == nullptr) return {};
        std::string out = parent->str();
        if (key.empty()) return out + "[" + std::to_string(index) + "]";
        return out.empty() ? std::string(key) : out + "." + std::string(key);
    }
};

[[noreturn]] void fail(const Path& path, const std::string& what) {
    const std::string where = path.str();
    throw FormatError{where.empty() ? what : where + ": " + what};
}

std::string quoted(std::string_view s) {
    return json::serialize(json::string_view(s));
}

const char* kind_name(const json::value& v) {
    switch (v.kind()) {
        case json::kind::null:
            return "null";
        case json::kind::bool_:
            return "a boolean";
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
            return "a number";
        case json::kind::string:
            return "a string";
        case json::kind::array:
            return "an array";
        case json::kind::object:
            return "an object";
    }
    return "an unknown value";
}

[[noreturn]] void wrong_type(const Path& path, const char* expected, const json::value& v) {
    fail(path, std::string("expected ") + expected + ", got " + kind_name(v));
}

const json::object& as_object(const json::value& v, const Path& path) {
    if (!v.is_object()) wrong_type(path, "an object", v);
    return v.get_object();
}

const json::array& as_array(const json::value& v, const Path& path) {
    if (!v.is_array()) wrong_type(path, "an array", v);
    return v.get_array();
}

// Unknown fields are refused: a misspelt "aisle_befor" must not be silently ignored.
void check_fields(const json::object& o, std::initializer_list<std::string_view> allowed,
                  const Path& path) {
    for (const auto& kv : o) {
        const std::string_view key(kv.key().data(), kv.key().size());
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            fail(path, "unknown field " + quoted(key));
        }
    }
}

const json::value& required(const json::object& o, std::string_view key, const Path& path) {
    const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
    if (v == nullptr) fail(path, "missing field " + quoted(key));
    return *v;
}

const json::value* optional(const json::object& o, std::string_view key) {
    return o.if_contains(json::string_view(key.data(), key.size()));
}

std::string_view as_string(const json::value& v, const Path& path) {
    if (!v.is_string()) wrong_type(path, "a string", v);
    const json::string& s = v.get_string();
    return std::string_view(s.data(), s.size());
}

bool as_bool(const json::value& v, const Path& path) {
    if (!v.is_bool()) wrong_type(path, "true or false", v);
    return v.get_bool();
}

// The text rules of venue.h's validate(), checked here too so the error has a path.
std::string_view as_text(const json::value& v, const Path& path, std::size_t max_bytes,
                         bool part_of_seat_name) {
    const std::string_view s = as_string(v, path);
    if (s.empty()) fail(path, "must not be empty");
    if (s.size() > max_bytes) {
        fail(path, quoted(s.substr(0, max_bytes)) + "... is " + std::to_string(s.size()) +
                       " bytes (limit " + std::to_string(max_bytes) + ")");
    }
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) fail(path, quoted(s) + " contains a control character");
    }
    if (part_of_seat_name && s.find(kNameSeparator) != std::string_view::npos) {
        fail(path, quoted(s) + " must not contain '/' (it separates SECTION/ROW/SEAT)");
    }
    return s;
}

float as_coordinate(const json::value& v, const Path& path) {
    if (!v.is_number()) wrong_type(path, "a number", v);
    const double d = v.to_number<double>();
    if (!std::isfinite(d) || std::fabs(d) > FLT_MAX) fail(path, "number out of range");
    return static_cast<float>(d);
}

std::int64_t as_amount(const json::value& v, const Path& path) {
    if (v.is_int64()) {
        if (v.get_int64() < 0) fail(path, "must not be negative");
        return v.get_int64();
    }
    if (v.is_uint64()) fail(path, "number out of range");
    if (v.is_double()) fail(path, "must be a whole number of minor units (e.g. cents)");
    wrong_type(path, "a number", v);
}

void check_size(const json::array& a, std::size_t max, const char* what, const Path& path) {
    if (a.size() > max) {
        fail(path, std::to_string(a.size()) + " " + what + " (limit " + std::to_string(max) + ")");
    }
}

struct GroupDraft {
    std::string_view name;
    GroupKind kind = GroupKind::together;
    std::string_view anchor_name;
    SeatId anchor = kNoSeat;
    std::vector<SeatId> seats;
};

struct RowDraft {
    std::string_view section;
    std::string_view label;
    SeatId first_seat = 0;
    std::uint32_t seat_count = 0;
};

struct SectionDraft {
    std::uint32_t first_row = 0;
    std::uint32_t row_count = 0;
};

// Seat-level defaults a section or row may set for the seats inside it.
struct Defaults {
    std::optional<TierId> tier;
    std::optional<SeatType> type;
};

class Reader {
  public:
    std::optional<Venue> read(const json::value& root) {
        const Path top;
        const json::object& o = as_object(root, top);
        check_fields(o, {"format", "name", "price_tiers", "groups", "sections"}, top);
        const std::string_view format = as_string(required(o, "format", top), top.field("format"));
        if (format != kVenueFormat) {
            fail(top.field("format"), "unsupported format " + quoted(format) + " (expected " +
                                          quoted(kVenueFormat) + ")");
        }
        VenueBuilder builder(std::string(
            as_text(required(o, "name", top), top.field("name"), kNameBytesMax, false)));
        read_tiers(required(o, "price_tiers", top), top.field("price_tiers"), builder);
        if (const json::value* g = optional(o, "groups")) read_groups(*g, top.field("groups"));
        read_sections(required(o, "sections", top), top.field("sections"), builder);
        finish_groups(top.field("groups"));
        for (GroupDraft& g : groups_) {
            builder.add_group(std::string(g.name), g.kind, std::move(g.seats), g.anchor);
        }
        std::string error;
        auto venue = std::move(builder).build(error);
        // Unreachable while the checks above mirror validate(); kept as the last word.
        if (!venue) throw FormatError{"venue: " + error};
        return venue;
    }

  private:
    void read_tiers(const json::value& v, const Path& path, VenueBuilder& builder) {
        const json::array& a = as_array(v, path);
        if (a.empty()) fail(path, "a venue needs at least one price tier");
        check_size(a, kVenueTiersMax, "price tiers", path);
        for (std::size_t i = 0; i < a.size(); ++i) {
            const Path p = path.element(i);
            const json::object& o = as_object(a[i], p);
            check_fields(o, {"name", "amount_minor", "currency"}, p);
            const std::string_view name =
                as_text(required(o, "name", p), p.field("name"), kNameBytesMax, false);
            const std::int64_t amount =
                as_amount(required(o, "amount_minor", p), p.field("amount_minor"));
            const std::string_view currency =
                as_string(required(o, "currency", p), p.field("currency"));
            const bool currency_ok = currency.size() == kCurrencyBytes &&
                                     std::all_of(currency.begin(), currency.end(),
                                                 [](char c) { return c >= 'A' && c <= 'Z'; });
            if (!currency_ok) {
                fail(p.field("currency"),
                     quoted(currency) + " is not 3 uppercase letters (ISO 4217, e.g. \"EUR\")");
            }
            const auto [it, fresh] = tiers_.emplace(name, static_cast<TierId>(i));
            if (!fresh) {
                fail(p, "duplicate price tier name " + quoted(name) + " (also price_tiers[" +
                            std::to_string(it->second) + "])");
            }
            builder.add_tier(std::string(name), amount, std::string(currency));
        }
    }

    void read_groups(const json::value& v, const Path& path) {
        const json::array& a = as_array(v, path);
        check_size(a, kVenueGroupsMax, "groups", path);
        for (std::size_t i = 0; i < a.size(); ++i) {
            const Path p = path.element(i);
            const json::object& o = as_object(a[i], p);
            check_fields(o, {"name", "kind", "anchor"}, p);
            GroupDraft g;
            g.name = as_text(required(o, "name", p), p.field("name"), kNameBytesMax, false);
            const std::string_view kind = as_string(required(o, "kind", p), p.field("kind"));
            const auto parsed = parse_group_kind(kind);
            if (!parsed) {
                fail(p.field("kind"),
                     "unknown group kind " + quoted(kind) + " (together or companion)");
            }
            g.kind = *parsed;
            const json::value* anchor = optional(o, "anchor");
            if (g.kind == GroupKind::together && anchor != nullptr) {
                fail(p, "a together group has no anchor");
            }
            if (g.kind == GroupKind::companion) {
                if (anchor == nullptr) {
                    fail(p, "missing field \"anchor\" (the accessible seat, \"SECTION/ROW/SEAT\")");
                }
                g.anchor_name = as_string(*anchor, p.field("anchor"));
            }
            const auto [it, fresh] = group_ids_.emplace(g.name, static_cast<GroupId>(i));
            if (!fresh) {
                fail(p, "duplicate group name " + quoted(g.name) + " (also groups[" +
                            std::to_string(it->second) + "])");
            }
            groups_.push_back(std::move(g));
        }
    }

    Defaults read_defaults(const json::object& o, const Path& path, Defaults d) const {
        if (const json::value* t = optional(o, "tier")) d.tier = tier_of(*t, path, "tier");
        if (const json::value* t = optional(o, "seat_type")) {
            d.type = seat_type_of(*t, path, "seat_type");
        }
        return d;
    }

    TierId tier_of(const json::value& v, const Path& path, std::string_view key) const {
        const std::string_view name = as_string(v, path.field(key));
        const auto it = tiers_.find(name);
        if (it == tiers_.end()) fail(path, "unknown price tier " + quoted(name));
        return it->second;
    }

    SeatType seat_type_of(const json::value& v, const Path& path, std::string_view key) const {
        const std::string_view name = as_string(v, path.field(key));
        const auto t = parse_seat_type(name);
        if (!t) {
            fail(path.field(key), "unknown seat type " + quoted(name) +
                                      " (floor, balcony, vip, accessible or companion)");
        }
        return *t;
    }

    void read_sections(const json::value& v, const Path& path, VenueBuilder& builder) {
        const json::array& a = as_array(v, path);
        if (a.empty()) fail(path, "a venue needs at least one section");
        check_size(a, kVenueSectionsMax, "sections", path);
        for (std::size_t i = 0; i < a.size(); ++i) {
            const Path p = path.element(i);
            const json::object& o = as_object(a[i], p);
            check_fields(o, {"name", "type", "tier", "seat_type", "rows"}, p);
            const std::string_view name =
                as_text(required(o, "name", p), p.field("name"), kNameBytesMax, true);
            const std::string_view type = as_string(required(o, "type", p), p.field("type"));
            const auto section_type = parse_section_type(type);
            if (!section_type) {
                fail(p.field("type"),
                     "unknown section type " + quoted(type) + " (floor, stand, balcony or vip)");
            }
            const auto [it, fresh] = section_ids_.emplace(name, sections_.size());
            if (!fresh) {
                fail(p, "duplicate section name " + quoted(name) + " (also sections[" +
                            std::to_string(it->second) + "])");
            }
            builder.add_section(std::string(name), *section_type);
            sections_.push_back(SectionDraft{static_cast<std::uint32_t>(rows_.size()), 0});
            const Defaults d = read_defaults(o, p, {});
            read_rows(required(o, "rows", p), p.field("rows"), name, d, builder);
        }
    }

    void read_rows(const json::value& v, const Path& path, std::string_view section,
                   const Defaults& d, VenueBuilder& builder) {
        const json::array& a = as_array(v, path);
        if (a.empty()) fail(path, "a section needs at least one row");
        std::unordered_map<std::string_view, std::size_t> labels;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const Path p = path.element(i);
            const json::object& o = as_object(a[i], p);
            check_fields(o, {"label", "tier", "seat_type", "seats"}, p);
            const std::string_view label =
                as_text(required(o, "label", p), p.field("label"), kLabelBytesMax, true);
            const auto [it, fresh] = labels.emplace(label, i);
            if (!fresh) {
                fail(p, "duplicate row label " + quoted(label) + " (also rows[" +
                            std::to_string(it->second) + "])");
            }
            builder.add_row(std::string(label));
            rows_.push_back(RowDraft{section, label, static_cast<SeatId>(seat_labels_.size()), 0});
            sections_.back().row_count++;
            read_seats(required(o, "seats", p), p.field("seats"), read_defaults(o, p, d), builder);
        }
    }

    void read_seats(const json::value& v, const Path& path, const Defaults& d,
                    VenueBuilder& builder) {
        const json::array& a = as_array(v, path);
        if (a.empty()) fail(path, "a row needs at least one seat");
        if (seat_labels_.size() + a.size() > kVenueSeatsMax) {
            fail(path, "the venue would exceed " + std::to_string(kVenueSeatsMax) + " seats");
        }
        std::unordered_map<std::string_view, std::size_t> labels;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const Path p = path.element(i);
            const json::object& o = as_object(a[i], p);
            check_fields(o, {"label", "type", "tier", "x", "y", "group", "blocked", "aisle_before"},
                         p);
            const std::string_view label =
                as_text(required(o, "label", p), p.field("label"), kLabelBytesMax, true);
            const auto [it, fresh] = labels.emplace(label, i);
            if (!fresh) {
                fail(p, "duplicate seat label " + quoted(label) + " (also seats[" +
                            std::to_string(it->second) + "])");
            }
            const Defaults own = read_seat_fields(o, p, d);
            const float x = as_coordinate(required(o, "x", p), p.field("x"));
            const float y = as_coordinate(required(o, "y", p), p.field("y"));
            const json::value* blocked = optional(o, "blocked");
            const json::value* aisle = optional(o, "aisle_before");
            const SeatId id =
                builder.add_seat(label, *own.type, *own.tier, x, y,
                                 aisle != nullptr && as_bool(*aisle, p.field("aisle_before")),
                                 blocked != nullptr && as_bool(*blocked, p.field("blocked")));
            seat_labels_.push_back(label);
            seat_types_.push_back(*own.type);
            seat_groups_.push_back(kNoGroup);
            rows_.back().seat_count++;
            if (const json::value* g = optional(o, "group")) join_group(*g, p, id, *own.type);
            if (*own.type == SeatType::companion &&
                (seat_groups_[id] == kNoGroup ||
                 groups_[seat_groups_[id]].kind != GroupKind::companion)) {
                fail(p, "a companion seat must belong to a companion group (field \"group\")");
            }
        }
    }

    Defaults read_seat_fields(const json::object& o, const Path& p, Defaults d) const {
        if (const json::value* t = optional(o, "type")) d.type = seat_type_of(*t, p, "type");
        if (const json::value* t = optional(o, "tier")) d.tier = tier_of(*t, p, "tier");
        if (!d.type) fail(p, "missing field \"type\" (and no seat_type on its row or section)");
        if (!d.tier) fail(p, "missing field \"tier\" (and no tier on its row or section)");
        return d;
    }

    void join_group(const json::value& v, const Path& p, SeatId id, SeatType type) {
        const std::string_view name = as_string(v, p.field("group"));
        const auto it = group_ids_.find(name);
        if (it == group_ids_.end()) fail(p, "unknown group " + quoted(name));
        GroupDraft& g = groups_[it->second];
        if (g.kind == GroupKind::companion && type != SeatType::companion &&
            type != SeatType::accessible) {
            fail(p, std::string("a seat of type ") + to_string(type) +
                        " cannot join companion group " + quoted(name) +
                        " (only its accessible anchor and companion seats)");
        }
        g.seats.push_back(id);
        seat_groups_[id] = it->second;
    }

    // Anchors name seats, so they resolve only once every section has been read.
    void finish_groups(const Path& path) {
        for (std::size_t i = 0; i < groups_.size(); ++i) {
            GroupDraft& g = groups_[i];
            const Path p = path.element(i);
            if (g.kind == GroupKind::companion) resolve_anchor(g, p, static_cast<GroupId>(i));
            const std::size_t n = g.seats.size();
            if (g.kind == GroupKind::together && (n < 2 || n > kGroupSeatsMax)) {
                fail(p, "together group " + quoted(g.name) + " has " + std::to_string(n) +
                            " seats (needs 2.." + std::to_string(kGroupSeatsMax) + ")");
            }
            if (g.kind == GroupKind::companion && (n < 2 || n > kGroupSeatsMax)) {
                fail(p, "companion group " + quoted(g.name) + " has " + std::to_string(n) +
                            " seats (needs the anchor and 1.." +
                            std::to_string(kGroupSeatsMax - 1) + " companion seats)");
            }
        }
    }

    void resolve_anchor(GroupDraft& g, const Path& p, GroupId gi) {
        const auto anchor = find_seat(g.anchor_name);
        if (!anchor) fail(p.field("anchor"), "no seat " + quoted(g.anchor_name));
        if (seat_types_[*anchor] != SeatType::accessible) {
            fail(p.field("anchor"), "seat " + quoted(g.anchor_name) + " is of type " +
                                        to_string(seat_types_[*anchor]) +
                                        ", the anchor must be accessible");
        }
        const GroupId owner = seat_groups_[*anchor];
        if (owner != kNoGroup && owner != gi) {
            fail(p.field("anchor"), "seat " + quoted(g.anchor_name) + " belongs to group " +
                                        quoted(groups_[owner].name));
        }
        if (owner == kNoGroup) {
            // Seats join in id order, so this keeps the list ascending.
            g.seats.insert(std::lower_bound(g.seats.begin(), g.seats.end(), *anchor), *anchor);
            seat_groups_[*anchor] = gi;
        }
        for (SeatId s : g.seats) {
            if (s != *anchor && seat_types_[s] == SeatType::accessible) {
                fail(p, "companion group " + quoted(g.name) + " has a second accessible seat (" +
                            seat_name(s) + "); give each accessible seat its own group");
            }
        }
        g.anchor = *anchor;
    }

    std::optional<SeatId> find_seat(std::string_view name) const {
        const std::size_t a = name.find(kNameSeparator);
        const std::size_t b = a == std::string_view::npos ? a : name.find(kNameSeparator, a + 1);
        if (b == std::string_view::npos) return std::nullopt;
        const auto sec = section_ids_.find(name.substr(0, a));
        if (sec == section_ids_.end()) return std::nullopt;
        const std::string_view row = name.substr(a + 1, b - a - 1);
        const std::string_view seat = name.substr(b + 1);
        const SectionDraft& s = sections_[sec->second];
        for (std::uint32_t r = s.first_row; r < s.first_row + s.row_count; ++r) {
            if (rows_[r].label != row) continue;
            for (SeatId id = rows_[r].first_seat; id < rows_[r].first_seat + rows_[r].seat_count;
                 ++id) {
                if (seat_labels_[id] == seat) return id;
            }
        }
        return std::nullopt;
    }

    std::string seat_name(SeatId id) const {
        const auto row = std::prev(
            std::upper_bound(rows_.begin(), rows_.end(), id,
                             [](SeatId s, const RowDraft& r) { return s < r.first_seat; }));
        return quoted(std::string(row->section) + "/" + std::string(row->label) + "/" +
                      std::string(seat_labels_[id]));
    }

    std::unordered_map<std::string_view, TierId> tiers_;
    std::unordered_map<std::string_view, GroupId> group_ids_;
    std::vector<GroupDraft> groups_;
    std::unordered_map<std::string_view, std::size_t> section_ids_;
    std::vector<SectionDraft> sections_;
    std::vector<RowDraft> rows_;
    // Per seat, by id: what anchors and group checks need before the venue exists.
    std::vector<std::string_view> seat_labels_;
    std::vector<SeatType> seat_types_;
    std::vector<GroupId> seat_groups_;
};

std::string line_and_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const std::size_t line = 1 + std::count(before.begin(), before.end(), '\n');
    const std::size_t last_newline = before.rfind('\n');
    const std::size_t column =
        1 + (last_newline == std::string_view::npos ? offset : offset - last_newline - 1);
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::optional<json::value> parse_json(std::string_view text, std::string& error) {
    json::parse_options options;
    options.max_depth = kVenueJsonDepthMax;
    json::stream_parser parser({}, options);
    json::error_code ec;
    const std::size_t consumed = parser.write(text.data(), text.size(), ec);
    if (!ec) parser.finish(ec);
    if (ec) {
        error = "invalid JSON at " + line_and_column(text, consumed) + ": " + ec.message();
        return std::nullopt;
    }
    return parser.release();
}

// Writes the canonical file. Seats share a row's tier and type in most venues, so
// those are hoisted to the row when uniform: the file stays short and readable.
class Writer {
  public:
    explicit Writer(const Venue& v) : v_(v) {}

    std::string write() {
        constexpr std::size_t kBytesPerSeatEstimate = 64;
        out_.reserve(v_.seats.size() * kBytesPerSeatEstimate);
        out_ += "{\n  \"format\": ";
        str(kVenueFormat);
        out_ += ",\n  \"name\": ";
        str(v_.name);
        out_ += ",\n  \"price_tiers\": [";
        for (std::size_t t = 0; t < v_.tiers.size(); ++t) {
            out_ += t == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ";
            str(v_.tiers[t].name);
            out_ += ", \"amount_minor\": " + std::to_string(v_.tiers[t].amount_minor);
            out_ += ", \"currency\": ";
            str(v_.tiers[t].currency);
            out_ += "}";
        }
        out_ += "\n  ],\n  \"groups\": [";
        for (std::size_t g = 0; g < v_.groups.size(); ++g)
            write_group(g);
        out_ += v_.groups.empty() ? "],\n  \"sections\": [" : "\n  ],\n  \"sections\": [";
        for (std::size_t s = 0; s < v_.sections.size(); ++s)
            write_section(s);
        out_ += "\n  ]\n}\n";
        return std::move(out_);
    }

  private:
    void write_group(std::size_t g) {
        const Group& group = v_.groups[g];
        out_ += g == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ";
        str(group.name);
        out_ += ", \"kind\": ";
        str(to_string(group.kind));
        if (group.anchor != kNoSeat) {
            out_ += ", \"anchor\": ";
            str(v_.seat_name(group.anchor));
        }
        out_ += "}";
    }

    void write_section(std::size_t s) {
        const Section& sec = v_.sections[s];
        out_ += s == 0 ? "\n    {\n      \"name\": " : ",\n    {\n      \"name\": ";
        str(sec.name);
        out_ += ",\n      \"type\": ";
        str(to_string(sec.type));
        out_ += ",\n      \"rows\": [";
        for (std::uint32_t r = sec.first_row; r < sec.first_row + sec.row_count; ++r) {
            write_row(r, r == sec.first_row);
        }
        out_ += "\n      ]\n    }";
    }

    void write_row(std::uint32_t r, bool first) {
        const Row& row = v_.rows[r];
        const SeatInfo* seats = &v_.seats[row.first_seat];
        const bool same_tier = std::all_of(seats, seats + row.seat_count, [&](const SeatInfo& s) {
            return s.tier == seats[0].tier;
        });
        const bool same_type = std::all_of(seats, seats + row.seat_count, [&](const SeatInfo& s) {
            return s.type == seats[0].type;
        });
        out_ +=
            first ? "\n        {\n          \"label\": " : ",\n        {\n          \"label\": ";
        str(row.label);
        if (same_tier) {
            out_ += ",\n          \"tier\": ";
            str(v_.tiers[seats[0].tier].name);
        }
        if (same_type) {
            out_ += ",\n          \"seat_type\": ";
            str(to_string(seats[0].type));
        }
        out_ += ",\n          \"seats\": [";
        for (SeatId id = row.first_seat; id < row.first_seat + row.seat_count; ++id) {
            out_ += id == row.first_seat ? "\n            " : ",\n            ";
            write_seat(id, !same_type, !same_tier);
        }
        out_ += "\n          ]\n        }";
    }

    void write_seat(SeatId id, bool with_type, bool with_tier) {
        const SeatInfo& seat = v_.seats[id];
        out_ += "{\"label\": ";
        str(v_.seat_label(id));
        if (with_type) {
            out_ += ", \"type\": ";
            str(to_string(seat.type));
        }
        if (with_tier) {
            out_ += ", \"tier\": ";
            str(v_.tiers[seat.tier].name);
        }
        out_ += ", \"x\": ";
        coordinate(seat.x);
        out_ += ", \"y\": ";
        coordinate(seat.y);
        if (seat.aisle_before) out_ += ", \"aisle_before\": true";
        if (seat.initially_blocked) out_ += ", \"blocked\": true";
        if (seat.group != kNoGroup) {
            out_ += ", \"group\": ";
            str(v_.groups[seat.group].name);
        }
        out_ += "}";
    }

    // JSON string escaping; non-ASCII bytes pass through (venue text is UTF-8).
    void str(std::string_view s) {
        static constexpr char kHex[] = "0123456789abcdef";
        out_ += '"';
        for (const char c : s) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out_ += '\\';
                out_ += c;
            } else if (u < 0x20) {
                out_ += "\\u00";
                out_ += kHex[u >> 4];
                out_ += kHex[u & 0xF];
            } else {
                out_ += c;
            }
        }
        out_ += '"';
    }

    // The shortest text of the float, if the reader turns it back into the same float;
    // otherwise the exact double, which any reader rounds back to this float. -0 is
    // written as 0: the reader takes "-0" for the integer 0, so a file written with
    // it would be written differently once read back.
    void coordinate(float f) {
        if (f == 0) f = 0;
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, f);
        if (!reads_back(std::string_view(buf, r.ptr - buf), f)) {
            r = std::to_chars(buf, buf + sizeof buf, static_cast<double>(f));
        }
        out_.append(buf, r.ptr);
    }

    // Checked with the very parser parse_venue_json uses, whose rounding is the one
    // that matters; the parser is reused because this runs for every coordinate.
    bool reads_back(std::string_view text, float f) {
        json::error_code ec;
        number_parser_.reset();
        number_parser_.write(text.data(), text.size(), ec);
        if (ec) return false;
        const json::value v = number_parser_.release();
        return v.is_number() && static_cast<float>(v.to_number<double>()) == f;
    }

    const Venue& v_;
    std::string out_;
    json::parser number_parser_;
};

}  // namespace

std::optional<Venue> parse_venue_json(std::string_view text, std::string& error) {
    error.clear();
    if (text.size() > kVenueFileBytesMax) {
        error = "venue file is " + std::to_string(text.size()) + " bytes (limit " +
                std::to_string(kVenueFileBytesMax) + ")";
        return std::nullopt;
    }
    try {
        const auto root = parse_json(text, error);
        if (!root) return std::nullopt;
        return Reader().read(*root);
    } catch (const FormatError& e) {
        error = e.message;
    } catch (const std::exception& e) {
        error = std::string("venue file could not be read: ") + e.what();
    } catch (...) {
        error = "venue file could not be read: unknown error";
    }
    return std::nullopt;
}

std::string venue_to_json(const Venue& venue) {
    return Writer(venue).write();
}

}  // namespace seat
